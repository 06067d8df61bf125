/**
 * The stock lunr reference: what Socle's search would cost with lunr's own index and query
 * executor, measured in every run so that the choice to keep lunr-languages' analysis and lunr's
 * BM25 but to replace lunr.Index with compact segments (main/core/search/segment.ts) stays backed
 * by figures.
 *
 * Configured as a straightforward lunr app would be, following Socle's layout (one index per
 * language, not lunr.multiLanguage): one lunr.Index per document language, built with that
 * language's lunr-languages plugin (`lunr.fr`, `lunr.pt`; English uses lunr's default pipeline),
 * fields title (boost 10), summary (4) and body (1), documents referenced by id.
 *
 * A query: lunr.tokenizer, the language's index-time stop-word filter (lunr's search pipeline has
 * none, so a stop word made REQUIRED would match nothing), then each word through the index's
 * search pipeline (trimmer, accent folding and stemmer for fr) and added with `index.query()` as a
 * REQUIRED term, with a trailing wildcard on the last word. Each language index is queried (all of
 * them unless the query filters on `lang`), results are merged by score and the other facet filters
 * are applied afterwards, as the MiniSearch reference does. No fuzzy retry and no glossary: this is
 * the stock engine, not Socle's features.
 */
import lunr from 'lunr';
import stemmerSupport from 'lunr-languages/lunr.stemmer.support.js';
import lunrFr from 'lunr-languages/lunr.fr.js';
import lunrPt from 'lunr-languages/lunr.pt.js';
import type { SearchDoc, SearchQuery } from '../main/core/search/types';

type Plugin = lunr.Builder.Plugin & { stopWordFilter: lunr.PipelineFunction };
type LunrWithLanguages = typeof lunr & { fr?: Plugin; pt?: Plugin; stemmerSupport?: unknown };
const L = lunr as LunrWithLanguages;

/** The same lunr module instance as main/core/search/analysis.ts: install the plugins only if it has not. */
function installLanguages(): void {
  if (!L.stemmerSupport) stemmerSupport(lunr);
  if (!L.fr) lunrFr(lunr);
  if (!L.pt) lunrPt(lunr);
}
installLanguages();

export const LUNR_VERSION = (lunr as unknown as { version?: string }).version ?? '?';
export const LUNR_BOOSTS = { title: 10, summary: 4, body: 1 } as const;

function pluginFor(lang: string): Plugin | undefined {
  return lang === 'en' ? undefined : (L as unknown as Record<string, Plugin | undefined>)[lang];
}

function stopWordFilterFor(lang: string): lunr.PipelineFunction {
  return pluginFor(lang)?.stopWordFilter ?? lunr.stopWordFilter;
}

/** Builds one lunr.Index per language present in `docs`. */
export function buildLunr(docs: readonly SearchDoc[]): Record<string, lunr.Index> {
  const byLang = new Map<string, SearchDoc[]>();
  for (const d of docs) {
    let list = byLang.get(d.lang);
    if (!list) byLang.set(d.lang, (list = []));
    list.push(d);
  }
  const out: Record<string, lunr.Index> = {};
  for (const [lang, list] of byLang) {
    const plugin = pluginFor(lang);
    if (lang !== 'en' && !plugin) throw new Error(`lunr-languages has no plugin installed for "${lang}"`);
    out[lang] = lunr(function () {
      if (plugin) this.use(plugin);
      this.ref('id');
      this.field('title', { boost: LUNR_BOOSTS.title });
      this.field('summary', { boost: LUNR_BOOSTS.summary });
      this.field('body', { boost: LUNR_BOOSTS.body });
      for (const d of list) this.add({ id: d.id, title: d.title, summary: d.summary, body: d.body });
    });
  }
  return out;
}

/** The serialized form: `{ [lang]: lunr's own index JSON }`. */
export function serializeLunr(indexes: Record<string, lunr.Index>): string {
  return JSON.stringify(indexes);
}

