/**
 * Snippets and highlights reuse what they found in a text before (./main/core/search/snippet.ts
 * keeps each text's words, phrases.ts each hit's joined text): what a user sees must depend only
 * on the document as it is now and on the query, never on earlier queries or on what the cache
 * holds.
 */
import { describe, expect, it } from 'vitest';
import { SearchEngine } from '../../main/core/search/engine';
import { makeSnippet } from '../../main/core/search/snippet';
import { indexTerm } from '../../main/core/search/analysis';
import type { GlossaryTerm, SearchDoc } from '../../main/core/search/types';
import { searchDoc } from './search-helpers';

const filler = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(' ');

function engine(docs: SearchDoc[], glossary: GlossaryTerm[] = []): SearchEngine {
  const e = new SearchEngine({ glossary });
  e.loadBase(SearchEngine.buildSegments(docs), docs);
  return e;
}

describe('snippets of a document that comes back', () => {
  const body = `${filler('mot', 70)} la cotisation des travailleurs ${filler('autre', 70)} la retraite anticipée ${filler('fin', 40)}`;
  const doc = searchDoc({ id: 'x', lang: 'fr', title: 'Note', summary: 'Un résumé sans rapport.', body });

  it('marks what the current query matched, not what an earlier query did', () => {
    const e = engine([doc]);
    const first = e.search({ q: 'cotisation' }).hits[0]!.snippet;
    expect(first).toContain('<mark>cotisation</mark>');
    const second = e.search({ q: 'retraite' }).hits[0]!.snippet;
    expect(second).toContain('<mark>retraite</mark>');
    expect(second).not.toContain('cotisation');
    // And the first query again gives exactly what it gave the first time.
    expect(e.search({ q: 'cotisation' }).hits[0]!.snippet).toBe(first);
  });

  it('shows the new text after an edit', () => {
    const e = engine([doc]);
    expect(e.search({ q: 'cotisation' }).hits[0]!.snippet).toContain('des travailleurs');
    e.upsert({ ...doc, body: body.replace('des travailleurs', 'des employeurs'), updatedAt: '2026-02-01T00:00:00.000Z' });
    const s = e.search({ q: 'cotisation' }).hits[0]!.snippet;
    expect(s).toContain('<mark>cotisation</mark> des employeurs');
    expect(s).not.toContain('travailleurs');
  });

  it('keeps a phrase highlight right for a document seen before under another query', () => {
    const glossary: GlossaryTerm[] = [{ id: 'sp', fr: 'protection sociale', en: 'social protection', pt: 'proteção social' }];
    const d = searchDoc({ id: 'p', lang: 'fr', title: 'Note', summary: 'La protection sociale des travailleurs et la protection civile.' });
    const e = engine([d], glossary);
    expect(e.search({ q: 'protection' }).hits[0]!.highlights).toEqual(['protection']);
    const hit = e.search({ q: 'protection sociale' }).hits[0]!;
    expect(hit.highlights).toContain('protection sociale');
    expect(hit.snippet).toContain('<mark>protection sociale</mark>');
    expect(e.search({ q: 'protection' }).hits[0]!.highlights).toEqual(['protection']);
  });
});

describe('snippet cache bound', () => {
  it('gives the same snippet once many other texts have pushed a text out of the cache', () => {
    const match = (word: string) => ({ terms: new Set([indexTerm('fr', word)!]), forms: [word], inSummary: false, inBody: true });
    const text = (i: number) => `${filler(`d${i}w`, 400)} la cotisation numéro ${i} ${filler('z', 400)}`;
    const doc = (i: number) => searchDoc({ id: `d${i}`, lang: 'fr', body: text(i) });
    const first = makeSnippet(doc(0), match('cotisation'));
    expect(first).toContain('<mark>cotisation</mark> numéro 0');
    // About 3 million characters of other texts: more than the cache keeps.
    for (let i = 1; i <= 600; i++) expect(makeSnippet(doc(i), match('cotisation'))).toContain(`numéro ${i}`);
    expect(makeSnippet(doc(0), match('cotisation'))).toBe(first);
  });
});
