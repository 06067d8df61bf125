/**
 * The prebuilt library file (`npm run build:library`, out/library/library.json): the validated
 * library, its search documents and its index segments, so that a start skips YAML parsing,
 * validation and indexing. Owns the file's shape and the check that it matches the library
 * files; the segments inside are one binary index file (./index-file.ts), base64-encoded.
 *
 * Matching the library files: the content hash over every file (`contentHash`, what the hub
 * checks) is the authority. The warm start and `socle search` first try a cheaper check that never
 * says "same" wrongly: the `stamp`, taken at build time BEFORE the files were read, lists every file
 * with its size and modification time (ns). Same list, sizes and times = the files the build read
 * (a change after the stamp moves a file's time; a change between the stamp and the read makes the
 * stamp differ, so the hash decides). A file modified less than STAMP_RACY_MS before the stamp
 * makes the stamp racy (a second change within the file system's time granularity could keep the
 * time: git's racily-clean rule), and a racy stamp is never used. When the stamp differs the hash
 * decides, as before (e.g. after a checkout that rewrote files with the same content).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Library } from '../library/load';
import { libraryFilePaths } from '../library/files';
import { INDEX_VERSION } from '../version';
import { revisionKey } from './engine';
import { decodeIndexFile, encodeIndexFile, readSegments, segmentSections } from './index-file';
import { SegmentIndex } from './segment';
import type { SearchDoc, SerializedSegment } from './types';

export interface PrebuiltLibrary {
  indexVersion: number;
  contentHash: string;
  /** The validated library (records, glossary): start-up skips YAML parsing and validation. */
  library: Library;
  /** A binary index file (./index-file.ts) of the library's segments, base64. */
  index: string;
  docs: SearchDoc[];
  /** The library files as the build found them before reading them (see the file comment); absent in older files. */
  stamp?: LibraryStamp;
}

/** Every library file (path relative to the library folder, size, mtime in ns) when the stamp was taken. */
export interface LibraryStamp {
  files: [file: string, size: number, mtimeNs: string][];
  racy: boolean;
}

/** A file modified less than this before the stamp makes it racy (see the file comment). */
export const LIBRARY_STAMP_RACY_MS = 3000;

async function statFiles(libraryDir: string): Promise<LibraryStamp['files']> {
  const files = await libraryFilePaths(libraryDir);
  const stats = await Promise.all(files.map((f) => fs.stat(f, { bigint: true }).catch(() => undefined)));
  const out: LibraryStamp['files'] = [];
  files.forEach((f, i) => {
    const st = stats[i];
    if (st) out.push([path.relative(libraryDir, f), Number(st.size), st.mtimeNs.toString()]);
  });
  return out;
}

/** The stamp of the library files now; take it before reading them (see the file comment). */
export async function libraryStamp(libraryDir: string, now = Date.now()): Promise<LibraryStamp> {
  const files = await statFiles(libraryDir);
  const racy = files.some(([, , ns]) => Number(BigInt(ns) / 1_000_000n) > now - LIBRARY_STAMP_RACY_MS);
  return { files, racy };
}

/** True only when the library files are certainly those `stamp` saw (false means "hash them to know"). */
export async function libraryUnchanged(libraryDir: string, stamp: LibraryStamp | undefined): Promise<boolean> {
  if (!stamp || stamp.racy || !Array.isArray(stamp.files)) return false;
  const now = await statFiles(libraryDir);
  return now.length === stamp.files.length && now.every(([f, size, ns], i) => {
    const s = stamp.files[i];
    return !!s && s[0] === f && s[1] === size && s[2] === ns;
  });
}

/** The prebuilt library for `library`, its search documents and their serialized segments. */
export function makePrebuilt(library: Library, docs: SearchDoc[], segments: readonly SerializedSegment[], stamp?: LibraryStamp): PrebuiltLibrary {
  const ixs = segments.map((s) => (s.index instanceof SegmentIndex ? s.index : SegmentIndex.fromJSON(s.index, s.lang)));
  const bytes = encodeIndexFile(INDEX_VERSION, { kind: 'library' }, segmentSections(ixs));
  return { indexVersion: INDEX_VERSION, contentHash: library.contentHash, library, index: Buffer.from(bytes).toString('base64'), docs, ...(stamp ? { stamp } : {}) };
}

/** The prebuilt library in `text` if it was built from exactly these library files (`contentHash`) by this version, else undefined. */
export function currentPrebuilt(text: string | undefined, contentHash: string): PrebuiltLibrary | undefined {
  const raw = parsePrebuilt(text);
  return raw && raw.contentHash === contentHash ? raw : undefined;
}

/** The prebuilt library in `text` if it is readable and of this version (whatever library it was built from), else undefined. */
export function parsePrebuilt(text: string | undefined): PrebuiltLibrary | undefined {
  if (text === undefined) return undefined;
  try {
    const raw = JSON.parse(text) as PrebuiltLibrary;
    const ok = raw.indexVersion === INDEX_VERSION && typeof raw.contentHash === 'string' && raw.library?.contentHash === raw.contentHash;
    return ok && Array.isArray(raw.library.records) && Array.isArray(raw.docs) && typeof raw.index === 'string' ? raw : undefined;
  } catch {
    // Unreadable: the library is parsed and indexed at start-up instead.
    return undefined;
  }
}

/** The library's segments, with each document's revision key; throws IndexFileError when the index is damaged. */
export function prebuiltSegments(p: PrebuiltLibrary): SerializedSegment[] {
  const ixs = readSegments(decodeIndexFile(Buffer.from(p.index, 'base64'), INDEX_VERSION));
  const refs = new Map(ixs.map((ix) => [ix.lang, {} as Record<string, string>]));
  for (const d of p.docs) {
    const r = refs.get(d.lang);
    if (r) r[d.id] = revisionKey(d);
  }
  return ixs.map((ix) => ({ lang: ix.lang, index: ix, refs: refs.get(ix.lang)! }));
}
