/**
 * The user index cache, `<data>/index/user-index.bin`: the user base segments (./index-file.ts
 * layout; several segments of one language are merged into one when written), the user documents'
 * metadata (DocMeta, no texts; as columns per segment, ./doc-columns.ts), the fingerprint of every record file
 * it indexed, and a stamp of the record folders. Owns reading, writing and the freshness rule;
 * the hub decides when to write it (hub.ts), the warm start and the CLI read it (./warm-start.ts).
 *
 * Freshness without reading the records (the rule the warm start and `socle search` rely on):
 * every change of a record goes through a rename or an unlink in `records/<type>/` or `trash/`
 * (the store's writes are atomic renames; an import, a delete and a restore too), and that
 * changes the folder's modification time. The stamp records those times when the cache is
 * written; if every folder still has its recorded time, no record was added, replaced or removed
 * since. Two guards: (1) a folder modified within STAMP_RACY_MS of the stamp is not trusted (the
 * stamp is written as racy, and a racy stamp never counts as fresh) because a second change within
 * the file system's timestamp granularity (a few ms on ext4, 2 s on FAT) would leave the time
 * unchanged: git's "racily clean" rule; (2) an edit made in place, without a rename (an editor
 * writing into the file), does not change the folder: the hub still sees it (it compares every
 * record file's hash with `revs` when its store has loaded), and the warm start's answers are
 * then replaced by the hub's; the CLI checks the hash of every record it shows. (3) A hub that
 * does not watch the folders (the CLI's) writes a racy stamp when a folder changed after it read
 * the records: the change may be another process's, which it has not seen.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { RECORD_TYPES, type Lang, type RecordType } from '../vocabulary';
import { INDEX_VERSION } from '../version';
import type { DocMeta, SerializedSegment } from './types';
import { SegmentIndex } from './segment';
import { IndexFileError, decodeIndexFile, encodeIndexFile, readIndexFile, readIndexFileSync, readSegments, segmentSections, type IndexFile, type SectionValue } from './index-file';
import { DocColumns, docColumnSections, hasDocColumns } from './doc-columns';

export const USER_INDEX_FILE = 'user-index.bin';
/** The JSON cache of index versions 1-3, removed when the binary one is written. */
export const LEGACY_USER_INDEX_FILE = 'user-index.json';
/** A folder modified less than this before the stamp is not trusted (see the file comment). */
export const STAMP_RACY_MS = 3000;

export function userIndexFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'index', USER_INDEX_FILE);
}

/** Modification times (ns, as strings) of the folders whose changes a record change shows in. */
export interface DataStamp {
  dirs: Record<string, string>;
  /** A folder changed within STAMP_RACY_MS of the stamp: never fresh. */
  racy: boolean;
}

function stampDirs(): string[] {
  return [...RECORD_TYPES.map((t) => `records/${t}`), 'trash'];
}

/** The folders' times now (a missing folder counts as "0"). */
export function dataStamp(dataDir: string, now = Date.now()): DataStamp {
  const dirs: Record<string, string> = {};
  let racy = false;
  for (const rel of stampDirs()) {
    try {
      const st = statSync(path.join(dataDir, rel), { bigint: true });
      dirs[rel] = st.mtimeNs.toString();
      if (Number(st.mtimeNs / 1_000_000n) > now - STAMP_RACY_MS) racy = true;
    } catch {
      dirs[rel] = '0';
    }
  }
  return { dirs, racy };
}

/** Whether two stamps saw the same folder times. */
export function sameStamp(a: DataStamp, b: DataStamp): boolean {
  return stampDirs().every((rel) => a.dirs[rel] === b.dirs[rel]);
}

/** True when no record folder changed since `saved` was taken (see the file comment). */
export function stampFresh(dataDir: string, saved: DataStamp | null | undefined): boolean {
  if (!saved || saved.racy || !saved.dirs || typeof saved.dirs !== 'object') return false;
  const now = dataStamp(dataDir);
  return stampDirs().every((rel) => saved.dirs[rel] === now.dirs[rel]);
}

/** What the cache holds, decoded. */
export interface UserIndex {
  /** One segment per language, each with its documents' metadata as columns (`SerializedSegment.docs`). */
  segments: SerializedSegment[];
  /** Every document's metadata, made from the columns on first use (tests, tools; the engine reads the columns). */
  readonly docs: DocMeta[];
  /** id -> fingerprint (RecordStore.fingerprint) of the record version indexed; parsed on first use. */
  revs(): Map<string, string>;
  /** The type of a record the cache indexed (from its own document's column), undefined when absent. */
  typeOf(recordId: string): RecordType | undefined;
  stamp: DataStamp | null;
  /** Bytes of the file. */
  size: number;
}

interface UserIndexMeta {
  kind: 'user-index';
  stamp: DataStamp | null;
}

/** The bytes of the cache. `segments`' refs are the documents' revs (the engine's export gives them so). */
export function encodeUserIndex(segments: readonly SerializedSegment[], docs: readonly DocMeta[], revs: ReadonlyMap<string, string>, stamp: DataStamp | null): Uint8Array {
  const metaById = metaMap(docs);
  const sections = [...segmentsByLang(segments, metaById)].map(([lang, parts]) => langSections(lang, parts, metaById));
  return encodeSections(sections, revs, stamp);
}

