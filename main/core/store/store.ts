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
 * under a per-record lock file shared by every process (./file-lock.ts), so two processes on one
 * data directory (the app and the CLI, two servers) cannot both save from the same revision.
 *
 * Opening reads every record and trash file (synchronous reads in batches, yielding between
 * batches: ~3.5x faster than 10,000 async readFile calls through the thread pool). Every file is
 * parsed, and validated with the zod schema unless its exact bytes were validated before: see
 * `TrustManifest` below.
 *
 * What stays in memory: every record, except that a large store (from `textsOnDiskFrom` records
 * at open, 25,000 by default) keeps its records' long texts (body, results, lessons) on disk and
 * reads them from the record's file when a caller reads them: see `LAZY_TEXT_FIELDS` below.
 */
import { promises as fs, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hash as cryptoHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Low } from 'lowdb';
import { AtomicJsonFile, CorruptFileError, removeFileDurably, removeStaleTemps, tempHostTag, writeFileAtomic } from './atomic-file';
import { waitForRecordLocks, withFileLock } from './file-lock';
import { quarantineFile, type StoreProblem } from './quarantine';
import { HubFailure, invalidFromZod } from '../result';
import { yieldToLoop } from '../event-loop';
import {
  EDITABLE_TYPES,
  RECORD_TYPES,
  originSchema,
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

export type { StoreProblem } from './quarantine';

export interface StoreEvents {
  /** `source` is 'disk' when another process wrote the change (see refresh), else this store did. */
  onChange?: (record: HubRecord | null, id: string, source?: 'here' | 'disk') => void;
}

const SHARD_NAME = /^[a-z0-9][a-z0-9._-]*\.json$/;

/**
 * The trust manifest, `<data>/index/store-manifest.json`: for each record or trash file (path
 * relative to the data dir), the SHA-256 of the bytes that last passed full validation (or that
 * this store wrote after validating them), under a fingerprint of the record schema. At open, a
 * file whose bytes hash to its manifest entry is only parsed, not validated with zod again (zod
 * costs ~100-170 ms of the ~450 ms it takes to open 10,000 records); any other file is fully
 * validated and quarantined when invalid, exactly as without a manifest.
 *
 * Why a content hash and not size + mtime: a file edited behind the store's back with the same
 * size can keep its mtime (cp -p, rsync -t, tar, `touch -r`, a backup restore, or simply an edit
 * within the file system's timestamp granularity: a kernel tick on Linux, 2 s on FAT), and then
 * the cheap test would wave an invalid file through. Hashing costs ~30 ms per 10,000 files (the
 * bytes are read anyway), so "same bytes" is checked exactly and nothing depends on timestamps.
 *
 * The manifest only ever skips validation; the record always comes from the file's current
 * bytes. It is a cache: missing, unreadable, of another format or schema fingerprint, it is
 * ignored (every file is validated) and rewritten. Trust is only recorded for a file whose parsed
 * record is exactly what zod returns for it (no defaults filled in, no keys dropped), so skipping
 * zod later yields the same record. Bump STORE_VALIDATION_VERSION when a check that the JSON
 * schema does not show (a refine) changes; other schema changes change the fingerprint.
 */
const STORE_VALIDATION_VERSION = 1;
const MANIFEST_FORMAT = 'socle-store-manifest/1';
/** Files read synchronously between two yields to the event loop at open. */
const READ_BATCH = 100;

/**
 * Long texts read on demand (issue 13: 100,000 practices in <= 1 GB). From `textsOnDiskFrom`
 * records, the record the store holds has these fields, when longer than LAZY_MIN_CHARS, as
 * accessor properties: reading one reads the record's file (a small cache keeps the last few),
 * so the texts (about 2/3 of a practice's memory) stay on disk. Every other field stays in memory,
 * so listings, facets and summaries walk records as before; the objects behave as plain records
 * for every reader (spread, JSON.stringify, zod, structured clone for IPC and workers all read
 * the accessors). Assigning one of these fields makes it a plain field of that object again.
 *
 * A held object always gives the texts of the version it was read as: its file's bytes are
 * hashed, and when another process has replaced the file since (the watcher's refresh has not
 * run yet), its texts come from the previous revisions in history/ or the trash file, where
 * every save and delete put them; the current file's texts only when neither has them.
 */
const LAZY_TEXT_FIELDS = ['body', 'results', 'lessons'] as const;
type LazyTextField = (typeof LAZY_TEXT_FIELDS)[number];
const LAZY_MIN_CHARS = 200;
/** From this many records at open, a store keeps long texts on disk (see LAZY_TEXT_FIELDS); SOCLE_STORE_TEXTS_ON_DISK_FROM overrides. */
export const TEXTS_ON_DISK_FROM = 25_000;
/** Parsed files kept for their texts (a page of results, a record and its neighbours). */
const TEXT_CACHE_SIZE = 64;
/** Where a held record's texts are: the store and the hash of the bytes the record was read as. */
const TEXT_SOURCE = Symbol('socle.textSource');
interface TextSource {
  store: RecordStore;
  hash: string;
}
const lazyDescriptors = Object.fromEntries(
  LAZY_TEXT_FIELDS.map((field) => [
    field,
    {
      get(this: HubRecord & { [TEXT_SOURCE]: TextSource }): string {
        const src = this[TEXT_SOURCE];
        return src.store.textOf(this, src.hash, field);
      },
      set(this: object, value: unknown): void {
        Object.defineProperty(this, field, { value, writable: true, enumerable: true, configurable: true });
      },
      enumerable: true,
      configurable: true,
    } satisfies PropertyDescriptor,
  ]),
) as Record<LazyTextField, PropertyDescriptor>;

function isLazyField(k: string): k is LazyTextField {
  return (LAZY_TEXT_FIELDS as readonly string[]).includes(k);
}

function defaultTextsOnDiskFrom(): number {
  const env = process.env.SOCLE_STORE_TEXTS_ON_DISK_FROM;
  return env && Number.isInteger(Number(env)) && Number(env) >= 0 ? Number(env) : TEXTS_ON_DISK_FROM;
}

export interface StoreOptions {
  /** From this many records at open (0: always), long texts stay on disk (see LAZY_TEXT_FIELDS). Default TEXTS_ON_DISK_FROM. */
  textsOnDiskFrom?: number;
}

interface TrustManifest {
  format: string;
  schema: string;
  /** data-dir relative path (forward slashes) -> `contentHash` of the validated bytes */
  files: Record<string, string>;
}

let schemaFingerprintMemo: string | null | undefined;
/** A fingerprint of the record schema (its JSON Schema), or null when it cannot be computed (no trust). */
function schemaFingerprint(): string | null {
  if (schemaFingerprintMemo === undefined) {
    try {
      const json = JSON.stringify(z.toJSONSchema(recordSchema, { unrepresentable: 'any' }));
      schemaFingerprintMemo = `${STORE_VALIDATION_VERSION}.${contentHash(json)}`;
    } catch {
      schemaFingerprintMemo = null;
    }
  }
  return schemaFingerprintMemo;
}

/** SHA-256, base64url, cut to 132 bits: plenty to tell versions of a file apart (it is not a signature). */
function contentHash(data: string | Uint8Array): string {
  return cryptoHash('sha256', data, 'base64url').slice(0, 22);
}

/** The bytes a shard is written as (what AtomicJsonFile.write writes). */
function shardText(data: unknown): string {
  return JSON.stringify(data, null, 1) + '\n';
}

/**
 * True when the zod output is the input as it was: same values, no key added (a default) or
 * dropped (an unknown key), key order aside. Then skipping zod later gives the same record.
 */
function isCanonical(input: unknown, output: unknown): boolean {
  if (input === output) return true;
  if (typeof input !== 'object' || typeof output !== 'object' || input === null || output === null) return false;
  if (Array.isArray(input) || Array.isArray(output)) {
    if (!Array.isArray(input) || !Array.isArray(output) || input.length !== output.length) return false;
    for (let i = 0; i < input.length; i++) if (!isCanonical(input[i], output[i])) return false;
    return true;
  }
  const a = input as Record<string, unknown>;
  const b = output as Record<string, unknown>;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!Object.hasOwn(b, k) || !isCanonical(a[k], b[k])) return false;
  return true;
}

