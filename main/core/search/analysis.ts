/**
 * Text analysis shared by indexing, querying and snippets, so that the three always agree on what
 * a "word" is and what term it becomes.
 *
 * A word is a run of Unicode letters/digits (so `l'assurance` is `l` + `assurance` and `C102` is
 * one word). A word becomes an index term by:
 *   1. lowercasing;
 *   2. stop-word filtering (index side only), on the lowercased word *before* folding, against the
 *      lunr / lunr-languages list of the document's language, then also against the folded list
 *      (so an unaccented `etait` typed in a note is treated like `était`);
 *   3. accent folding (NFD, strip combining marks, œ→oe, æ→ae, ß→ss, ø→o...);
 *   4. for Portuguese only, folding the nasal plurals that folding would otherwise split from
 *      their singular (`pensoes`→`pensao`, `sociais`→`social`), because the Snowball stemmer
 *      conflates neither `pensões`/`pensão` nor their folded forms; then pre-1990 spellings
 *      onto today's (`proteccao`→`protecao`, a curated list: ./pt-spellings.ts);
 *   5. stemming: lunr-languages' Snowball stemmer for fr and pt, lunr's Porter stemmer for en.
 * Folding happens before stemming on both sides, so `securite`, `sécurité` and `sécurités` all
 * become `securit`, whatever the user typed. The query side uses `term` (no stop-word filter:
 * the engine decides what to do with stop words), the index side `indexTerm`.
 *
 * lunr is used here for what lunr-languages provides on top of it: the Snowball stemmers and the
 * stop-word lists (captured when the plugins register them); lunr's Porter stemmer does English.
 */
import lunr from 'lunr';
import stemmerSupport from 'lunr-languages/lunr.stemmer.support.js';
import lunrFr from 'lunr-languages/lunr.fr.js';
import lunrPt from 'lunr-languages/lunr.pt.js';
import type { Lang } from '../model';
import { modernPortuguese } from './pt-spellings';

type StringFn = (s: string) => string;
type LunrWithLanguages = typeof lunr & {
  fr?: { stemmer: lunr.PipelineFunction; stopWordFilter: lunr.PipelineFunction };
  pt?: { stemmer: lunr.PipelineFunction; stopWordFilter: lunr.PipelineFunction };
  __socleStopWords?: Partial<Record<Lang, string[]>>;
};

/** Installs lunr-languages (fr, pt) once per lunr instance and captures their stop-word lists. */
function installLanguages(): Record<Lang, string[]> {
  const l = lunr as LunrWithLanguages;
  if (!l.__socleStopWords) {
    const captured: string[][] = [];
    const original = lunr.generateStopWordFilter;
    // lunr-languages builds its filters with lunr.generateStopWordFilter(list); capture the lists
    // so that the query side can test folded stop words too.
    lunr.generateStopWordFilter = (words: string[]) => {
      captured.push(words);
      return original(words);
    };
    try {
      if (!(lunr as unknown as { stemmerSupport?: unknown }).stemmerSupport) stemmerSupport(lunr);
      lunrFr(lunr);
      const fr = captured[captured.length - 1] ?? [];
      lunrPt(lunr);
      const pt = captured[captured.length - 1] ?? [];
      l.__socleStopWords = { fr, pt };
    } finally {
      lunr.generateStopWordFilter = original;
    }
  }
  return { fr: l.__socleStopWords.fr ?? [], pt: l.__socleStopWords.pt ?? [], en: ENGLISH_STOP_WORDS };
}

/** lunr's own English list (lunr.stopWordFilter), spelled out because lunr keeps it in a closure. */
const ENGLISH_STOP_WORDS =
  "a able about across after all almost also am among an and any are as at be because been but by can cannot could dear did do does either else ever every for from get got had has have he her hers him his how however i if in into is it its just least let like likely may me might most must my neither no nor not of off often on only or other our own rather said say says she should since so some than that the their them then there these they this tis to too twas us wants was we were what when where which while who whom why will with would yet you your".split(
    ' ',
  );

const STOP_LISTS = installLanguages();
const L = lunr as LunrWithLanguages;

/* ------------------------------------------------------------------------------------------ */
/* Folding                                                                                    */

const NON_ASCII_OR_UPPER = /[^a-z0-9]/;
const COMBINING_MARKS = /\p{M}+/gu;
const LIGATURES = /[œæßøłđðþı]/g;
const LIGATURE_MAP: Record<string, string> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** Lowercase, strip diacritics (NFD + combining marks) and expand ligatures: `Œuvre Sécurité` → `oeuvre securite`. */
export function fold(s: string): string {
  if (!NON_ASCII_OR_UPPER.test(s)) return s;
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(LIGATURES, (c) => LIGATURE_MAP[c] ?? c);
}

/* ------------------------------------------------------------------------------------------ */
/* Words                                                                                      */

/** A word: a maximal run of Unicode letters, combining marks and digits. */
export const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

/**
 * Per UTF-16 code unit, what it is to `WORD`: 0 not known yet, 1 a separator, 2 a letter or digit
 * (starts or continues a word), 3 a combining mark (continues one). Filled as characters are met.
 */
