/**
 * Markdown for the hub: marked parses, DOMPurify sanitises. Isomorphic on purpose: the renderer
 * passes the browser's DOMPurify, Node code passes one bound to jsdom (./markdown-node.ts). No
 * HTML produced from user or bundle text reaches a DOM without going through `renderMarkdown`.
 */
import { Marked, type Tokens } from 'marked';
import { plainMarkdownToText } from './markdown-plain';

/** The subset of DOMPurify's API this module uses (so both builds type-check against it). */
export interface Purifier {
  sanitize(dirty: string, config: Record<string, unknown>): string | { toString(): string };
  addHook(name: 'afterSanitizeAttributes', hook: (node: Element) => void): void;
  removeHook?(name: 'afterSanitizeAttributes'): unknown;
}

export interface Heading {
  depth: number;
  text: string;
  id: string;
}

/** Links inside the hub: `socle:<guide key or record id>`. */
export const INTERNAL_LINK = /^socle:([a-z0-9][a-z0-9._-]*)$/;

/**
 * Every id in rendered Markdown starts with this (DOMPurify's SANITIZE_NAMED_PROPS adds it to ids
 * typed as raw HTML; headings get it here so the table of contents matches): an element id
 * becomes a global of the page, and `# socle` must not create `window.socle`.
 */
export const HEADING_ID_PREFIX = 'user-content-';

export function slugify(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'section'
  );
}

function makeMarked(headings?: Heading[]): Marked {
  const seen = new Map<string, number>();
  return new Marked({
    gfm: true,
    breaks: false,
    renderer: {
      heading({ tokens, depth }: Tokens.Heading) {
        const text = this.parser.parseInline(tokens);
        const plain = tokens.map((t) => ('text' in t ? String(t.text) : t.raw)).join('');
        let id = HEADING_ID_PREFIX + slugify(plain);
        const n = seen.get(id) ?? 0;
        seen.set(id, n + 1);
        if (n) id = `${id}-${n}`;
        headings?.push({ depth, text: plain, id });
        return `<h${depth} id="${id}">${text}</h${depth}>\n`;
      },
    },
  });
}

const PURIFY_CONFIG = {
  ALLOWED_TAGS: [
    'a', 'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote',
    'pre', 'code', 'em', 'strong', 'del', 's', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup',
    'sub', 'mark', 'abbr', 'dl', 'dt', 'dd', 'span', 'input',
  ],
  ALLOWED_ATTR: ['href', 'title', 'id', 'align', 'type', 'checked', 'disabled', 'data-internal'],
  // http(s), mailto, in-page anchors and the hub's own socle: links; nothing else (no javascript:, data:).
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|socle:|#)/i,
  SANITIZE_NAMED_PROPS: true,
};

/**
 * Renders Markdown to sanitised HTML. Internal `socle:` links get `data-internal`; external links
 * are left for the host to open in the system browser on click.
 */
export function renderMarkdown(markdown: string, purify: Purifier): { html: string; headings: Heading[] } {
  const headings: Heading[] = [];
  const raw = makeMarked(headings).parse(markdown, { async: false }) as string;
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (INTERNAL_LINK.test(href)) node.setAttribute('data-internal', href.slice('socle:'.length));
      else node.removeAttribute('data-internal');
      if (/^mailto:/i.test(href)) {
        const safe = safeExternalUrl(href);
        if (safe) node.setAttribute('href', safe);
        else node.removeAttribute('href');
      }
      // In-page links follow the prefixed heading ids.
      if (href.startsWith('#') && href.length > 1 && !href.startsWith(`#${HEADING_ID_PREFIX}`)) node.setAttribute('href', `#${HEADING_ID_PREFIX}${href.slice(1)}`);
    }
    if (node.tagName === 'INPUT' && node.getAttribute('type') !== 'checkbox') node.remove();
  });
  try {
    const html = String(purify.sanitize(raw, PURIFY_CONFIG));
    return { html, headings };
  } finally {
    purify.removeHook?.('afterSanitizeAttributes');
  }
}

/**
 * The URL to hand the operating system for an external link, or undefined to refuse it: http(s)
 * without credentials, or a mailto: address with its query dropped (`?attach=`, `?body=` could
 * make a mail client attach a local file or prefill a message nobody typed). Used by the desktop
 * shell (main/app/ipc.ts) and the browser mode (renderer/src/host.ts).
 */
export function safeExternalUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > 2048) return undefined;
  try {
    const u = new URL(raw);
    // mailto: too, because guides cite contact addresses; only the addresses, never parameters.
    if (u.protocol === 'mailto:') return u.pathname.includes('@') ? `mailto:${u.pathname}` : undefined;
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || !u.hostname) return undefined;
    return u.href;
  } catch {
    return undefined;
  }
}

/** Plain text of a Markdown document, for indexing and snippets (plain Markdown skips marked: ./markdown-plain.ts). */
export function markdownToText(markdown: string): string {
  if (!markdown) return '';
  return plainMarkdownToText(markdown) ?? textOfPieces(markedPieces(markdown));
}

/** `markdownToText` always through marked's lexer (the reference the fast path is tested against). */
export function markdownToTextWithMarked(markdown: string): string {
  return markdown ? textOfPieces(markedPieces(markdown)) : '';
}

function markedPieces(markdown: string): string[] {
  const out: string[] = [];
  const walk = (tokens: { type: string; text?: string; tokens?: unknown[]; items?: unknown[]; rows?: unknown[][]; header?: unknown[] }[]): void => {
    for (const t of tokens) {
      if (t.type === 'code' || t.type === 'codespan') {
        out.push(t.text ?? '');
      } else if (t.tokens && t.tokens.length) {
        walk(t.tokens as typeof tokens);
      } else if (t.items) {
        walk(t.items as typeof tokens);
      } else if (t.type === 'table') {
        walk((t.header ?? []) as typeof tokens);
        for (const row of t.rows ?? []) walk(row as typeof tokens);
      } else if (t.type === 'html') {
        out.push((t.text ?? '').replace(/<[^>]*>/g, ' '));
      } else if (typeof t.text === 'string') {
        out.push(t.text);
      }
      if (t.type === 'paragraph' || t.type === 'heading' || t.type === 'list_item') out.push('\n');
    }
  };
  walk(new Marked().lexer(markdown) as never);
  return out;
}

function textOfPieces(out: string[]): string {
  return out
    .join(' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/** Targets of the internal `socle:` links in a Markdown text. */
export function internalLinks(markdown: string): string[] {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/\]\(socle:([a-z0-9][a-z0-9._-]*)\)/g)) out.add(m[1]!);
  return [...out];
}
