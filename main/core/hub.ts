/**
 * The hub: the core's implementation of the contract (HubMethods) over the record store, the
 * bundled library and the search engine. Knows nothing of Electron, HTTP or the terminal: the
 * adapters (main/app, main/server, main/cli) call it through ./dispatch.ts.
 *
 * Layers: bundled library records (read-only files) < the user's store (shadows a bundled record
 * with the same id once edited) ; the trash hides either.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  EDITABLE_TYPES,
  RECORD_TYPES,
  draftSchemas,
  recordSchema,
  type Guide,
  type HubRecord,
  type Lang,
  type RecordType,
  type Instrument,
  INSTRUMENTS,
} from './model';
import type { HubMethods, MethodArgs, MethodOutputs, RecordSummary, Shelf } from './contract';
import { CORE_METHODS } from './contract-methods';
import { bundleHandlers } from './bundles/api';
import { recoverInterruptedImport } from './bundles/journal';
import { workshopHandlers } from './workshops/api';
import { browseHandlers } from './browse/api';
import { clinicHandlers } from './clinics/api';
import { syncHandlers } from './sync/api';
import { HubFailure, invalidFromZod } from './result';
import { RecordStore } from './store/store';
import { loadLibrary, readLibraryFiles, type Library, type LibraryProblem } from './library/load';
import { SearchEngine } from './search/engine';
import { searchDocOf, toSearchDocs } from './search/docs';
import { recordIdOf } from './search/versions';
import type { SearchDoc } from './search/types';
import { currentPrebuilt, prebuiltSegments, type PrebuiltLibrary } from './search/prebuilt';
import { LEGACY_USER_INDEX_FILE, STAMP_RACY_MS, dataStamp, encodeUserIndexInSteps, readUserIndex, sameStamp, stampFresh, userIndexFile, type DataStamp, type UserIndex } from './search/user-index';
import type { WarmIndex } from './search/warm-start';
import { internalLinks } from './markdown';
import { writeFileAtomic } from './store/atomic-file';
import { DataDirWatcher, type WatchBatch } from './store/watch';
import { ChangeFeed } from './changes';
import { IndexReadiness } from './index-readiness';
import { yieldFullTurn } from './event-loop';
import { buildUserIndexInThread, docsOf, type BuiltUserIndex, type UserIndexBuilder } from './search/build-user-index';

import { HUB_VERSION, INDEX_VERSION } from './version';

export { HUB_VERSION, INDEX_VERSION };
export type { PrebuiltLibrary };

export interface HubOptions {
  dataDir: string;
  libraryDir: string;
  /** The library prebuilt by `npm run build:library` (serialized index); optional. */
  prebuiltFile?: string;
  /** Compact the search index after this many ms without edits (0 = only when asked). */
  compactAfterMs?: number;
  /**
   * Watch the data folder and fold in what other processes write to it (the server and the
   * desktop app do; a one-off CLI command does not need to).
   */
  watch?: boolean;
  /**
   * Builds the user index when there is no usable cache (first start, index version bump), while
   * `open` has already returned: the hosts inject main/platform/index-builder.ts (a worker thread).
   * Default: on this thread, in chunks that yield (./search/build-user-index.ts).
   */
  indexBuilder?: UserIndexBuilder;
  /**
   * The index already loaded from the index files (./search/warm-start.ts), which may have answered
   * searches while the store was loading: the hub adopts its engine instead of loading the index again.
   */
  warm?: WarmIndex;
  /** From this many records the store keeps long texts on disk (RecordStore's StoreOptions; tests set 0). */
  storeTextsOnDiskFrom?: number;
}

/** A record saved (`record` is the new version) or deleted (`record` is null). */
export interface RecordChange {
  id: string;
  record: HubRecord | null;
}

/** Milliseconds spent in each step of the last `Hub.open` (for benchmarks and diagnostics). */
export interface OpenTimings {
  /** Rolling back an interrupted bundle import (nothing to do, usually). */
  recovery: number;
  /** RecordStore.open. */
  store: number;
  /** Parsing the user index cache and loading it into the engine (while the library loads). */
  userIndexLoad: number;
  /** Waiting for the bundled library after that (it loads meanwhile). */
  library: number;
  libraryIndex: number;
  /** Re-indexing records changed since the cache was written (or building the user base without one). */
  userIndexReconcile: number;
  total: number;
}

/** A bulk write of at least this many records is indexed in one background build (see Hub.bulkSaved). */
export const BACKGROUND_INDEX_MIN = 500;

type CoreMethods = Pick<HubMethods, (typeof CORE_METHODS)[number]>;

