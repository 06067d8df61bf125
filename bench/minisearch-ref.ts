/**
 * The reference: MiniSearch over the same SearchDocs, configured as a reasonable app would:
 * fields title/summary/body, boosts title 10 and summary 4, prefix search on the last token,
 * fuzzy 0.2 only when nothing matched, terms lowercased and accent-folded on both sides.
 */
import MiniSearch, { type Options, type SearchOptions, type SearchResult as MsResult } from 'minisearch';
import type { SearchDoc, SearchQuery } from '../main/core/search/types';

export interface MsDoc {
  id: string;
  title: string;
  summary: string;
  body: string;
  type: string;
  lang: string;
  countries: string[];
  steps: number[];
  branches: string[];
  guarantees: string[];
  themes: string[];
}

const MARKS = /\p{M}+/gu;
const NON_ASCII_OR_UPPER = /[^a-z0-9]/;

/** Lowercase + accent folding (NFD, strip marks, œ/æ ligatures). */
export function msProcessTerm(term: string): string {
  if (!NON_ASCII_OR_UPPER.test(term)) return term;
  return term.toLowerCase().normalize('NFD').replace(MARKS, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae');
}

export const MS_OPTIONS: Options<MsDoc> = {
  fields: ['title', 'summary', 'body'],
  storeFields: ['type', 'lang', 'countries', 'steps', 'branches', 'guarantees', 'themes'],
  processTerm: msProcessTerm,
};

export function toMsDoc(d: SearchDoc): MsDoc {
  return {
    id: d.id,
    title: d.title,
    summary: d.summary,
    body: d.body,
    type: d.type,
    lang: d.lang,
    countries: d.countries,
    steps: d.steps,
    branches: d.branches,
    guarantees: d.guarantees,
    themes: d.themes,
  };
}

export function buildMiniSearch(docs: MsDoc[]): MiniSearch<MsDoc> {
  const ms = new MiniSearch<MsDoc>(MS_OPTIONS);
  ms.addAll(docs);
  return ms;
}

export function loadMiniSearch(json: string): MiniSearch<MsDoc> {
  return MiniSearch.loadJSON<MsDoc>(json, MS_OPTIONS);
}

function filterFor(q: SearchQuery): ((r: MsResult) => boolean) | undefined {
  const tests: ((r: MsResult) => boolean)[] = [];
  const anyOf = <T>(wanted: T[] | undefined, field: string, many: boolean) => {
    if (!wanted?.length) return;
    const set = new Set<unknown>(wanted);
    tests.push(many ? (r) => (r[field] as unknown[]).some((v) => set.has(v)) : (r) => set.has(r[field]));
  };
  anyOf(q.type, 'type', false);
  anyOf(q.lang, 'lang', false);
  anyOf(q.country, 'countries', true);
  anyOf(q.step, 'steps', true);
  anyOf(q.branch, 'branches', true);
  anyOf(q.guarantee, 'guarantees', true);
  anyOf(q.theme, 'themes', true);
  return tests.length ? (r) => tests.every((t) => t(r)) : undefined;
}

export interface MsSearchOutput {
  total: number;
  ids: string[];
  fuzzy: boolean;
}

/**
 * One search as an app would run it: exact + prefix on the last token, and a fuzzy retry only if
 * nothing matched. `combineWith` follows what Socle does, so that hit counts are comparable.
 */
export function msSearch(ms: MiniSearch<MsDoc>, q: SearchQuery, combineWith: 'AND' | 'OR', limit = 20): MsSearchOutput {
  const base: SearchOptions = {
    boost: { title: 10, summary: 4 },
    prefix: (_term, i, terms) => i === terms.length - 1,
    combineWith,
    filter: filterFor(q),
  };
  let res = ms.search(q.q, base);
  let fuzzy = false;
  if (!res.length) {
    res = ms.search(q.q, { ...base, fuzzy: 0.2 });
    fuzzy = true;
  }
  return { total: res.length, ids: res.slice(0, limit).map((r) => String(r.id)), fuzzy };
}
