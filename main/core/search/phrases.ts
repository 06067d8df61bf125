/**
 * Phrases: quoted phrases in a query (`"sécurité sociale"`, `« socle de protection »`) must occur
 * as such in a document (its words in order, stop words between them ignored, each word compared
 * by its index term), and glossary terms and quoted phrases are highlighted as one phrase in
 * snippets and in the reader, not word by word (./snippet.ts, `SearchHit.highlights`).
 * A phrase is given as the sequence of its words' index terms in the document's language.
 */
import type { Lang } from '../model';
import { WORD, indexTerm, term as termOf } from './analysis';
import type { GlossarySpan } from './glossary';
import type { SnippetMatch } from './snippet';
import type { SearchDoc } from './types';

/** Words highlighted in the reader per hit. */
const MAX_HIGHLIGHTS = 24;
/** How much text after a phrase's first word is scanned for the phrase's written form. */
const PHRASE_WINDOW_CHARS = 160;
const MAX_PHRASE_WINDOWS = 6;

/** Phrases to match and mark in one language: glossary terms' forms and quoted phrases, as index terms. */
export interface PhraseSet {
  /** Every phrase (for snippets and highlights). */
  list: string[][];
  /** Quoted phrases only: a document must contain them. */
  quoted: string[][];
  /** Terms marked only inside a phrase occurrence (words of phrases, not typed alone). */
  only: Set<string>;
}

/**
 * The phrases of a query in `lang`: its glossary terms' forms (2+ words) and the words typed for
 * them, and its quoted parts (`quoteOf[i]`: the quoted range of word i, -1 for none).
 */
export function planPhrases(lang: Lang, queryWords: readonly string[], spans: readonly GlossarySpan[], quoteOf: readonly number[]): PhraseSet {
  const list: string[][] = [];
  const quoted: string[][] = [];
  const only = new Set<string>();
  const addPhrase = (terms: string[], isQuoted: boolean) => {
    if (isQuoted && terms.length) quoted.push(terms);
    if (terms.length < 2) return;
    list.push(terms);
    for (const t of terms) only.add(t);
  };
  for (const sp of spans) {
    for (const form of sp.term.forms[lang]) addPhrase(phraseTerms(lang, form), false);
    addPhrase(phraseTerms(lang, queryWords.slice(sp.start, sp.end)), false);
  }
  const groups = new Map<number, string[]>();
  queryWords.forEach((w, i) => {
    const g = quoteOf[i]!;
    if (g >= 0) groups.set(g, [...(groups.get(g) ?? []), w]);
  });
  for (const ws of groups.values()) addPhrase(phraseTerms(lang, ws), true);
  // A word also typed on its own is marked on its own too.
  queryWords.forEach((w, i) => {
    if (quoteOf[i]! >= 0 || spans.some((sp) => i >= sp.start && i < sp.end)) return;
    const t = termOf(lang, w);
    if (t) only.delete(t);
  });
  return { list, quoted, only };
}

/** Joined and lowercased texts of recent hits' documents (the same documents recur across queries). */
const JOINED_CACHE_SIZE = 256;

/** A hit's joined text, lowercased, with what highlighting found in it so far (all query-independent). */
interface Joined {
  title: string;
  summary: string;
  lang: Lang;
  text: string;
  lower: string;
  /** Per lowercase form: its first two occurrences in `lower`. */
  firstTwo: Map<string, number[]>;
  /** Per start: the words of the PHRASE_WINDOW_CHARS window there. */
  windows: Map<number, TextWords>;
}

const joinedCache = new Map<string, Joined>();

/** `title\nsummary\nbody` of `doc` and its lowercase (cached by body, checked on the rest). */
function joinedText(doc: SearchDoc): Joined {
  let j = joinedCache.get(doc.body);
  if (j && j.title === doc.title && j.summary === doc.summary && j.lang === doc.lang) return j;
  const text = `${doc.title}\n${doc.summary}\n${doc.body}`;
  j = { title: doc.title, summary: doc.summary, lang: doc.lang, text, lower: text.toLowerCase(), firstTwo: new Map(), windows: new Map() };
  if (joinedCache.size >= JOINED_CACHE_SIZE) joinedCache.delete(joinedCache.keys().next().value!);
  joinedCache.set(doc.body, j);
  return j;
}

/**
 * What the reader highlights for a hit: its phrases as the text writes them (looked for only near
 * the first occurrences of their first word), then the surface forms of its single matched terms.
 */