export class Hub implements CoreMethods {
  /** The whole contract: the core's methods plus each feature's handlers. dispatch() calls this. */
  readonly api: HubMethods;
  private readonly libById = new Map<string, HubRecord>();
  private readonly guidesByKey = new Map<string, Map<Lang, Guide>>();
  private compactTimer: NodeJS.Timeout | undefined;
  private compacting: Promise<void> | undefined;
  private closed = false;
  /** Every change, numbered, for screens that keep themselves current (see ./changes.ts). */
  readonly changeFeed = new ChangeFeed();
  private watcher: DataDirWatcher | undefined;
  /** id -> fingerprint of the store record version the search engine holds (what the cache records). */
  private readonly indexed = new Map<string, string>();
  /** Stored record id -> the links it makes, under its file's fingerprint (see linksOf). */
  private readonly links = new Map<string, { fingerprint: string; links: readonly string[] }>();
  /** The index cache on disk holds what the engine holds and its stamp is fresh (nothing to write). */
  private indexCacheCurrent = false;
  /** The index cache being encoded and written (writeUserIndex), if any. */
  private cacheWriting: Promise<void> | undefined;
  /** The record folders' stamp taken just before the store read them. */
  private openStamp: DataStamp | undefined;
  prebuiltIndex = false;
  openTimings: OpenTimings | undefined;
  /** Milliseconds of the last background user index build (cold path), once it is done (bench, diagnostics). */
  indexBuildTimings: { build: number; load: number; reconcile: number; writeCache: number } | undefined;
  /** Record-change listeners (the room's event stream, sync's mirror): see onChange. */
  private readonly changeListeners = new Set<(change: RecordChange) => void>();
  private readonly closers: (() => Promise<void>)[] = [];
  /** Search readiness while the user index builds in the background (see startIndexBuild). */
  readonly indexReadiness = new IndexReadiness((s) => this.changeFeed.push({ kind: 'index', percent: s.percent, source: 'here' }));
  private indexBuild: Promise<void> | undefined;
  /** True while the engine holds only part of the user index (a build under way or cut short by close). */
  private userIndexPartial = false;
  private readonly indexAbort = new AbortController();
  /** The newest background build (a newer one supersedes it) and the way to stop it. */
  private buildGeneration = 0;
  private buildAbort: AbortController | undefined;
  /** The query path ran once already (see warmQueryPath). */
  private queryPathWarm = false;

  private constructor(
    readonly options: HubOptions,
    readonly store: RecordStore,
    readonly library: Library,
    readonly libraryProblems: LibraryProblem[],
    readonly engine: SearchEngine,
  ) {
    const core = Object.fromEntries(CORE_METHODS.map((m) => [m, (this[m] as (i: never) => unknown).bind(this)])) as CoreMethods;
    this.api = { ...core, ...bundleHandlers(this), ...workshopHandlers(this), ...syncHandlers(this), ...clinicHandlers(this), ...browseHandlers(this) } as HubMethods;
    for (const r of library.records) {
      this.libById.set(r.id, r);
      if (r.type === 'guide') {
        const versions = this.guidesByKey.get(r.key) ?? new Map<Lang, Guide>();
        versions.set(r.lang, r);
        this.guidesByKey.set(r.key, versions);
      }
    }
  }

  /**
   * Opens the hub. The independent work overlaps: the bundled library, the prebuilt library index
   * and the user index cache are read (asynchronously) while the store reads its records (in
   * synchronous batches that yield between them); the user index cache is loaded into the engine
   * while the library is still loading; then the library layer, and the cache is reconciled with
   * the store.
   */
  static async open(options: HubOptions): Promise<Hub> {
    const t0 = performance.now();
    await checkDataDir(options.dataDir);
    const warm = options.warm;
    // (A warm index checked the library files against its prebuilt library already.)
    const libraryFiles = warm ? undefined : settle(readLibraryFiles(options.libraryDir));
    const prebuiltText = options.prebuiltFile && !warm ? settle(fs.readFile(options.prebuiltFile, 'utf8')) : undefined;
    // The store reports changes to the hub, which does not exist until the store has loaded.
    const ref: { hub?: Hub } = {};
    // Before the store loads: a bundle import cut short by a crash is rolled back, never half-loaded.
    const recovery = await recoverInterruptedImport(options.dataDir);
    const cacheRead = warm ? undefined : settle(readUserIndex(options.dataDir));
    // No usable cache: the user index will be built; the builder's threads start while the store loads.
    if (cacheRead) void cacheRead.then((c) => !(c.ok && c.value) && options.indexBuilder?.prepare?.());
    // Whether the cache's stamp still holds, taken before the store touches the folders.
    const cacheStampFresh = warm ? true : await cacheRead!.then((c) => c.ok && !!c.value && stampFresh(path.resolve(options.dataDir), c.value.stamp));
    // The record folders as the store is about to read them (see writeUserIndex).
    const openStamp = dataStamp(path.resolve(options.dataDir));
    const t1 = performance.now();
    const store = await RecordStore.open(
      options.dataDir,
      { onChange: (record, id, source) => ref.hub?.onStoreChange(record, id, source ?? 'here') },
      options.storeTextsOnDiskFrom === undefined ? {} : { textsOnDiskFrom: options.storeTextsOnDiskFrom },
    );
    const t2 = performance.now();
    // The store read its files in short steps; what follows (library, index layers, the build's
    // start, then the caller's first request) would otherwise run as one long step with its last.
    await yieldFullTurn();
    if (recovery.recovered) store.problems.push({ file: 'import-journal', message: `an interrupted bundle import was rolled back (${recovery.files.length} files restored)` });
    // Documents loaded from the cache carry no texts: snippets (and any re-indexing) take them
    // from the record the hub shows for that id (before the hub exists: the store's record).
    const docOf = (id: string) => {
      if (ref.hub) return ref.hub.searchDocOf(id);
      const own = store.get(recordIdOf(id));
      return own && searchDocOf(own, id);
    };
    warm?.setDocSource(docOf);
    const engine = warm ? warm.engine : new SearchEngine({ docOf });
    const userBase = warm ? warm.userIndex : loadUserBase(engine, await cacheRead!);
    const t3 = performance.now();
    // The bundled library: its files are hashed (cheap); when the prebuilt library was built from
    // exactly these bytes, its validated records and index are used as they are.
    const files = libraryFiles && unwrap(await libraryFiles);
    const prebuiltRead = prebuiltText && (await prebuiltText);
    const prebuilt = warm ? warm.prebuilt : currentPrebuilt(prebuiltRead?.ok ? prebuiltRead.value : undefined, files!.contentHash);
    const { library, problems } = prebuilt ? { library: prebuilt.library, problems: [] } : await loadLibrary(options.libraryDir, { files: files! });
    engine.setGlossary(library.glossary);
    const t4 = performance.now();
    await yieldFullTurn();
    const hub = (ref.hub = new Hub(options, store, library, problems, engine));
    hub.loadLibraryIndex(prebuilt, !!warm);
    const t5 = performance.now();
    await yieldFullTurn();
    hub.indexCacheCurrent = cacheStampFresh;
    hub.openStamp = openStamp;
    await hub.loadUserIndex(userBase);
    const t6 = performance.now();
    hub.openTimings = { recovery: t1 - t0, store: t2 - t1, userIndexLoad: t3 - t2, library: t4 - t3, libraryIndex: t5 - t4, userIndexReconcile: t6 - t5, total: t6 - t0 };
    if (options.watch) hub.watcher = new DataDirWatcher(store.dataDir, EDITABLE_TYPES, (batch) => hub.onDiskBatch(batch)).start();
    // The caller's first request (the window's list) in a turn of its own.
    await yieldFullTurn();
    return hub;
  }

