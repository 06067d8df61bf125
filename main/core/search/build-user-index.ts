/**
 * Building the user index from the records when there is no usable index cache (first start,
 * after an import, after an index version bump): the cold path of `Hub.open`.
 *
 * The work is cut in chunks of records (each: records -> SearchDocs -> analysed into one
 * `SegmentBuilder` per language), so that it reports progress and, when it runs on the main
 * thread, yields between chunks; at the end each builder lays out its postings (no text analysis
 * left, no merge) into exactly the segment `SearchEngine.buildSegments` would have built.
 *
 * Where it runs is the caller's choice (the core stays free of threads and paths): the platform
 * layer (main/platform/index-builder.ts) runs `ChunkedUserIndexBuild` in a worker thread and
 * hands the segments back as typed arrays (`SegmentTransfer`, transferred, not copied); without a
 * worker, `buildUserIndexInThread` runs the same steps here, yielding between chunks.
 */
import { LANGS, type HubRecord, type Lang } from '../model';
import { toSearchDocs } from './docs';
import { normalizeDoc, revisionKey } from './engine';
import { SegmentBuilder, SegmentIndex, type SegmentTransfer } from './segment';
import type { DocMeta, SearchDoc, SerializedSegment } from './types';
import { yieldToLoop } from '../event-loop';

/** Records per chunk: small enough for a short main-thread step, large enough to merge cheaply. */
export const BUILD_CHUNK = 400;

/** What a build gives the hub: segments whose `index` is a decoded SegmentIndex, and the documents' metadata. */
export interface BuiltUserIndex {
  segments: SerializedSegment[];
  /** Metadata or whole documents (a builder that kept them). */
  docs: readonly (DocMeta | SearchDoc)[];
  /**
   * More metadata, still encoded (a worker's result): UTF-8 JSON arrays of DocMeta, which
   * `docsOf` decodes one chunk per step.
   */
  docBytes?: readonly Uint8Array[];
}

/** The same, as it crosses a thread boundary: typed arrays, not segments. */
export interface BuiltUserIndexParts {
  segments: { lang: Lang; parts: SegmentTransfer; refs: Record<string, string> }[];
  /**
   * The documents' metadata as UTF-8 JSON, DOC_BYTES_CHUNK documents per array, transferred: a
   * structured clone of 6,000 DocMeta objects is decoded in the receiving message callback, one
   * step of the main thread that grows with the records (see `docsOf`).
   */
  docs: Uint8Array[];
}

/** Documents per encoded chunk of a worker's result (one step of `docsOf`: ~10 ms). */
export const DOC_BYTES_CHUNK = 3000;

/** Progress of a build: `done` of `total` records analysed. */
export type BuildProgress = (done: number, total: number) => void;

/**
 * Builds the user index of `records`; reports progress; rejects when `signal` aborts (the hub
 * closed). Injected into the hub (HubOptions.indexBuilder); `buildUserIndexInThread` by default.
 */
export type UserIndexBuilder = ((records: readonly HubRecord[], onProgress: BuildProgress, signal?: AbortSignal) => Promise<BuiltUserIndex>) & {
  /**
   * Called as soon as the hub knows it will build (no index cache), while the store still loads:
   * a worker-based builder starts its threads then, so their start-up overlaps the store's.
   */
  prepare?: () => void;
};

/** The steps of a build, fed chunk by chunk (in a worker or on the main thread). */
export class ChunkedUserIndexBuild {
  private readonly builders: Record<Lang, SegmentBuilder> = { fr: new SegmentBuilder('fr'), en: new SegmentBuilder('en'), pt: new SegmentBuilder('pt') };
  private readonly refs: Record<Lang, Record<string, string>> = { fr: {}, en: {}, pt: {} };
  private readonly docs: DocMeta[] = [];

  /** Analyses some records (one chunk). */
  add(records: readonly HubRecord[]): void {
    for (const r of records) {
      for (const raw of toSearchDocs(r)) {
        const doc = normalizeDoc(raw);
        const rev = revisionKey(doc);
        this.builders[doc.lang].add(doc);
        this.refs[doc.lang][doc.id] = rev;
        const { summary: _s, body: _b, keywords: _k, ...meta } = doc;
        this.docs.push({ ...meta, rev });
      }
    }
  }

