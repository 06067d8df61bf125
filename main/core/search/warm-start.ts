/**
 * Search from the index files alone: the prebuilt library index and the user index cache, read
 * in a few file reads, without opening the record store. Owns the rule for when that gives the
 * hub's answers and the reading of the few records a page of results shows.
 *
 * Two users: `socle search` (a one-off process: one query, then exit; see
 * main/cli/commands/search.ts), and a start with a warm cache, which can answer searches before
 * the store has read every record and hands its engine to `Hub.open` (HubOptions.warm), which
 * then completes it (reconciling with the records once they are read) rather than loading the
 * index again.
 *
 * When it applies (`openWarmIndex` says why not otherwise, and callers open the hub instead):
 * the user index cache exists, is intact and of this index version, and its stamp says that no
 * record folder changed since it was written (./user-index.ts explains the rule and its limits);
 * and the prebuilt library file matches the library files (their content hash, as the hub checks,
 * or, cheaper, the stamp of their sizes and times the build took: ./prebuilt.ts).
 * Then the engine holds exactly what the hub's would: the library base, minus library records in
 * the trash, shadowed by the user base. Texts for snippets are read from the record files of the
 * hits shown (the cache holds none); `verifyShown` checks those files' hashes against the cache.
 */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { hash as cryptoHash } from 'node:crypto';
import type { HubRecord } from '../model';
import { readLibraryFiles } from '../library/files';
import type { Library } from '../library/load';
import { SearchEngine } from './engine';
import { searchDocOf } from './docs';
import { recordIdOf } from './versions';
import { currentPrebuilt, libraryUnchanged, parsePrebuilt, prebuiltSegments, type PrebuiltLibrary } from './prebuilt';
import { readUserIndex, stampFresh, type UserIndex } from './user-index';
import type { SearchDoc, SearchQuery, SearchResult } from './types';

export interface WarmIndexOptions {
  dataDir: string;
  libraryDir: string;
  prebuiltFile?: string;
}

/** The hash RecordStore.fingerprint gives a record file (SHA-256 of its bytes, base64url, 22 characters). */
export function fileFingerprint(bytes: Uint8Array): string {
  return cryptoHash('sha256', bytes, 'base64url').slice(0, 22);
}

export class WarmIndex {
  /** Where texts come from: the record files until the hub takes over (`setDocSource`). */
  private docSource: (id: string) => SearchDoc | undefined;
  /** Record files read for texts: id -> fingerprint of the bytes read (for `verifyShown`). */
  private readonly read = new Map<string, string | null>();
  readonly engine: SearchEngine;

  constructor(
    readonly dataDir: string,
    readonly userIndex: UserIndex,
    readonly prebuilt: PrebuiltLibrary,
    /** Ids of the records in the trash (file names in `<data>/trash`). */
    readonly trashed: ReadonlySet<string>,
    /** Milliseconds spent reading and decoding the index files. */
    readonly readMs: number,
  ) {
    this.docSource = (id) => this.fromFile(id);
    this.engine = new SearchEngine({ glossary: prebuilt.library.glossary, docOf: (id) => this.docSource(id) });
    this.engine.loadBase(prebuiltSegments(prebuilt), prebuilt.docs, { layer: 'library' });
    // The user segments carry their documents' metadata as columns (./doc-columns.ts): no list.
    this.engine.loadBase(userIndex.segments, [], { layer: 'user' });
    const libIds = new Set(prebuilt.library.records.map((r) => r.id));
    for (const id of trashed) if (libIds.has(id)) this.engine.removeRecord(id);
  }

  get library(): Library {
    return this.prebuilt.library;
  }

  search(query: SearchQuery): SearchResult {
    return this.engine.search(query);
  }

  /** From now on, texts come from `fn` (the hub's records once it is open). */
  setDocSource(fn: (id: string) => SearchDoc | undefined): void {
    this.docSource = fn;
  }

  /**
   * True when every user record the searches so far read texts from is, byte for byte, the version
   * the cache indexed (an edit made in place, which the folder stamp cannot see, fails this).
   */
  verifyShown(): boolean {
    if (!this.read.size) return true;
    const revs = this.userIndex.revs();
    for (const [id, fp] of this.read) if (fp === null || revs.get(id) !== fp) return false;
    return true;
  }

  private fromFile(docId: string): SearchDoc | undefined {
    const id = recordIdOf(docId);
    const type = this.userIndex.typeOf(id);
    if (!type) return undefined;
    let record: HubRecord | undefined;
    try {
      const bytes = readFileSync(path.join(this.dataDir, 'records', type, `${id}.json`));
      this.read.set(id, fileFingerprint(bytes));
      record = (JSON.parse(bytes.toString('utf8')) as { record?: HubRecord }).record;
    } catch {
      this.read.set(id, null);
      return undefined;
    }
    return record && record.id === id ? searchDocOf(record, docId) : undefined;
  }
}

export type WarmOpen = { ok: true; warm: WarmIndex } | { ok: false; reason: string };

/** The warm index, or why it does not apply (see the file comment). Never throws for a bad cache. */
export async function openWarmIndex(opts: WarmIndexOptions): Promise<WarmOpen> {
  const t0 = performance.now();
  const dataDir = path.resolve(opts.dataDir);
  if (!opts.prebuiltFile) return { ok: false, reason: 'no prebuilt library' };
  const libraryDir = opts.libraryDir;
  const [userIndex, prebuiltRead, trash] = await Promise.all([
    readUserIndex(dataDir).catch((e: Error) => e),
    // The prebuilt library, and whether the library files are those it was built from: by its stamp
    // when the files' sizes and times say so, else by hashing them (./prebuilt.ts).
    fs.readFile(opts.prebuiltFile, 'utf8').then(
      async (text) => {
        const raw = parsePrebuilt(text);
        if (!raw) return undefined;
        if (await libraryUnchanged(libraryDir, raw.stamp)) return raw;
        return currentPrebuilt(text, (await readLibraryFiles(libraryDir)).contentHash);
      },
      () => undefined,
    ).catch((e: Error) => e),
    fs.readdir(path.join(dataDir, 'trash')).catch(() => [] as string[]),
  ]);
  if (userIndex instanceof Error) return { ok: false, reason: `index cache unusable (${userIndex.message})` };
  if (!userIndex) return { ok: false, reason: 'no index cache' };
  if (!stampFresh(dataDir, userIndex.stamp)) return { ok: false, reason: 'records changed since the index cache was written' };
  if (prebuiltRead instanceof Error) return { ok: false, reason: 'library unreadable' };
  const prebuilt = prebuiltRead;
  if (!prebuilt) return { ok: false, reason: 'prebuilt library missing or stale' };
  const trashed = new Set(trash.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)));
  try {
    return { ok: true, warm: new WarmIndex(dataDir, userIndex, prebuilt, trashed, performance.now() - t0) };
  } catch (e) {
    return { ok: false, reason: `index unusable (${(e as Error).message})` };
  }
}