  private indexFile(): string {
    return userIndexFile(this.store.dataDir);
  }

  /** The search document of the record shown for `id` (the engine's source of texts). */
  private searchDocOf(id: string): SearchDoc | undefined {
    const r = this.resolve(recordIdOf(id));
    return r && searchDocOf(r, id);
  }

  private loadLibraryIndex(prebuilt: PrebuiltLibrary | undefined, loaded = false): void {
    if (prebuilt) {
      if (!loaded) this.engine.loadBase(safePrebuiltSegments(prebuilt), prebuilt.docs, { layer: 'library' });
      this.prebuiltIndex = true;
    } else {
      const docs = this.library.records.flatMap(toSearchDocs);
      this.engine.loadBase(SearchEngine.buildSegments(docs), docs, { layer: 'library' });
    }
    for (const entry of this.store.listTrash()) if (this.libById.has(entry.record.id)) this.engine.removeRecord(entry.record.id);
  }

  /**
   * Completes the user layer: `cache` is what `loadUserBase` loaded into the engine (undefined: no
   * usable cache, the user base is built from the records now). Every record whose file changed
   * since the cache was written is indexed again, and cached documents without a record dropped.
   */
  private async loadUserIndex(cache: UserIndex | undefined): Promise<void> {
    const records = [...this.store.all()];
    if (!cache) {
      this.indexCacheCurrent = false;
      // Nothing of the user's to index (a new data folder): search is ready as it is.
      if (records.length) this.startIndexBuild(records);
      return;
    }
    const live = new Set<string>();
    const revs = cache.revs();
    for (const r of records) {
      live.add(r.id);
      const fingerprint = this.store.fingerprint(r.id)!;
      // A record saved (or its file changed in any way) since the cache was written, or that the
      // cache does not hold (an inconsistent cache): index it again.
      if (revs.get(r.id) !== fingerprint) {
        this.engine.upsertRecord(toSearchDocs(r));
        this.indexCacheCurrent = false;
      } else if (this.engine.layerOf(r.id) !== 'user') this.engine.upsertRecord(toSearchDocs(r));
      this.indexed.set(r.id, fingerprint);
    }
    for (const id of revs.keys()) {
      if (!live.has(id)) {
        this.indexCacheCurrent = false;
        const lib = this.libById.get(id);
        if (lib && !this.store.inTrash(id)) this.engine.upsertRecord(toSearchDocs(lib));
        else this.engine.removeRecord(id);
      }
    }
    this.scheduleCompaction();
    // A cache that no longer matches the records is written again once the folders have settled
    // (a stamp taken right after a change is racy, see ./search/user-index.ts), so that the next
    // start and `socle search` can use it.
    if (!this.indexCacheCurrent && this.options.compactAfterMs !== 0) {
      const timer = setTimeout(() => void this.persistSearchIndex().catch(() => undefined), STAMP_RACY_MS);
      timer.unref?.();
      this.closers.push(async () => clearTimeout(timer));
    }
  }