  /** One segment per language, decoded. */
  finish(): BuiltUserIndex & { docs: DocMeta[] } {
    const segments: SerializedSegment[] = [];
    for (const lang of LANGS) {
      const b = this.builders[lang];
      if (b.docCount) segments.push({ lang, index: b.finish(), refs: this.refs[lang] });
    }
    return { segments, docs: this.docs };
  }
}

/** `finish()`'s result as typed arrays, for a worker's postMessage (transfer `transferablesOf`). */
export function toParts(built: BuiltUserIndex & { docs: DocMeta[] }): BuiltUserIndexParts {
  const encoder = new TextEncoder();
  const docs: Uint8Array[] = [];
  for (let i = 0; i < built.docs.length; i += DOC_BYTES_CHUNK) docs.push(encoder.encode(JSON.stringify(built.docs.slice(i, i + DOC_BYTES_CHUNK))));
  return {
    segments: built.segments.map((s) => ({ lang: s.lang, parts: (s.index as SegmentIndex).toTransfer(), refs: s.refs })),
    docs,
  };
}

export function transferablesOf(parts: BuiltUserIndexParts): ArrayBuffer[] {
  return [...parts.segments.flatMap((s) => SegmentIndex.transferables(s.parts)), ...parts.docs.map((d) => d.buffer as ArrayBuffer)];
}

/** Back from typed arrays (checked: they crossed a thread boundary). */
export function fromParts(parts: BuiltUserIndexParts): BuiltUserIndex {
  if (!parts || !Array.isArray(parts.segments) || !Array.isArray(parts.docs) || !parts.docs.every((d) => d instanceof Uint8Array)) {
    throw new Error('malformed index build result');
  }
  return {
    segments: parts.segments.map((s) => ({ lang: s.lang, index: SegmentIndex.fromTransfer(s.parts), refs: s.refs })),
    docs: [],
    docBytes: parts.docs,
  };
}

/**
 * One segment from the segments of one language that several workers built (in this order): the
 * segment the cache write would otherwise merge on the main thread (`SegmentIndex.merge`, every
 * slot kept: a fresh build's slots are all live), so the cache holds the same bytes.
 */
export function mergeTransfers(parts: readonly SegmentTransfer[]): SegmentTransfer {
  const ixs = parts.map((p) => SegmentIndex.fromTransfer(p));
  if (!ixs.length || ixs.some((ix) => ix.lang !== ixs[0]!.lang)) throw new Error('malformed merge request');
  return SegmentIndex.merge(ixs[0]!.lang, ixs.map((ix) => ({ ix, keep: () => true }))).toTransfer();
}

/**
 * All the documents' metadata of a build: `docs`, then `docBytes` decoded one chunk at a time
 * with `pause()` awaited before each (a full turn of the event loop in the hub's cold path).
 */
export async function docsOf(built: BuiltUserIndex, pause: () => Promise<void>): Promise<readonly (DocMeta | SearchDoc)[]> {
  if (!built.docBytes?.length) return built.docs;
  const out: (DocMeta | SearchDoc)[] = [...built.docs];
  const decoder = new TextDecoder();
  for (const bytes of built.docBytes) {
    await pause();
    const chunk: unknown = JSON.parse(decoder.decode(bytes));
    if (!Array.isArray(chunk)) throw new Error('malformed index build result');
    for (const d of chunk as DocMeta[]) out.push(d);
  }
  return out;
}

/**
 * The build on the calling thread, one chunk at a time with the event loop running in between:
 * the fallback when no worker thread can start, and the default of a hub opened without an
 * injected builder (tests, one-off tools).
 */
export const buildUserIndexInThread: UserIndexBuilder = async (records, onProgress, signal) => {
  const build = new ChunkedUserIndexBuild();
  onProgress(0, records.length);
  for (let i = 0; i < records.length; i += BUILD_CHUNK) {
    await yieldToLoop();
    signal?.throwIfAborted();
    build.add(records.slice(i, i + BUILD_CHUNK));
    onProgress(Math.min(records.length, i + BUILD_CHUNK), records.length);
  }
  await yieldToLoop();
  signal?.throwIfAborted();
  return build.finish();
};
