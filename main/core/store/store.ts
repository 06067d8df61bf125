/**
 * The record store: lowdb documents sharded one file per record, so saving one practice rewrites
 * one small file, never the whole library.
 *
 *   <data>/records/<type>/<id>.json   { record }            the current revision
 *   <data>/history/<id>.json          { revisions: [...] }  the previous revisions (last 20)
 *   <data>/trash/<id>.json            { record, deletedAt } deleted records, restorable
 *   <data>/quarantine/                files that could not be read, moved aside, never overwritten
 *
 * Every write is atomic (./atomic-file.ts). Updates carry the revision they started from; a stale
 * revision is refused as a conflict. The current revision is re-read from disk before the check,
 * so two processes on one data directory (the app and the CLI) cannot overwrite each other.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Low } from 'lowdb';
import { AtomicJsonFile, CorruptFileError, writeFileAtomic } from './atomic-file';
import { HubFailure, invalidFromZod } from '../result';
import {
  EDITABLE_TYPES,
  RECORD_TYPES,
  recordSchema,
  type HubRecord,
  type Origin,
  type RecordType,
} from '../model';

export const HISTORY_LIMIT = 20;

interface RecordShard {
  record: HubRecord;
}
interface HistoryShard {
  revisions: HubRecord[];
}
export interface TrashEntry {
  record: HubRecord;
  deletedAt: string;
}

/** A problem met while opening the store; the rest of the data still loads. */
export interface StoreProblem {
  file: string;
  message: string;
  /** Where the unreadable file was moved to. */
  movedTo?: string;
}

export interface StoreEvents {
  onChange?: (record: HubRecord | null, id: string) => void;
}

const SHARD_NAME = /^[a-z0-9][a-z0-9._-]*\.json$/;

export class RecordStore {
  private readonly records = new Map<string, HubRecord>();
  private readonly trash = new Map<string, TrashEntry>();
  private readonly locks = new Map<string, Promise<unknown>>();
  readonly problems: StoreProblem[] = [];
  private installId = '';

  private constructor(
    readonly dataDir: string,
    private readonly events: StoreEvents,
  ) {}

  /** Opens (creating if needed) a data directory and loads every readable record. */
  static async open(dataDir: string, events: StoreEvents = {}): Promise<RecordStore> {
    const store = new RecordStore(path.resolve(dataDir), events);
    await store.load();
    return store;
  }

  get id(): string {
    return this.installId;
  }

  private recordFile(type: RecordType, id: string): string {
    return path.join(this.dataDir, 'records', type, `${id}.json`);
  }
  /** The files that hold a record's state, for callers that must snapshot them (bundle imports journal them). */
  filesOf(type: RecordType, id: string): { record: string; history: string; trash: string } {
    return { record: this.recordFile(type, id), history: this.historyFile(id), trash: this.trashFile(id) };
  }
  private historyFile(id: string): string {
    return path.join(this.dataDir, 'history', `${id}.json`);
  }
  private trashFile(id: string): string {
    return path.join(this.dataDir, 'trash', `${id}.json`);
  }

  private async load(): Promise<void> {
    await fs.mkdir(this.dataDir, { recursive: true });
    this.installId = await this.loadInstallId();
    const files: { file: string; kind: 'record' | 'trash' }[] = [];
    for (const type of RECORD_TYPES) {
      const dir = path.join(this.dataDir, 'records', type);
      for (const name of await listJson(dir)) files.push({ file: path.join(dir, name), kind: 'record' });
    }
    const trashDir = path.join(this.dataDir, 'trash');
    for (const name of await listJson(trashDir)) files.push({ file: path.join(trashDir, name), kind: 'trash' });

    await mapLimit(files, 64, async ({ file, kind }) => {
      try {
        const raw = await new AtomicJsonFile<RecordShard & TrashEntry>(file).read();
        const parsed = recordSchema.safeParse(raw?.record);
        if (!parsed.success) {
          const err = invalidFromZod(parsed.error, 'record');
          throw new CorruptFileError(file, err.message.replace(/^Invalid record: /, 'invalid record: '));
        }
        const record = parsed.data;
        if (`${record.id}.json` !== path.basename(file)) throw new CorruptFileError(file, `holds record "${record.id}", not the one its name says`);
        if (kind === 'record') this.records.set(record.id, record);
        else this.trash.set(record.id, { record, deletedAt: String(raw?.deletedAt ?? record.updatedAt) });
      } catch (e) {
        await this.quarantine(file, e);
      }
    });
  }

