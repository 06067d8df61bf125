/**
 * Phrases: quoted phrases in a query (`"sécurité sociale"`, `« socle de protection »`) must occur
 * as such in a document (its words in order, stop words between them ignored, each word compared
 * by its index term), and glossary terms and quoted phrases are highlighted as one phrase in
 * snippets and in the reader, not word by word (./snippet.ts, `SearchHit.highlights`).
 * A phrase is given as the sequence of its words' index terms in the document's language.
 */
import type { Lang } from '../model';
import { WORD, indexTerm } from './analysis';

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

/** A word of a text: its bounds and index term (null for stop words). */
interface TextWord {
  start: number;
  end: number;
  term: string | null;
}

function textWords(text: string, lang: Lang): TextWord[] {
  const out: TextWord[] = [];
  const re = new RegExp(WORD.source, 'gu');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ start: m.index, end: m.index + m[0].length, term: indexTerm(lang, m[0].toLowerCase()) });
  return out;
}

/** Where each occurrence of `phrase` (terms) ends, starting at word `i` of `ws`; -1 when it does not start there. */
function matchAt(ws: readonly { term: string | null }[], i: number, phrase: readonly string[]): number {
  if (ws[i]?.term !== phrase[0]) return -1;
  let k = 1;
  let j = i + 1;
  for (; k < phrase.length && j < ws.length; j++) {
    const t = ws[j]!.term;
    if (t === null) continue;
    if (t !== phrase[k]) return -1;
    k++;
  }
  return k === phrase.length ? j - 1 : -1;
}

/** Whether `text` (in `lang`) contains every phrase of `phrases`. */
export function containsPhrases(text: string, lang: Lang, phrases: readonly (readonly string[])[]): boolean {
  if (!phrases.length) return true;
  const ws = textWords(text, lang);
  return phrases.every((p) => ws.some((_, i) => matchAt(ws, i, p) >= 0));
}

/** The phrases' occurrences in `text`, lowercase, words separated by single spaces (for the reader's highlights). */
export function phraseOccurrences(text: string, lang: Lang, phrases: readonly (readonly string[])[], max = 10): string[] {
  const found = new Set<string>();
  if (!phrases.length || !text) return [];
  const ws = textWords(text, lang);
  for (let i = 0; i < ws.length && found.size < max; i++) {
    for (const p of phrases) {
      const end = matchAt(ws, i, p);
      if (end < 0) continue;
      const words: string[] = [];
      for (let j = i; j <= end; j++) words.push(text.slice(ws[j]!.start, ws[j]!.end).toLowerCase());
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
  const ws = terms.map((term) => ({ term }));
  for (let i = 0; i < terms.length; i++) {
    let end = -1;
    for (const p of phrases) if ((end = matchAt(ws, i, p)) >= 0) break;
    if (end >= 0) {
      marks[i] = 2;
      for (let j = i + 1; j <= end; j++) marks[j] = 3;
      i = end;
    } else if (terms[i] !== null && single(terms[i]!)) marks[i] = 1;
  }
  return marks;
}
