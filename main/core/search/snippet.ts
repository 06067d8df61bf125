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
 * A text's words, found once and kept (`tokensOf`): the same documents come back query after query
 * (and keystroke after keystroke), so their snippets reuse the word boundaries, the lowercased
 * text and the index terms already computed. Words as ./analysis.ts WORD defines them.
 */
interface Tokens {
  text: string;
  lang: SearchDoc['lang'];
  /** `text.toLowerCase()`, or null when lowercasing changes its length (then no jump ahead). */
  lower: string | null;
  starts: Int32Array;
  ends: Int32Array;
  n: number;
  /** Index term of word i (null: stop word), computed on first use; undefined: not yet. */
  terms: (string | null | undefined)[];
  /** Per lowercase form, where it first occurs as a whole word in `lower` (-1: nowhere). */
  firstAt: Map<string, number>;
  /** Used since it was last queued (the cache's second chance). */
  used: boolean;
}

/** Texts kept, up to this many characters in all (a few hundred documents' summaries and bodies). */
const TOKENS_CACHE_CHARS = 2_000_000;
/** By text; oldest first, with a second chance for those used since they were (re)queued. */
const tokensCache = new Map<string, Tokens>();
let tokensCacheChars = 0;

function tokenize(text: string): { starts: Int32Array; ends: Int32Array; n: number } {
  let starts = new Int32Array(Math.max(8, text.length >> 3));
  let ends = new Int32Array(starts.length);
  let n = 0;
  const len = text.length;
  let i = 0;
  while (i < len) {
    // skip to a word start
    while (i < len && charClass(text, i) !== 1) i += text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff ? 2 : 1;
    if (i >= len) break;
    const start = i;
    while (i < len && charClass(text, i) !== 0) i += text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff ? 2 : 1;
    if (n === starts.length) {
      const s2 = new Int32Array(n * 2);
      s2.set(starts);
      starts = s2;
      const e2 = new Int32Array(n * 2);
      e2.set(ends);
      ends = e2;
    }
    starts[n] = start;
    ends[n] = i;
    n++;
  }
  return { starts, ends, n };
}

/** The words of `text` (in `lang`, for their index terms), from the cache or found now. */
function tokensOf(lang: SearchDoc['lang'], text: string): Tokens {
  let t = tokensCache.get(text);
  if (t && t.lang === lang) {
    t.used = true;
    return t;
  }
  if (t) {
    tokensCache.delete(text);
    tokensCacheChars -= text.length;
  }
  const lower = text.toLowerCase();
  t = { text, lang, lower: lower.length === text.length ? lower : null, ...tokenize(text), terms: [], firstAt: new Map(), used: false };
  tokensCache.set(text, t);
  tokensCacheChars += text.length;
  // Entries queued again are visited once more by this loop (Map order), then evicted if unused.
  for (const [key, old] of tokensCache) {
    if (tokensCacheChars <= TOKENS_CACHE_CHARS) break;
    if (old === t) continue;
    tokensCache.delete(key);
    if (old.used) {
      old.used = false;
      tokensCache.set(key, old);
    } else tokensCacheChars -= key.length;
  }
  return t;
}

/** The index term of word i (null for a stop word). */
function termAt(tk: Tokens, lang: SearchDoc['lang'], i: number): string | null {
  let t = tk.terms[i];
  if (t === undefined) t = tk.terms[i] = indexTerm(lang, tk.text.slice(tk.starts[i]!, tk.ends[i]!).toLowerCase());
  return t;
}

/** A window of SNIPPET_WORDS words from word `from`; `skipped`: words before `from` are left out of view. */
interface Win {
  from: number;
  skipped: boolean;
}

/**
 * Where to start scanning for the window: a little before the first occurrence of one of
 * `forms` as a whole word (found with indexOf on the lowercased text), at a word boundary. 0 when
 * not found or when lowercasing changed the length (then the scan simply starts at the top).
 */
function scanStart(tk: Tokens, forms: readonly string[]): number {
  const lower = tk.lower;
  if (!forms.length || tk.text.length < LOOKBEHIND_CHARS * 2 || lower === null) return 0;
  let first = -1;
  for (const f of forms) {
    let at = tk.firstAt.get(f);
    if (at === undefined) {
      at = firstWholeWord(lower, f);
      tk.firstAt.set(f, at);
    }
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  if (first < LOOKBEHIND_CHARS) return 0;
  const ws = lower.lastIndexOf(' ', first - LOOKBEHIND_CHARS);
  return ws < 0 ? 0 : ws + 1;
}

/** Where `f` first occurs in `lower` as a whole word; -1 when it does not. */
function firstWholeWord(lower: string, f: string): number {
  for (let at = lower.indexOf(f); at >= 0; at = lower.indexOf(f, at + 1)) {
    const before = at > 0 ? lower[at - 1]! : ' ';
    const after = at + f.length < lower.length ? lower[at + f.length]! : ' ';
    if (!WORD_CHAR.test(before) && !WORD_CHAR.test(after)) return at;
  }
  return -1;
}

/** The window starting WORDS_BEFORE words before the first matched word at or after character `startAt`; null if none. */
function matchWindow(tk: Tokens, lang: SearchDoc['lang'], terms: ReadonlySet<string>, startAt: number): Win | null {
  // First word starting at or after startAt (startAt is 0 or just after a space: a word boundary).
  let lo = 0;
  let hi = tk.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tk.starts[mid]! < startAt) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < tk.n; i++) {
    const t = termAt(tk, lang, i);
    if (t !== null && terms.has(t)) return { from: Math.max(lo, i - WORDS_BEFORE), skipped: startAt > 0 };
  }
  return null;
}

