import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { RecordStore, HISTORY_LIMIT } from '../../main/core/store/store';
import { HubFailure } from '../../main/core/result';
import { type HubRecord } from '../../main/core/model';
import { practiceRecord, tempDir } from './helpers';


describe('RecordStore', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it('creates, updates with the current revision, and writes one small file per record', async () => {
    const store = await RecordStore.open(dir);
    const a = await store.save(practiceRecord('a'), 0);
    expect(a.rev).toBe(1);
    await store.save(practiceRecord('b'), 0);
    const a2 = await store.save({ ...a, title: 'Nouveau titre' }, 1);
    expect(a2.rev).toBe(2);
    expect(a2.createdAt).toBe(a.createdAt);
    const files = await fs.readdir(path.join(dir, 'records', 'practice'));
    expect(files.sort()).toEqual(['a.json', 'b.json']);
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, 'records', 'practice', 'a.json'), 'utf8'));
    expect(onDisk.record.title).toBe('Nouveau titre');
    // Reopening sees the same data.
    const again = await RecordStore.open(dir);
    expect(again.get('a')?.rev).toBe(2);
    expect(again.count()).toBe(2);
  });

  it('refuses a save from a stale revision as a conflict and keeps the newer version', async () => {
    const store = await RecordStore.open(dir);
    const a = await store.save(practiceRecord('a'), 0);
    await store.save({ ...a, title: 'Version de Dakar' }, 1);
    const attempt = store.save({ ...a, title: 'Version de Lomé' }, 1);
    await expect(attempt).rejects.toBeInstanceOf(HubFailure);
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
    const err = (await attempt.catch((e) => e)) as HubFailure;
    expect((err.extra.details as { current: HubRecord }).current.title).toBe('Version de Dakar');
    expect(store.get('a')?.title).toBe('Version de Dakar');
  });

  it('detects a conflict with a save made by another process on the same data directory', async () => {
    const app = await RecordStore.open(dir);
    const cli = await RecordStore.open(dir);
    const a = await app.save(practiceRecord('a'), 0);
    await cli.save({ ...a, title: 'Saved from the CLI' }, 1);
    // The app still holds revision 1 in memory; its save must not overwrite the CLI's.
    await expect(app.save({ ...a, title: 'Saved from the app' }, 1)).rejects.toMatchObject({ code: 'conflict' });
    expect((await RecordStore.open(dir)).get('a')?.title).toBe('Saved from the CLI');
  });

  it(`keeps the last ${HISTORY_LIMIT} revisions, newest first`, async () => {
    const store = await RecordStore.open(dir);
    let r = await store.save(practiceRecord('a'), 0);
    for (let i = 2; i <= 25; i++) r = await store.save({ ...r, title: `Titre ${i}` }, r.rev);
    expect(r.rev).toBe(25);
    const history = await store.history('a');
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history[0]!.rev).toBe(24);
    expect(history.at(-1)!.rev).toBe(5);
    expect(history[0]!.title).toBe('Titre 24');
  });

  it('moves deleted records to a trash they can be restored from', async () => {
    const store = await RecordStore.open(dir);
    const a = await store.save(practiceRecord('a'), 0);
    await store.delete(a, 1);
    expect(store.get('a')).toBeUndefined();
    expect(store.listTrash().map((e) => e.record.id)).toEqual(['a']);
    // The trash survives a restart.
    const reopened = await RecordStore.open(dir);
    expect(reopened.inTrash('a')).toBe(true);
    const back = await reopened.restore('a', { isLibrary: false });
    expect(back.title).toBe('Pratique a');
    expect(reopened.get('a')?.rev).toBe(1);
    expect(reopened.listTrash()).toEqual([]);
  });

  it('refuses to delete from a stale revision', async () => {
    const store = await RecordStore.open(dir);
    const a = await store.save(practiceRecord('a'), 0);
    await store.save({ ...a, title: 'changed' }, 1);
    await expect(store.delete(a, 1)).rejects.toMatchObject({ code: 'conflict' });
    expect(store.get('a')?.title).toBe('changed');
  });

  it('sets a corrupt or hand-edited shard aside, names it, and still loads the rest', async () => {
    const store = await RecordStore.open(dir);
    await store.save(practiceRecord('good'), 0);
    const bad = path.join(dir, 'records', 'practice', 'bad.json');
    const invalid = path.join(dir, 'records', 'practice', 'invalid.json');
    await fs.writeFile(bad, '{"record": {"id": "bad", "title": "trunc');
    await fs.writeFile(invalid, JSON.stringify({ record: { ...practiceRecord('invalid'), country: 'Senegal' } }));

    const reopened = await RecordStore.open(dir);
    expect(reopened.get('good')).toBeDefined();
    expect(reopened.get('bad')).toBeUndefined();
    expect(reopened.problems).toHaveLength(2);
    const byFile = Object.fromEntries(reopened.problems.map((p) => [path.basename(p.file), p]));
    expect(byFile['bad.json']!.message).toMatch(/bad\.json.*not valid JSON/);
    expect(byFile['invalid.json']!.message).toMatch(/country/);
    // The bad bytes are kept, untouched, in quarantine/, and the shard's place is free again.
    const kept = await fs.readFile(byFile['bad.json']!.movedTo!, 'utf8');
    expect(kept).toBe('{"record": {"id": "bad", "title": "trunc');
    await expect(fs.access(bad)).rejects.toThrow();
  });

  it('re-validates only files whose bytes it has not validated before (the trust manifest)', async () => {
    const store = await RecordStore.open(dir);
    await store.save(practiceRecord('a'), 0);
    await store.save(practiceRecord('b'), 0);
    await store.delete(store.get('b')!, 1);
    await store.close();
    const again = await RecordStore.open(dir);
    expect(again.loadStats).toEqual({ files: 2, trusted: 2, validated: 0 });
    expect(again.get('a')).toEqual(store.get('a'));
    expect(again.inTrash('b')).toBe(true);
    // The manifest is only a cache: unreadable, or made for another schema, it is ignored.
    const manifest = path.join(dir, 'index', 'store-manifest.json');
    const saved = await fs.readFile(manifest, 'utf8');
    await fs.writeFile(manifest, saved.replace(/"schema":"[^"]*"/, '"schema":"another"'));
    expect((await RecordStore.open(dir)).loadStats).toEqual({ files: 2, trusted: 0, validated: 2 });
    await fs.writeFile(manifest, '{"format": "socle-store-manifest/1", "sch');
    expect((await RecordStore.open(dir)).loadStats).toEqual({ files: 2, trusted: 0, validated: 2 });
    // ...and written again at that open, so the next one trusts the files again.
    expect((await RecordStore.open(dir)).loadStats).toEqual({ files: 2, trusted: 2, validated: 0 });
  });

  it('catches a shard edited behind its back with the same size and modification time', async () => {
    // The hard case for a size + mtime check: the manifest compares the bytes (a hash) instead.
    const store = await RecordStore.open(dir);
    await store.save(practiceRecord('good'), 0);
    await store.save(practiceRecord('edited'), 0);
    await store.save(practiceRecord('bad'), 0);
    // (whole seconds, so that utimes can put back exactly the same mtime below)
    const stamp = new Date('2026-01-02T03:04:05Z');
    for (const id of ['good', 'edited', 'bad']) await fs.utimes(path.join(dir, 'records', 'practice', `${id}.json`), stamp, stamp);
    await store.close();
    const rewrite = async (id: string, from: string, to: string) => {
      const file = path.join(dir, 'records', 'practice', `${id}.json`);
      const before = await fs.stat(file);
      const text = await fs.readFile(file, 'utf8');
      expect(text).toContain(from);
      await fs.writeFile(file, text.replace(from, to));
      await fs.utimes(file, stamp, stamp);
      const after = await fs.stat(file);
      expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
      return file;
    };
    const bad = await rewrite('bad', '"country": "SN"', '"country": "sn"'); // invalid: not an ISO code
    await rewrite('edited', '"title": "Pratique edited"', '"title": "Pratique EDITED"'); // valid

    const reopened = await RecordStore.open(dir);
    expect(reopened.loadStats).toEqual({ files: 3, trusted: 1, validated: 2 });
    expect(reopened.get('good')).toBeDefined();
    expect(reopened.get('edited')?.title).toBe('Pratique EDITED');
    expect(reopened.get('bad')).toBeUndefined();
    expect(reopened.problems).toHaveLength(1);
    expect(reopened.problems[0]!.file).toBe(bad);
    expect(reopened.problems[0]!.message).toMatch(/country/);
    expect(await fs.readFile(reopened.problems[0]!.movedTo!, 'utf8')).toContain('"country": "sn"');
    await expect(fs.access(bad)).rejects.toThrow();
  });

  it('never trusts a file that validation changes (defaults filled in), so skipping it cannot lose them', async () => {
    const now = new Date().toISOString();
    const minimal = { id: 'min', type: 'practice', rev: 1, createdAt: now, updatedAt: now, lang: 'fr', origin: { kind: 'local', installId: 't' }, title: 'Minimal', country: 'SN' };
    await fs.mkdir(path.join(dir, 'records', 'practice'), { recursive: true });
    await fs.writeFile(path.join(dir, 'records', 'practice', 'min.json'), JSON.stringify({ record: minimal }));
    for (let i = 0; i < 2; i++) {
      const store = await RecordStore.open(dir);
      expect(store.loadStats).toEqual({ files: 1, trusted: 0, validated: 1 });
      expect(store.get('min')).toMatchObject({ summary: '', sources: [], status: 'draft' });
      await store.close();
    }
    // Once saved by the store (the complete record), it is trusted.
    const store = await RecordStore.open(dir);
    await store.save({ ...store.get('min')!, title: 'Complet' }, 1);
    await store.close();
    expect((await RecordStore.open(dir)).loadStats).toEqual({ files: 1, trusted: 1, validated: 0 });
  });

  it('changes the fingerprint of a record whenever its file changes, even at the same revision', async () => {
    const store = await RecordStore.open(dir);
    await store.save(practiceRecord('a'), 0);
    const first = store.fingerprint('a');
    const file = path.join(dir, 'records', 'practice', 'a.json');
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('"Pratique a"', '"Pratique A"'));
    const reopened = await RecordStore.open(dir);
    expect(reopened.get('a')?.rev).toBe(1);
    expect(reopened.fingerprint('a')).not.toBe(first);
    expect(store.fingerprint('missing')).toBeUndefined();
  });

  it('never leaves a half-written shard when the process is killed mid-write', async () => {
    // A child process saves large records in a tight loop; we SIGKILL it while it writes.
    const script = `
      import { RecordStore } from ${JSON.stringify(path.resolve('main/core/store/store.ts'))};
      const store = await RecordStore.open(${JSON.stringify(dir)});
      const now = new Date().toISOString();
      let rev = 0;
      process.stdout.write('ready\\n');
      for (;;) {
        const r = { id: 'big', type: 'note', rev: rev || 1, createdAt: now, updatedAt: now, lang: 'fr',
          origin: { kind: 'local', installId: 't' }, title: 't', body: 'x'.repeat(150000) + rev, tags: [], sensitivity: 'shareable' };
        rev = (await store.save(r, rev)).rev;
      }`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 400)); // let it write for a while: the kill lands at an arbitrary point
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const store = await RecordStore.open(dir);
    expect(store.problems).toEqual([]);
    const big = store.get('big');
    expect(big?.type).toBe('note');
    expect(big!.rev).toBeGreaterThan(1); // the kill interrupted a sequence of real saves
    expect(big && 'body' in big && big.body.startsWith('x'.repeat(1000))).toBe(true);
    // Leftover temporary files (from the interrupted write) are not mistaken for records, and
    // opening the store removed them: the writer that made them is dead.
    const names = await fs.readdir(path.join(dir, 'records', 'note'));
    expect(names).toEqual(['big.json']);
    expect((await fs.readdir(path.join(dir, 'history'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('removes the temporary files of dead writers when it opens, and only those', async () => {
    const store = await RecordStore.open(dir);
    await store.save(practiceRecord('a'), 0);
    await store.save({ ...store.get('a')!, title: 'v2' }, 1);
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const practiceDir = path.join(dir, 'records', 'practice');
      const stale = [
        path.join(practiceDir, `.a.json.${dead.pid}.1.tmp`),
        path.join(dir, 'history', `.a.json.${dead.pid}.7.tmp`),
        path.join(dir, 'index', `.store-manifest.json.${dead.pid}.2.tmp`),
      ];
      const live = path.join(practiceDir, `.a.json.${alive.pid}.3.tmp`);
      await fs.mkdir(path.join(dir, 'index'), { recursive: true });
      for (const f of [...stale, live]) await fs.writeFile(f, '{"half": ');
      const reopened = await RecordStore.open(dir);
      expect(reopened.get('a')?.rev).toBe(2);
      for (const f of stale) await expect(fs.stat(f), f).rejects.toMatchObject({ code: 'ENOENT' });
      // A writer still running (another process on this folder) keeps its temporary file.
      expect((await fs.stat(live)).isFile()).toBe(true);
      expect(reopened.problems).toEqual([]);
    } finally {
      alive.kill();
    }
  });
});
