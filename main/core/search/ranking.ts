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

/** What folding reads per document number (./matches.ts `MatchColumns`). */
export interface VersionColumns {
  /** Language code (index in LANGS). */
  lang: Uint8Array;
  /** 1: a translation's version, or a record that has some (else no folding is needed). */
  versioned: Uint8Array;
  /** A dense number for the record id (the same for all versions of a record), below `recordCapacity`. */
  rnum: Int32Array;
}

/** Folded matches: parallel arrays, valid below `count` until the next `foldVersions`. */
export interface Folded {
  nums: Int32Array;
  keys: Float64Array;
  raw: Float64Array;
  tiers: Uint8Array;
  count: number;
}

/** rnum -> 1 + position (0: not seen), kept between calls and reset after each (zero outside a call). */
let byRecordScratch = new Int32Array(0);
/** The output arrays, kept between calls (grown when a query matches more). */
const scratch: Folded = { nums: new Int32Array(0), keys: new Float64Array(0), raw: new Float64Array(0), tiers: new Uint8Array(0), count: 0 };

/**
 * One hit per record: the best (tier, score) of its language versions that `langMask` keeps (bit
 * `1 << code` per language kept); in the same tier, the version in the query's language is the one
 * shown, with the better score of the two. Works on document numbers and the columns (this runs
 * for every match, ~40,000 per query at 100,000 practices): no entry object is read. The result's
 * arrays are reused by the next call.
 */
export function foldVersions(
  found: { nums: Int32Array; scores: Float64Array; tiers: Uint8Array; count: number },
  cols: VersionColumns,
  queryLang: number,
  langMask: number,
  recordCapacity: number,
): Folded {
  const n = found.count;
  if (scratch.nums.length < n) {
    const size = Math.max(n, scratch.nums.length * 2);
    scratch.nums = new Int32Array(size);
    scratch.keys = new Float64Array(size);
    scratch.raw = new Float64Array(size);
    scratch.tiers = new Uint8Array(size);
  }
  const { nums, keys, raw, tiers } = scratch;
  const { lang, versioned, rnum } = cols;
  const fnums = found.nums;
  const fscores = found.scores;
  const ftiers = found.tiers;
  let out = 0;
  // rnum -> 1 + position in the output (0: not seen). An array rather than a Map keyed by record id.
  if (byRecordScratch.length < recordCapacity) byRecordScratch = new Int32Array(recordCapacity);
  const byRecord = byRecordScratch;
  for (let i = 0; i < n; i++) {
    const num = fnums[i]!;
    const l = lang[num]!;
    if (((langMask >>> l) & 1) === 0) continue;
    const score = fscores[i]!;
    const tier = ftiers[i]!;
    // Only records with several language versions need folding (most have one).
    const v = versioned[num] === 1;
    const at = v ? byRecord[rnum[num]!]! - 1 : -1;
    if (at < 0) {
      if (v) byRecord[rnum[num]!] = out + 1;
      nums[out] = num;
      keys[out] = rankKey(tier, score);
      raw[out] = score;
      tiers[out] = tier;
      out++;
      continue;
    }
    const mine = rankKey(tier, score);
    const better = mine > keys[at]!;
    const prevLang = lang[nums[at]!]!;
    const sameTier = tier === tiers[at];
    if (better) {
      keys[at] = mine;
      raw[at] = score;
      tiers[at] = tier;
    }
    const showNew = better
      ? !(sameTier && prevLang === queryLang && l !== queryLang)
      : sameTier && l === queryLang && prevLang !== queryLang;
    if (showNew) nums[at] = num;
  }
  for (let i = 0; i < out; i++) if (versioned[nums[i]!] === 1) byRecord[rnum[nums[i]!]!] = 0;
  scratch.count = out;
  return scratch;
}