/**
 * Whether the gap text[a, b) between two words is output as it is: no whitespace but single
 * spaces, nothing HTML-escaping would change.
 */
function plainGap(text: string, a: number, b: number): boolean {
  let space = false;
  for (let k = a; k < b; k++) {
    const c = text.charCodeAt(k);
    if (c === 32) {
      if (space) return false;
      space = true;
      continue;
    }
    space = false;
    if (c < 32 || c === 38 || c === 60 || c === 62 || c === 34 || c === 39) return false;
    // Other whitespace (\s): no-break and typographic spaces, line and paragraph separators, BOM.
    if (c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff)) return false;
  }
  return true;
}

function render(tk: Tokens, w: Win, lang: SearchDoc['lang'], match: SnippetMatch | undefined): string {
  const { text, starts, ends } = tk;
  const to = Math.min(tk.n, w.from + SNIPPET_WORDS);
  const more = tk.n > to;
  const terms = match?.terms;
  const wordTerms: (string | null)[] = [];
  for (let i = w.from; i < to; i++) wordTerms.push(terms?.size ? termAt(tk, lang, i) : null);
  const phraseOnly = match?.phraseOnly;
  const marks = terms?.size
    ? markWords(wordTerms, (t) => terms.has(t) && !phraseOnly?.has(t), match?.phrases ?? [])
    : new Uint8Array(wordTerms.length);
  // The text is copied in runs: a word or gap is rewritten only where it must be (a mark, a gap
  // with other whitespace than one space or with characters to escape); this runs for every hit.
  let out = w.from > 0 || w.skipped ? '… ' : '';
  let run = starts[w.from]!;
  let open = false;
  for (let i = w.from; i < to; i++) {
    const mk = marks[i - w.from]!;
    if (i > w.from) {
      const prevEnd = ends[i - 1]!;
      if (open && mk !== 3) {
        out += `${text.slice(run, prevEnd)}</mark>`;
        run = prevEnd;
        open = false;
      }
      if (!plainGap(text, prevEnd, starts[i]!)) {
        out += text.slice(run, prevEnd) + escapeHtml(text.slice(prevEnd, starts[i]!).replace(/\s+/g, ' '));
        run = starts[i]!;
      }
    }
    // Words are letters, marks and digits only: nothing to escape.
    if (mk === 1) {
      out += `${text.slice(run, starts[i]!)}<mark>${text.slice(starts[i]!, ends[i]!)}</mark>`;
      run = ends[i]!;
    } else if (mk === 2) {
      out += `${text.slice(run, starts[i]!)}<mark>`;
      run = starts[i]!;
      open = true;
    }
  }
  out += text.slice(run, ends[to - 1]!);
  if (open) out += '</mark>';
  // Keep trailing punctuation of the last word ("… sociale." rather than "… sociale"); three
  // code points take at most six code units.
  // Most words are followed by a space or end the text: no regex for those.
  const e = ends[to - 1]!;
  const after = e < text.length ? text.charCodeAt(e) : 32;
  if (after !== 32) {
    const punct = /^[^\s\p{L}\p{N}]{1,3}/u.exec(text.slice(e, e + 6));
    if (punct) out += escapeHtml(punct[0]);
  }
  return more ? `${out} …` : out;
}

/**
 * The snippet of `doc`: around the first matched word of the summary, else of the body, else the
 * start of the summary (or body) when only other fields matched or there is no query.
 */
export function makeSnippet(doc: SearchDoc, match: SnippetMatch | undefined): string {
  const terms = match?.terms;
  if (match && terms?.size) {
    for (let field = 0; field < 2; field++) {
      const text = field === 0 ? doc.summary : doc.body;
      if (!text || !(field === 0 ? match.inSummary : match.inBody)) continue;
      const tk = tokensOf(doc.lang, text);
      const start = scanStart(tk, match.forms);
      const w = matchWindow(tk, doc.lang, terms, start) ?? (start > 0 ? matchWindow(tk, doc.lang, terms, 0) : null);
      if (w) return render(tk, w, doc.lang, match);
    }
  }
  const text = doc.summary || doc.body;
  if (!text) return '';
  const tk = tokensOf(doc.lang, text);
  return tk.n ? render(tk, { from: 0, skipped: false }, doc.lang, match) : '';
}
