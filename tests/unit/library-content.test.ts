import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { loadLibrary, checkLibrary, type Library } from '../../main/core/library/load';
import { libraryDir } from '../../main/platform/paths';
import { Hub } from '../../main/core/hub';
import { markdownToText } from '../../main/core/markdown';
import { tempDir } from './helpers';
import type { HubRecord } from '../../main/core/model';

// The content checks the build runs (scripts/build-library.js), plus what the issue asks of the
// bundled library, and searches over the real content.
let library: Library;
beforeAll(async () => {
  ({ library } = await loadLibrary(libraryDir(), { strict: true }));
});

const guides = () => library.records.filter((r): r is Extract<HubRecord, { type: 'guide' }> => r.type === 'guide');
const practices = () => library.records.filter((r): r is Extract<HubRecord, { type: 'practice' }> => r.type === 'practice');
const words = (md: string) => markdownToText(md).split(/\s+/).filter(Boolean).length;

describe('bundled library content', () => {
  it('validates strictly: schema, unique ids, both languages, links resolve, sources named', () => {
    expect(checkLibrary(library.records)).toEqual([]);
  });

  it('catches the problems the checks exist for', () => {
    const g = guides().find((x) => x.lang === 'fr')!;
    const broken = [{ ...g, id: 'x-fr', key: 'x', body: 'Voir [ceci](socle:nowhere).' }, practices()[0] && { ...practices()[0]!, sources: [] }, g].filter(Boolean) as HubRecord[];
    const messages = checkLibrary(broken).map((p) => p.message).join('\n');
    expect(messages).toMatch(/missing the English version/);
    expect(messages).toMatch(/socle:nowhere" does not resolve/);
    expect(messages).toMatch(/at least one source/);
  });

  it('has every guide the issue lists, in French and English', () => {
    const keys = new Set(guides().map((g) => g.key));
    const expected = [
      'c102-overview', 'c102-medical-care', 'c102-sickness', 'c102-unemployment', 'c102-old-age', 'c102-employment-injury',
      'c102-family', 'c102-maternity', 'c102-invalidity', 'c102-survivors', 'c102-administration-financing', 'c102-country-status',
      'r202-overview', 'r202-guarantees', 'r202-principles', 'r202-extension-strategy', 'r202-national-strategies', 'r202-c102',
      'flagship-step-1', 'flagship-step-2', 'flagship-step-3', 'sdg-1-3', 'sstc-overview',
      'theme-social-health-protection', 'theme-migrants', 'theme-humanitarian-nexus', 'theme-informal-economy', 'theme-climate-change',
    ];
    for (const key of expected) expect(keys, key).toContain(key);
    for (const g of guides()) expect(g.sources.length, g.id).toBeGreaterThan(0);
  });

  it('has substantial main guides (about 400 words or more per language)', () => {
    const main = ['c102-overview', 'c102-old-age', 'c102-medical-care', 'r202-overview', 'r202-guarantees', 'flagship-step-1', 'flagship-step-2', 'flagship-step-3', 'sdg-1-3', 'sstc-overview'];
    for (const g of guides().filter((x) => main.includes(x.key))) expect(words(g.body), g.id).toBeGreaterThanOrEqual(380);
  });

  it('has at least 60 sourced practices with French text and an English summary', () => {
    // Issue 15: at least 60 practices from at least 15 countries.
    expect(practices().length).toBeGreaterThanOrEqual(60);
    for (const p of practices()) {
      expect(p.lang, p.id).toBe('fr');
      expect(p.sources.length, p.id).toBeGreaterThan(0);
      expect(p.summary.length, p.id).toBeGreaterThan(40);
      expect(p.translations.en?.summary?.length ?? 0, p.id).toBeGreaterThan(40);
      expect(p.country, p.id).toMatch(/^[A-Z]{2}$/);
      expect(p.steps.length + p.branches.length + p.guarantees.length, p.id).toBeGreaterThan(0);
    }
    const countries = new Set(practices().map((p) => p.country));
    for (const c of ['SN', 'CV', 'CM', 'TG', 'BR', 'DZ']) expect(countries, c).toContain(c);
  });

  it('covers at least 15 countries, with the West African countries the issue names', () => {
    const countries = new Set(practices().map((p) => p.country));
    expect(countries.size).toBeGreaterThanOrEqual(15);
    for (const c of ['CI', 'BJ', 'BF', 'ML', 'NE', 'GH', 'GW', 'MR']) expect(countries, c).toContain(c);
    // A country is only counted through a practice that can be checked: each named country has a validated one.
    for (const c of countries) expect(practices().some((p) => p.country === c && p.status === 'validated'), c).toBe(true);
  });

  it('has a trilingual glossary', () => {
    expect(library.glossary.length).toBeGreaterThanOrEqual(40);
    const sp = library.glossary.find((t) => t.id === 'social-protection');
    expect(sp).toMatchObject({ fr: 'protection sociale', en: 'social protection', pt: 'proteção social' });
  });

  it('ships the Dakar 2017 workshop as a template with four country plans', () => {
    const w = library.records.find((r) => r.id === 'dakar-2017');
    expect(w?.type).toBe('workshop');
    if (w?.type !== 'workshop') return;
    expect(w.template).toBe(true);
    expect(new Set(w.sessions.map((s) => s.day))).toEqual(new Set([1, 2, 3]));
    expect(w.groups.filter((g) => g.kind === 'country').map((g) => g.country).sort()).toEqual(['CM', 'CV', 'SN', 'TG']);
    expect(w.sessions.some((s) => s.kind === 'group-work' && s.rotationMinutes === 60)).toBe(true);
    expect(w.dashboardHeadings.length).toBe(7);
    const plans = library.records.filter((r) => r.type === 'plan' && r.workshopId === 'dakar-2017');
    expect(plans.map((p) => (p as { country: string }).country).sort()).toEqual(['CM', 'CV', 'SN', 'TG']);
  });
});

describe('search over the real content', () => {
  let hub: Hub;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    hub = await Hub.open({ dataDir: t.dir, libraryDir: libraryDir(), compactAfterMs: 0 });
  });
  afterAll(async () => {
    await hub.close();
    await cleanup();
  });
  const top = async (q: string, extra: object = {}) => (await hub.search({ q, limit: 5, offset: 0, ...extra })).hits.map((h) => h.id);

  it('finds the C102 old-age guide first for a French query about pensions of older people', async () => {
    expect((await top('pensions des personnes âgées', { type: ['guide'], lang: ['fr'] }))[0]).toBe('c102-old-age-fr');
    expect((await top('vieillesse', { lang: ['fr'] }))).toContain('c102-old-age-fr');
  });

  it('finds guides without accents and across inflections', async () => {
    expect(await top('securite sociale norme minimum', { lang: ['fr'] })).toContain('c102-overview-fr');
    expect(await top('garanties élémentaires', { lang: ['fr'], type: ['guide'] })).toContain('r202-guarantees-fr');
  });

  it('finds country practices by programme name', async () => {
    expect((await top('Novissi'))[0]).toMatch(/^tg-/);
    expect(await top('Cadastro Único')).toEqual(expect.arrayContaining([expect.stringMatching(/^br-|^cv-/)]));
  });

  it('finds English guides for an English query', async () => {
    expect((await top('old-age benefit', { lang: ['en'], type: ['guide'] }))).toContain('c102-old-age-en');
  });
});
