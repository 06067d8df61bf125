/**
 * Search-term highlighting in the reader. A search hit carries what matched in it
 * (`SearchHit.highlights`: words and phrases as they appear in the text); the result link passes
 * them to the reader in the address (`#/record/<id>?hl=...`), and the reader wraps their
 * occurrences in `<mark class="search-term">` inside its rendered Markdown and summary, until Esc
 * (or the "clear" button) removes them. Phrases match as a whole, whatever the spacing and case.
 */
import { useSyncExternalStore } from 'react';
import { href } from './router';

export const HIGHLIGHT_PARAM = 'hl';
const MARK_CLASS = 'search-term';
const MAX_TERMS = 24;

/** The reader's address for a record, with the terms to highlight. */
export function recordHref(id: string, terms: readonly string[] = []): string {
  const base = href.record(id);
  if (!terms.length) return base;
  const params = new URLSearchParams();
  for (const t of terms.slice(0, MAX_TERMS)) params.append(HIGHLIGHT_PARAM, t);
  return `${base}?${params.toString()}`;
}

/** The terms to highlight in a hash such as `#/record/x?hl=a&hl=b`. */
export function highlightTerms(hash: string): string[] {
  const q = hash.indexOf('?');
  if (q < 0) return [];
  return new URLSearchParams(hash.slice(q + 1))
    .getAll(HIGHLIGHT_PARAM)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0 && t.length <= 200)
    .slice(0, MAX_TERMS);
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

/** The highlight terms of the current address (joined with "\n", so React compares a string). */
export function useHighlightKey(): string {
  return useSyncExternalStore(subscribe, () => highlightTerms(window.location.hash).join('\n'), () => '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One regular expression for all terms, longest first (a phrase wins over its own words), whole words only. */
function termPattern(terms: readonly string[]): RegExp | null {
  const parts = [...new Set(terms)]
    .sort((a, b) => b.length - a.length)
    .map((t) => t.split(/\s+/).filter(Boolean).map(escapeRegExp).join('[\\s\\u00a0]+'))
    .filter(Boolean);
  if (!parts.length) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${parts.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** Wraps the terms' occurrences in the text under `roots` in marks; returns the marks made. */
export function applyHighlights(roots: readonly Element[], terms: readonly string[]): HTMLElement[] {
  const re = termPattern(terms);
  const made: HTMLElement[] = [];
  if (!re) return made;
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement?.closest(`mark, script, style, .${MARK_CLASS}`) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    for (const node of nodes) {
      const text = node.data;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      let at = 0;
      const pieces: (string | HTMLElement)[] = [];
      while ((m = re.exec(text)) !== null) {
        if (m.index > at) pieces.push(text.slice(at, m.index));
        const mark = document.createElement('mark');
        mark.className = MARK_CLASS;
        mark.textContent = m[0];
        pieces.push(mark);
        made.push(mark);
        at = m.index + m[0].length;
      }
      if (!pieces.length) continue;
      if (at < text.length) pieces.push(text.slice(at));
      node.replaceWith(...pieces);
    }
  }
  return made;
}

/** Removes the marks `applyHighlights` made under `roots`, restoring the text as it was. */
export function clearHighlights(roots: readonly Element[]): void {
  for (const root of roots) {
    for (const mark of root.querySelectorAll(`mark.${MARK_CLASS}`)) {
      const parent = mark.parentNode;
      if (!parent) continue;
      mark.replaceWith(document.createTextNode(mark.textContent ?? ''));
      parent.normalize();
    }
  }
}
