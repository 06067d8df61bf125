/**
 * Two processes on one data folder (the desktop app and the CLI, two servers): a save's revision
 * check and its write must be one step across processes, so that two edits made from the same
 * revision never both get acknowledged while one of them vanishes.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { RecordStore } from '../../main/core/store/store';
import { practiceRecord, tempDir } from './helpers';

const ROUNDS = 200;


/** A child process holding its own RecordStore; on each "go <rev>" line it saves from that revision and answers ok/conflict. */
function editor(dir: string, name: string): { child: ChildProcessByStdio<Writable, Readable, null>; next: () => Promise<string> } {
  const script = `
    import { RecordStore } from ${JSON.stringify(path.resolve('main/core/store/store.ts'))};
    import { createInterface } from 'node:readline';
    const store = await RecordStore.open(${JSON.stringify(dir)});
    process.stdout.write('ready\\n');
    for await (const line of createInterface({ input: process.stdin })) {
      const rev = Number(line.split(' ')[1]);
      const current = store.get('p');
      try {
        await store.save({ ...current, rev, title: ${JSON.stringify(name)} + ' ' + rev }, rev);
        process.stdout.write('ok\\n');
      } catch (e) {
        process.stdout.write((e.code ?? 'error ' + e.message) + '\\n');
      }
    }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiters: ((l: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (l) => {
    const w = waiters.shift();
    if (w) w(l);
    else lines.push(l);
  });
  const next = () => (lines.length ? Promise.resolve(lines.shift()!) : new Promise<string>((resolve) => waiters.push(resolve)));
  return { child, next };
}

describe('two processes on one data folder', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it(`never acknowledges two edits from the same revision (${ROUNDS} races)`, { timeout: 120_000 }, async () => {
    const store = await RecordStore.open(dir);
    await store.save(practiceRecord('p', { title: 'Départ' }), 0);
    const a = editor(dir, 'A');
    const b = editor(dir, 'B');
    try {
      expect(await a.next()).toBe('ready');
      expect(await b.next()).toBe('ready');
      const acknowledged: string[] = [];
      let rev = 1;
      for (let round = 0; round < ROUNDS; round++) {
        // Both start from the same revision at the same moment.
        a.child.stdin.write(`go ${rev}\n`);
        b.child.stdin.write(`go ${rev}\n`);
        const answers = [await a.next(), await b.next()];
        expect(answers.every((x) => x === 'ok' || x === 'conflict'), answers.join(',')).toBe(true);
        // Exactly one wins; the other is told its edit started from a stale revision.
        expect(answers.filter((x) => x === 'ok'), `round ${round}: ${answers.join(',')}`).toHaveLength(1);
        acknowledged.push(`${answers[0] === 'ok' ? 'A' : 'B'} ${rev}`);
        rev++;
      }
      // Every acknowledged edit is either the current record or in its history.
      const reopened = await RecordStore.open(dir);
      expect(reopened.get('p')?.rev).toBe(rev);
      const seen = new Set([reopened.get('p')!, ...(await reopened.history('p'))].map((r) => (r as { title: string }).title));
      for (const title of acknowledged.slice(-19)) expect(seen.has(title), title).toBe(true);
    } finally {
      a.child.kill();
      b.child.kill();
    }
  });

  it('takes over the lock of a process that died holding it', async () => {
    const store = await RecordStore.open(dir);
    await store.save(practiceRecord('p', { title: 'Départ' }), 0);
    // A writer that was killed while holding the record's lock (its pid is now free).
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    await fs.mkdir(path.join(dir, 'locks'), { recursive: true });
    await fs.writeFile(path.join(dir, 'locks', 'p.lock'), JSON.stringify({ pid: dead.pid, host: (await import('node:os')).hostname(), at: new Date().toISOString() }));
    const saved = await store.save({ ...store.get('p')!, title: 'Après la panne' }, 1);
    expect(saved.rev).toBe(2);
    expect(await fs.readdir(path.join(dir, 'locks'))).toEqual([]);
  });

  it('waits for a live holder, then refuses the stale revision as a conflict', async () => {
    const store = await RecordStore.open(dir);
    await store.save(practiceRecord('p', { title: 'Départ' }), 0);
    await fs.mkdir(path.join(dir, 'locks'), { recursive: true });
    const lock = path.join(dir, 'locks', 'p.lock');
    // This very process holds it (alive): the save must wait until it is released.
    await fs.writeFile(lock, JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), at: new Date().toISOString(), nonce: 'x' }));
    let settled = false;
    const attempt = store.save({ ...store.get('p')!, title: 'Attend' }, 1).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 150));
    expect(settled).toBe(false);
    // Meanwhile the holder saves revision 2 (as another process does under its lock), then releases it.
    const file = path.join(dir, 'records', 'practice', 'p.json');
    const shard = JSON.parse(await fs.readFile(file, 'utf8'));
    await fs.writeFile(file, JSON.stringify({ record: { ...shard.record, rev: 2, title: 'Premier' } }));
    await fs.rm(lock);
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
    expect((await RecordStore.open(dir)).get('p')).toMatchObject({ rev: 2, title: 'Premier' });
  });
});