export function hitHighlights(doc: SearchDoc, match: SnippetMatch, phrases: readonly (readonly string[])[]): string[] {
  const out = new Set<string>();
  if (phrases.length) {
    const j = joinedText(doc);
    const firsts = new Set(phrases.map((p) => p[0]));
    const starts = new Set<number>();
    for (const f of new Set(match.forms)) {
      if (starts.size >= MAX_PHRASE_WINDOWS) break;
      if (!firsts.has(termOf(doc.lang, f))) continue;
      let two = j.firstTwo.get(f);
      if (!two) {
        two = [];
        for (let at = j.lower.indexOf(f), n = 0; at >= 0 && n < 2; at = j.lower.indexOf(f, at + f.length), n++) two.push(at);
        j.firstTwo.set(f, two);
      }
      for (const at of two) starts.add(at);
    }
    for (const at of [...starts].slice(0, MAX_PHRASE_WINDOWS)) {
      const window = j.text.slice(at, at + PHRASE_WINDOW_CHARS);
      let ws = j.windows.get(at);
      if (!ws) j.windows.set(at, (ws = textWords(window, doc.lang)));
      for (const o of occurrences(window, ws, phrases, 10)) out.add(o);
    }
  }
  const only = match.phraseOnly;
  for (const f of match.forms) {
    if (out.size >= MAX_HIGHLIGHTS) break;
    const t = termOf(doc.lang, f);
    if (match.terms.has(t) && !only?.has(t)) out.add(f);
  }
  return [...out];
}

const QUOTES = /"([^"]*)"|«([^»]*)»|“([^”]*)”/g;

/** Character ranges [start, end) of the quoted parts of a query (an unclosed quote quotes nothing). */
export function quotedRanges(q: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of q.matchAll(QUOTES)) out.push([m.index!, m.index! + m[0].length]);
  return out;
}

/** The index terms of a phrase's words in `lang` (stop words left out); empty when none is left. */
export function phraseTerms(lang: Lang, phraseWords: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of phraseWords) {
    const t = indexTerm(lang, w.toLowerCase());
    if (t) out.push(t);
  }
  return out;
}

/** The words of a text: their bounds and index terms (null for stop words), as parallel arrays. */
interface TextWords {
  starts: number[];
  ends: number[];
  terms: (string | null)[];
}

function textWords(text: string, lang: Lang): TextWords {
  const out: TextWords = { starts: [], ends: [], terms: [] };
  const re = new RegExp(WORD.source, 'gu');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    out.starts.push(m.index);
    out.ends.push(m.index + m[0].length);
    out.terms.push(indexTerm(lang, m[0].toLowerCase()));
  }
  return out;
}

/** Where each occurrence of `phrase` (terms) ends, starting at word `i` of `terms`; -1 when it does not start there. */
function matchAt(terms: readonly (string | null)[], i: number, phrase: readonly string[]): number {
  if (terms[i] !== phrase[0]) return -1;
  let k = 1;
  let j = i + 1;
  for (; k < phrase.length && j < terms.length; j++) {
    const t = terms[j]!;
    if (t === null) continue;
    if (t !== phrase[k]) return -1;
    k++;
  }
  return k === phrase.length ? j - 1 : -1;
}

/** Whether `text` (in `lang`) contains every phrase of `phrases`. */
export function containsPhrases(text: string, lang: Lang, phrases: readonly (readonly string[])[]): boolean {
  if (!phrases.length) return true;
  const { terms } = textWords(text, lang);
  return phrases.every((p) => terms.some((_, i) => matchAt(terms, i, p) >= 0));
}

/** The phrases' occurrences in `text`, lowercase, words separated by single spaces (for the reader's highlights). */
export function phraseOccurrences(text: string, lang: Lang, phrases: readonly (readonly string[])[], max = 10): string[] {
  if (!phrases.length || !text) return [];
  return occurrences(text, textWords(text, lang), phrases, max);
}

function occurrences(text: string, { starts, ends, terms }: TextWords, phrases: readonly (readonly string[])[], max: number): string[] {
  const found = new Set<string>();
  if (!phrases.length || !text) return [];
  for (let i = 0; i < terms.length && found.size < max; i++) {
    for (const p of phrases) {
      const end = matchAt(terms, i, p);
      if (end < 0) continue;
      const words: string[] = [];
      for (let j = i; j <= end; j++) words.push(text.slice(starts[j]!, ends[j]!).toLowerCase());
      found.add(words.join(' '));
      break;
    }
  }
  return [...found];
}

/**
 * Marks for a run of words (by term): for each word, 0 = not marked, 1 = marked alone, 2 = starts a
 * phrase occurrence, 3 = continues it. `single` says whether a term is marked alone; words of a
 * phrase occurrence are marked together, including stop words between them.
 */
export function markWords(terms: readonly (string | null)[], single: (t: string) => boolean, phrases: readonly (readonly string[])[]): Uint8Array {
  const marks = new Uint8Array(terms.length);
  for (let i = 0; i < terms.length; i++) {
    let end = -1;
    for (const p of phrases) if ((end = matchAt(terms, i, p)) >= 0) break;
    if (end >= 0) {
      marks[i] = 2;
      for (let j = i + 1; j <= end; j++) marks[j] = 3;
      i = end;
    } else if (terms[i] !== null && single(terms[i]!)) marks[i] = 1;
  }
  return marks;
}