/** JSON.parse + lunr.Index.load of every language (the pipelines' functions must be registered: they are, above). */
export function loadLunr(json: string): { indexes: Record<string, lunr.Index>; parseMs: number; loadMs: number } {
  const t0 = performance.now();
  const parsed = JSON.parse(json) as Record<string, object>;
  const t1 = performance.now();
  const indexes: Record<string, lunr.Index> = {};
  for (const [lang, idx] of Object.entries(parsed)) indexes[lang] = lunr.Index.load(idx);
  return { indexes, parseMs: t1 - t0, loadMs: performance.now() - t1 };
}

/** The facet fields the post-query filters need (not part of lunr's index, not counted in its size). */
export type LunrMeta = Map<string, Pick<SearchDoc, 'type' | 'lang' | 'countries' | 'steps' | 'branches' | 'guarantees' | 'themes'>>;

export function lunrMeta(docs: readonly SearchDoc[]): LunrMeta {
  return new Map(docs.map((d) => [d.id, { type: d.type, lang: d.lang, countries: d.countries, steps: d.steps, branches: d.branches, guarantees: d.guarantees, themes: d.themes }]));
}

function filterFor(q: SearchQuery, meta: LunrMeta): ((ref: string) => boolean) | undefined {
  const tests: ((m: NonNullable<ReturnType<LunrMeta['get']>>) => boolean)[] = [];
  const one = <T>(wanted: T[] | undefined, get: (m: NonNullable<ReturnType<LunrMeta['get']>>) => T) => {
    if (!wanted?.length) return;
    const set = new Set<T>(wanted);
    tests.push((m) => set.has(get(m)));
  };
  const many = <T>(wanted: T[] | undefined, get: (m: NonNullable<ReturnType<LunrMeta['get']>>) => T[]) => {
    if (!wanted?.length) return;
    const set = new Set<T>(wanted);
    tests.push((m) => get(m).some((v) => set.has(v)));
  };
  one(q.type, (m) => m.type);
  many(q.country, (m) => m.countries);
  many(q.step, (m) => m.steps);
  many(q.branch, (m) => m.branches);
  many(q.guarantee, (m) => m.guarantees);
  many(q.theme, (m) => m.themes);
  if (!tests.length) return undefined;
  return (ref) => {
    const m = meta.get(ref);
    return m !== undefined && tests.every((t) => t(m));
  };
}

/** The query's terms for one language index: tokenized, stop words dropped, each through the index's search pipeline. */
function termsFor(index: lunr.Index, lang: string, text: string): string[] {
  const stop = stopWordFilterFor(lang);
  const terms: string[] = [];
  // lunr.Index keeps its search pipeline in `pipeline` (absent from @types/lunr).
  const pipeline = (index as unknown as { pipeline: lunr.Pipeline }).pipeline;
  for (const token of lunr.tokenizer(text)) {
    if (stop(token, 0, []) === undefined) continue;
    for (const t of pipeline.runString(token.toString())) if (t) terms.push(t);
  }
  return terms;
}

export interface LunrSearchOutput {
  total: number;
  ids: string[];
}

/** One search over every language index (or those the `lang` filter keeps). */
export function lunrSearch(indexes: Record<string, lunr.Index>, meta: LunrMeta, q: SearchQuery, limit = 20): LunrSearchOutput {
  const keep = filterFor(q, meta);
  const wantLang = q.lang?.length ? new Set<string>(q.lang) : undefined;
  let results: lunr.Index.Result[] = [];
  for (const [lang, index] of Object.entries(indexes)) {
    if (wantLang && !wantLang.has(lang)) continue;
    const terms = termsFor(index, lang, q.q);
    if (!terms.length) continue;
    const last = terms.length - 1;
    const res = index.query((query) => {
      terms.forEach((term, i) =>
        query.term(term, {
          presence: lunr.Query.presence.REQUIRED,
          wildcard: i === last ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
          usePipeline: false, // already run through index.pipeline above (a wildcard term must not be stemmed)
        }),
      );
    });
    results = results.length ? results.concat(res) : res;
  }
  if (keep) results = results.filter((r) => keep(r.ref));
  results.sort((a, b) => b.score - a.score);
  return { total: results.length, ids: results.slice(0, limit).map((r) => r.ref) };
}