type ParsedShard = { raw: (Partial<RecordShard & TrashEntry> & Record<string, unknown>) | null; hash: string };

/** Reads and parses a shard; null when the file does not exist. Corrupt JSON throws a CorruptFileError. */
function parseShard(file: string, bytes: Buffer): ParsedShard {
  const hash = contentHash(bytes);
  try {
    return { raw: JSON.parse(bytes.toString('utf8')) as ParsedShard['raw'], hash };
  } catch (e) {
    throw new CorruptFileError(file, `not valid JSON (${(e as Error).message})`);
  }
}

async function readShard(file: string): Promise<ParsedShard | null> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return parseShard(file, bytes);
}

function readShardSync(file: string): ParsedShard | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return parseShard(file, bytes);
}


export class RecordStore {
  private readonly records = new Map<string, HubRecord>();
  private readonly trash = new Map<string, TrashEntry>();
  private readonly locks = new Map<string, Promise<unknown>>();
  /** id -> hash of its record file's bytes (what the record was read from or written as). */
  private readonly hashes = new Map<string, string>();
  /** The trust manifest in memory (see TrustManifest); null when the schema has no fingerprint. */
  private trusted: Map<string, string> | null = null;
  private trustDirty = false;
  private trustWrite: Promise<void> | undefined;
  readonly problems: StoreProblem[] = [];
  private installId = '';
  /** What the last open did: files read; of those, trusted (parsed only) and validated with zod (passed or not). */
  loadStats = { files: 0, trusted: 0, validated: 0 };
  /** True when the records' long texts stay on disk (see LAZY_TEXT_FIELDS); decided at open. */
  lazyTexts = false;
  /** hash of a record file's bytes -> its long texts (the last TEXT_CACHE_SIZE files read for them). */
  private readonly textCache = new Map<string, Partial<Record<LazyTextField, string>>>();

