/**
 * The prebuilt library file (`npm run build:library`, out/library/library.json): the validated
 * library, its search documents and its index segments, so that a start skips YAML parsing,
 * validation and indexing. Owns the file's shape and the check that it matches the library
 * files; the segments inside are one binary index file (./index-file.ts), base64-encoded.
 */
import type { Library } from '../library/load';
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
}

/** The prebuilt library for `library`, its search documents and their serialized segments. */
export function makePrebuilt(library: Library, docs: SearchDoc[], segments: readonly SerializedSegment[]): PrebuiltLibrary {
  const ixs = segments.map((s) => (s.index instanceof SegmentIndex ? s.index : SegmentIndex.fromJSON(s.index, s.lang)));
  const bytes = encodeIndexFile(INDEX_VERSION, { kind: 'library' }, segmentSections(ixs));
  return { indexVersion: INDEX_VERSION, contentHash: library.contentHash, library, index: Buffer.from(bytes).toString('base64'), docs };
}

/** The prebuilt library in `text` if it was built from exactly these library files (`contentHash`) by this version, else undefined. */
export function currentPrebuilt(text: string | undefined, contentHash: string): PrebuiltLibrary | undefined {
  if (text === undefined) return undefined;
  try {
    const raw = JSON.parse(text) as PrebuiltLibrary;
    const fresh = raw.indexVersion === INDEX_VERSION && raw.contentHash === contentHash && raw.library?.contentHash === contentHash;
    return fresh && Array.isArray(raw.library.records) && Array.isArray(raw.docs) && typeof raw.index === 'string' ? raw : undefined;
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
