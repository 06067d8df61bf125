/**
 * The per-match steps of a query (./main/core/search/matches.ts, ranking.ts `foldVersions`,
 * facets.ts), which work on document numbers and typed columns, checked against a straightforward
 * reference on a seeded corpus with translations, edits and deletes: the engine's own matches
 * (what `collect` returned) folded per record with a Map, counted per facet value by walking each
 * document's metadata, fully sorted and sliced. Hits (ids, languages, scores, partial flags, order),
 * totals and facet counts must be the reference's for every query, filter and page.
 */
import { describe, expect, it } from 'vitest';
import { SearchEngine } from '../../main/core/search/engine';
import { rankKey, TIER_PARTIAL } from '../../main/core/search/ranking';
import { recordIdOf } from '../../main/core/search/versions';
import { FACETS, type SearchDoc, type SearchQuery, type SearchResult } from '../../main/core/search/types';
import { searchDoc } from './search-helpers';
import { prng } from '../../bench/corpus';

const FR = ['retraite', 'santé', 'mutuelle', 'cotisation', 'famille', 'chômage', 'pension', 'registre', 'protection', 'sociale', 'assurance', 'maladie'];
const EN = ['pension', 'health', 'insurance', 'contribution', 'family', 'unemployment', 'registry', 'floor', 'social', 'protection', 'benefit', 'sickness'];
const PT = ['pensão', 'saúde', 'seguro', 'família', 'proteção', 'social', 'registo', 'desemprego'];
const WORDS = { fr: FR, en: EN, pt: PT } as const;
const TYPES = ['practice', 'note', 'guide', 'plan'] as const;
const COUNTRIES = ['SN', 'CV', 'CM', 'TG', 'GH'];

function corpus(seed: number, records: number): SearchDoc[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const some = <T>(xs: readonly T[]) => xs.filter(() => rand() < 0.3);
  const text = (lang: keyof typeof WORDS, n: number) => Array.from({ length: n }, () => pick(WORDS[lang])).join(' ');
  const out: SearchDoc[] = [];
  for (let i = 0; i < records; i++) {
    const id = `r-${String(i).padStart(4, '0')}`;
    const lang = rand() < 0.65 ? 'fr' : rand() < 0.8 ? 'en' : 'pt';
    const meta = { type: pick(TYPES), countries: some(COUNTRIES), steps: some([1, 2, 3]), themes: some(['cash', 'health', 'informal']) };
    out.push(searchDoc({ id, lang, title: text(lang, 3), summary: text(lang, 8), body: text(lang, 30), ...meta }));
    // A third of the records have a translation (folded with the record into one hit).
    if (rand() < 0.35) {
      const other = lang === 'en' ? 'fr' : 'en';
      out.push(searchDoc({ id: `${id}@${other}`, lang: other, title: text(other, 3), summary: text(other, 8), body: text(other, 30), ...meta }));
    }
  }
  return out;
}

interface Entry {
  doc: SearchDoc;
  typeRank: number;
}
interface Captured {
  nums: Int32Array;
  scores: Float64Array;
  tiers: Uint8Array;
  count: number;
}

/** The engine's matches for each search: what `collect` returned for the query as typed (corrections merged in). */
function capture(engine: SearchEngine): { last: () => Captured; entry: (num: number) => Entry } {
  const inner = engine as unknown as { collect: (...args: unknown[]) => Captured; cols: { entry: (Entry | undefined)[] } };
  const collect = inner.collect.bind(engine);
  let first: Captured | null = null;
  let calls = 0;
  inner.collect = (...args: unknown[]) => {
    const c = collect(...args);
    if (calls++ === 0) first = c;
    return c;
  };
  return {
    last: () => {
      calls = 0;
      return first!;
    },
    entry: (num) => inner.cols.entry[num]!,
  };
}

const facetValues = (d: SearchDoc): string[][] => [[d.type], [d.lang], d.countries, d.steps, d.branches, d.guarantees, d.themes].map((vs) => vs.map(String));
const FILTER_KEYS = ['type', 'lang', 'country', 'step', 'branch', 'guarantee', 'theme'] as const;