/**
 * The same bytes as `encodeUserIndex`, made in steps with `between()` awaited after each language
 * (its merge and its metadata columns), so that a running hub's event loop is never held for the
 * whole encoding (~200 ms at 10,000 records). The inputs must not change meanwhile: the engine's
 * exported base segments are immutable, and the caller passes its own copies of docs and revs.
 */
export async function encodeUserIndexInSteps(
  segments: readonly SerializedSegment[],
  docs: readonly DocMeta[],
  revs: ReadonlyMap<string, string>,
  stamp: DataStamp | null,
  between: () => Promise<void>,
): Promise<Uint8Array> {
  const metaById = metaMap(docs);
  const sections: Record<string, SectionValue>[] = [];
  for (const [lang, parts] of segmentsByLang(segments, metaById)) {
    sections.push(langSections(lang, parts, metaById));
    await between();
  }
  return encodeSections(sections, revs, stamp);
}

function metaMap(docs: readonly DocMeta[]): Map<string, DocMeta> {
  const out = new Map<string, DocMeta>();
  for (const d of docs) out.set(d.id, d);
  return out;
}

type LangParts = { ix: SegmentIndex; keep: (slot: number) => boolean; all: boolean }[];

/**
 * The file holds one segment per language; a user base built in several workers (or loaded from
 * several chunks) has more, which are merged (postings, no re-analysis). Only the slots the
 * segment's refs name and whose metadata is given are kept: those are the documents the base
 * serves, and each slot of the file has its document's metadata in the columns.
 */
function segmentsByLang(segments: readonly SerializedSegment[], metaById: ReadonlyMap<string, DocMeta>): Map<Lang, LangParts> {
  const byLang = new Map<Lang, LangParts>();
  for (const s of segments) {
    const ix = s.index instanceof SegmentIndex ? s.index : SegmentIndex.fromJSON(s.index, s.lang);
    const refs = s.refs;
    const keep = (slot: number) => {
      const id = ix.ids[slot]!;
      return (!refs || Object.prototype.hasOwnProperty.call(refs, id)) && metaById.get(id)?.lang === s.lang;
    };
    let all = true;
    for (let slot = 0; slot < ix.docCount && all; slot++) all = keep(slot);
    const parts = byLang.get(s.lang) ?? [];
    parts.push({ ix, keep, all });
    byLang.set(s.lang, parts);
  }
  return byLang;
}

/** One language's segment (merged when in several parts, or when some slots are not kept) and its documents' columns. */
function langSections(lang: Lang, parts: LangParts, metaById: ReadonlyMap<string, DocMeta>): Record<string, SectionValue> {
  const ix = parts.length === 1 && parts[0]!.all ? parts[0]!.ix : SegmentIndex.merge(lang, parts);
  return { ...segmentSections([ix]), ...docColumnSections(lang, ix.ids, (id) => metaById.get(id)!) };
}

function encodeSections(sections: Record<string, SectionValue>[], revs: ReadonlyMap<string, string>, stamp: DataStamp | null): Uint8Array {
  let revText = '';
  for (const [id, fp] of revs) revText += `${id}\t${fp}\n`;
  const meta: UserIndexMeta = { kind: 'user-index', stamp };
  return encodeIndexFile(INDEX_VERSION, meta, { ...Object.assign({}, ...sections), revs: revText });
}

function fromFile(file: IndexFile): UserIndex {
  const meta = file.meta as Partial<UserIndexMeta> | null;
  if (!meta || meta.kind !== 'user-index') throw new IndexFileError('index file is not a user index');
  const segments: SerializedSegment[] = [];
  const columns: { ix: SegmentIndex; cols: DocColumns }[] = [];
  for (const ix of readSegments(file)) {
    if (!hasDocColumns(file, ix.lang)) throw new IndexFileError(`index file: no document columns for ${ix.lang}`);
    const cols = DocColumns.read(file, ix.lang, ix);
    columns.push({ ix, cols });
    segments.push({ lang: ix.lang, index: ix, refs: {}, docs: cols });
  }
  const revText = file.get('revs', 'utf8');
  let revs: Map<string, string> | undefined;
  let docs: DocMeta[] | undefined;
  return {
    segments,
    get docs() {
      if (!docs) {
        docs = [];
        for (const { cols } of columns) for (let slot = 0; slot < cols.count; slot++) docs.push(cols.meta(slot));
      }
      return docs;
    },
    typeOf(recordId) {
      for (const { ix, cols } of columns) {
        const slot = ix.docNums.get(recordId);
        if (slot !== undefined) return cols.type(slot);
      }
      return undefined;
    },
    stamp: meta.stamp ?? null,
    size: file.size,
    revs() {
      if (!revs) {
        revs = new Map();
        for (const line of revText.split('\n')) {
          const tab = line.indexOf('\t');
          if (tab > 0) revs.set(line.slice(0, tab), line.slice(tab + 1));
        }
      }
      return revs;
    },
  };
}

export function decodeUserIndex(bytes: Uint8Array): UserIndex {
  return fromFile(decodeIndexFile(bytes, INDEX_VERSION));
}

/** The cache, undefined when there is none; throws IndexFileError when it is damaged or of another version. */
export async function readUserIndex(dataDir: string): Promise<UserIndex | undefined> {
  const file = await readIndexFile(userIndexFile(dataDir), INDEX_VERSION);
  return file && fromFile(file);
}

export function readUserIndexSync(dataDir: string): UserIndex | undefined {
  const file = readIndexFileSync(userIndexFile(dataDir), INDEX_VERSION);
  return file && fromFile(file);
}
