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