  private constructor(
    readonly dataDir: string,
    private readonly events: StoreEvents,
    private readonly options: StoreOptions = {},
  ) {}

  /** Opens (creating if needed) a data directory and loads every readable record. */
  static async open(dataDir: string, events: StoreEvents = {}, options: StoreOptions = {}): Promise<RecordStore> {
    const store = new RecordStore(path.resolve(dataDir), events, options);
    await store.load();
    return store;
  }

  /**
   * Holds `record` (read or written as bytes hashing to `hash`) as the current version of its id:
   * as it is, or, in a large store, with its long texts left in its file (see LAZY_TEXT_FIELDS).
   */
  private hold(record: HubRecord, hash: string): void {
    this.records.set(record.id, this.lazyTexts ? this.withTextsOnDisk(record, hash) : record);
    this.hashes.set(record.id, hash);
  }

  private withTextsOnDisk(record: HubRecord, hash: string): HubRecord {
    const r = record as unknown as Record<string, unknown>;
    if (!LAZY_TEXT_FIELDS.some((k) => typeof r[k] === 'string' && (r[k] as string).length >= LAZY_MIN_CHARS)) return record;
    const lazy = (k: string, v: unknown): k is LazyTextField => isLazyField(k) && typeof v === 'string' && v.length >= LAZY_MIN_CHARS;
    // Built in this order (Object.fromEntries, then the accessors, then the source) so that V8
    // keeps a compact shared shape for all of them: ~1.3 KB a practice instead of ~4.2 KB with
    // its texts; assigning keys one by one or redefining a field in place makes a dictionary
    // object (~2.7 KB). The texts' keys come last (key order is not part of a record's meaning).
    const out = Object.fromEntries(Object.entries(r).filter(([k, v]) => !lazy(k, v)));
    for (const k of LAZY_TEXT_FIELDS) {
      const v = r[k];
      if (lazy(k, v)) Object.defineProperty(out, k, lazyDescriptors[k]);
    }
    Object.defineProperty(out, TEXT_SOURCE, { value: { store: this, hash } satisfies TextSource });
    return out as unknown as HubRecord;
  }

  private cacheTexts(hash: string, texts: Partial<Record<LazyTextField, string>>): void {
    this.textCache.delete(hash);
    this.textCache.set(hash, texts);
    if (this.textCache.size > TEXT_CACHE_SIZE) this.textCache.delete(this.textCache.keys().next().value!);
  }

