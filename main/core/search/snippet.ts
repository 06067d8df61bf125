/**
 * Snippets: a window of ~30 words of a document's summary or body around the first matched word,
 * HTML-escaped, with matched words wrapped in <mark>...</mark> (the only markup in the output).
 * A word matches when its index term (folded + stemmed in the document's language, exactly as the
 * index analysed it) is one of the terms through which the document matched (prefix and fuzzy
 * expansions included). The index also says which fields contain them, so only a field known to
 * contain a match is scanned.
 */
import type { SearchDoc } from './types';
import { escapeHtml, indexTerm } from './analysis';
import { markWords } from './phrases';

export const SNIPPET_WORDS = 30;
const WORDS_BEFORE = 8;

/** How a document matched: its matched index terms, and whether summary/body contain any. */
export interface SnippetMatch {
  terms: ReadonlySet<string>;
  /** Lowercase surface forms of those terms (from the segment lexicon), to jump to the first match. */
  forms: readonly string[];
  inSummary: boolean;
  inBody: boolean;
  /** Phrases (index terms in the document's language) to mark as a whole. */
  phrases?: readonly (readonly string[])[];
  /** Terms that are marked only inside a phrase occurrence. */
  phraseOnly?: ReadonlySet<string>;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
/** How far before the first match the word scan starts (room for WORDS_BEFORE words). */
const LOOKBEHIND_CHARS = 160;

/**
 * Where to start scanning `text` for the window: a little before the first occurrence of one of
 * `forms` as a whole word (found with indexOf on the lowercased text), at a word boundary. 0 when
 * not found or when lowercasing changed the length (then the scan simply starts at the top).
 */
function scanStart(text: string, forms: readonly string[]): number {
  if (!forms.length || text.length < LOOKBEHIND_CHARS * 2) return 0;
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return 0;
  let first = -1;
  for (const f of forms) {
    for (let at = lower.indexOf(f); at >= 0 && (first < 0 || at < first); at = lower.indexOf(f, at + 1)) {
      const before = at > 0 ? lower[at - 1]! : ' ';
      const after = at + f.length < lower.length ? lower[at + f.length]! : ' ';
      if (!WORD_CHAR.test(before) && !WORD_CHAR.test(after)) {
        first = at;
        break;
      }
    }
  }
  if (first < LOOKBEHIND_CHARS) return 0;
  const ws = lower.lastIndexOf(' ', first - LOOKBEHIND_CHARS);
  return ws < 0 ? 0 : ws + 1;
}

interface Win {
  starts: number[];
  ends: number[];
  from: number;
  /** Whether words follow the window. */
  more: boolean;
  /** Whether words precede the first scanned word. */
  skipped: boolean;
}

/** Word boundaries of a window; null when `requireMatch` and no word matches. */
/** Character classes for the word scanner: 1 = letter/digit (starts a word), 2 = mark, 0 = other. */
const BMP_CLASS = new Uint8Array(0x10000).fill(255);
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;
function charClass(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff) {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    return LETTER_OR_DIGIT.test(ch) ? 1 : MARK.test(ch) ? 2 : 0;
  }
  let k = BMP_CLASS[c]!;
  if (k === 255) {
    const ch = String.fromCharCode(c);
    k = BMP_CLASS[c] = LETTER_OR_DIGIT.test(ch) ? 1 : MARK.test(ch) ? 2 : 0;
  }
  return k;
}

/**
 * Word boundaries of a window (words as ./analysis.ts WORD defines them, scanned by hand: this
 * runs for every hit); null when `requireMatch` and no word matches.
 */
function findWindow(text: string, isMatch: (w: string) => boolean, requireMatch: boolean, startAt = 0): Win | null {
  const skipped = startAt > 0;
  const starts: number[] = [];
  const ends: number[] = [];
  let from = -1;
  const n = text.length;
  let i = startAt;
  while (i < n) {
    // skip to a word start
    while (i < n && charClass(text, i) !== 1) i += text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff ? 2 : 1;
    if (i >= n) break;
    const start = i;
    while (i < n && charClass(text, i) !== 0) i += text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff ? 2 : 1;
    if (from >= 0 && starts.length >= from + SNIPPET_WORDS) return { starts, ends, from, more: true, skipped };
    starts.push(start);
    ends.push(i);
    if (from < 0) {
      if (isMatch(text.slice(start, i).toLowerCase())) from = Math.max(0, starts.length - 1 - WORDS_BEFORE);
      else if (!requireMatch && starts.length === 1) from = 0;
    }
  }
  if (from < 0) return requireMatch || !starts.length ? null : { starts, ends, from: 0, more: false, skipped };
  return { starts, ends, from, more: false, skipped };
}

function render(text: string, w: Win, lang: SearchDoc['lang'], match: SnippetMatch | undefined): string {
  const to = Math.min(w.starts.length, w.from + SNIPPET_WORDS);
  const terms = match?.terms;
  const wordTerms: (string | null)[] = [];
  // One more word after the window, so that a phrase ending there is still recognised.
  const scanTo = Math.min(w.starts.length, to + 1);
  for (let i = w.from; i < scanTo; i++) wordTerms.push(terms?.size ? indexTerm(lang, text.slice(w.starts[i]!, w.ends[i]!).toLowerCase()) : null);
  const phraseOnly = match?.phraseOnly;
  const marks = terms?.size
    ? markWords(wordTerms, (t) => terms.has(t) && !phraseOnly?.has(t), match?.phrases ?? [])
    : new Uint8Array(wordTerms.length);
  let out = w.from > 0 || w.skipped ? '… ' : '';
  let open = false;
  for (let i = w.from; i < to; i++) {
    const mk = marks[i - w.from]!;
    if (i > w.from) {
      if (open && mk !== 3) {
        out += '</mark>';
        open = false;
      }
      const gap = text.slice(w.ends[i - 1]!, w.starts[i]!);
      out += gap === ' ' ? gap : escapeHtml(gap.replace(/\s+/g, ' '));
    }
    // Words are letters, marks and digits only: nothing to escape.
    const word = text.slice(w.starts[i]!, w.ends[i]!);
    if (mk === 1) out += `<mark>${word}</mark>`;
    else if (mk === 2) {
      out += `<mark>${word}`;
      open = true;
    } else out += word;
  }
  if (open) out += '</mark>';
  // Keep trailing punctuation of the last word ("… sociale." rather than "… sociale").
  const tail = text.slice(w.ends[to - 1]!, w.more ? w.starts[to] : text.length);
  const punct = /^[^\s\p{L}\p{N}]{1,3}/u.exec(tail);
  if (punct) out += escapeHtml(punct[0]);
  return w.more ? `${out} …` : out;
}

/**
 * The snippet of `doc`: around the first matched word of the summary, else of the body, else the
 * start of the summary (or body) when only other fields matched or there is no query.
 */
export function makeSnippet(doc: SearchDoc, match: SnippetMatch | undefined): string {
  const terms = match?.terms;
  const isMatch = terms?.size ? (w: string) => terms.has(indexTerm(doc.lang, w) ?? '') : () => false;
  if (match) {
    for (const [text, has] of [[doc.summary, match.inSummary], [doc.body, match.inBody]] as const) {
      if (!text || !has) continue;
      const w = findWindow(text, isMatch, true, scanStart(text, match.forms)) ?? findWindow(text, isMatch, true);
      if (w) return render(text, w, doc.lang, match);
    }
  }
  const text = doc.summary || doc.body;
  if (!text) return '';
  const w = findWindow(text, isMatch, false);
  return w ? render(text, w, doc.lang, match) : '';
}
