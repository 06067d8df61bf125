/**
 * Relevance benchmark: `npm run bench -- --relevance` (alone), and a section of every `npm run bench`.
 *
 * Runs the judged queries of ./relevance.json against the bundled library (library/), indexed the
 * way the hub indexes it (toSearchDocs, the glossary, the engine), with each query's interface
 * language as the ranking's prior, and prints success@k and nDCG@10 per category and overall.
 * The judgments were written from the library's content, not from the engine's output: a query
 * succeeds when a document graded 2 ("a specialist expects it in the top k") is in the top k and,
 * when the query sets `topLang`, the first hit matched in that language. nDCG@10 uses every graded
 * document (gain 2^grade - 1). tests/unit/relevance.test.ts keeps a floor on these figures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../main/core/model';
import { loadLibrary } from '../main/core/library/load';
import { toSearchDocs } from '../main/core/search/docs';
import { SearchEngine } from '../main/core/search/engine';
import type { SearchHit } from '../main/core/search/types';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const RELEVANCE_FILE = path.join(HERE, 'relevance.json');

export interface JudgedQuery {
  q: string;
  ui: Lang;
  category: string;
  k: number;
  relevant: Record<string, number>;
  topLang?: Lang;
  why?: string;
}

export interface QueryOutcome {
  query: JudgedQuery;
  success: boolean;
  ndcg: number;
  top: string[];
  firstLang?: Lang;
}

export interface CategoryFigures {
  category: string;
  queries: number;
  success: number;
  ndcg: number;
}

export interface RelevanceReport {
  outcomes: QueryOutcome[];
  categories: CategoryFigures[];
  overall: CategoryFigures;
  ms: number;
}

export function readJudgments(file = RELEVANCE_FILE): JudgedQuery[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { queries: JudgedQuery[] };
  return raw.queries;
}

/** The bundled library in a fresh engine, as the hub indexes it. */
export async function libraryEngine(libraryDir = path.join(HERE, '..', 'library')): Promise<SearchEngine> {
  const { library } = await loadLibrary(libraryDir, { strict: true });
  const docs = library.records.flatMap(toSearchDocs);
  const engine = new SearchEngine({ glossary: library.glossary });
  engine.loadBase(SearchEngine.buildSegments(docs), docs, { layer: 'library' });
  return engine;
}

function dcg(grades: number[]): number {
  return grades.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

export function judge(query: JudgedQuery, hits: readonly SearchHit[]): QueryOutcome {
  const ids = hits.map((h) => h.id);
  const inTopK = ids.slice(0, query.k).some((id) => query.relevant[id] === 2);
  const firstLang = hits[0]?.matchedLang ?? hits[0]?.lang;
  const langOk = !query.topLang || firstLang === query.topLang;
  const gains = ids.slice(0, 10).map((id) => query.relevant[id] ?? 0);
  const ideal = dcg(Object.values(query.relevant).sort((a, b) => b - a).slice(0, 10));
  return { query, success: inTopK && langOk, ndcg: ideal ? dcg(gains) / ideal : 0, top: ids.slice(0, 5), firstLang };
}

function figures(category: string, outcomes: QueryOutcome[]): CategoryFigures {
  const n = outcomes.length || 1;
  return {
    category,
    queries: outcomes.length,
    success: outcomes.filter((o) => o.success).length / n,
    ndcg: outcomes.reduce((s, o) => s + o.ndcg, 0) / n,
  };
}

export async function runRelevance(engine?: SearchEngine, judgments = readJudgments()): Promise<RelevanceReport> {
  const e = engine ?? (await libraryEngine());
  const t0 = performance.now();
  const outcomes = judgments.map((j) => judge(j, e.search({ q: j.q, uiLang: j.ui, limit: 10 }).hits));
  const ms = performance.now() - t0;
  const cats = [...new Set(judgments.map((j) => j.category))];
  return {
    outcomes,
    categories: cats.map((c) => figures(c, outcomes.filter((o) => o.query.category === c))),
    overall: figures('overall', outcomes),
    ms,
  };
}

/** Success target on the judged set (issue 12). */
export const RELEVANCE_TARGET = 0.95;

export function printRelevance(r: RelevanceReport, log: (s: string) => void = console.log): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  log(`\nRelevance (${r.overall.queries} judged queries, bench/relevance.json; ${r.ms.toFixed(0)} ms in all)`);
  log(`${'category'.padEnd(12)} ${'queries'.padStart(7)} ${'success@k'.padStart(9)} ${'nDCG@10'.padStart(7)}`);
  for (const c of [...r.categories, r.overall]) {
    log(`${c.category.padEnd(12)} ${String(c.queries).padStart(7)} ${pct(c.success).padStart(9)} ${c.ndcg.toFixed(3).padStart(7)}`);
  }
  const failed = r.outcomes.filter((o) => !o.success);
  for (const o of failed) {
    log(`  miss [${o.query.category}] "${o.query.q}" (ui ${o.query.ui}, top ${o.query.k}): got ${o.top.join(', ') || 'nothing'}${o.query.topLang ? `; first hit in ${o.firstLang ?? '-'}, wanted ${o.query.topLang}` : ''}`);
  }
  log(`${r.overall.success >= RELEVANCE_TARGET ? 'PASS' : 'FAIL'}: success ${pct(r.overall.success).trim()} (target ${RELEVANCE_TARGET * 100}%)`);
}
