/**
 * A large import is indexed for search after it commits, in one background build (the cold
 * start's machinery), not record by record on the import's path (issue 13): `applyImport` returns
 * once the files are durable; meanwhile `indexStatus` and the change feed say "indexing n %", a
 * search waits for the index and then finds every imported record, and the edits made during the
 * build (an update, a deletion, a new record) are what search shows once it is done, and what the
 * index cache written after it holds. A small import is still indexed record by record.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BACKGROUND_INDEX_MIN, Hub } from '../../main/core/hub';
import { libraryDir } from '../../main/platform/paths';
import { buildUserIndexInThread, type UserIndexBuilder } from '../../main/core/search/build-user-index';
import { buildBundle } from '../../main/core/bundles/export';
import { applyImport, planImport, readBundle } from '../../main/core/bundles/import';
import { makeCorpus } from '../../bench/corpus';
import type { Change } from '../../main/core/changes';
import { hubsOn, practiceDraft, tempDir } from './helpers';

const N = BACKGROUND_INDEX_MIN + 100;
const records = makeCorpus(N, 11);
// Words no other record has: what searches must find.
records[42] = { ...records[42]!, title: `Zorbalinquette : ${records[42]!.title}` };
records[77] = { ...records[77]!, title: `Quimperlonde : ${records[77]!.title}` };
const scope = { countries: [], workshops: [], types: ['practice' as const], themes: [], includeInternal: false };

let bundle: Buffer;
let root: { dir: string; cleanup: () => Promise<void> };
let dir: string;
let cleanup: () => Promise<void>;
const hubs = hubsOn(() => dir);

beforeAll(async () => {
  root = await tempDir('socle-import-index-src-');
  const folder = path.join(root.dir, 'records', 'practice');
  await fs.mkdir(folder, { recursive: true });
  await Promise.all(records.map((r) => fs.writeFile(path.join(folder, `${r.id}.json`), JSON.stringify({ record: r }))));
  const source = await Hub.open({ dataDir: root.dir, libraryDir: libraryDir(), compactAfterMs: 0 });
  bundle = (await buildBundle(source, { scope, publisher: { name: 'Test', organisation: '' }, sign: false })).bytes;
  await source.close();
}, 60_000);

afterAll(async () => {
  await root.cleanup();
});

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('socle-import-index-'));
});

afterEach(async () => {
  await hubs.closeAll();
  await cleanup();
});


/** A builder that holds every build until `release()` (to look at the hub mid-build); counts builds. */
function heldBuilder() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const state = { builds: 0, started: [] as Promise<void>[] };
  let signalStarted: () => void = () => undefined;
  const nextStart = () => state.started.push(new Promise<void>((r) => (signalStarted = r)));
  nextStart();
  const builder: UserIndexBuilder = async (recs, onProgress, signal) => {
    state.builds++;
    onProgress(Math.floor(recs.length / 3), recs.length);
    const started = signalStarted;
    nextStart();
    started();
    await gate;
    return buildUserIndexInThread(recs, onProgress, signal);
  };
  return { builder, release, state };
}

async function importBundle(hub: Hub, bytes = bundle, opts: { backgroundIndex?: boolean } = {}) {
  const plan = await planImport(hub, await readBundle(bytes));
  return applyImport(hub, plan, opts);
}

