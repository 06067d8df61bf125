/**
 * The cold start (no index cache: first start, after an import, after an index version bump):
 * Hub.open returns with the records listable while the user index builds in the background;
 * `indexStatus` and the change feed report 0..100; a search asked meanwhile waits and then sees
 * every record; the worker-thread builder gives the same results as the main-thread one and falls
 * back to it when its worker cannot run; edits made during the build are not lost.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Hub } from '../../main/core/hub';
import { libraryDir } from '../../main/platform/paths';
import { workerIndexBuilder } from '../../main/platform/index-builder';
import { buildUserIndexInThread, docsOf, type UserIndexBuilder } from '../../main/core/search/build-user-index';
import type { SegmentIndex } from '../../main/core/search/segment';
import { makeCorpus } from '../../bench/corpus';
import type { Change } from '../../main/core/changes';
import { cli, hubsOn, tempDir } from './helpers';
import { encodeUserIndex, encodeUserIndexInSteps, readUserIndexSync, userIndexFile } from '../../main/core/search/user-index';

const N = 900; // more than two build chunks
const records = makeCorpus(N, 7);
// One record with a word no other has: the one a search must find.
records[123] = { ...records[123]!, title: `Zorbalinquette : ${records[123]!.title}` };

let dir: string;
let cleanup: () => Promise<void>;
const hubs = hubsOn(() => dir);

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('socle-cold-'));
  const folder = path.join(dir, 'records', 'practice');
  await fs.mkdir(folder, { recursive: true });
  await Promise.all(records.map((r) => fs.writeFile(path.join(folder, `${r.id}.json`), JSON.stringify({ record: r }))));
});

afterEach(async () => {
  await hubs.closeAll();
  await cleanup();
});


/** A builder that waits for `release()` before building (to look at the hub mid-build). */
function heldBuilder(): { builder: UserIndexBuilder; release: () => void; started: Promise<void> } {
  let release!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const startedP = new Promise<void>((r) => (started = r));
  const builder: UserIndexBuilder = async (recs, onProgress, signal) => {
    onProgress(Math.floor(recs.length / 4), recs.length);
    started();
    await gate;
    return buildUserIndexInThread(recs, onProgress, signal);
  };
  return { builder, release, started: startedP };
}

const target = records[123]!;
const query = () => ({ q: 'zorbalinquette', limit: 5, offset: 0 });