/** The reference: fold per record with a Map, filter and count per document, sort everything. */
function reference(matches: Captured, entry: (num: number) => Entry, query: SearchQuery, queryLang: string) {
  type Folded = { num: number; score: number; tier: number; key: number };
  const byRecord = new Map<string, Folded>();
  const folded: Folded[] = [];
  for (let i = 0; i < matches.count; i++) {
    const num = matches.nums[i]!;
    const doc = entry(num).doc;
    if (query.lang?.length && !query.lang.includes(doc.lang)) continue;
    const score = matches.scores[i]!;
    const tier = matches.tiers[i]!;
    const key = rankKey(tier, score);
    const prev = byRecord.get(recordIdOf(doc.id));
    if (!prev) {
      const f = { num, score, tier, key };
      byRecord.set(recordIdOf(doc.id), f);
      folded.push(f);
      continue;
    }
    const prevLang = entry(prev.num).doc.lang;
    const better = key > prev.key;
    const sameTier = tier === prev.tier;
    const showNew = better ? !(sameTier && prevLang === queryLang && doc.lang !== queryLang) : sameTier && doc.lang === queryLang && prevLang !== queryLang;
    if (better) Object.assign(prev, { score, tier, key });
    if (showNew) prev.num = num;
  }
  const filters = FILTER_KEYS.map((k) => (query[k]?.length ? query[k]!.map(String) : null));
  const passes = (d: SearchDoc, skip: number) => filters.every((f, i) => i === skip || !f || facetValues(d)[i]!.some((v) => f.includes(v)));
  const facets: Record<string, Record<string, number>> = {};
  FACETS.forEach((name, i) => {
    const counts: Record<string, number> = {};
    for (const f of folded) {
      const d = entry(f.num).doc;
      if (passes(d, i)) for (const v of new Set(facetValues(d)[i])) counts[v] = (counts[v] ?? 0) + 1;
    }
    facets[name] = counts;
  });
  const passing = folded.filter((f) => passes(entry(f.num).doc, -1));
  passing.sort((a, b) => {
    const ea = entry(a.num);
    const eb = entry(b.num);
    return b.key - a.key || ea.typeRank - eb.typeRank || (ea.doc.id < eb.doc.id ? -1 : 1);
  });
  const offset = query.offset ?? 0;
  const page = passing.slice(offset, offset + (query.limit ?? 20)).map((f) => {
    const d = entry(f.num).doc;
    return { id: recordIdOf(d.id), matchedLang: d.lang, score: Math.round(f.score * 1e4) / 1e4, partial: f.tier === TIER_PARTIAL };
  });
  return { total: passing.length, page, facets };
}

const QUERIES: SearchQuery[] = [
  { q: 'retraite' },
  { q: 'pension' },
  { q: 'protection sociale' },
  { q: 'social protection' },
  { q: 'santé mutuelle famille' },
  { q: 'health insurance', lang: ['en'] },
  { q: 'pension', lang: ['fr', 'pt'] },
  { q: 'pension', country: ['SN', 'CV'] },
  { q: 'famille', country: ['SN'], step: [2], offset: 5, limit: 7 },
  { q: 'cotis' },
  { q: 'prot' },
  { q: 'retraite chômage registre maladie' },
  { q: 'retraite santé mutuelle cotisation famille chômage registre maladie' },
  { q: 'retraite unemployment' },
  { q: 'pensão saúde' },
  { q: 'retriate' },
  { q: 'helth' },
  { q: 'pension', type: ['note', 'guide'], limit: 50 },
  { q: 'social', offset: 40, limit: 25 },
  { q: 'pension famille', theme: ['cash'], lang: ['en'] },
  { q: 'pension', limit: 0 },
];

describe('per-match steps on document numbers', () => {
  it('give the reference fold, facet counts and order for every query, filter and page', () => {
    const docs = corpus(13, 700);
    const engine = new SearchEngine({ deltaThreshold: 8 });
    engine.loadBase(SearchEngine.buildSegments(docs), docs, { layer: 'user' });
    // Edits and deletes after the load: dead slots in the base, sealed segments and a delta.
    const rand = prng(99);
    for (let i = 0; i < 60; i++) {
      const d = docs[Math.floor(rand() * docs.length)]!;
      if (i % 4 === 0) engine.remove(d.id);
      else engine.upsert({ ...d, title: `${d.title} ${d.lang === 'en' ? 'pension' : 'retraite'}`, updatedAt: `2026-02-0${1 + (i % 9)}T00:00:00.000Z` });
    }
    const probe = capture(engine);
    let withTranslations = 0;
    let partial = 0;
    for (const query of QUERIES) {
      const result: SearchResult = engine.search(query);
      const matches = probe.last();
      const ref = reference(matches, probe.entry, query, result.queryLang!);
      const label = JSON.stringify(query);
      expect(result.total, label).toBe(ref.total);
      expect(result.hits.map((h) => ({ id: h.id, matchedLang: h.matchedLang, score: h.score, partial: h.partial === true })), label).toEqual(ref.page);
      expect(result.facets, label).toEqual(ref.facets);
      withTranslations += result.hits.filter((h) => h.matchedLang !== h.lang).length;
      partial += result.hits.filter((h) => h.partial).length;
      expect(ref.total, label).toBeGreaterThan(0);
    }
    // The corpus exercised what the columns replace: translations shown for a record, partial matches.
    expect(withTranslations).toBeGreaterThan(0);
    expect(partial).toBeGreaterThan(0);
  });

  it('pages through every match without gaps or repeats', () => {
    const docs = corpus(5, 400);
    const engine = new SearchEngine();
    engine.loadBase(SearchEngine.buildSegments(docs), docs, { layer: 'user' });
    for (const q of ['pension', 'retraite', 'social protection']) {
      const all = engine.search({ q, limit: 500 });
      const pages: string[] = [];
      for (let offset = 0; offset < all.total; offset += 9) pages.push(...engine.search({ q, offset, limit: 9 }).hits.map((h) => h.id));
      expect(pages).toEqual(all.hits.map((h) => h.id));
      expect(new Set(pages).size).toBe(all.total);
    }
  });
});
