/**
 * How matches are ordered across languages and match kinds. A match's score is lunr's BM25 (from
 * the segments) times the share of the query's words it matched, times OTHER_LANGUAGE_FACTOR when
 * the document is not in the query's language (./query-lang.ts), so that documents in the query's
 * language come first when they match comparably. Scores are then ranked within tiers, never
 * across them: the corrected query's full matches in the query's language (when the query as typed
 * had few there), then full matches (every word, in any language), then partial matches (some
 * words only: soft AND, or words the document's language does not have). So a one-word partial
 * match in another language can never outrank a full match in the query's language. A record's
 * language versions (its translations) are then folded into one hit (`foldVersions`).
 */
import type { Lang } from '../model';

export const TIER_PARTIAL = 0;
export const TIER_FULL = 1;
export const TIER_CORRECTED = 2;

/** Score multiplier for documents outside the query's language. */
export const OTHER_LANGUAGE_FACTOR = 0.5;

/** Below this many full matches in the query's language, partial matches and a corrected query are tried. */
export const FEW_RESULTS = 5;

/** A single sortable key: the tier first, then the score (mapped into [0, 1) within its tier). */
export function rankKey(tier: number, score: number): number {
  const s = Math.max(0, score);
  return tier * 2 + s / (1 + s);
}

/** What folding needs to know of a matched document version (./engine.ts entries). */
export interface VersionedMatch {
  doc: { lang: Lang };
  /** The record's id (./versions.ts). */
  rid: string;
  /** A dense number for `rid` (the same for all versions of a record), below `recordCapacity`. */
  rnum: number;
  /** A translation's version, or a record that has some (else no folding is needed). */
  versioned: boolean;
}

/**
 * One hit per record: the best (tier, score) of its language versions that `langFilter` keeps; in
 * the same tier, the version in the query's language is the one shown, with the better score of
 * the two. Returns parallel arrays: the entries, their rank keys, scores and tiers.
 */
/** rnum -> 1 + position (0: not seen), kept between calls and reset after each (zero outside a call). */
let byRecordScratch = new Int32Array(0);

export function foldVersions<E extends VersionedMatch>(
  found: { entries: readonly E[]; scores: ArrayLike<number>; tiers: ArrayLike<number> },
  queryLang: Lang,
  langFilter: ReadonlySet<Lang> | null,
  recordCapacity: number,
): { entries: E[]; keys: Float64Array; raw: Float64Array; tiers: Uint8Array } {
  // Parallel typed arrays sized for every match (no growth, no per-match boxing): this runs for
  // every match, ~40,000 per query at 100,000 practices.
  const n = found.entries.length;
  const entries: E[] = new Array<E>(n);
  const keys = new Float64Array(n);
  const raw = new Float64Array(n);
  const tiers = new Uint8Array(n);
  let out = 0;
  // rnum -> 1 + position in `entries` (0: not seen). An array rather than a Map keyed by record id.
  if (byRecordScratch.length < recordCapacity) byRecordScratch = new Int32Array(recordCapacity);
  const byRecord = byRecordScratch;
  for (let i = 0; i < n; i++) {
    const entry = found.entries[i]!;
    if (langFilter && !langFilter.has(entry.doc.lang)) continue;
    const score = found.scores[i]!;
    const tier = found.tiers[i]!;
    // Only records with several language versions need folding (most have one).
    const at = entry.versioned ? byRecord[entry.rnum]! - 1 : -1;
    if (at < 0) {
      if (entry.versioned) byRecord[entry.rnum] = out + 1;
      entries[out] = entry;
      keys[out] = rankKey(tier, score);
      raw[out] = score;
      tiers[out] = tier;
      out++;
      continue;
    }
    const mine = rankKey(tier, score);
    const better = mine > keys[at]!;
    const prev = entries[at]!;
    const sameTier = tier === tiers[at];
    if (better) {
      keys[at] = mine;
      raw[at] = score;
      tiers[at] = tier;
    }
    const showNew = better
      ? !(sameTier && prev.doc.lang === queryLang && entry.doc.lang !== queryLang)
      : sameTier && entry.doc.lang === queryLang && prev.doc.lang !== queryLang;
    if (showNew) entries[at] = entry;
  }
  for (let i = 0; i < out; i++) if (entries[i]!.versioned) byRecord[entries[i]!.rnum] = 0;
  entries.length = out;
  return { entries, keys: keys.subarray(0, out), raw: raw.subarray(0, out), tiers: tiers.subarray(0, out) };
}
