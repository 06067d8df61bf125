/**
 * How matches are ordered across languages and match kinds. A match's score is lunr's BM25 (from
 * the segments) times the share of the query's words it matched, times OTHER_LANGUAGE_FACTOR when
 * the document is not in the query's language (./query-lang.ts), so that documents in the query's
 * language come first when they match comparably. Scores are then ranked within tiers, never
 * across them: the corrected query's full matches in the query's language (when the query as typed
 * had few there), then full matches (every word, in any language), then partial matches (some
 * words only: soft AND, or words the document's language does not have). So a one-word partial
 * match in another language can never outrank a full match in the query's language.
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