describe('cold start', () => {
  it('returns with records listable, reports 0..100 on the change feed, then search finds every record', async () => {
    const hub = await hubs.open();
    // Listable at once, whatever the index is doing.
    expect((await hub.api.list({ type: 'practice', limit: 1, offset: 0 })).total).toBeGreaterThanOrEqual(N);
    await hub.indexReadiness.whenReady();
    const steps = hub.changeFeed.since(0).changes.filter((c: Change) => c.kind === 'index').map((c) => c.percent!);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(100);
    expect(steps.length).toBeGreaterThan(2);
    for (let i = 1; i < steps.length; i++) expect(steps[i]!).toBeGreaterThan(steps[i - 1]!);
    expect(await hub.api.indexStatus({})).toEqual({ ready: true, percent: 100, done: N, total: N });
    const res = await hub.api.search(query());
    expect(res.hits[0]?.id).toBe(target.id);
  });

  it('a search asked during indexing waits for the index, then answers over every record', async () => {
    const held = heldBuilder();
    const hub = await hubs.open(held.builder);
    await held.started;
    const status = await hub.api.indexStatus({});
    expect(status.ready).toBe(false);
    expect(status.percent).toBeGreaterThanOrEqual(25);
    expect(status.percent).toBeLessThan(100);
    let answered = false;
    const pending = hub.api.search(query()).then((r) => ((answered = true), r));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    held.release();
    const res = await pending;
    expect(res.hits[0]?.id).toBe(target.id);
    expect(res.total).toBeGreaterThan(0);
  });

  it('keeps the edits made while the index builds, and writes a cache the next start uses', async () => {
    const held = heldBuilder();
    const hub = await hubs.open(held.builder);
    await held.started;
    const edited = await hub.api.update({ id: records[5]!.id, rev: records[5]!.rev, changes: { title: 'Kazoutrique pendant indexation' } });
    await hub.api.delete({ id: target.id });
    held.release();
    expect((await hub.api.search({ q: 'kazoutrique', limit: 5, offset: 0 })).hits.map((h) => h.id)).toEqual([edited.id]);
    expect((await hub.api.search(query())).hits.map((h) => h.id)).not.toContain(target.id);
    await hub.close();
    hubs.forget();
    // Warm: ready at once, same answers.
    const again = await hubs.open(held.builder);
    expect(again.indexReadiness.ready).toBe(true);
    expect((await again.api.search({ q: 'kazoutrique', limit: 5, offset: 0 })).hits.map((h) => h.id)).toEqual([edited.id]);
  });

  it('encoding the cache in steps gives the same bytes as in one go', async () => {
    const hub = await hubs.open();
    await hub.api.search(query());
    const { segments, docs } = hub.engine.exportUserMeta();
    const revs = new Map([['a', 'x'], ['b', 'y']]);
    let turns = 0;
    const stepped = await encodeUserIndexInSteps(segments, docs, revs, null, async () => void turns++);
    expect(turns).toBeGreaterThanOrEqual(2); // one per language at least, then the rows
    expect(Buffer.from(stepped).equals(Buffer.from(encodeUserIndex(segments, docs, revs, null)))).toBe(true);
  });

  it('a hub closed mid-build writes no partial cache: the next start builds again, completely', async () => {
    const held = heldBuilder();
    const hub = await hubs.open(held.builder);
    await held.started;
    await hub.close();
    hubs.forget();
    await expect(fs.stat(userIndexFile(dir))).rejects.toThrow();
    const again = await hubs.open();
    expect(again.indexReadiness.ready).toBe(false);
    expect((await again.api.search(query())).hits[0]?.id).toBe(target.id);
  });

  it('the worker-thread builder gives the same results as the main-thread one', async () => {
    const fallbacks: string[] = [];
    const inThread = await hubs.open();
    const expected = await inThread.api.search({ q: 'protection sociale', limit: 50, offset: 0 });
    await inThread.close();
    hubs.forget();
    await fs.rm(userIndexFile(dir));
    const hub = await hubs.open(workerIndexBuilder({ threads: 2, onFallback: (r) => fallbacks.push(r) }));
    const got = await hub.api.search({ q: 'protection sociale', limit: 50, offset: 0 });
    expect(fallbacks).toEqual([]);
    expect(got.total).toBe(expected.total);
    expect(got.hits.map((h) => [h.id, h.score.toFixed(6)])).toEqual(expected.hits.map((h) => [h.id, h.score.toFixed(6)]));
    expect(got.facets).toEqual(expected.facets);
  });

  it('two workers hand back one segment per language, merged off the main thread: the segments one build over all records gives', async () => {
    const recs = [...records].sort((a, b) => (a.id < b.id ? -1 : 1));
    const fallbacks: string[] = [];
    const fromWorkers = await workerIndexBuilder({ threads: 2, onFallback: (r) => fallbacks.push(r) })(recs, () => undefined);
    const inThread = await buildUserIndexInThread(recs, () => undefined);
    expect(fallbacks).toEqual([]);
    const shape = (b: typeof inThread) =>
      b.segments.map((s) => {
        const t = (s.index as SegmentIndex).toTransfer();
        return { lang: s.lang, refs: s.refs, terms: t.terms, ids: t.ids, formLines: t.formLines, arrays: [t.fieldLen, t.offsets, t.postDoc, t.postField, t.postTf].map((a) => [...a]) };
      });
    expect(fromWorkers.segments.map((s) => s.lang)).toEqual(inThread.segments.map((s) => s.lang));
    expect(shape(fromWorkers)).toEqual(shape(inThread));
    // The documents' metadata came as bytes, decoded in steps: the same documents.
    let pauses = 0;
    const docs = await docsOf(fromWorkers, async () => void pauses++);
    expect(pauses).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(docs))).toEqual(JSON.parse(JSON.stringify(inThread.docs)));
  });

  it('saving the index mid-build (as `socle search` does after a hub answer) writes the whole index once built, never a part', async () => {
    const held = heldBuilder();
    const hub = await hubs.open(held.builder);
    await held.started;
    const saving = hub.persistSearchIndex();
    // Nothing of the records is in the engine yet: no cache may be written now.
    await new Promise((r) => setTimeout(r, 50));
    await expect(fs.stat(userIndexFile(dir))).rejects.toThrow();
    held.release();
    await saving;
    const cache = readUserIndexSync(dir);
    expect(cache?.revs().size).toBe(N);
  });

  it('falls back to the main thread when the worker cannot run, and still reports progress', async () => {
    const bad = path.join(dir, 'broken-worker.mjs');
    await fs.writeFile(bad, "throw new Error('no worker here');\n");
    const fallbacks: string[] = [];
    const hub = await hubs.open(workerIndexBuilder({ entry: bad, onFallback: (r) => fallbacks.push(r) }));
    const res = await hub.api.search(query());
    expect(fallbacks.length).toBe(1);
    expect(fallbacks[0]).toMatch(/no worker here/);
    expect(res.hits[0]?.id).toBe(target.id);
    const steps = hub.changeFeed.since(0).changes.filter((c) => c.kind === 'index').map((c) => c.percent);
    expect(steps.at(-1)).toBe(100);
    expect(hub.store.problems).toEqual([]);
  });

  it('a new, empty data folder is search-ready at once (no indexing state to show)', async () => {
    const empty = await tempDir('socle-cold-empty-');
    try {
      const hub = await Hub.open({ dataDir: empty.dir, libraryDir: libraryDir(), compactAfterMs: 0, indexBuilder: workerIndexBuilder() });
      try {
        expect(await hub.api.indexStatus({})).toMatchObject({ ready: true, percent: 100 });
        expect(hub.changeFeed.since(0).changes.filter((c) => c.kind === 'index')).toEqual([]);
        expect((await hub.api.search({ q: 'retraite', limit: 1, offset: 0 })).total).toBeGreaterThan(0);
      } finally {
        await hub.close();
      }
    } finally {
      await empty.cleanup();
    }
  });

  it('`socle search` on a cold data folder says on stderr that it is indexing, then answers', async () => {
    const run = await cli(['search', '--data', dir, '--limit', '1', 'zorbalinquette']);
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/building the search index \(900 records/);
    expect(run.err).toMatch(/search index ready/);
    expect(run.out).toContain(target.id);
    // Warm the second time: nothing on stderr.
    const warm = await cli(['search', '--data', dir, '--limit', '1', 'zorbalinquette']);
    expect(warm.err).toBe('');
  });
});