  /**
   * A long text of a record held with its texts on disk (the accessor of LAZY_TEXT_FIELDS): from
   * its file when the file still holds the bytes `hash` names, else from the previous revisions
   * (history, trash), where the writer put that version. Never throws: a listing must not fail
   * because one file went away; the text is then '' (the file, its history and trash all gone).
   */
  textOf(record: HubRecord, hash: string, field: LazyTextField): string {
    const cached = this.textCache.get(hash);
    if (cached) {
      this.cacheTexts(hash, cached);
      return cached[field] ?? '';
    }
    const pick = (r: unknown): Partial<Record<LazyTextField, string>> => {
      const texts: Partial<Record<LazyTextField, string>> = {};
      for (const k of LAZY_TEXT_FIELDS) {
        const v = (r as Record<string, unknown> | undefined)?.[k];
        if (typeof v === 'string') texts[k] = v;
      }
      return texts;
    };
    const read = (file: string): ParsedShard | null => {
      try {
        return readShardSync(file);
      } catch {
        return null;
      }
    };
    let texts: Partial<Record<LazyTextField, string>> | undefined;
    const shard = read(this.recordFile(record.type, record.id));
    if (shard?.hash === hash) texts = pick(shard.raw?.record);
    else {
      // Replaced (or removed) by another process since this version was read: its revision was kept.
      const sameVersion = (r: unknown) => {
        const x = r as Partial<HubRecord> | undefined;
        return !!x && x.id === record.id && x.rev === record.rev && x.updatedAt === record.updatedAt;
      };
      const history = read(this.historyFile(record.id))?.raw as Partial<HistoryShard> | null | undefined;
      const kept = (Array.isArray(history?.revisions) ? history.revisions : []).find(sameVersion) ?? [read(this.trashFile(record.id))?.raw?.record].find(sameVersion);
      const current = shard?.raw?.record as Partial<HubRecord> | undefined;
      if (kept) texts = pick(kept);
      else if (current?.id === record.id) texts = pick(current);
      if (!kept) return texts?.[field] ?? ''; // not cached under this hash: these are another version's texts
    }
    this.cacheTexts(hash, texts ?? {});
    return texts?.[field] ?? '';
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
  private manifestFile(): string {
    return path.join(this.dataDir, 'index', 'store-manifest.json');
  }
  /** A file's key in the trust manifest. */
  private rel(file: string): string {
    return path.relative(this.dataDir, file).split(path.sep).join('/');
  }

  /**
   * A fingerprint of the record `id` as stored: the hash of its file's bytes (changes with any
   * change of the file, even a hand edit that keeps the revision), or its revision if unknown.
   */
  fingerprint(id: string): string | undefined {
    const r = this.records.get(id);
    if (!r) return undefined;
    return this.hashes.get(id) ?? `rev:${r.rev}`;
  }

  private trust(file: string, hash: string | null): void {
    if (!this.trusted) return;
    const key = this.rel(file);
    if (hash === null ? this.trusted.delete(key) : this.trusted.get(key) !== hash) {
      if (hash !== null) this.trusted.set(key, hash);
      this.trustDirty = true;
    }
  }

  /** Writes a shard atomically and records the bytes written as trusted. */
  private async writeShard(file: string, data: unknown): Promise<string> {
    const text = shardText(data);
    await writeFileAtomic(file, text);
    const hash = contentHash(text);
    this.trust(file, hash);
    return hash;
  }

  private async removeShard(file: string): Promise<void> {
    await removeFileDurably(file);
    this.trust(file, null);
  }

  private async readManifest(): Promise<void> {
    const fingerprint = schemaFingerprint();
    if (!fingerprint) return;
    this.trusted = new Map();
    try {
      const raw = JSON.parse(await fs.readFile(this.manifestFile(), 'utf8')) as Partial<TrustManifest>;
      if (raw.format !== MANIFEST_FORMAT || raw.schema !== fingerprint || !raw.files || typeof raw.files !== 'object') return;
      for (const [k, v] of Object.entries(raw.files)) if (typeof v === 'string') this.trusted.set(k, v);
    } catch {
      // Missing or unreadable: every file is validated, and the manifest written again.
    }
  }

  /** Saves the trust manifest if it changed (at open after validating files, at close, after compaction). */
  saveTrust(): Promise<void> {
    const trusted = this.trusted;
    const fingerprint = schemaFingerprint();
    if (!trusted || !fingerprint || !this.trustDirty) return this.trustWrite ?? Promise.resolve();
    this.trustDirty = false;
    const manifest: TrustManifest = { format: MANIFEST_FORMAT, schema: fingerprint, files: Object.fromEntries(trusted) };
    const previous = this.trustWrite ?? Promise.resolve();
    const write = previous
      .then(() => writeFileAtomic(this.manifestFile(), JSON.stringify(manifest)))
      .catch(() => {
        this.trustDirty = true; // only a cache (a read-only data dir, a full disk): validate next time
      });
    this.trustWrite = write;
    return write;
  }

  /** Saves what only lives in memory (the trust manifest). The store stays usable. */
  close(): Promise<void> {
    return this.saveTrust();
  }

  private async load(): Promise<void> {
    await fs.mkdir(this.dataDir, { recursive: true });
    // Per-record lock files (./file-lock.ts; made on the first save otherwise, e.g. on a read-only folder).
    await fs.mkdir(path.join(this.dataDir, 'locks'), { recursive: true }).catch(() => undefined);
    this.installId = await this.loadInstallId();
    // key: the file's key in the trust manifest (see `rel`)
    // Temporary files of writers killed before their rename: removed while the records load.
    const sweep = (async () => {
      const workshops = path.join(this.dataDir, 'workshops');
      const perWorkshop = (await fs.readdir(workshops, { withFileTypes: true }).catch(() => []))
        .filter((e) => e.isDirectory())
        .map((e) => path.join(workshops, e.name));
      const dirs = [this.dataDir, ...SIDE_FOLDERS.map((d) => path.join(this.dataDir, d)), ...perWorkshop];
      await Promise.all(dirs.map((d) => removeStaleTemps(d)));
    })();
    const files: { file: string; name: string; key: string; kind: 'record' | 'trash' }[] = [];
    const listed: [string, string[]][] = [];
    for (const type of RECORD_TYPES) {
      const dir = path.join(this.dataDir, 'records', type);
      const names = await listDir(dir);
      listed.push([dir, names]);
      for (const name of names.filter(isShard)) files.push({ file: path.join(dir, name), name, key: `records/${type}/${name}`, kind: 'record' });
    }
    const trashDir = path.join(this.dataDir, 'trash');
    const trashNames = await listDir(trashDir);
    listed.push([trashDir, trashNames]);
    for (const name of trashNames.filter(isShard)) files.push({ file: path.join(trashDir, name), name, key: `trash/${name}`, kind: 'trash' });
    for (const [dir, names] of listed) await removeStaleTemps(dir, names);
    await sweep;
    this.lazyTexts = files.filter((f) => f.kind === 'record').length >= (this.options.textsOnDiskFrom ?? defaultTextsOnDiskFrom());
    await this.readManifest();
    const previous = this.trusted;
    const trusted = previous ? new Map<string, string>() : null;
    const stats = { files: files.length, trusted: 0, validated: 0 };
    let added = 0;

    for (let from = 0; from < files.length; from += READ_BATCH) {
      if (from) await yieldToLoop();
      for (const { file, name, key, kind } of files.slice(from, from + READ_BATCH)) {
        try {
          const shard = readShardSync(file);
          if (!shard) continue; // removed since it was listed
          const { raw, hash } = shard;
          let record: HubRecord;
          const candidate = raw?.record as HubRecord | undefined;
          const known = previous?.get(key) === hash && !!candidate && typeof candidate === 'object' && typeof candidate.id === 'string';
          if (known) {
            record = candidate!; // these exact bytes passed validation before (see TrustManifest)
            stats.trusted++;
          } else {
            stats.validated++;
            const parsed = recordSchema.safeParse(raw?.record);
            if (!parsed.success) {
              const err = invalidFromZod(parsed.error, 'record');
              throw new CorruptFileError(file, err.message.replace(/^Invalid record: /, 'invalid record: '));
            }
            record = parsed.data;
          }
          if (`${record.id}.json` !== name) throw new CorruptFileError(file, `holds record "${record.id}", not the one its name says`);
          this.setLoaded(kind, record, raw, hash);
          // Trusted from now on if skipping zod would give this very record (see TrustManifest).
          if (trusted && (known || isCanonical(raw?.record, record))) {
            trusted.set(key, hash);
            if (!known) added++;
          }
        } catch (e) {
          await this.quarantine(file, e);
        }
      }
    }
    this.loadStats = stats;
    if (trusted) {
      this.trusted = trusted;
      // trusted holds only entries of previous, unless some were added.
      this.trustDirty = added > 0 || trusted.size !== previous!.size;
      if (this.trustDirty) await this.saveTrust();
    }
  }

  private setLoaded(kind: 'record' | 'trash', record: HubRecord, raw: ParsedShard['raw'], hash: string): void {
    if (kind === 'record') {
      this.hold(record, hash);
    } else {
      this.trash.set(record.id, { record, deletedAt: String(raw?.deletedAt ?? record.updatedAt) });
    }
  }

  private async loadInstallId(): Promise<string> {
    const file = path.join(this.dataDir, 'install.json');
    let text: string | undefined;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      // missing: a new id is made below
    }
    if (text !== undefined) {
      let reason = 'no installId';
      try {
        const raw = JSON.parse(text) as { installId?: unknown };
        if (raw && typeof raw.installId === 'string' && raw.installId) return raw.installId;
      } catch (e) {
        reason = (e as Error).message;
      }
      // Unreadable: kept aside (the old id named this installation's bundle line), never overwritten.
      await this.quarantine(file, new Error(`install.json: ${reason}`));
    }
    const installId = randomUUID();
    await writeFileAtomic(file, JSON.stringify({ installId, createdAt: new Date().toISOString() }) + '\n');
    return installId;
  }

