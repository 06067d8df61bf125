/**
 * An import writes its records without a lock file each: its journal's folder is its one lock
 * against other processes (store/file-lock.ts). Both sides of that protocol: a save by another
 * program waits while an import of a live process is under way (and then sees what it wrote,
 * never overwriting it), and an import waits for a record lock taken before it began.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordStore } from '../../main/core/store/store';
import { BULK_LOCK_DIR, BULK_OWNER_FILE } from '../../main/core/store/file-lock';
import { practiceSchema, type HubRecord } from '../../main/core/model';
import { tempDir } from './helpers';

const origin = { kind: 'local' as const, installId: 't' };
const practice = (id: string, title = `Pratique ${id}`): HubRecord =>
  practiceSchema.parse({ id, type: 'practice', rev: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', lang: 'fr', origin, title, country: 'SN' });

const turns = async (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the import journal as the lock of a whole import', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let child: ChildProcess | undefined;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(async () => {
    child?.kill();
    child = undefined;
    await cleanup();
  });

  /** Another program's import under way: its journal folder, owned by a live process. */
  async function importOfAnotherProcess(pid: number): Promise<string> {
    const folder = path.join(dir, BULK_LOCK_DIR);
    await fs.mkdir(folder);
    await fs.writeFile(path.join(folder, BULK_OWNER_FILE), JSON.stringify({ pid, host: os.hostname(), startedAt: new Date().toISOString() }));
    return folder;
  }

  it('a save waits while another live process imports, then sees its record instead of overwriting it', async () => {
    const store = await RecordStore.open(dir);
    child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const folder = await importOfAnotherProcess(child.pid!);
    let settled = false;
    const attempt = store.save(practice('x', 'Créée ici'), 0).finally(() => (settled = true));
    await turns(200);
    expect(settled).toBe(false);
    // The import writes x (no record lock), then commits: its journal folder goes.
    const file = path.join(dir, 'records', 'practice', 'x.json');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify({ record: practice('x', 'Importée') }));
    await fs.rm(folder, { recursive: true });
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
    expect((await RecordStore.open(dir)).get('x')).toMatchObject({ title: 'Importée' });
  });

  it('a save does not wait for the journal of an import whose process died (it is rolled back at the next start)', async () => {
    const store = await RecordStore.open(dir);
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    await importOfAnotherProcess(dead.pid!);
    expect((await store.save(practice('y'), 0)).rev).toBe(1);
  });

  it('an import waits for a record lock taken before it began, and not for other records', async () => {
    const store = await RecordStore.open(dir);
    await fs.mkdir(path.join(dir, 'locks'), { recursive: true });
    const lock = path.join(dir, 'locks', 'p.lock');
    await fs.writeFile(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date().toISOString(), nonce: 'x' }));
    // Other records go through at once.
    await store.saveBatch([{ record: practice('q'), expectRev: 0 }], { journaled: true, parsed: true });
    expect(store.get('q')).toBeDefined();
    let settled = false;
    const batch = store.saveBatch([{ record: practice('p', 'Importée'), expectRev: 0 }], { journaled: true, parsed: true }).finally(() => (settled = true));
    await turns(200);
    expect(settled).toBe(false);
    expect(store.get('p')).toBeUndefined();
    await fs.rm(lock);
    await batch;
    expect(store.get('p')).toMatchObject({ title: 'Importée' });
    // It took no lock file of its own.
    expect(await fs.readdir(path.join(dir, 'locks'))).toEqual([]);
  });
});
