/**
 * The fast path of `markdownToText` (./markdown.ts) for Markdown made only of plain paragraphs,
 * `#` headings and `- ` bullet lists, with no inline syntax at all: the text marked's lexer
 * gives, found by splitting lines instead of running marked's regular expressions (a first index
 * build spent about 40 % of its time in marked's lexer; this is 8-10x faster on such text).
 *
 * It answers only when it is sure marked reads the text the same way, and gives up (undefined:
 * the caller runs marked) on anything else: any character that can start inline syntax
 * (emphasis, code, links, HTML, escapes, entities, strike-through, tables, autolinked URLs and
 * e-mail addresses), a line with leading or trailing white space (indented code, list
 * continuation, hard breaks), a line that could start another block (quote, fence, ordered list,
 * thematic break, setext underline, HTML), a `#` outside a heading's marker, a bullet followed by
 * a line that would continue it lazily. tests/unit/markdown-plain.test.ts checks the result
 * equals marked's over the bundled library, generated corpora and generated near misses.
 */

/**
 * Characters after which marked's inline lexer may do more than copy text (flags by char code
 * below 128), and every white space but ' ' and '\n' (marked's rules use \s), so that only ' '
 * needs checking below. '#' is checked per line (allowed as a heading's marker). A loop over the
 * char codes: a regular expression class this size costs several times more per character.
 */
const ASCII_SYNTAX = new Uint8Array(128);
for (let c = 0; c < 32; c++) if (c !== 10) ASCII_SYNTAX[c] = 1;
for (const ch of '\\`*_[]<>!&~|@{}$^\u007f') ASCII_SYNTAX[ch.charCodeAt(0)] = 1;
const WIDE_SPACE = /[\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
/** Where marked's text rule stops for autolinked URLs (and a margin: any "ftp", "www."). */
const URL_START = /[hH][tT][tT][pP]|[fF][tT][pP]|[wW][wW][wW]\./;

function hasInlineSyntax(md: string): boolean {
  let wide = false;
  for (let i = 0; i < md.length; i++) {
    const c = md.charCodeAt(i);
    if (c < 128) {
      if (ASCII_SYNTAX[c]) return true;
    } else if (c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x3000) || c === 0xfeff) {
      wide = true;
    }
  }
  return (wide && WIDE_SPACE.test(md)) || URL_START.test(md);
}

/** How a plain line may start: a letter, a digit (not an ordered-list marker), an opening quote or parenthesis. */
const PLAIN_START = /^[\p{L}\p{N}"'(«“‘]/u;
const ORDERED = /^\p{N}+[.)]/u;
const HEADING = /^(#{1,6}) (?=\S)/;

function plainLine(s: string): boolean {
  const c = s.charCodeAt(0);
  const asciiLetter = (c | 32) >= 97 && (c | 32) <= 122;
  return (asciiLetter || PLAIN_START.test(s)) && !(c >= 48 && c <= 57 && ORDERED.test(s)) && s.charCodeAt(s.length - 1) !== 32;
}

/**
 * `markdownToText(md)` when `md` is plain Markdown, without marked; undefined when marked must
 * read it. The text is what marked's pieces give once joined and their white space normalised:
 * the blocks' texts one per line, runs of spaces as one.
 */
export function plainMarkdownToText(md: string): string | undefined {
  if (hasInlineSyntax(md)) return undefined;
  const lines = md.split('\n');
  const out: string[] = [];
  let inItem = false;
  for (const line of lines) {
    if (line === '') {
      inItem = false;
      continue;
    }
    const h = line.charCodeAt(0) === 35 /* # */ ? HEADING.exec(line) : null;
    const text = h ? line.slice(h[0].length) : line.startsWith('- ') ? line.slice(2) : line;
    if (text.includes('#')) return undefined;
    if (h) {
      if (text.charCodeAt(text.length - 1) === 32) return undefined;
      inItem = false;
      out.push(text);
    } else if (text !== line) {
      if (!plainLine(text)) return undefined;
      inItem = true;
      out.push(text);
    } else {
      // A plain line right after a bullet would continue it lazily: left to marked.
      if (inItem || !plainLine(line)) return undefined;
      // A paragraph's lines stay lines (marked keeps its "\n"s); so do the blocks.
      out.push(line);
    }
  }
  const text = out.join('\n');
  return text.includes('  ') ? text.replace(/ {2,}/g, ' ') : text;
}