  private async loadInstallId(): Promise<string> {
    const file = path.join(this.dataDir, 'install.json');
    try {
      const raw = JSON.parse(await fs.readFile(file, 'utf8')) as { installId?: unknown };
      if (typeof raw.installId === 'string' && raw.installId) return raw.installId;
    } catch {
      // missing or unreadable: a new id is made below (the old one identified nothing else)
    }
    const installId = randomUUID();
    await writeFileAtomic(file, JSON.stringify({ installId, createdAt: new Date().toISOString() }) + '\n');
    return installId;
  }

  /** Moves an unreadable file aside (never overwriting anything) and records the problem. */
  private async quarantine(file: string, e: unknown): Promise<void> {
    const message = e instanceof Error ? e.message : String(e);
    const qdir = path.join(this.dataDir, 'quarantine');
    await fs.mkdir(qdir, { recursive: true });
    const rel = path.relative(this.dataDir, file).replace(/[\\/]/g, '__');
    const target = path.join(qdir, `${new Date().toISOString().replace(/[:.]/g, '-')}__${rel}`);
    try {
      await fs.rename(file, target);
      this.problems.push({ file, message, movedTo: target });
    } catch {
      this.problems.push({ file, message });
    }
  }

  /** Serialises operations on one id within this process. */
  private withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(id, settled);
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    });
    return next;
  }

  get(id: string): HubRecord | undefined {
    return this.records.get(id);
  }

  all(): IterableIterator<HubRecord> {
    return this.records.values();
  }

  count(): number {
    return this.records.size;
  }

  listTrash(): TrashEntry[] {
    return [...this.trash.values()].sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
  }

  inTrash(id: string): boolean {
    return this.trash.has(id);
  }

  newId(type: RecordType): string {
    return `${type}-${randomUUID().slice(0, 8)}${Date.now().toString(36)}`;
  }

  localOrigin(): Origin {
    return { kind: 'local', installId: this.installId };
  }

  /** Re-reads the current revision from disk (another process may have saved it). */
  private async readCurrent(type: RecordType, id: string): Promise<HubRecord | undefined> {
    const file = this.recordFile(type, id);
    const raw = await new AtomicJsonFile<RecordShard>(file).read();
    if (!raw) return undefined;
    const parsed = recordSchema.safeParse(raw.record);
    if (!parsed.success) throw new CorruptFileError(file, 'the saved record is not valid');
    this.records.set(id, parsed.data);
    return parsed.data;
  }

  /**
   * Saves a record. `baseRev` is the revision the caller's edit started from: 0 to create, or the
   * current revision to update. `fallback` is the record that stands when the store has no copy
   * (bundled library content, which the first edit copies into the store).
   * Returns the saved record with rev = baseRev + 1.
   * `keepRev` saves the record as given (bundle imports keep the publisher's revision and dates);
   * with it, `expectRev` is the revision that must still be on disk (0: none), so that an import
   * never overwrites an edit made after it looked.
   */
  save(
    record: HubRecord,
    baseRev: number,
    opts: { fallback?: HubRecord; keepRev?: boolean; expectRev?: number } = {},
  ): Promise<HubRecord> {
    return this.withLock(record.id, async () => {
      if (!(EDITABLE_TYPES as readonly string[]).includes(record.type)) {
        throw new HubFailure('read-only', `Records of type "${record.type}" are part of the bundled library and cannot be changed.`);
      }
      const current = (await this.readCurrent(record.type, record.id)) ?? opts.fallback;
      const currentRev = current?.rev ?? 0;
      if (current && current.type !== record.type) {
        throw new HubFailure('conflict', `Record "${record.id}" is a ${current.type}, not a ${record.type}.`, { details: { current } });
      }
      if (!opts.keepRev && baseRev !== currentRev) {
        throw new HubFailure(
          'conflict',
          currentRev === 0
            ? `Record "${record.id}" no longer exists.`
            : `Record "${record.id}" was changed elsewhere (now at revision ${currentRev}, your edit started from ${baseRev}).`,
          { details: { current: current ?? null } },
        );
      }
      if (opts.keepRev && opts.expectRev !== undefined && opts.expectRev !== currentRev) {
        throw new HubFailure('conflict', `Record "${record.id}" was changed elsewhere (now at revision ${currentRev}, expected ${opts.expectRev}).`, {
          details: { current: current ?? null },
        });
      }
      const now = new Date().toISOString();
      const next: HubRecord = opts.keepRev
        ? record
        : {
            ...record,
            rev: currentRev + 1,
            createdAt: current?.createdAt ?? now,
            updatedAt: now,
            origin: current?.origin ?? record.origin,
          };
      const parsed = recordSchema.safeParse(next);
      if (!parsed.success) throw invalidFromZod(parsed.error, record.type);
      if (current) await this.appendHistory(current);
      const db = new Low<RecordShard>(new AtomicJsonFile(this.recordFile(record.type, record.id)), { record: parsed.data });
      db.data = { record: parsed.data };
      await db.write();
      this.records.set(record.id, parsed.data);
      if (this.trash.delete(record.id)) await fs.rm(this.trashFile(record.id), { force: true });
      this.events.onChange?.(parsed.data, record.id);
      return parsed.data;
    });
  }

  private async appendHistory(previous: HubRecord): Promise<void> {
    const db = new Low<HistoryShard>(new AtomicJsonFile(this.historyFile(previous.id)), { revisions: [] });
    try {
      await db.read();
    } catch (e) {
      // A damaged history must not block saving: keep it aside and start a new one.
      await this.quarantine(this.historyFile(previous.id), e);
      db.data = { revisions: [] };
    }
    const revisions = Array.isArray(db.data?.revisions) ? db.data.revisions : [];
    if (revisions.some((r) => r.rev === previous.rev)) return;
    db.data = { revisions: [...revisions, previous].slice(-HISTORY_LIMIT) };
    await db.write();
  }

  /**
   * Re-reads records from disk after their files were put back underneath the store (a bundle
   * import rolling back): memory, trash and listeners follow the files again.
   */
  async reload(refs: { id: string; type: RecordType }[]): Promise<void> {
    for (const { id, type } of refs) {
      await this.withLock(id, async () => {
        const record = await this.readCurrent(type, id).catch(() => undefined);
        if (!record) this.records.delete(id);
        const raw = await new AtomicJsonFile<TrashEntry>(this.trashFile(id)).read().catch(() => null);
        const trashed = recordSchema.safeParse(raw?.record);
        if (trashed.success) this.trash.set(id, { record: trashed.data, deletedAt: String(raw?.deletedAt ?? trashed.data.updatedAt) });
        else this.trash.delete(id);
        this.events.onChange?.(record ?? null, id);
      });
    }
  }

  /** Previous revisions, newest first (the current one is not included). */
  async history(id: string): Promise<HubRecord[]> {
    const db = new Low<HistoryShard>(new AtomicJsonFile(this.historyFile(id)), { revisions: [] });
    await db.read();
    const out: HubRecord[] = [];
    for (const r of db.data?.revisions ?? []) {
      const parsed = recordSchema.safeParse(r);
      if (parsed.success) out.push(parsed.data);
    }
    return out.sort((a, b) => b.rev - a.rev);
  }

  /**
   * Moves a record to the trash. `record` is what is being deleted (a stored record or bundled
   * content, which the trash then hides). With `rev`, a stale deletion is refused as a conflict.
   */
  delete(record: HubRecord, rev?: number): Promise<TrashEntry> {
    return this.withLock(record.id, async () => {
      const current = (await this.readCurrent(record.type, record.id).catch(() => undefined)) ?? record;
      if (rev !== undefined && rev !== current.rev) {
        throw new HubFailure('conflict', `Record "${record.id}" was changed elsewhere (now at revision ${current.rev}).`, {
          details: { current },
        });
      }
      const entry: TrashEntry = { record: current, deletedAt: new Date().toISOString() };
      await new AtomicJsonFile<TrashEntry>(this.trashFile(record.id)).write(entry);
      await fs.rm(this.recordFile(record.type, record.id), { force: true });
      this.records.delete(record.id);
      this.trash.set(record.id, entry);
      this.events.onChange?.(null, record.id);
      return entry;
    });
  }

  /** Takes a record out of the trash. Bundled content simply becomes visible again. */
  restore(id: string, opts: { isLibrary: boolean }): Promise<HubRecord> {
    return this.withLock(id, async () => {
      const entry = this.trash.get(id);
      if (!entry) throw new HubFailure('not-found', `Nothing named "${id}" is in the trash.`);
      const onDisk = this.records.get(id) ?? (await this.readCurrent(entry.record.type, id).catch(() => undefined));
      if (onDisk) throw new HubFailure('conflict', `A record "${id}" exists again; it was not replaced.`, { details: { current: onDisk } });
      const record = entry.record;
      if (!(opts.isLibrary && record.origin.kind === 'library' && record.rev === 1)) {
        await new AtomicJsonFile<RecordShard>(this.recordFile(record.type, id)).write({ record });
        this.records.set(id, record);
      }
      await fs.rm(this.trashFile(id), { force: true });
      this.trash.delete(id);
      this.events.onChange?.(record, id);
      return record;
    });
  }
}

async function listJson(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter((n) => SHARD_NAME.test(n));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}
