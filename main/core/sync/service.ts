/**
 * Sync over CouchDB's replication protocol (docs/sync.md). An adapter beside bundles, over the
 * same merge: the record store stays the source of truth, a PouchDB replica (LevelDB, in
 * <data>/sync/replica) mirrors it, and PouchDB replicates the replica with a server.
 *
 * One pass: (1) mirror the store into the replica, (2) push and pull, (3) apply what came in.
 *  1. mirror: each syncable record (not a guide, not internal) becomes a document whose revision
 *     continues the one it descends from; a record in the trash becomes a tombstone. Documents
 *     carry the record's content hash and ancestors (bundles' ancestry, bundles/export.ts).
 *  2. PouchDB replication (checkpointed: an interrupted pass resumes where it stopped).
 *  3. apply: every leaf revision that is neither what the store holds nor something it descends
 *     from goes through bundles' merge (planImport/applyImport) as a batch from its peer's line:
 *     new, updated (descends from the local version), or a conflict kept beside the local record.
 *     CouchDB's losing revisions therefore show up in the conflicts list. A resolution writes a
 *     record whose ancestors include both versions; mirroring it removes the losing revisions, so
 *     every peer sees the conflict closed after its next pass.
 * Deletions travel as tombstones; a restore from the trash continues the tombstone.
 *
 * Continuous mode: store changes are mirrored as they happen (Hub.onRecordChange), PouchDB
 * replicates live with retries, and what is pulled is applied as it arrives.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Hub } from '../hub';
import type { HubRecord } from '../model';
import { HubFailure } from '../result';
import { writeFileAtomic } from '../store/atomic-file';
import { contentHash, sha256 } from '../bundles/hash';
import { ancestorsOf, idsWithHistory, lineOf, mapLimit } from '../bundles/export';
import { ProvenanceBook } from '../bundles/provenance';
import { applyImport, planImport, type MergeSource } from '../bundles/import';
import { conflictFile, listConflictFiles, readConflict, renderConflict } from '../bundles/conflicts';
import { loadProfile } from '../bundles/identity';
import type { Publisher } from '../bundles/format';
import { pouchdb, type PouchDB, type PouchDoc, type PouchError, type Replication, type ReplicationResult } from './pouch';
import { liveDoc, matchesScope, parseDoc, syncable, tombstone, type DocAuthor, type LiveDoc, type SyncDoc, type SyncScope } from './docs';
import { loadConfig, loadCredentials, replicaDir, saveConfig, type LastPass, type SyncConfig } from './config';

export interface PassResult {
  url: string;
  /** Documents written to the server / to this replica by replication. */
  pushed: number;
  pulled: number;
  /** Records that became (or stayed) conflicts because of what this pass brought. */
  conflicts: number;
  conflictIds: string[];
}

export interface SyncProgress {
  phase: 'mirror' | 'push' | 'pull' | 'apply';
  done: number;
  total: number;
}

export type SyncState = 'idle' | 'syncing' | 'continuous' | 'offline' | 'error';

const BATCH = 1000;
const APPLIED = '_local/socle-applied';

/** Turns PouchDB's errors into one clear line; nothing local has been changed when this is thrown by `connect`. */
export function remoteFailure(e: unknown, url: string): HubFailure {
  const err = (e ?? {}) as PouchError;
  if (err.status === 401 || err.status === 403) return new HubFailure('invalid', `The server at ${url} refused the credentials (HTTP ${err.status}); check the user name and password.`, { field: 'url' });
  if (err.status === 404) return new HubFailure('not-found', `No database at ${url}: check the URL (the server administrator creates the database, see docs/sync.md).`, { field: 'url' });
  if (err.status && err.status >= 400) return new HubFailure('internal', `The server at ${url} answered HTTP ${err.status}${err.reason ? ` (${String(err.reason).slice(0, 200)})` : ''}.`);
  return new HubFailure('internal', `Cannot reach ${url}: ${(err.message || err.code || 'no answer').slice(0, 200)}. Check the network and the address.`);
}

