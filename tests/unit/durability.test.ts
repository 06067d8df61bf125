/**
 * Power-cut durability of removals: unlinking a file changes its folder, and only an fsync of
 * that folder makes the change reach the disk. Without it an acknowledged delete can come back
 * after a power cut, and a committed import's journal can reappear and be rolled back at the
 * next start. These tests record every removal and every folder fsync (a folder opened for
 * fsync) and check that each removal is followed by an fsync of the folder it changed.
 */
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { RecordStore } from '../../main/core/store/store';
import { buildBundle, planImport, applyImport, readBundle } from '../../main/core/bundles/index';
import { journalDir } from '../../main/core/bundles/journal';
import { practiceDraft, practiceRecord, tempDir } from './helpers';
import { call, openHub } from '../fixtures/bundles/helpers';

type Event = ['remove' | 'sync', string];

/**
 * Records removals (rm, unlink, rmdir) and folder fsyncs (syncDir opens a folder read-only) until
 * stopped; with `files`, the fsyncs of files too.
 */
function watchFs(opts: { files?: boolean } = {}): { events: Event[]; stop: () => void } {
  const events: Event[] = [];
  const spies = (['rm', 'unlink', 'rmdir'] as const).map((op) => {
    const original = fs[op].bind(fs) as (...a: unknown[]) => Promise<void>;
    return vi.spyOn(fs, op).mockImplementation(async (...args: unknown[]) => {
      const r = await original(...args);
      events.push(['remove', path.resolve(String(args[0]))]);
      return r;
    });
  });
  const open = fs.open.bind(fs);
  spies.push(
    vi.spyOn(fs, 'open').mockImplementation(async (...args: Parameters<typeof fs.open>) => {
      const handle = await open(...args);
      let isDir = false;
      try {
        isDir = statSync(String(args[0])).isDirectory();
      } catch {
        // not there
      }
      if (isDir || opts.files) {
        const sync = handle.sync.bind(handle);
        handle.sync = async () => {
          await sync();
          events.push(['sync', path.resolve(String(args[0]))]);
        };
      }
      return handle;
    }) as never,
  );
  return { events, stop: () => spies.forEach((s) => s.mockRestore()) };
}

/** Every removal in `events` is followed by an fsync of the folder that held it. */
function unsyncedRemovals(events: Event[]): string[] {
  return events
    .map(([op, p], i) => (op === 'remove' && !events.slice(i + 1).some(([o, d]) => o === 'sync' && d === path.dirname(p)) ? p : undefined))
    .filter((p): p is string => !!p);
}


describe('removals survive a power cut', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it('fsyncs the folder after a delete and after a restore', async () => {
    const store = await RecordStore.open(dir);
    await store.save(practiceRecord('a', { title: 'a' }), 0);
    const watch = watchFs();
    try {
      await store.delete(store.get('a')!);
      const afterDelete = [...watch.events];
      expect(afterDelete.some(([op, p]) => op === 'remove' && p.endsWith(path.join('practice', 'a.json')))).toBe(true);
      expect(unsyncedRemovals(afterDelete)).toEqual([]);
      watch.events.length = 0;
      await store.restore('a', { isLibrary: false });
      expect(watch.events.some(([op, p]) => op === 'remove' && p.endsWith(path.join('trash', 'a.json')))).toBe(true);
      expect(unsyncedRemovals(watch.events)).toEqual([]);
    } finally {
      watch.stop();
    }
  });

  it("fsyncs the data folder when an import's journal is committed", async () => {
    const { dir: other, cleanup: cleanOther } = await tempDir();
    const from = await openHub(other);
    const to = await openHub(dir);
    try {
      await call(from, 'create', { record: practiceDraft({ id: 'pratique-a' }) });
      const built = await buildBundle(from, { scope: { countries: [], workshops: [], types: [], themes: [], includeInternal: false }, publisher: { name: 'Lomé', organisation: '' }, sign: false });
      const plan = await planImport(to, await readBundle(built.bytes));
      const watch = watchFs();
      try {
        await applyImport(to, plan);
      } finally {
        watch.stop();
      }
      await expect(fs.stat(journalDir(dir))).rejects.toMatchObject({ code: 'ENOENT' });
      expect(watch.events.some(([op, p]) => op === 'remove' && p.startsWith(journalDir(dir)))).toBe(true);
      expect(unsyncedRemovals(watch.events)).toEqual([]);
    } finally {
      await from.close();
      await to.close();
      await cleanOther();
    }
  });
});

describe('an import without an fsync per record', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it('flushes every file it wrote, and their folders, before its journal goes (portable way)', async () => {
    const { dir: other, cleanup: cleanOther } = await tempDir();
    const from = await openHub(other);
    const to = await openHub(dir);
    vi.stubEnv('SOCLE_FLUSH', 'fsync');
    const { events, stop } = watchFs({ files: true });
    try {
      for (const id of ['pratique-a', 'pratique-b', 'pratique-c']) await call(from, 'create', { record: practiceDraft({ id }) });
      const built = await buildBundle(from, { scope: { countries: [], workshops: [], types: [], themes: [], includeInternal: false }, publisher: { name: 'Lomé', organisation: '' }, sign: false });
      const plan = await planImport(to, await readBundle(built.bytes));
      events.length = 0;
      await applyImport(to, plan);
      const journalGone = events.findIndex(([op, p]) => op === 'remove' && p === journalDir(dir));
      expect(journalGone).toBeGreaterThan(0);
      const synced = new Set(events.slice(0, journalGone).filter(([op]) => op === 'sync').map(([, p]) => p));
      const practices = path.join(dir, 'records', 'practice');
      for (const id of ['pratique-a', 'pratique-b', 'pratique-c']) expect(synced, id).toContain(path.join(practices, `${id}.json`));
      expect(synced).toContain(practices);
      expect(to.store.get('pratique-b')?.title).toBe(practiceDraft().title);
    } finally {
      stop();
      vi.unstubAllEnvs();
      await from.close();
      await to.close();
      await cleanOther();
    }
  });
});
