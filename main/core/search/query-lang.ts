/**
 * Query language detection: which language (fr, en, pt) a query is written in, from its words
 * against each language's vocabulary, with the interface language as a prior. Per language, a
 * word scores 1 when it is a stop word of that language only or appears as such (same folded
 * spelling) in that language's documents, 0.5 when only its stem is known there (`socialle` stems
 * to the English `social`: weak evidence, typical of a typo), 0 otherwise; the interface language
 * adds PRIOR, which decides ties and queries that are ambiguous (`protection`, `Togo`). Ties left
 * after that go to the language whose documents use the words more often, then French.
 * The ranking (./engine.ts) puts documents in the detected language first when they match
 * comparably, and suggestions look for corrections in that language's vocabulary. A glossary term
 * typed in one language's form (`maternity benefit`, `prestations de maternité`) counts as one word
 * of evidence per word for that language, since its words are known in every language.
 */
import { LANGS, type Lang } from '../vocabulary';
import { isStopWord } from './analysis';

/** The interface language's head start, in words (less than one word of evidence). */
export const PRIOR = 0.75;

/** How well a word is known in a language: 1 as written, 0.5 by its stem only, 0 not at all; `share` breaks ties. */
export interface WordEvidence {
  known: 0 | 0.5 | 1;
  /** Share of the language's documents that contain the word's term (0..1). */
  share: number;
}

export interface LangDetection {
  lang: Lang;
  scores: Record<Lang, number>;
}

/**
 * `evidence(lang, word, folded)` says how well `lang`'s documents know a (non-stop) word;
 * `available` are the languages that have documents at all.
 */
export function detectQueryLang(
  queryWords: readonly { word: string; folded: string }[],
  evidence: (lang: Lang, word: string, folded: string) => WordEvidence,
  available: readonly Lang[],
  prior: Lang | undefined,
  /** Extra evidence, e.g. a glossary term typed in one language's form (`maternity benefit`). */
  bonus: Partial<Record<Lang, number>> = {},
): LangDetection {
  const scores = { fr: bonus.fr ?? 0, en: bonus.en ?? 0, pt: bonus.pt ?? 0 } as Record<Lang, number>;
  const shares = { fr: 0, en: 0, pt: 0 } as Record<Lang, number>;
  for (const w of queryWords) {
    const stopIn = LANGS.filter((l) => isStopWord(l, w.word));
    if (stopIn.length) {
      // A stop word of some languages only is evidence for them (`de` fr/pt, `the` en).
      if (stopIn.length < LANGS.length) for (const l of stopIn) scores[l] += 1;
      continue;
    }
    for (const l of available) {
      const e = evidence(l, w.word, w.folded);
      scores[l] += e.known;
      shares[l] += e.share;
    }
  }
  if (prior) scores[prior] += PRIOR;
  const candidates = available.length ? available : LANGS;
  let best: Lang = prior && candidates.includes(prior) ? prior : candidates[0]!;
  for (const l of candidates) {
    if (scores[l] > scores[best] + 1e-9 || (Math.abs(scores[l] - scores[best]) <= 1e-9 && shares[l] > shares[best])) best = l;
  }
  return { lang: best, scores };
}