export class SyncService {
  private db: PouchDB | undefined;
  private opening: Promise<PouchDB> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private live: { push: Replication; pull: Replication; remote: PouchDB } | undefined;
  private unlisten: (() => void) | undefined;
  private readonly dirty = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private applyTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private wanted = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Documents per replication batch (tests make it small to interrupt a pass midway). */
  batchSize = BATCH;
  state: SyncState = 'idle';
  /** Milliseconds per step of the last pass (benchmarks, diagnostics). */
  timings = { mirror: 0, push: 0, pull: 0, apply: 0 };
  progress: SyncProgress | undefined;
  lastError: string | undefined;
  /** Counts since continuous sync started. */
  liveCounts = { pushed: 0, pulled: 0, conflicts: 0 };

  constructor(readonly hub: Hub) {
    hub.onClose(() => this.close());
  }

  get dataDir(): string {
    return this.hub.store.dataDir;
  }

  /** Sync work of one hub runs one step at a time (mirroring, applying, a pass). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** The replica, opened on first use. LevelDB allows one process: a second one gets a clear error. */
  async replica(): Promise<PouchDB> {
    if (this.db) return this.db;
    this.opening ??= (async () => {
      await fs.mkdir(replicaDir(this.dataDir), { recursive: true, mode: 0o700 });
      const Pouch = pouchdb();
      const db = new Pouch(replicaDir(this.dataDir));
      try {
        await db.info();
      } catch (e) {
        this.opening = undefined;
        const msg = (e as Error).message ?? '';
        if (/lock/i.test(msg)) throw new HubFailure('conflict', 'The sync replica of this data folder is open in another Socle (the app or a running "socle sync"); sync from there, or close it first.');
        throw new HubFailure('internal', `Cannot open the sync replica: ${msg.slice(0, 200)}`);
      }
      this.db = db;
      return db;
    })();
    return this.opening;
  }