  /**
   * The cold path: the user index is built in the background (`options.indexBuilder`, a worker
   * thread in the hosts) while the hub already lists records; `search` waits for it and
   * `indexStatus` / the change feed say how far it is. Records saved, deleted or restored during
   * the build are then reconciled exactly as a warm start reconciles a cache with the store.
   */
  private startIndexBuild(records: HubRecord[]): void {
    const revs = new Map<string, string>();
    for (const r of records) revs.set(r.id, this.store.fingerprint(r.id)!);
    const builder = this.options.indexBuilder ?? buildUserIndexInThread;
    // A build started while another runs (a second large import) supersedes it: the newer one
    // covers every record, the older one is stopped and its result dropped.
    const generation = ++this.buildGeneration;
    this.buildAbort?.abort(new Error('superseded by a newer index build'));
    const own = (this.buildAbort = new AbortController());
    this.indexReadiness.start(records.length);
    this.userIndexPartial = true;
    const current = () => generation === this.buildGeneration && !this.closed;
    this.indexBuild = (async () => {
      // The first chunk of records goes to a worker in a turn of its own, not in the step that started the build.
      await yieldFullTurn();
      const t0 = performance.now();
      // The main thread waits for the workers: it compiles the query path meanwhile (see warmQueryPath).
      const warming = this.warmQueryPath(records, current);
      let built: BuiltUserIndex | undefined;
      try {
        const signal = AbortSignal.any([this.indexAbort.signal, own.signal]);
        // Closing never waits for a builder that does not heed the signal.
        const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));
        built = await Promise.race([builder(records, (done, total) => current() && this.indexReadiness.progress(done, total), signal), aborted]);
      } catch (e) {
        if (!current()) return;
        this.store.problems.push({ file: 'index', message: `building the search index failed (${e instanceof Error ? e.message : String(e)}); it was built on the main thread instead` });
      }
      await warming;
      if (!current()) return;
      // The workers' results were just decoded in their message callbacks: a full turn before the
      // load; the load itself runs in steps of LOAD_CHUNK documents with a full turn between two,
      // and each step below stands alone too (timers, requests and the window run in between).
      const stillCurrent = async () => {
        await yieldFullTurn();
        if (!current()) throw SUPERSEDED;
      };
      const t1 = performance.now();
      try {
        await stillCurrent();
        if (built) {
          const docs = await docsOf(built, stillCurrent);
          await this.engine.loadBaseInSteps(built.segments, docs, { layer: 'user', pause: stillCurrent });
        } else {
          const docs = records.flatMap(toSearchDocs);
          await this.engine.loadBaseInSteps(SearchEngine.buildSegments(docs), docs, { layer: 'user', pause: stillCurrent });
        }
        await stillCurrent();
      } catch (e) {
        if (e === SUPERSEDED) return;
        throw e;
      }
      const t2 = performance.now();
      await this.loadUserIndex({ segments: [], docs: [], revs: () => revs, typeOf: () => undefined, stamp: null, size: 0 });
      // A search waiting for readiness runs as soon as it is declared: not in the same step as the reconciliation.
      await yieldFullTurn();
      // A newer build (started during that turn) owns the readiness and the partial state now.
      if (generation !== this.buildGeneration) return;
      this.userIndexPartial = false;
      this.indexReadiness.finish();
      const t4 = performance.now();
      await yieldFullTurn();
      // Written even when the hub is closing (a one-off CLI search): the next start is warm.
      if (records.length && generation === this.buildGeneration) await this.writeUserIndex();
      this.indexBuildTimings = { build: t1 - t0, load: t2 - t1, reconcile: t4 - t2, writeCache: performance.now() - t4 };
    })().finally(() => {
      // Search is ready when the newest build is done, or the hub closes (searches then answer from what there is).
      if (generation === this.buildGeneration || this.closed) this.indexReadiness.finish();
    });
  }

  /**
   * While the user index builds in the workers the main thread mostly waits: it runs a few searches
   * over what the engine already holds (the library), each in its own turn of the event loop, so
   * that the first search after the build does not also pay for compiling the query path (the
   * analysis and its stemmers, the glossary's expansions, snippets, facets; and the hits' texts,
   * made from their records: the workers turned every record into text, the main thread none):
   * that was ~70 ms of one step at 10,000 practices. Once per hub; the answers are dropped.
   */
  private async warmQueryPath(records: readonly HubRecord[], current: () => boolean): Promise<void> {
    if (this.queryPathWarm) return;
    this.queryPathWarm = true;
    for (let i = 0; i < Math.min(records.length, WARM_RECORDS); i += 10) {
      await yieldFullTurn();
      if (!current()) return;
      for (const r of records.slice(i, i + 10)) toSearchDocs(r);
    }
    for (let i = 0; i < WARM_QUERIES.length * WARM_ROUNDS; i++) {
      const q = WARM_QUERIES[i % WARM_QUERIES.length]!;
      await yieldFullTurn();
      if (!current()) return;
      try {
        this.engine.search({ q, limit: 20, offset: 0 });
      } catch {
        // Warming only: a failure here would show in the real search.
      }
    }
  }

  /**
   * A bulk write (a bundle import or a sync pull, `bundles/import.ts` applyImport) saved `records`
   * and committed: the store's saveBatch did not tell the hub record by record. The change feed and
   * the record listeners (sync's mirror, the room's event stream) learn of each record now; search
   * follows either record by record, as for an edit (small batches), or, for a large batch
   * (`background`, by default BACKGROUND_INDEX_MIN records or more and at least a quarter of the
   * store), in one background build of the user index, the cold start's machinery: `search` waits
   * for it, `indexStatus` and the change feed say "indexing n %", and the edits made meanwhile are
   * reconciled when it is loaded. Returns whether it went to the background.
   */
  bulkSaved(records: readonly HubRecord[], opts: { background?: boolean } = {}): boolean {
    const background = opts.background ?? (records.length >= BACKGROUND_INDEX_MIN && records.length * 4 >= this.store.count());
    if (!background) {
      for (const r of records) this.onStoreChange(r, r.id, 'here');
      return false;
    }
    this.indexCacheCurrent = false;
    for (const r of records) {
      this.feedRecord(r.id, r, 'here');
      this.emitChange({ id: r.id, record: r });
    }
    if (!this.closed) this.startIndexBuild([...this.store.all()]);
    return true;
  }

  private async writeUserIndex(): Promise<void> {
    // The engine holds part of the user index while it builds: never write that as the cache.
    if (this.userIndexPartial) return;
    // The stamp is taken first: a change after it makes the cache stale, never wrongly fresh.
    const stamp = dataStamp(this.store.dataDir);
    // A hub that does not watch the folders only knows the records as it read them, and its own
    // changes: if a folder changed since (possibly by another process), the stamp is not trusted.
    if (!this.options.watch && this.openStamp && !sameStamp(stamp, this.openStamp)) stamp.racy = true;
    // A consistent snapshot (immutable base segments, copies of the metadata and revisions), then
    // the encoding in steps with full turns of the event loop between them: requests and the
    // window are served while it runs (edits meanwhile make the next write, not this one).
    const { segments, docs } = this.engine.exportUserMeta();
    const revs = new Map(this.indexed);
    // Cleared by any change to the index from here on (the written file then misses it).
    this.indexCacheCurrent = true;
    const write = (async () => {
      await yieldFullTurn();
      const bytes = await encodeUserIndexInSteps(segments, docs, revs, stamp, yieldFullTurn);
      await writeFileAtomic(this.indexFile(), bytes);
      await fs.rm(path.join(this.store.dataDir, 'index', LEGACY_USER_INDEX_FILE), { force: true }).catch(() => undefined);
    })();
    this.cacheWriting = write;
    try {
      await write;
    } catch (e) {
      this.indexCacheCurrent = false;
      throw e;
    } finally {
      if (this.cacheWriting === write) this.cacheWriting = undefined;
    }
    this.indexCacheCurrent &&= !stamp.racy;
  }

  /**
   * Writes the index cache if it does not hold what the engine holds (records changed since it was
   * written, or its stamp went stale): what the warm start and `socle search` read.
   */
  async persistSearchIndex(): Promise<void> {
    // A build in progress (cold path) writes the cache itself once complete: wait for it, so that
    // a cache holding part of the records (with a fresh stamp) is never written.
    await this.indexBuild?.catch(() => undefined);
    // A write under way (encoded in steps) is what "current" refers to: wait for it to land.
    await this.cacheWriting?.catch(() => undefined);
    if (this.indexCacheCurrent || this.closed || this.userIndexPartial) return;
    await this.writeUserIndex();
  }

  /**
   * Subscribes to record changes (every save, delete and restore, whoever made it): the workshop
   * room's event stream listens here. Returns the unsubscribe function.
   */
  onChange(listener: (change: RecordChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** A record changed in the store (here, or on disk by another process): search and the change feed follow. */
  private onStoreChange(record: HubRecord | null, id: string, source: 'here' | 'disk'): void {
    this.reindex(record, id);
    this.feedRecord(id, record, source);
  }

  private feedRecord(id: string, record: HubRecord | null, source: 'here' | 'disk'): void {
    const shown = this.resolve(id);
    const type = shown?.type ?? record?.type ?? this.store.listTrash().find((e) => e.record.id === id)?.record.type;
    this.changeFeed.push({ kind: 'record', id, ...(type ? { type } : {}), ...(shown ? { rev: shown.rev } : { deleted: true }), source });
  }

  /** Folds in what the watcher saw other processes write (see store/watch.ts). */
  private async onDiskBatch(batch: WatchBatch): Promise<void> {
    if (this.closed) return;
    await this.store.refresh(batch.records);
    if (batch.conflicts) this.changeFeed.push({ kind: 'conflicts', source: 'disk' });
  }

  /** Keeps the search in step with the store: called on every save, delete and restore. */
  private reindex(record: HubRecord | null, id: string): void {
    this.indexCacheCurrent = false;
    if (record) this.engine.upsertRecord(toSearchDocs(record));
    else this.engine.removeRecord(id);
    const fingerprint = record && this.store.fingerprint(id);
    if (fingerprint) this.indexed.set(id, fingerprint);
    else this.indexed.delete(id);
    if (!fingerprint) this.links.delete(id);
    this.scheduleCompaction();
    this.emitChange({ id, record });
  }

  private emitChange(change: RecordChange): void {
    for (const listener of this.changeListeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own; the store's write already succeeded.
      }
    }
  }

  /**
   * Listens to every change of a stored record (save, import, delete, restore; `record` null when
   * it left the store) and to `notifyChange`. Sync mirrors the store into its replica this way,
   * without reaching into the store. Returns the function that stops listening.
   */
  onRecordChange(listener: (id: string, record: HubRecord | null) => void): () => void {
    return this.onChange((c) => listener(c.id, c.record));
  }

  /** Tells the listeners that what surrounds a record changed (e.g. a conflict about it was resolved). */
  notifyChange(id: string): void {
    this.emitChange({ id, record: this.store.get(id) ?? null });
  }

  private scheduleCompaction(): void {
    const after = this.options.compactAfterMs ?? 30_000;
    if (!after || this.closed || !this.engine.needsCompaction()) return;
    clearTimeout(this.compactTimer);
    this.compactTimer = setTimeout(() => void this.compact(), after);
    this.compactTimer.unref?.();
  }

  /** Folds the recent edits into the user base index and saves the index cache. */
  compact(): Promise<void> {
    // While the user index builds, the engine holds part of it: the build writes the cache when done.
    if (this.userIndexPartial) return Promise.resolve();
    if (!this.compacting) {
      this.compacting = (async () => {
        this.engine.compact();
        await this.writeUserIndex();
        await this.store.saveTrust();
      })().finally(() => {
        this.compacting = undefined;
      });
    }
    return this.compacting;
  }

  /** Runs `fn` when the hub closes, before the store does (a feature's own resources: sync's replica). */
  onClose(fn: () => Promise<void>): void {
    this.closers.push(fn);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.indexAbort.abort(new Error('the hub closed'));
    await this.indexBuild?.catch(() => undefined);
    for (const fn of this.closers.splice(0)) await fn().catch(() => undefined);
    await this.watcher?.close();
    this.changeFeed.close();
    clearTimeout(this.compactTimer);
    await this.compacting;
    if (this.engine.needsCompaction()) await this.compact();
    await this.store.close();
  }

  // ---- lookups -------------------------------------------------------------------------------

  /** True when the bundled library ships a record with this id (whether or not the user changed it since). */
  isLibraryRecord(id: string): boolean {
    return this.libById.has(id);
  }

  /** The visible record with this id: the user's copy, else the bundled one, unless trashed. */
  resolve(id: string): HubRecord | undefined {
    const own = this.store.get(id);
    if (own) return own;
    if (this.store.inTrash(id)) return undefined;
    return this.libById.get(id);
  }

  *visible(): Generator<HubRecord> {
    for (const r of this.store.all()) yield r;
    for (const r of this.libById.values()) if (!this.store.get(r.id) && !this.store.inTrash(r.id)) yield r;
  }

  /** A guide key or record id, resolved to a record (a guide in `lang` if it exists). */
  resolveTarget(target: string, lang: Lang): HubRecord | undefined {
    const versions = this.guidesByKey.get(target);
    if (versions) return versions.get(lang) ?? versions.get('fr') ?? versions.values().next().value;
    return this.resolve(target);
  }

  summarize(r: HubRecord, lang?: Lang): RecordSummary {
    const t = r.type === 'practice' && lang && lang !== r.lang ? r.translations[lang] : undefined;
    return {
      id: r.id,
      type: r.type,
      lang: r.lang,
      title: t?.title || (r.type === 'note' ? r.title || r.body.split('\n')[0]!.slice(0, 120) : r.title),
      summary: t?.summary || ('summary' in r ? r.summary : r.type === 'note' ? r.body.slice(0, 300) : ''),
      country: 'country' in r ? r.country : undefined,
      updatedAt: r.updatedAt,
      rev: r.rev,
      origin: r.origin.kind,
      status: r.type === 'practice' ? r.status : undefined,
      key: r.type === 'guide' ? r.key : undefined,
      instrument: r.type === 'guide' ? r.instrument : undefined,
    };
  }

  // ---- the contract --------------------------------------------------------------------------

  async changes(input: MethodArgs<'changes'>): Promise<MethodOutputs['changes']> {
    return this.changeFeed.wait(input.since, input.waitMs);
  }

  async info(): Promise<MethodOutputs['info']> {
    const counts = Object.fromEntries(RECORD_TYPES.map((t) => [t, 0])) as Record<RecordType, number>;
    for (const r of this.visible()) counts[r.type]++;
    return {
      version: HUB_VERSION,
      dataDir: this.store.dataDir,
      installId: this.store.id,
      counts,
      library: { version: this.library.version, date: this.library.date, prebuiltIndex: this.prebuiltIndex },
      problems: [...this.store.problems, ...this.libraryProblems],
    };
  }

  async search(input: MethodArgs<'search'>): Promise<MethodOutputs['search']> {
    // Right after a start without index cache: wait for the build (indexStatus says how far it is).
    await this.indexReadiness.whenReady();
    return this.engine.search(input);
  }

  async indexStatus(): Promise<MethodOutputs['indexStatus']> {
    return this.indexReadiness.status();
  }

  async get({ id }: MethodArgs<'get'>): Promise<HubRecord> {
    const r = this.resolve(id);
    if (!r) throw new HubFailure('not-found', this.store.inTrash(id) ? `"${id}" is in the trash.` : `No record "${id}".`);
    return r;
  }

  async list(input: MethodArgs<'list'>): Promise<MethodOutputs['list']> {
    const items = [...this.visible()]
      .filter((r) => (!input.type || r.type === input.type) && (!input.lang || r.lang === input.lang))
      .filter((r) => !input.country || ('country' in r && r.country === input.country) || (r.type === 'practice' && r.partnerCountries.includes(input.country)))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
    return { total: items.length, items: items.slice(input.offset, input.offset + input.limit).map((r) => this.summarize(r, input.lang)) };
  }

  async shelves({ lang }: MethodArgs<'shelves'>): Promise<MethodOutputs['shelves']> {
    const byInstrument = new Map<Instrument, RecordSummary[]>();
    for (const versions of this.guidesByKey.values()) {
      const g = versions.get(lang) ?? versions.get('fr') ?? versions.values().next().value!;
      if (this.store.inTrash(g.id)) continue;
      const list = byInstrument.get(g.instrument) ?? [];
      list.push({ ...this.summarize(g), order: g.order } as RecordSummary & { order: number });
      byInstrument.set(g.instrument, list);
    }
    const shelves: Shelf[] = INSTRUMENTS.filter((i) => byInstrument.has(i)).map((instrument) => ({
      instrument,
      guides: byInstrument
        .get(instrument)!
        .sort((a, b) => (a as RecordSummary & { order: number }).order - (b as RecordSummary & { order: number }).order)
        .map(({ order: _order, ...rest }: RecordSummary & { order?: number }) => rest),
    }));
    const recentPractices = [...this.visible()]
      .filter((r) => r.type === 'practice')
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id))
      .slice(0, 8)
      .map((r) => this.summarize(r, lang));
    return { shelves, recentPractices };
  }

  async related({ id }: MethodArgs<'related'>): Promise<MethodOutputs['related']> {
    const r = await this.get({ id });
    const versions = r.type === 'guide' ? [...(this.guidesByKey.get(r.key)?.values() ?? [])].map((g) => ({ lang: g.lang, id: g.id })) : [];
    const seen = new Set<string>([r.id]);
    const related: RecordSummary[] = [];
    const add = (x: HubRecord | undefined) => {
      if (x && !seen.has(x.id)) {
        seen.add(x.id);
        related.push(this.summarize(x, r.lang));
      }
    };
    const targets = [...('related' in r ? r.related : []), ...internalLinks(textOf(r))];
    for (const t of targets) add(this.resolveTarget(t, r.lang));
    if (r.type === 'guide' && (r.branches.length || r.guarantees.length || r.steps.length)) {
      const tagged = [...this.visible()].filter(
        (p) =>
          p.type === 'practice' &&
          (p.branches.some((b) => r.branches.includes(b)) ||
            p.guarantees.some((g) => r.guarantees.includes(g)) ||
            p.steps.some((s) => r.steps.includes(s))),
      );
      tagged.sort((a, b) => a.title.localeCompare(b.title)).slice(0, 30).forEach(add);
    }
    const names = new Set([r.id, ...(r.type === 'guide' ? [r.key] : [])]);
    const backlinks: RecordSummary[] = [];
    for (const other of this.visible()) {
      if (other.id === r.id) continue;
      const links = this.linksOf(other);
      if (links.some((l) => names.has(l)) && (other.type !== 'guide' || other.lang === r.lang)) backlinks.push(this.summarize(other, r.lang));
    }
    return { versions, related, backlinks };
  }

  /**
   * The ids and guide keys a record links to (its `related` and the links in its texts). Kept per
   * stored record under its file's fingerprint: a store that keeps texts on disk (100,000 records)
   * would otherwise read every record file for each backlinks lookup.
   */
  private linksOf(r: HubRecord): readonly string[] {
    const linksIn = () => [...('related' in r ? r.related : []), ...internalLinks(textOf(r))];
    const fingerprint = this.store.get(r.id) === r ? this.store.fingerprint(r.id) : undefined;
    if (!fingerprint) return linksIn();
    const known = this.links.get(r.id);
    if (known?.fingerprint === fingerprint) return known.links;
    const links = linksIn();
    this.links.set(r.id, { fingerprint, links: links.length ? links : NO_LINKS });
    return links;
  }

  async create({ record: draft }: MethodArgs<'create'>): Promise<HubRecord> {
    const id = draft.id ?? this.store.newId(draft.type);
    if (this.resolve(id) || this.libById.has(id)) throw new HubFailure('conflict', `A record "${id}" already exists.`, { field: 'id' });
    // Ids are never reused: the trashed record keeps its id (and stays restorable).
    const trashed = this.store.listTrash().find((t) => t.record.id === id);
    if (trashed) {
      const title = this.summarize(trashed.record).title;
      throw new HubFailure('conflict', `The id "${id}" belongs to "${title}", which is in the trash: restore it, or choose another id.`, {
        field: 'id',
        details: { trashed: trashed.record },
      });
    }
    const now = new Date().toISOString();
    const parsed = recordSchema.safeParse({ ...draft, id, rev: 1, createdAt: now, updatedAt: now, origin: this.store.localOrigin() });
    if (!parsed.success) throw invalidFromZod(parsed.error, draft.type);
    return this.store.save(parsed.data, 0);
  }

  async update({ id, rev, changes }: MethodArgs<'update'>): Promise<HubRecord> {
    const current = this.resolve(id);
    if (!current) throw new HubFailure('not-found', `No record "${id}".`);
    if (current.type === 'guide') throw new HubFailure('read-only', 'Guides are part of the bundled library and cannot be edited.');
    const schema = draftSchemas[current.type];
    const editable = new Set(Object.keys(schema.shape).filter((k) => k !== 'id' && k !== 'type'));
    const unknown = Object.keys(changes).filter((k) => !editable.has(k) && !['id', 'type', 'rev', 'createdAt', 'updatedAt', 'origin'].includes(k));
    if (unknown.length) throw new HubFailure('invalid', `Unknown field "${unknown[0]}" for a ${current.type}.`, { field: unknown[0] });
    const next: Record<string, unknown> = { ...current };
    // null removes a field (JSON has no undefined): e.g. a project's cleared end date.
    for (const [k, v] of Object.entries(changes)) if (editable.has(k)) if (v === null) delete next[k]; else next[k] = v;
    const parsed = recordSchema.safeParse(next);
    if (!parsed.success) throw invalidFromZod(parsed.error, current.type);
    return this.store.save(parsed.data, rev, { fallback: this.store.get(id) ? undefined : this.libById.get(id) });
  }

  async delete({ id, rev }: MethodArgs<'delete'>): Promise<MethodOutputs['delete']> {
    const current = this.resolve(id);
    if (!current) throw new HubFailure('not-found', `No record "${id}".`);
    if (current.type === 'guide') throw new HubFailure('read-only', 'Guides are part of the bundled library and cannot be deleted.');
    return this.store.delete(current, rev);
  }

  async restore({ id }: MethodArgs<'restore'>): Promise<HubRecord> {
    return this.store.restore(id, { isLibrary: this.libById.has(id) });
  }

  async trash(): Promise<MethodOutputs['trash']> {
    return this.store.listTrash();
  }

  async history({ id }: MethodArgs<'history'>): Promise<HubRecord[]> {
    if (!this.resolve(id) && !this.store.inTrash(id)) throw new HubFailure('not-found', `No record "${id}".`);
    return this.store.history(id);
  }

  async glossary(): Promise<MethodOutputs['glossary']> {
    return this.library.glossary;
  }
}

