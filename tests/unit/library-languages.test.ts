import { describe, it, expect, beforeAll } from 'vitest';
import { loadLibrary, type Library } from '../../main/core/library/load';
import { libraryDir } from '../../main/platform/paths';
import { internalLinks, markdownToText } from '../../main/core/markdown';
import type { HubRecord } from '../../main/core/model';

// The three languages of the library: every practice body in English as well as French, and
// Portuguese where a Portuguese-speaking officer needs it.
type Practice = Extract<HubRecord, { type: 'practice' }>;
let library: Library;
beforeAll(async () => {
  ({ library } = await loadLibrary(libraryDir(), { strict: true }));
});
const practices = () => library.records.filter((r): r is Practice => r.type === 'practice');
const words = (md: string) => markdownToText(md).split(/\s+/).filter(Boolean).length;
const headings = (md: string) => md.split('\n').filter((l) => l.startsWith('## ')).length;

describe('practice bodies in English', () => {
  it('every practice has an English body of comparable length, structure and links', () => {
    for (const p of practices()) {
      const en = p.translations.en?.body ?? '';
      expect(en.length, `${p.id} has no English body`).toBeGreaterThan(0);
      const ratio = words(en) / words(p.body);
      expect(ratio, `${p.id}: English body is ${Math.round(ratio * 100)}% of the French`).toBeGreaterThan(0.75);
      expect(ratio, `${p.id}: English body is ${Math.round(ratio * 100)}% of the French`).toBeLessThan(1.35);
      expect(headings(en), `${p.id} section count`).toBe(headings(p.body));
      expect(new Set(internalLinks(en)), `${p.id} internal links`).toEqual(new Set(internalLinks(p.body)));
      expect(en, `${p.id} reads as English`).not.toMatch(/\b(Contexte|Ce qui a été fait|Résultats|Pour aller plus loin)\b/);
    }
  });
});

describe('Portuguese', () => {
  const KEY_GUIDES = ['c102-overview', 'r202-overview', 'flagship-step-1', 'flagship-step-2', 'flagship-step-3', 'sdg-1-3'];
  type Guide = Extract<HubRecord, { type: 'guide' }>;
  const guide = (id: string) => library.records.find((r): r is Guide => r.type === 'guide' && r.id === id);

  it('the key guides exist in Portuguese, with the French structure and at least its links', () => {
    for (const key of KEY_GUIDES) {
      const pt = guide(`${key}-pt`);
      const fr = guide(`${key}-fr`)!;
      expect(pt, `${key}-pt`).toBeDefined();
      expect(pt!.lang).toBe('pt');
      expect(headings(pt!.body), `${key}-pt sections`).toBe(headings(fr.body));
      const links = new Set(internalLinks(pt!.body));
      for (const l of internalLinks(fr.body)) expect(links, `${key}-pt keeps the link to ${l}`).toContain(l);
      const ratio = words(pt!.body) / words(fr.body);
      expect(ratio, `${key}-pt length`).toBeGreaterThan(0.8);
      expect(pt!.body, `${key}-pt reads as Portuguese`).toMatch(/ção|ões/);
      expect(pt!.body).not.toMatch(/\b(Questions pour le groupe|Ce que vise|À l'atelier)\b/);
    }
  });

  it('the Cabo Verde and Guinea-Bissau practices carry a Portuguese body', () => {
    const cv = practices().filter((p) => p.country === 'CV' || p.country === 'GW');
    expect(cv.filter((p) => p.country === 'CV').length).toBeGreaterThanOrEqual(4);
    expect(cv.filter((p) => p.country === 'GW').length).toBeGreaterThanOrEqual(1);
    for (const p of cv) {
      const pt = p.translations.pt?.body ?? '';
      expect(pt.length, `${p.id} has no Portuguese body`).toBeGreaterThan(0);
      expect(headings(pt), `${p.id} sections`).toBe(headings(p.body));
      expect(new Set(internalLinks(pt)), `${p.id} links`).toEqual(new Set(internalLinks(p.body)));
    }
  });
});
