import { describe, it, expect, beforeAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { loadLibrary, checkLibrary, type Library } from '../../main/core/library/load';
import { figuresIn, isDocumentSource } from '../../main/core/library/sourcing';
import { libraryDir } from '../../main/platform/paths';
import type { HubRecord } from '../../main/core/model';

// The sourcing rules of docs/content-format.md: document-level sources for validated practices,
// no figure without a source, and every figure in the guides traced to a named source through
// library/figures.yaml.
type Guide = Extract<HubRecord, { type: 'guide' }>;
type Practice = Extract<HubRecord, { type: 'practice' }>;
let library: Library;
let figureMap: Record<string, Record<string, string | string[]>>;
beforeAll(async () => {
  ({ library } = await loadLibrary(libraryDir(), { strict: true }));
  figureMap = YAML.parse(await fs.readFile(path.join(libraryDir(), 'figures.yaml'), 'utf8')) ?? {};
});
const guides = () => library.records.filter((r): r is Guide => r.type === 'guide');
const practices = () => library.records.filter((r): r is Practice => r.type === 'practice');

describe('what counts as a document-level source', () => {
  it('accepts a link to a page or file, refuses a home page or a title alone', () => {
    expect(isDocumentSource({ title: 'x', url: 'https://www.inam.tg/' })).toBe(false);
    expect(isDocumentSource({ title: 'x', url: 'https://www.itcilo.org' })).toBe(false);
    expect(isDocumentSource({ title: 'x', url: 'https://www.gov.br/pt-br/' })).toBe(false);
    expect(isDocumentSource({ title: 'x', url: 'https://example.org/index.html' })).toBe(false);
    expect(isDocumentSource({ title: 'Décret n° 2014/2377/PM' })).toBe(false);
    expect(isDocumentSource({ title: 'x', url: 'https://www.cnps.cm/index.php/fr/cnps/nos-prestation' })).toBe(true);
    expect(isDocumentSource({ title: 'x', url: 'https://www.social-protection.org/gimi/ShowCountryProfile.action?iso=SN' })).toBe(true);
    expect(isDocumentSource({ title: 'x', url: 'https://example.org/?id=41' })).toBe(true);
  });
});

describe('what counts as a figure', () => {
  it('finds percentages, money, durations, millions and large counts in three languages', () => {
    const keys = (t: string) => figuresIn(t).map((f) => f.key);
    expect(keys('52,4 % en 2023 ; 45 per cent ; 63,5% ; 40 por cento')).toEqual(['52.4%', '45%', '63.5%', '40%']);
    expect(keys('25 000 FCFA par trimestre, 5.500 escudos, USD 50 million, 360 000 F CFA')).toEqual(['25000 FCFA', '5500 CVE', '50 million USD', '360000 FCFA']);
    expect(keys('26 semaines, 13 weeks, 3 jours, 180 mois, 15 ans, 12 semanas')).toEqual(['26 weeks', '13 weeks', '3 days', '180 months', '15 years', '12 weeks']);
    expect(keys('2,4 millions de personnes ; 119 275 assurés ; 920,000 people ; 55 milhões')).toEqual(['2.4 million', '119275', '920000', '55 million']);
  });

  it('leaves references alone: years, articles, Conventions, SDG targets, paragraphs', () => {
    expect(figuresIn('En 2013, l’article 63, paragraphe 2, de la Convention n° 102 ; ODD 1.3 et 3.8 ; R202 para. 5 ; Parties II à X ; décret 2024-832')).toEqual([]);
  });
});

describe('the checks the build runs', () => {
  const practice = () => practices().find((p) => p.status === 'validated')!;
  const guide = () => guides().find((g) => g.lang === 'fr')!;

  it('fails a validated practice whose only sources are home pages; a draft may rely on them', () => {
    const homepageOnly = { ...practice(), id: 'x-home', sources: [{ title: 'Site officiel', url: 'https://www.inam.tg/' }] };
    expect(checkLibrary([homepageOnly]).map((p) => p.message).join('\n')).toMatch(/validated practice needs a document-level source/);
    expect(checkLibrary([{ ...homepageOnly, status: 'draft' }]).map((p) => p.message).join('\n')).not.toMatch(/document-level/);
  });

  it('fails a guide that states a figure without naming a source', () => {
    const g = guide();
    const records = [{ ...g, sources: [], summary: '', body: 'La couverture atteint 52,4 % de la population.' }, { ...g, lang: 'en' as const, id: `${g.key}-en` }];
    expect(checkLibrary(records).map((p) => p.message).join('\n')).toMatch(/states figures \("52,4 %"\) but names no source/);
  });

  it('fails a guide listed as Portuguese that has no Portuguese version', () => {
    const g = guide();
    const records = [g, { ...g, lang: 'en' as const, id: `${g.key}-en` }];
    expect(checkLibrary(records, { portugueseGuides: [g.key] }).map((p) => p.message).join('\n')).toMatch(/missing the Portuguese version/);
    expect(checkLibrary(records, { portugueseGuides: [g.key, 'nowhere'] }).map((p) => p.message).join('\n')).toMatch(/"nowhere", which is not a guide/);
  });

  it('every validated practice in the library names a document-level source', () => {
    for (const p of practices().filter((x) => x.status === 'validated')) expect(p.sources.some(isDocumentSource), p.id).toBe(true);
  });
});

describe('every figure in the guides comes from a named source (library/figures.yaml)', () => {
  it('lists each figure with a source that the stating guide names', () => {
    const missing: string[] = [];
    const unsourced: string[] = [];
    const used = new Set<string>();
    for (const g of guides()) {
      const entries = figureMap[g.key] ?? {};
      const haystack = g.sources.map((s) => `${s.title} ${s.url ?? ''}`.toLowerCase());
      for (const f of figuresIn(`${g.summary}\n${g.body}`)) {
        const want = entries[f.key];
        if (want === undefined) {
          missing.push(`${g.id}: "${f.raw}" (${f.key})`);
          continue;
        }
        used.add(`${g.key} ${f.key}`);
        if (want === 'illustrative') {
          // A made-up number in a worked example: allowed only inside a guide that says so.
          if (!/\*(Exemple fictif|Illustrative example|Exemplo fictício)\b/.test(g.body)) unsourced.push(`${g.id}: "${f.raw}" is mapped as illustrative but the guide does not label an illustrative example`);
          continue;
        }
        const options = (Array.isArray(want) ? want : [want]).map((w) => w.toLowerCase());
        if (!haystack.some((h) => options.some((o) => h.includes(o)))) unsourced.push(`${g.id}: "${f.raw}" should come from "${options.join('" or "')}", which this guide does not name`);
      }
    }
    expect(missing, 'figures with no entry in library/figures.yaml').toEqual([]);
    expect(unsourced, 'figures whose source the guide does not name').toEqual([]);
    const stale = Object.entries(figureMap).flatMap(([key, entries]) => Object.keys(entries).filter((f) => !used.has(`${key} ${f}`)).map((f) => `${key}: ${f}`));
    expect(stale, 'entries of library/figures.yaml no guide states any more').toEqual([]);
  });
});