/**
 * Loads the user index cache (`<data>/index/user-index.bin`, ./search/user-index.ts) into the
 * engine as its user base; returns it, or undefined when it is missing, damaged (checksum, length),
 * of another version or refused by the engine (which then changed nothing): the user base is then
 * rebuilt from the records. The hub reconciles it with the store after.
 */
function loadUserBase(engine: SearchEngine, read: Settled<UserIndex | undefined>): UserIndex | undefined {
  if (!read.ok || !read.value) return undefined;
  try {
    // The segments carry their documents' metadata (columns, read on demand): no document list.
    engine.loadBase(read.value.segments, [], { layer: 'user' });
    return read.value;
  } catch {
    return undefined;
  }
}

/** The prebuilt library's segments; none when its index is damaged (the engine then indexes its documents from their texts). */
function safePrebuiltSegments(prebuilt: PrebuiltLibrary) {
  try {
    return prebuiltSegments(prebuilt);
  } catch {
    return [];
  }
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects (so that one started early cannot go unhandled while others run). */
function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function unwrap<T>(s: Settled<T>): T {
  if (!s.ok) throw s.error;
  return s.value;
}

const NO_LINKS: readonly string[] = [];

/** A background build replaced by a newer one, or its hub closed: the load stops where it is. */
const SUPERSEDED = new Error('superseded');

/**
 * Queries that take the query path's steps in the three languages (glossary terms, stop words, a
 * prefix), run WARM_ROUNDS times over the library while the workers build (see warmQueryPath):
 * measured at 10,000 practices, the first search after the build then costs ~30 ms instead of
 * 70-130 ms (V8 compiles the hot loops once they have run often enough; 3 searches gave ~35 ms,
 * 30 gave ~25-30 ms, each a step of a few ms; more only takes a core from the workers).
 */
const WARM_QUERIES = ['sécurité sociale des travailleurs', 'social security for workers', 'segurança social dos trabalhadores', 'protection', 'convention', 'emploi des jeunes', 'health insurance', 'pensã'];
const WARM_ROUNDS = 2;
/** Records turned into search documents for the same reason (what a hit's snippet needs), 10 per turn. */
const WARM_RECORDS = 100;

function textOf(r: HubRecord): string {
  switch (r.type) {
    case 'practice':
      return `${r.body}\n${r.results}\n${r.lessons}`;
    case 'guide':
    case 'note':
      return r.body;
    default:
      return '';
  }
}

/** The data folder must be a folder (it is created if missing): a file there is bad input, said in one line. */
async function checkDataDir(dataDir: string): Promise<void> {
  const st = await fs.stat(dataDir).catch(() => undefined);
  if (st && !st.isDirectory()) {
    throw new HubFailure('invalid', `The data folder ${path.resolve(dataDir)} is a file, not a folder: choose a folder (--data DIR or SOCLE_DATA).`);
  }
}