  /** Moves an unreadable file aside (never overwriting anything) and records the problem. */
  private async quarantine(file: string, e: unknown): Promise<void> {
    this.problems.push(await quarantineFile(this.dataDir, file, e));
  }

  /** Reports a problem found in a side file (moved to quarantine by its reader): shown by info(). */
  report(problem: StoreProblem): void {
    this.problems.push(problem);
  }

  /**
   * Serialises operations on one id: within this process (a promise chain), then across processes
   * on the same data folder (a lock file, ./file-lock.ts), so a revision check and the write that
   * follows it are one step for every program that shares the folder. `readOnly` work (folding
   * in another process's writes) needs only the first: files are replaced by atomic renames, so a
   * read never sees half a write, and it leaves the other processes' saves unhindered.
   */
  private withLock<T>(id: string, fn: () => Promise<T>, opts: { readOnly?: boolean; fileLock?: boolean } = {}): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const locked = opts.readOnly || opts.fileLock === false ? fn : () => withFileLock(this.dataDir, id, fn);
    const next = prev.then(locked, locked);
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
    const shard = await readShard(file);
    if (!shard) return undefined;
    // Still trusted only if these are the very bytes trusted before.
    if (this.trusted?.get(this.rel(file)) !== shard.hash) this.trust(file, null);
    const parsed = recordSchema.safeParse(shard.raw?.record);
    if (!parsed.success) throw new CorruptFileError(file, 'the saved record is not valid');
    const known = this.hashes.get(id);
    this.hold(parsed.data, shard.hash);
    // Another process wrote it since we last looked: listeners learn of it now (the watcher's
    // later look at the same bytes will find nothing new).
    if (known !== shard.hash) this.events.onChange?.(parsed.data, id, 'disk');
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
      if (!current && !opts.keepRev && (this.trash.has(record.id) || (await exists(this.trashFile(record.id))))) {
        // Creating over a trashed record would delete it for good: ids are never reused.
        throw new HubFailure('conflict', `The id "${record.id}" belongs to a record in the trash; restore it or choose another id.`, {
          field: 'id',
        });
      }
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
      const shard: RecordShard = { record: parsed.data };
      const hash = await this.writeShard(this.recordFile(record.type, record.id), shard);
      this.hold(parsed.data, hash);
      if (this.trash.delete(record.id)) await this.removeShard(this.trashFile(record.id));
      this.events.onChange?.(parsed.data, record.id);
      return parsed.data;
    });
  }

  /**
   * Saves a batch of records as given (a bundle import or a sync pull; see `save` with `keepRev`),
   * each under its lock, failing with a conflict when a record is no longer at `expectRev`. Built
   * for thousands of records: synchronous file calls in batches (no thread-pool round trip per
   * call, as at open), and no fsync at all: the caller's journal holds the previous bytes and it
   * makes the batch durable in one flush (`flushDurably`) before it commits. Never call it
   * outside such a journal: a power cut could lose these writes.
   *
   * `onChange`: receives each saved record instead of the store's listener, so that the caller
   * tells the hub once the batch is committed (`Hub.bulkSaved`) rather than record by record.
   * (A newer version found on disk, written by another process, still goes to the store's listener.)
   *
   * `parsed`: every record is the output of `recordSchema` (a bundle's, checked by readBundle; a
   * sync peer's, checked by its document schema) with at most `rev` and `origin` set since. Then
   * only those two are checked here (each distinct origin object once), not the whole record again.
   *
   * `journaled`: the caller holds this data folder's import journal (bundles/journal.ts), whose
   * folder is the batch's one lock against other processes (./file-lock.ts): their saves wait for
   * it, so no lock file is taken per record; the batch first waits for record locks taken before
   * the journal existed. Within this process, each record is still serialised with other saves.
   */
  async saveBatch(
    items: { record: HubRecord; expectRev: number }[],
    opts: { onSaved?: (done: number) => void; crashAfter?: number; onChange?: (record: HubRecord, id: string) => void; parsed?: boolean; journaled?: boolean } = {},
  ): Promise<void> {
    if (opts.journaled) await waitForRecordLocks(this.dataDir, new Set(items.map((i) => i.record.id)));
    const saved = opts.onChange ?? ((record: HubRecord, id: string) => this.events.onChange?.(record, id));
    const goodOrigins = new WeakSet<object>();
    const alreadyParsed = (r: HubRecord): boolean => {
      if (!opts.parsed || !Number.isInteger(r.rev) || r.rev < 1 || typeof r.origin !== 'object' || r.origin === null) return false;
      if (goodOrigins.has(r.origin)) return true;
      if (!originSchema.safeParse(r.origin).success) return false;
      goodOrigins.add(r.origin);
      return true;
    };
    const made = new Set<string>();
    const ensureDir = (file: string) => {
      const dir = path.dirname(file);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
    };
    let done = 0;
    for (const { record, expectRev } of items) {
      if (opts.crashAfter !== undefined && done >= opts.crashAfter) throw new SimulatedStoreCrash();
      await this.withLock(record.id, async () => {
        if (!(EDITABLE_TYPES as readonly string[]).includes(record.type)) {
          throw new HubFailure('read-only', `Records of type "${record.type}" are part of the bundled library and cannot be changed.`);
        }
        const file = this.recordFile(record.type, record.id);
        // A new record (most of an import) has no file: ask without the cost of a thrown ENOENT.
        const onDisk = statSync(file, { throwIfNoEntry: false }) ? readShardSync(file) : null;
        let current: HubRecord | undefined;
        if (onDisk) {
          if (this.trusted?.get(this.rel(file)) !== onDisk.hash) this.trust(file, null);
          const parsed = recordSchema.safeParse(onDisk.raw?.record);
          if (!parsed.success) throw new CorruptFileError(file, 'the saved record is not valid');
          current = parsed.data;
          if (this.hashes.get(record.id) !== onDisk.hash) {
            this.hold(current, onDisk.hash);
            this.events.onChange?.(current, record.id, 'disk');
          }
        }
        if (current && current.type !== record.type) {
          throw new HubFailure('conflict', `Record "${record.id}" is a ${current.type}, not a ${record.type}.`, { details: { current } });
        }
        if ((current?.rev ?? 0) !== expectRev) {
          throw new HubFailure('conflict', `Record "${record.id}" was changed elsewhere (now at revision ${current?.rev ?? 0}, expected ${expectRev}).`, {
            details: { current: current ?? null },
          });
        }
        const parsed = alreadyParsed(record) ? { success: true as const, data: record } : recordSchema.safeParse(record);
        if (!parsed.success) throw invalidFromZod(parsed.error, record.type);
        if (current) {
          const historyFile = this.historyFile(record.id);
          let revisions: HubRecord[] = [];
          try {
            const raw = readShardSync(historyFile)?.raw as Partial<HistoryShard> | null;
            if (Array.isArray(raw?.revisions)) revisions = raw.revisions;
          } catch (e) {
            await this.quarantine(historyFile, e); // a damaged history must not block the import
          }
          if (!revisions.some((r) => r.rev === current.rev)) {
            ensureDir(historyFile);
            writeFileQuick(historyFile, shardText({ revisions: [...revisions, current].slice(-HISTORY_LIMIT) }));
          }
        }
        const text = shardText({ record: parsed.data } satisfies RecordShard);
        ensureDir(file);
        writeFileQuick(file, text);
        const hash = contentHash(text);
        this.trust(file, hash);
        this.hold(parsed.data, hash);
        if (this.trash.delete(record.id)) {
          rmSync(this.trashFile(record.id), { force: true });
          this.trust(this.trashFile(record.id), null);
        }
        saved(parsed.data, record.id);
      }, { fileLock: !opts.journaled });
      opts.onSaved?.(++done);
      if (done % READ_BATCH === 0) await yieldToLoop();
    }
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
        if (!record) {
          this.records.delete(id);
          this.hashes.delete(id);
        }
        this.trust(this.trashFile(id), null); // put back underneath: validated at the next open
        const raw = await new AtomicJsonFile<TrashEntry>(this.trashFile(id)).read().catch(() => null);
        const trashed = recordSchema.safeParse(raw?.record);
        if (trashed.success) this.trash.set(id, { record: trashed.data, deletedAt: String(raw?.deletedAt ?? trashed.data.updatedAt) });
        else this.trash.delete(id);
        this.events.onChange?.(record ?? null, id);
      }, { readOnly: true });
    }
  }

  /**
   * Folds in what another process (the CLI, a second server, a sync) wrote to these records' files
   * since this store last read or wrote them: the record file and the trash file are re-read, and
   * `onChange` fires only for ids whose files really differ from what the store holds (its own
   * writes come back from the watcher as no-ops: same bytes, same hash). A file that does not
   * parse or validate is left alone here (a write may still be under way; the next open
   * quarantines it if it stays bad). Returns the ids that changed.
   */
  async refresh(refs: { id: string; type?: RecordType }[]): Promise<string[]> {
    const changed: string[] = [];
    for (const ref of refs) {
      await this.withLock(ref.id, async () => {
        const id = ref.id;
        const type = ref.type ?? this.records.get(id)?.type ?? this.trash.get(id)?.record.type ?? (await this.typeInTrashFile(id));
        let dirty = false;
        if (type) {
          const file = this.recordFile(type, id);
          const shard = await readShard(file).catch(() => undefined);
          if (shard === null) {
            if (this.records.get(id)?.type === type) {
              this.records.delete(id);
              this.hashes.delete(id);
              this.trust(file, null);
              dirty = true;
            }
          } else if (shard && shard.hash !== this.hashes.get(id)) {
            const parsed = recordSchema.safeParse(shard.raw?.record);
            if (parsed.success && parsed.data.id === id) {
              this.hold(parsed.data, shard.hash);
              this.trust(file, null); // validated here, not trusted until the next open checks it
              dirty = true;
            }
          }
        }
        const trashed = await readShard(this.trashFile(id)).catch(() => undefined);
        if (trashed === null) {
          if (this.trash.delete(id)) dirty = true;
        } else if (trashed) {
          const parsed = recordSchema.safeParse(trashed.raw?.record);
          const deletedAt = String(trashed.raw?.deletedAt ?? '');
          const held = this.trash.get(id);
          if (parsed.success && parsed.data.id === id && (!held || held.deletedAt !== deletedAt || held.record.rev !== parsed.data.rev)) {
            this.trash.set(id, { record: parsed.data, deletedAt: deletedAt || parsed.data.updatedAt });
            dirty = true;
          }
        }
        if (dirty) {
          changed.push(id);
          this.events.onChange?.(this.records.get(id) ?? null, id, 'disk');
        }
      }, { readOnly: true });
    }
    return changed;
  }

  private async typeInTrashFile(id: string): Promise<RecordType | undefined> {
    const shard = await readShard(this.trashFile(id)).catch(() => undefined);
    const type = (shard?.raw?.record as { type?: unknown } | undefined)?.type;
    return (RECORD_TYPES as readonly unknown[]).includes(type) ? (type as RecordType) : undefined;
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
      await this.writeShard(this.trashFile(record.id), entry);
      await this.removeShard(this.recordFile(record.type, record.id));
      this.records.delete(record.id);
      this.hashes.delete(record.id);
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
        const hash = await this.writeShard(this.recordFile(record.type, id), { record } satisfies RecordShard);
        this.hold(record, hash);
      }
      await this.removeShard(this.trashFile(id));
      this.trash.delete(id);
      this.events.onChange?.(record, id);
      return record;
    });
  }
}

const isShard = (name: string) => SHARD_NAME.test(name);

/** Thrown by saveBatch's test-only crash switch (see ApplyOptions.crashAfterWrites). */
export class SimulatedStoreCrash extends Error {
  constructor() {
    super('simulated crash');
  }
}

let quickCounter = 0;
/** Atomic for readers (a temporary file renamed over), not durable: see saveBatch. */
function writeFileQuick(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.q${++quickCounter}.${tempHostTag()}.tmp`);
  writeFileSync(tmp, text, { mode: 0o600 });
  try {
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** Folders of the data dir (besides records/ and trash/) where atomic writes may leave temporary files. */
const SIDE_FOLDERS = ['history', 'index', 'provenance', 'conflicts', 'identity', 'workshops', 'trust'];

async function listDir(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