const ids = async (hub: Hub, q: string) => (await hub.api.search({ q, limit: 10, offset: 0 })).hits.map((h) => h.id);
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('a large import is indexed in one background build after it commits', () => {
  it('returns before indexing; search waits for the build, then finds every imported record', async () => {
    const held = heldBuilder();
    const hub = await hubs.open(held.builder);
    expect(hub.indexReadiness.ready).toBe(true); // an empty data folder
    const since = hub.changeFeed.latest;
    const summary = await importBundle(hub);
    expect(summary.written.records).toBe(N);
    await held.state.started[0];
    // Committed and listable at once; search is building.
    expect(hub.store.count()).toBe(N);
    expect((await hub.api.list({ type: 'practice', limit: 1, offset: 0 })).total).toBeGreaterThanOrEqual(N);
    const status = await hub.api.indexStatus({});
    expect(status).toMatchObject({ ready: false, total: N });
    expect(status.percent).toBeGreaterThan(0);
    expect(status.percent).toBeLessThan(100);
    let answered = false;
    const pending = ids(hub, 'zorbalinquette').then((r) => ((answered = true), r));
    await settle();
    expect(answered).toBe(false);
    held.release();
    expect(await pending).toEqual([records[42]!.id]);
    expect(await ids(hub, 'quimperlonde')).toEqual([records[77]!.id]);
    expect(await hub.api.indexStatus({})).toEqual({ ready: true, percent: 100, done: N, total: N });
    expect(held.state.builds).toBe(1);
    // The change feed told every window: each imported record, and the build's steps to 100 %.
    const changes = hub.changeFeed.since(since).changes;
    expect(new Set(changes.filter((c: Change) => c.kind === 'record').map((c) => c.id)).size).toBe(N);
    const steps = changes.filter((c: Change) => c.kind === 'index').map((c) => c.percent);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(100);
  });

  it('keeps the edits made during the build, in search and in the cache the next start reads', async () => {
    const held = heldBuilder();
    const hub = await hubs.open(held.builder);
    await importBundle(hub);
    await held.state.started[0];
    const edited = await hub.api.update({ id: records[5]!.id, rev: records[5]!.rev, changes: { title: 'Kazoutrique pendant indexation' } });
    await hub.api.delete({ id: records[42]!.id });
    const created = await hub.api.create({ record: practiceDraft({ title: 'Vrombulette créée pendant indexation' }) } as Parameters<Hub['api']['create']>[0]);
    held.release();
    expect(await ids(hub, 'kazoutrique')).toEqual([edited.id]);
    expect(await ids(hub, 'zorbalinquette')).toEqual([]);
    expect(await ids(hub, 'vrombulette')).toEqual([created.id]);
    expect(await ids(hub, 'quimperlonde')).toEqual([records[77]!.id]);
    await hub.close();
    hubs.forget();
    // Warm: the cache written after the build holds the import and the edits.
    const again = await hubs.open(held.builder);
    expect(again.indexReadiness.ready).toBe(true);
    expect(held.state.builds).toBe(1);
    expect(await ids(again, 'kazoutrique')).toEqual([edited.id]);
    expect(await ids(again, 'zorbalinquette')).toEqual([]);
    expect(await ids(again, 'vrombulette')).toEqual([created.id]);
    expect(await ids(again, 'quimperlonde')).toEqual([records[77]!.id]);
  });

  it('a second import during the build supersedes it: waiting searches answer over both', async () => {
    const held = heldBuilder();
    const hub = await hubs.open(held.builder);
    await importBundle(hub);
    await held.state.started[0];
    const pending = ids(hub, 'zorbalinquette');
    // Another bundle (other ids) while the first build is held.
    const other = await tempDir('socle-import-index-other-');
    try {
      const folder = path.join(other.dir, 'records', 'practice');
      await fs.mkdir(folder, { recursive: true });
      const more = makeCorpus(N, 12).map((r, i) => ({ ...r, id: `autre-${i}`, ...(i === 3 ? { title: `Plombastrelle : ${r.title}` } : {}) }));
      await Promise.all(more.map((r) => fs.writeFile(path.join(folder, `${r.id}.json`), JSON.stringify({ record: r }))));
      const source = await Hub.open({ dataDir: other.dir, libraryDir: libraryDir(), compactAfterMs: 0 });
      const bytes = (await buildBundle(source, { scope, publisher: { name: 'Autre', organisation: '' }, sign: false })).bytes;
      await source.close();
      await importBundle(hub, bytes);
    } finally {
      await other.cleanup();
    }
    await held.state.started[1];
    expect(held.state.builds).toBe(2);
    expect((await hub.api.indexStatus({})).total).toBe(2 * N);
    held.release();
    expect(await pending).toEqual([records[42]!.id]);
    expect(await ids(hub, 'plombastrelle')).toEqual(['autre-3']);
    expect(await hub.api.indexStatus({})).toEqual({ ready: true, percent: 100, done: 2 * N, total: 2 * N });
  });

  it('a small import is indexed record by record: search is ready when the import returns', async () => {
    const held = heldBuilder();
    const hub = await hubs.open(held.builder);
    await importBundle(hub, bundle, { backgroundIndex: false });
    expect(hub.indexReadiness.ready).toBe(true);
    expect(held.state.builds).toBe(0);
    expect(await ids(hub, 'zorbalinquette')).toEqual([records[42]!.id]);
  });
});