const CHAR_CLASS = new Uint8Array(65536);
for (let c = 0; c < 128; c++) CHAR_CLASS[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 2 : 1;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;

function classify(c: number): number {
  const ch = String.fromCharCode(c);
  return (CHAR_CLASS[c] = LETTER_OR_DIGIT.test(ch) ? 2 : MARK.test(ch) ? 3 : 1);
}

/**
 * The lowercased words of a text, in order: `text.toLowerCase().match(WORD)`, by a loop over the
 * code units with a class table (half the time of the regular expression, which the index build
 * runs on every text); a text with a surrogate pair (letters beyond the BMP) takes the regular
 * expression itself.
 */
export function words(text: string): string[] {
  if (!text) return [];
  const s = text.toLowerCase();
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let k = CHAR_CLASS[c]!;
    if (k === 0) {
      if (c >= 0xd800 && c <= 0xdfff) return s.match(WORD) ?? [];
      k = classify(c);
    }
    if (start < 0) {
      if (k === 2) start = i;
    } else if (k === 1) {
      out.push(s.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

/* ------------------------------------------------------------------------------------------ */
/* Stop words                                                                                 */

const RAW_STOP: Record<Lang, Set<string>> = {
  fr: new Set(STOP_LISTS.fr),
  en: new Set(STOP_LISTS.en),
  pt: new Set(STOP_LISTS.pt),
};
const FOLDED_STOP: Record<Lang, Set<string>> = {
  fr: new Set(STOP_LISTS.fr.map(fold)),
  en: new Set(STOP_LISTS.en.map(fold)),
  pt: new Set(STOP_LISTS.pt.map(fold)),
};
/** Folded stop words of every language (for language-neutral glossary matching). */
const ANY_STOP = new Set([...FOLDED_STOP.fr, ...FOLDED_STOP.en, ...FOLDED_STOP.pt]);

/** `word` is lowercase. Tested before folding, then folded (see the file comment). */
export function isStopWord(lang: Lang, word: string): boolean {
  return RAW_STOP[lang].has(word) || FOLDED_STOP[lang].has(fold(word));
}

export function isStopWordInAnyLanguage(foldedWord: string): boolean {
  return ANY_STOP.has(foldedWord);
}

/* ------------------------------------------------------------------------------------------ */
/* Stemming                                                                                   */

function wrapStemmer(fn: lunr.PipelineFunction | undefined): StringFn {
  if (!fn) throw new Error('lunr-languages stemmer is missing');
  return (s: string) => String(fn(new lunr.Token(s, {}), 0, []) ?? s);
}

/**
 * Portuguese, after folding: map nasal and -l plurals onto their singular so the stemmer sees one
 * form (`pensoes`/`pensao`, `protecoes`/`protecao`, `sociais`/`social`, `possiveis`/`possivel`).
 */
export function normalizePortuguese(w: string): string {
  if (w.length < 5) return w;
  if (w.endsWith('oes') || w.endsWith('aes')) return w.slice(0, -3) + 'ao';
  if (w.endsWith('aos')) return w.slice(0, -1);
  if (w.length >= 6) {
    if (/[cdglmnrtv]ais$/.test(w)) return w.slice(0, -2) + 'l';
    if (/[^e]eis$/.test(w)) return w.slice(0, -2) + 'l';
    if (w.endsWith('ois')) return w.slice(0, -2) + 'l';
  }
  return w;
}

const STEMMERS: Record<Lang, StringFn> = {
  fr: wrapStemmer(L.fr?.stemmer),
  en: wrapStemmer(lunr.stemmer),
  pt: ((stem: StringFn) => (w: string) => stem(modernPortuguese(normalizePortuguese(w))))(wrapStemmer(L.pt?.stemmer)),
};

const CACHE_LIMIT = 200_000;
const termCache: Record<Lang, Map<string, string>> = { fr: new Map(), en: new Map(), pt: new Map() };
const indexCache: Record<Lang, Map<string, string>> = { fr: new Map(), en: new Map(), pt: new Map() };

/** The term for a (lowercase) word, stop words included (query side): fold, then stem. Cached. */
export function term(lang: Lang, word: string): string {
  const cache = termCache[lang];
  let t = cache.get(word);
  if (t === undefined) {
    const folded = fold(word);
    t = folded ? STEMMERS[lang](folded) : '';
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, t);
  }
  return t;
}

/** The index term for a (lowercase) word: null for stop words. Cached (one lookup per token). */
export function indexTerm(lang: Lang, word: string): string | null {
  const cache = indexCache[lang];
  let t = cache.get(word);
  if (t === undefined) {
    t = isStopWord(lang, word) ? '' : term(lang, word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, t);
  }
  return t || null;
}

/* ------------------------------------------------------------------------------------------ */
/* Misc                                                                                       */

/** Levenshtein distance with early exit: returns max+1 as soon as the distance must exceed max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  let prevPrev = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      // Damerau transposition (like lunr's fuzzy matching)
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n]!;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}