  /** The server's database, checked (reachable, credentials accepted, database exists). */
  async connect(url: string, given?: { username: string; password: string }): Promise<PouchDB> {
    const creds = given ?? (await loadCredentials(this.dataDir, url));
    const Pouch = pouchdb();
    // Checked with a plain GET of the database first: PouchDB's info() reports a missing database
    // or refused credentials as a normal answer rather than an error.
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { Accept: 'application/json', ...(creds ? { Authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}` } : {}) },
        signal: AbortSignal.timeout(15_000),
      });
      await res.body?.cancel().catch(() => undefined);
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw remoteFailure({ message: cause?.code ?? cause?.message ?? (e as Error).message }, url);
    }
    if (!res.ok) throw remoteFailure({ status: res.status, reason: res.statusText }, url);
    return new Pouch(url, { skip_setup: true, ...(creds ? { auth: { username: creds.username, password: creds.password } } : {}) });
  }

  private async author(): Promise<DocAuthor> {
    const by = await loadProfile(this.dataDir);
    return { line: lineOf(this.hub), ...(by ? { by } : {}) };
  }

  // ---- 1. mirror ------------------------------------------------------------------------------

  /** All leaf revisions of a document (deleted ones included), parsed; invalid ones left out. */
  private async leaves(db: PouchDB, id: string): Promise<{ doc: SyncDoc; rev: string }[]> {
    let rows: { ok?: PouchDoc }[];
    try {
      rows = await db.get(id, { open_revs: 'all' });
    } catch (e) {
      if ((e as PouchError).status === 404) return [];
      throw e;
    }
    const out: { doc: SyncDoc; rev: string }[] = [];
    for (const row of rows) {
      if (!row.ok?._rev) continue;
      const doc = parseDoc(row.ok);
      if (doc) out.push({ doc, rev: row.ok._rev });
    }
    return out;
  }

  /** Mirrors one record (or its deletion) into the replica. */
  async mirrorOne(id: string, ctx?: { book: ProvenanceBook; withHistory?: Set<string>; author: DocAuthor; trash: Map<string, HubRecord> }): Promise<number> {
    const db = await this.replica();
    const c = ctx ?? { book: await ProvenanceBook.load(this.dataDir), author: await this.author(), trash: this.trashMap() };
    const rec = this.hub.store.get(id);
    const leaves = await this.leaves(db, id);
    if (rec) {
      if (!syncable(rec)) return 0;
      const h = contentHash(rec);
      const ancestors = await ancestorsOf(this.hub, rec, c.book, c.withHistory);
      const known = new Set(ancestors);
      const live = leaves.filter((l) => !l.doc._deleted);
      const mine = live.find((l) => l.doc.hash === h);
      const superseded = live.filter((l) => l !== mine && known.has(l.doc.hash));
      // Already there, and no version it supersedes is still open: nothing to write (rewriting
      // the same content for a longer ancestor list would only bounce between peers).
      if (mine && !superseded.length) return 0;
      const parent = mine ?? live.find((l) => known.has(l.doc.hash)) ?? leaves.find((l) => l.doc._deleted && (l.doc.hash === h || known.has(l.doc.hash)));
      const docs: PouchDoc[] = [];
      if (parent || !live.length) {
        // Continue the revision it descends from (or start the document, or undelete it).
        const parentRev = parent?.rev ?? leaves.find((l) => l.doc._deleted)?.rev;
        docs.push(liveDoc(rec, ancestors, c.author, parentRev));
      } else {
        // Changed here while an unknown version arrived: a branch beside it, as CouchDB makes for
        // concurrent edits, so both sides see both versions (never one written over the other).
        const other = live[0]!;
        const path = (await db.get(id, { rev: other.rev, revs: true }))._revisions as { start: number; ids: string[] };
        const branch = randomUUID().replace(/-/g, '');
        const doc = liveDoc(rec, ancestors, c.author);
        await db.bulkDocs([{ ...doc, _rev: `${path.start}-${branch}`, _revisions: { start: path.start, ids: [branch, ...path.ids.slice(1)] } }], { new_edits: false });
      }
      for (const l of superseded) if (l !== parent) docs.push(tombstone(id, l.rev, l.doc.hash, [], l.doc.meta, c.author));
      if (docs.length) await this.write(db, docs);
      return 1;
    }
    const trashed = c.trash.get(id);
    if (!trashed || !syncable(trashed)) return 0;
    const h = contentHash(trashed);
    const ancestors = await ancestorsOf(this.hub, trashed, c.book, c.withHistory);
    const known = new Set([h, ...ancestors]);
    const targets = leaves.filter((l) => !l.doc._deleted && known.has(l.doc.hash));
    if (!targets.length) return 0;
    await this.write(
      db,
      targets.map((l) => tombstone(id, l.rev, h, ancestors, l.doc.meta, c.author)),
    );
    return 1;
  }

  private async write(db: PouchDB, docs: PouchDoc[]): Promise<string[]> {
    const res = await db.bulkDocs(docs);
    const failed: string[] = [];
    for (const r of res) if ('error' in r && r.error) failed.push(r.id);
    return failed;
  }

  private trashMap(): Map<string, HubRecord> {
    return new Map(this.hub.store.listTrash().map((t) => [t.record.id, t.record]));
  }

  /** Mirrors the whole store: what changed since the last pass (by this process or another). */
  async mirrorAll(): Promise<number> {
    const db = await this.replica();
    const ctx = { book: await ProvenanceBook.load(this.dataDir), withHistory: await idsWithHistory(this.hub), author: await this.author(), trash: this.trashMap() };
    const winners = new Map<string, PouchDoc>();
    let startkey: string | undefined;
    for (;;) {
      const page = await db.allDocs({ include_docs: true, conflicts: true, limit: 2000, ...(startkey !== undefined ? { startkey, skip: 1 } : {}) });
      for (const row of page.rows) if (row.doc) winners.set(row.id, row.doc);
      if (page.rows.length < 2000) break;
      startkey = page.rows[page.rows.length - 1]!.id;
    }
    const records = [...this.hub.store.all()].filter(syncable);
    const total = records.length + ctx.trash.size;
    this.progress = { phase: 'mirror', done: 0, total };
    let changed = 0;
    const fresh: PouchDoc[] = [];
    const slow: string[] = [];
    await mapLimit(records, 16, async (r) => {
      const w = winners.get(r.id);
      const h = contentHash(r);
      if (!w) fresh.push(liveDoc(r, await ancestorsOf(this.hub, r, ctx.book, ctx.withHistory), ctx.author));
      else if (w.hash !== h || w._conflicts?.length) slow.push(r.id);
      this.progress!.done++;
    });
    for (const r of ctx.trash.values()) {
      const w = winners.get(r.id);
      if (w && syncable(r) && !w._deleted && w.hash === contentHash(r)) slow.push(r.id);
      this.progress!.done++;
    }
    for (let i = 0; i < fresh.length; i += BATCH) {
      // A document deleted on the server long ago has no winner here: written again one by one.
      const failed = await this.write(db, fresh.slice(i, i + BATCH));
      slow.push(...failed);
      changed += Math.min(BATCH, fresh.length - i) - failed.length;
    }
    for (const id of slow) changed += await this.mirrorOne(id, ctx);
    return changed;
  }

  // ---- 3. apply -------------------------------------------------------------------------------

  /** Applies to the store every revision the replica received since the last apply. */
  async applyPulled(): Promise<{ conflictIds: string[]; applied: number }> {
    const db = await this.replica();
    const since = await this.appliedSeq(db);
    const changed = new Map<string, PouchDoc>();
    let last: number | string = since;
    for (;;) {
      const page = await db.changes({ since: last, include_docs: true, conflicts: true, limit: 1000 });
      for (const r of page.results) if (r.doc && !r.id.startsWith('_')) changed.set(r.id, r.doc);
      if (!page.results.length || String(page.last_seq) === String(last)) break;
      last = page.last_seq;
    }
    if (!changed.size) {
      if (String(last) !== String(since)) await this.setAppliedSeq(db, last);
      return { conflictIds: [], applied: 0 };
    }

    const book = await ProvenanceBook.load(this.dataDir);
    const withHistory = await idsWithHistory(this.hub);
    const trash = this.trashMap();
    const own = lineOf(this.hub);
    const byLine = new Map<string, { by?: Publisher; items: Map<string, LiveDoc> }>();
    const toDelete: HubRecord[] = [];
    const toRestore: string[] = [];
    const touched: { id: string; live: LiveDoc[] }[] = [];
    this.progress = { phase: 'apply', done: 0, total: changed.size };

    for (const [id, raw] of changed) {
      this.progress.done++;
      const winner = parseDoc(raw);
      const all: SyncDoc[] = winner ? [winner] : [];
      if (raw._conflicts?.length) {
        const rows = (await db.get(id, { open_revs: raw._conflicts })) as { ok?: PouchDoc }[];
        for (const row of rows) {
          const d = row.ok && parseDoc(row.ok);
          if (d) all.push(d);
        }
      }
      const live = all.filter((d): d is LiveDoc => !d._deleted);
      const stored = this.hub.store.get(id);
      const local = this.hub.resolve(id);
      const trashed = local ? undefined : trash.get(id);
      if (!live.length) {
        // Deleted there: deleted here too if this is exactly the version that was deleted.
        if (winner?._deleted && stored && contentHash(stored) === winner.hash) toDelete.push(stored);
        continue;
      }
      touched.push({ id, live });
      const mineRec = local ?? trashed;
      const localHash = mineRec && contentHash(mineRec);
      if (trashed && winner && !winner._deleted && winner.hash === localHash) {
        toRestore.push(id); // restored there from the trash: restored here
        continue;
      }
      let known: Set<string> | undefined;
      for (const d of live) {
        if (d.hash === localHash) continue;
        if (mineRec) {
          known ??= new Set(await ancestorsOf(this.hub, mineRec, book, withHistory));
          if (known.has(d.hash)) continue; // an older version of ours
        }
        const group = byLine.get(d.line) ?? { by: d.by, items: new Map<string, LiveDoc>() };
        const prev = group.items.get(id);
        if (!prev || d.record.rev > prev.record.rev) group.items.set(id, d);
        byLine.set(d.line, group);
      }
    }

    const conflictIds = new Set<string>();
    let applied = 0;
    for (const [line, group] of byLine) {
      const publisher: Publisher = group.by ?? { name: line === own ? 'this Socle' : `Socle ${line.slice(0, 8)}`, organisation: '' };
      const source: MergeSource = {
        sha256: sha256(`sync:${line}:${randomUUID()}`),
        manifest: { line, bundleId: `sync-${randomUUID()}`, publisher },
        records: [...group.items.values()].map((d) => ({ entry: { ancestors: d.ancestors }, record: d.record })),
      };
      const plan = await planImport(this.hub, source);
      const summary = await applyImport(this.hub, plan);
      for (const id of summary.conflicts) conflictIds.add(id);
      applied += summary.written.records;
    }
    for (const r of toDelete) {
      await this.hub.api.delete({ id: r.id, rev: r.rev }).catch(() => undefined);
      applied++;
    }
    for (const id of toRestore) {
      await this.hub.api.restore({ id }).catch(() => undefined);
      applied++;
    }
    await this.closeSuperseded(touched);
    await this.setAppliedSeq(db, last);
    return { conflictIds: [...conflictIds], applied };
  }

  /** The replica's update sequence up to which everything was applied to the store (a local, never replicated, document). */
  private async appliedSeq(db: PouchDB): Promise<number | string> {
    try {
      return ((await db.get(APPLIED)) as PouchDoc & { seq?: number | string }).seq ?? 0;
    } catch (e) {
      if ((e as PouchError).status === 404) return 0;
      throw e;
    }
  }

  private async setAppliedSeq(db: PouchDB, seq: number | string): Promise<void> {
    const prev = await db.get(APPLIED).catch(() => undefined);
    await db.put({ _id: APPLIED, ...(prev?._rev ? { _rev: prev._rev } : {}), seq });
  }

  /**
   * A conflict whose incoming version a later revision descends from (a peer resolved it), or
   * that the store now holds, has nothing left to decide: it is removed from the conflicts list.
   */
  private async closeSuperseded(touched: { id: string; live: LiveDoc[] }[]): Promise<void> {
    for (const { id, live } of touched) {
      const file = await readConflict(this.dataDir, id).catch(() => undefined);
      if (!file) continue;
      const superseded = new Set(live.flatMap((d) => d.ancestors));
      const current = this.hub.resolve(id);
      const currentHash = current && contentHash(current);
      const keep = file.versions.filter((v) => !superseded.has(v.incomingHash) && v.incomingHash !== currentHash);
      if (keep.length === file.versions.length) continue;
      if (keep.length) await writeFileAtomic(conflictFile(this.dataDir, id), renderConflict({ id, versions: keep }));
      else await fs.rm(conflictFile(this.dataDir, id), { force: true });
      this.hub.notifyChange(id);
    }
  }

  // ---- 2. a pass, continuous sync ---------------------------------------------------------------

  /**
   * The replication filter of a scope; none without a scope (a filter makes PouchDB fetch every
   * changed document just to test it; what is not a valid Socle document is ignored by apply anyway).
   */
  private filter(scope: SyncScope): { filter?: (doc: PouchDoc) => boolean } {
    const scoped = scope.countries.length || scope.workshops.length || scope.types.length || scope.themes.length;
    return scoped ? { filter: (doc) => !doc._id.startsWith('_') && matchesScope(doc.meta, scope) } : {};
  }

  /** One pass: mirror, push, pull, apply. Throws one clear line if the server cannot be used. */
  pass(): Promise<PassResult> {
    return this.exclusive(async () => {
      const config = await this.requireConfig();
      const remote = await this.connect(config.url);
      const prevState = this.state;
      this.state = 'syncing';
      let pushed = 0;
      let pulled = 0;
      try {
        const tm = performance.now();
        const db = await this.replica();
        // When everything in the replica was applied already, what mirroring writes now is the
        // store itself: mark it applied, so the apply step reads only what the pull brings.
        const caughtUp = !this.live && String((await db.info()).update_seq) === String(await this.appliedSeq(db));
        await this.mirrorAll();
        if (caughtUp) await this.setAppliedSeq(db, (await db.info()).update_seq);
        this.timings.mirror = performance.now() - tm;
        const filter = this.filter(config.scope);
        const localCount = (await db.info()).doc_count;
        this.progress = { phase: 'push', done: 0, total: localCount };
        const push = await this.replicate(db.replicate.to(remote, { ...filter, batch_size: this.batchSize }), (n) => (this.progress = { phase: 'push', done: n, total: localCount }));
        pushed = push.docs_written;
        this.timings.push = performance.now() - tm - this.timings.mirror;
        const remoteCount = (await remote.info()).doc_count;
        this.progress = { phase: 'pull', done: 0, total: remoteCount };
        let pullError: unknown;
        const pull = await this.replicate(db.replicate.from(remote, { ...filter, batch_size: this.batchSize }), (n) => (this.progress = { phase: 'pull', done: n, total: remoteCount })).catch((e: unknown) => {
          pullError = e;
          return undefined;
        });
        pulled = pull?.docs_written ?? 0;
        // What did arrive before an interruption is applied all the same (applying is idempotent).
        const ta = performance.now();
        this.timings.pull = ta - tm - this.timings.mirror - this.timings.push;
        const { conflictIds } = await this.applyPulled();
        this.timings.apply = performance.now() - ta;
        if (pullError) throw pullError;
        const result: PassResult = { url: config.url, pushed, pulled, conflicts: conflictIds.length, conflictIds };
        await this.remember(config, { at: new Date().toISOString(), ok: true, pushed, pulled, conflicts: conflictIds.length }, true);
        this.lastError = undefined;
        return result;
      } catch (e) {
        const failure = e instanceof HubFailure ? e : remoteFailure(e, config.url);
        this.lastError = failure.message;
        await this.remember(config, { at: new Date().toISOString(), ok: false, pushed, pulled, conflicts: 0, error: failure.message.slice(0, 500) }, false).catch(() => undefined);
        throw failure;
      } finally {
        this.progress = undefined;
        this.state = prevState === 'continuous' ? 'continuous' : 'idle';
        await remote.close().catch(() => undefined);
      }
    });
  }

  private async replicate(rep: Replication, onDocs: (n: number) => void): Promise<ReplicationResult> {
    let written = 0;
    rep.on('change', (info) => {
      written = info.docs_written ?? written;
      onDocs(written);
    });
    return await rep;
  }

  private async requireConfig(): Promise<SyncConfig> {
    const config = await loadConfig(this.dataDir);
    if (!config) throw new HubFailure('invalid', 'No sync server yet: give its URL first (socle sync <url>, or the Sync panel).', { field: 'url' });
    return config;
  }

  private async remember(config: SyncConfig, last: LastPass, done: boolean): Promise<void> {
    const now = (await loadConfig(this.dataDir)) ?? config;
    await saveConfig(this.dataDir, { ...now, last, initialDone: now.initialDone || done });
  }

  /** Starts continuous sync: a pass, then live replication both ways with retries. */
  async start(): Promise<void> {
    if (this.live) return;
    await this.pass();
    const config = await this.requireConfig();
    const remote = await this.connect(config.url);
    const db = await this.replica();
    const filter = this.filter(config.scope);
    this.liveCounts = { pushed: 0, pulled: 0, conflicts: 0 };
    const backoff = (delay: number) => Math.min(Math.max(delay * 2, 1000), 30_000);
    const push = db.replicate.to(remote, { live: true, retry: true, ...filter, batch_size: 100, back_off_function: backoff });
    const pull = db.replicate.from(remote, { live: true, retry: true, ...filter, batch_size: 100, back_off_function: backoff });
    this.live = { push, pull, remote };
    this.state = 'continuous';
    push.on('change', (info) => {
      this.liveCounts.pushed += info.docs_written ?? 0;
      void this.remember(config, { at: new Date().toISOString(), ok: true, pushed: this.liveCounts.pushed, pulled: this.liveCounts.pulled, conflicts: this.liveCounts.conflicts }, true).catch(() => undefined);
    });
    pull.on('change', (info) => {
      this.liveCounts.pulled += info.docs_written ?? 0;
      this.scheduleApply(config);
    });
    const onError = (e: unknown) => {
      this.state = this.live ? 'offline' : this.state;
      this.lastError = remoteFailure(e, config.url).message;
    };
    push.on('error', onError);
    pull.on('error', onError);
    for (const rep of [push, pull]) {
      rep.on('paused', (err) => {
        if (!this.live) return;
        if (err) onError(err);
        else this.state = 'continuous';
      });
      rep.on('active', () => {
        if (this.live) this.state = 'continuous';
      });
    }
    this.unlisten = this.hub.onRecordChange((id) => {
      this.dirty.add(id);
      clearTimeout(this.flushTimer);
      this.flushTimer = setTimeout(() => void this.flush(), 30);
      this.flushTimer.unref?.();
    });
  }

  private flush(): Promise<void> {
    return this.exclusive(async () => {
      if (this.closed) return;
      const ids = [...this.dirty];
      this.dirty.clear();
      const ctx = { book: await ProvenanceBook.load(this.dataDir), author: await this.author(), trash: this.trashMap() };
      for (const id of ids) await this.mirrorOne(id, ctx).catch((e: unknown) => (this.lastError = (e as Error).message));
    });
  }

  private scheduleApply(config: SyncConfig): void {
    clearTimeout(this.applyTimer);
    this.applyTimer = setTimeout(() => {
      void this.exclusive(async () => {
        if (this.closed) return;
        const { conflictIds } = await this.applyPulled();
        this.liveCounts.conflicts += conflictIds.length;
        await this.remember(config, { at: new Date().toISOString(), ok: true, pushed: this.liveCounts.pushed, pulled: this.liveCounts.pulled, conflicts: this.liveCounts.conflicts }, true);
      }).catch((e: unknown) => (this.lastError = (e as Error).message));
    }, 30);
    this.applyTimer.unref?.();
  }

  /**
   * Continuous sync while online: started now if the server answers; if it cannot be reached,
   * tried again every 15 s until it can (or until stop). Refused credentials or a wrong URL are
   * thrown (retrying would not help).
   */
  async keepInStep(): Promise<void> {
    this.wanted = true;
    clearTimeout(this.retryTimer);
    try {
      await this.start();
    } catch (e) {
      if (e instanceof HubFailure && e.code !== 'internal') {
        this.wanted = false;
        throw e;
      }
      if (!this.wanted || this.closed) return;
      this.state = 'offline';
      this.lastError = e instanceof Error ? e.message : String(e);
      this.retryTimer = setTimeout(() => void this.keepInStep().catch(() => undefined), 15_000);
      this.retryTimer.unref?.();
    }
  }

  async stop(): Promise<void> {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    this.unlisten?.();
    this.unlisten = undefined;
    clearTimeout(this.flushTimer);
    clearTimeout(this.applyTimer);
    const live = this.live;
    this.live = undefined;
    if (live) {
      live.push.cancel();
      live.pull.cancel();
      await live.remote.close().catch(() => undefined);
    }
    if (this.dirty.size) await this.flush();
    await this.queue;
    if (this.state !== 'syncing') this.state = 'idle';
  }

  get continuous(): boolean {
    return !!this.live;
  }

  async openConflicts(): Promise<number> {
    const { files } = await listConflictFiles(this.dataDir);
    return files.reduce((n, f) => n + f.versions.length, 0);
  }

  async close(): Promise<void> {
    await this.stop();
    this.closed = true;
    const db = this.db;
    this.db = undefined;
    this.opening = undefined;
    await db?.close().catch(() => undefined);
  }
}
