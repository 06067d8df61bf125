/**
 * Socle performance benchmark: `npm run bench [-- --quick | --sizes 1000,10000]`.
 *
 * For each corpus size, a child process (clean heap, so memory figures are per size) runs the
 * phases listed in PHASES below over a deterministic corpus (./corpus.ts) and the query set
 * (./queries.ts): Socle through its real code paths (toSearchDocs, SearchEngine, RecordStore, Hub)
 * and MiniSearch as the reference, in the same run, plus stock lunr (./lunr-ref.ts: lunr's own
 * index and executor, which Socle's segments replace; see bench/README.md). The parent prints one table per size and writes
 * bench/results/bench-<date>.json and bench/results/latest.json.
 *
 * It reports; it does not judge: the exit code is 0 even when a budget fails (look for FAIL).
 *
 * Flags: --quick (1,000 only), --sizes a,b, --rounds n (timed passes over the queries, default 3),
 * --inline (run sizes in this process), --keep (keep the temp data dirs), --no-hub (skip Hub phases),
 * --no-bundles (skip the bundle export/import phase), --no-sync (skip the CouchDB sync phase), --no-lunr (skip the stock lunr reference),
 * --no-room (skip the workshop room load test of bench/room.ts), --large (adds 100,000 practices; at
 * that size the stock lunr and sync phases are skipped), --no-cli (skip the one-off CLI search phase),
 * --lunr-rounds n (timed passes for stock lunr; default --rounds below 10,000 practices, fewer at
 * 10,000 and above because lunr's executor takes ~10 s per pass there), --relevance (only the
 * relevance benchmark, ./relevance.ts, which every run also prints first).
 */
import { execFile, fork } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type MiniSearch from 'minisearch';
import type { Practice } from '../main/core/model';
import { toSearchDocs } from '../main/core/search/docs';
import { recordIdOf } from '../main/core/search/versions';
import { SearchEngine } from '../main/core/search/engine';
import type { SearchDoc, SearchQuery, SearchResult, SerializedSegment } from '../main/core/search/types';
import { Hub } from '../main/core/hub';
import { RecordStore } from '../main/core/store/store';
import { loadLibrary } from '../main/core/library/load';
import { buildLibrary } from '../main/core/library/build';
import { libraryDir } from '../main/platform/paths';
import { STAMP_RACY_MS, decodeUserIndex, userIndexFile } from '../main/core/search/user-index';
import { corpusStats, makeCorpus } from './corpus';
import { coldStartPhase } from './cold-start';
import { runBrowseBenchmark } from './browse';
import { makeQueries, type BenchQuery, type QueryCategory } from './queries';
import { buildMiniSearch, loadMiniSearch, msSearch, toMsDoc, type MsDoc } from './minisearch-ref';
import { LUNR_VERSION, buildLunr, loadLunr, lunrMeta, lunrSearch, serializeLunr, type LunrMeta } from './lunr-ref';
import type lunr from 'lunr';
import { printRelevance, runRelevance } from './relevance';
import { printRoomResult, runRoomBenchmark } from './room';
import { cliWords, printScaleGoals, readIndexFiles, runCliSearch } from './scale';
import { MemoryTracker, gc, hasGc, mean, now, retainedMB, summarize, time, timeAsync, type MemSample, type Summary } from './stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(HERE, 'results');

/* ------------------------------------------------------------------------------------------ */
/* Arguments                                                                                  */

interface Args {
  sizes: number[];
  rounds: number;
  inline: boolean;
  keep: boolean;
  hub: boolean;
  bundles: boolean;
  /** Measure sync (bench/sync.ts). */
  sync: boolean;
  /** Measure stock lunr (bench/lunr-ref.ts) as a third engine. */
  lunr: boolean;
  /** Timed passes over the queries for stock lunr; undefined = lunrRoundsFor(size). */
  lunrRounds?: number;
  child?: number;
  /** Only the relevance benchmark (./relevance.ts). */
  relevanceOnly: boolean;
  /** The workshop room load test (bench/room.ts) after the sizes. */
  room: boolean;
  /** --large: 100,000 practices too (issue 13), without the phases listed in LARGE_SKIPS at that size. */
  large: boolean;
  /** The one-off CLI search phase (bench/scale.ts). */
  cli: boolean;
}

/** The size --large adds, and the phases it skips there (stock lunr alone takes minutes per pass; sync replicates every record). */
const LARGE_SIZE = 100_000;
const LARGE_SKIPS = ['lunr-build', 'lunr-load', 'lunr-search', 'lunr-release', 'sync'];

/** Stock lunr needs ~10 s per pass over the queries at 10,000 practices: fewer rounds there keep the run near 3 minutes. */
const LUNR_ROUNDS_AT_10K = 2;
function lunrRoundsFor(args: Args, size: number): number {
  return args.lunrRounds ?? (size >= 10_000 ? Math.min(args.rounds, LUNR_ROUNDS_AT_10K) : args.rounds);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [1000, 10000], rounds: 3, inline: false, keep: false, hub: true, bundles: true, sync: true, lunr: true, relevanceOnly: false, room: true, large: false, cli: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') args.sizes = [1000];
    else if (a === '--relevance') args.relevanceOnly = true;
    else if (a.startsWith('--sizes')) args.sizes = value().split(',').map((s) => Number(s.trim().replace(/_/g, '')));
    else if (a.startsWith('--rounds')) args.rounds = Math.max(1, Number(value()));
    else if (a === '--inline') args.inline = true;
    else if (a === '--keep') args.keep = true;
    else if (a === '--no-hub') args.hub = false;
    else if (a === '--no-bundles') args.bundles = false;
    else if (a === '--no-sync') args.sync = false;
    else if (a === '--no-lunr') args.lunr = false;
    else if (a === '--no-room') args.room = false;
    else if (a === '--large') args.large = true;
    else if (a === '--no-cli') args.cli = false;
    else if (a.startsWith('--lunr-rounds')) args.lunrRounds = Math.max(1, Number(value()));
    else if (a.startsWith('--child')) args.child = Number(value());
    else throw new Error(`Unknown option ${a}`);
  }
  if (args.large && !args.sizes.includes(LARGE_SIZE)) args.sizes.push(LARGE_SIZE);
  if (args.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive integers, e.g. --sizes 1000,10000');
  return args;
}

/* ------------------------------------------------------------------------------------------ */
/* Results                                                                                    */

interface CategoryFigures {
  n: number;
  socle: Summary;
  mini: Summary;
  socleAvgHits: number;
  miniAvgHits: number;
  /** Stock lunr (lunr-search phase); absent with --no-lunr. */
  lunr?: Summary;
  lunrAvgHits?: number;
}

/** Everything one size produces. Times in ms, sizes in MB. Missing = phase skipped or failed. */
interface SizeResult {
  size: number;
  corpus: { records: number; fr: number; en: number; avgWords: Record<string, number>; generateMs: number };
  queries: number;
  socle: Record<string, number | undefined>;
  mini: Record<string, number | undefined>;
  /** Stock lunr (bench/lunr-ref.ts): buildMs, indexFileMB, indexReadyMs, retainedHeapMB... Empty with --no-lunr. */
  lunr: Record<string, number | undefined>;
  /**
   * Issue 13's figures (milliseconds unless the name says otherwise), each beside its reference
   * from the same run; bench/scale.ts prints them as one goals table with PASS/FAIL. Keys:
   * importMs, importRefUnzipSyncMs, importLimitOneFsyncMs (write the bundle's bytes once + one
   * fsync), exportMs; cliSearchMs, cliGrepMs, cliNodeMs (`node -e 0`) (medians over the same words, fresh processes);
   * startWarmFirstSearchMs (fresh process, warm cache, to the first search's answer),
   * indexFileReadMs (reading the index files from the page cache); coldReadyMs (no index cache,
   * to search ready), coldMainThreadMaxBlockMs (longest event-loop stall during that start),
   * coldFirstListMs (to the library list being served); rssMB (peak RSS of a started hub).
   * A phase that did not run leaves its keys undefined, and the table says "not measured".
   */
  scale: Record<string, number | undefined>;
  search: {
    socle: Summary;
    mini: Summary;
    /** Stock lunr, timed in alternation with MiniSearch in its own rounds (lunr-search phase). */
    lunr?: Summary;
    /** MiniSearch's timings from those same rounds: the denominator of lunr's ratio. */
    miniPairedWithLunr?: Summary;
    lunrRounds?: number;
    lunrAgreement?: { lunrAvgHits: number; lunrZeroHitQueries: number; medianHitRatioVsMini: number; top10OverlapWithMini: number };
    socleAfterEdits?: Summary;
    socleNoGlossary?: Summary;
    socleLimit0?: Summary;
    byCategory: Record<string, CategoryFigures>;
    agreement: {
      socleAvgHits: number;
      miniAvgHits: number;
      socleZeroHitQueries: number;
      miniZeroHitQueries: number;
      /** Queries where one engine finds nothing and the other finds something. */
      disagreeOnEmpty: { q: string; socle: number; mini: number }[];
      /** Median over queries of min(hits)/max(hits). */
      medianHitRatio: number;
      /** Mean overlap of the top-10 ids (|A∩B| / min(|A|,|B|)). */
      top10Overlap: number;
      miniCombineWith: 'AND' | 'OR';
      socleFuzzyQueries: number;
      miniFuzzyQueries: number;
    };
    slowest: { q: string; category: string; socleMs: number; miniMs: number; socleHits: number }[];
  };
  edits: { engine?: Summary; engineUpsert?: Summary; engineByDelta?: Record<string, number>; hub?: Summary; hubUpdate?: Summary; hubSearch?: Summary };
  saves: { store?: Summary; hub?: Summary };
  /** Peaks up to the stock lunr phases (which run last), so that they describe Socle + MiniSearch + Hub; withLunr = whole child. */
  memory: { samples: MemSample[]; peakRssMB: number; peakHeapUsedMB: number; maxRssKernelMB: number; withLunr?: { peakRssMB: number; peakHeapUsedMB: number; maxRssKernelMB: number } };
  phases: { name: string; ms: number; status: 'ok' | 'skipped' | 'failed'; note?: string }[];
  notes: string[];
  /** Budgets judged inside a phase (browse, sync): counted in the run's closing verdict with the table's. */
  phaseChecks?: { metric: string; value: number; limit: string; pass: boolean }[];
  /** os.loadavg() at the start and end of this size: other processes competing for the 2 cores skew timings. */
  loadAvg: { start: number[]; end: number[] };
}

/* ------------------------------------------------------------------------------------------ */
/* The phases                                                                                 */

interface Ctx {
  args: Args;
  size: number;
  tmp: string;
  mem: MemoryTracker;
  r: SizeResult;
  records: Practice[];
  docs: SearchDoc[];
  queries: BenchQuery[];
  glossary: ConstructorParameters<typeof SearchEngine>[0] extends infer O ? (O extends { glossary?: infer G } ? G : never) : never;
  segments?: SerializedSegment[];
  engine?: SearchEngine;
  ms?: MiniSearch<MsDoc>;
  socleRuns?: { ms: number[]; total: number; ids: string[]; fuzzy: boolean }[];
  miniRuns?: { ms: number[]; total: number; ids: string[]; fuzzy: boolean }[];
  hub?: Hub;
  dataDir?: string;
  lunr?: Record<string, lunr.Index>;
  lunrMeta?: LunrMeta;
}

interface Phase {
  name: string;
  /** Skipped (with the reason) when this returns a string. */
  skip?: (ctx: Ctx) => string | undefined;
  run: (ctx: Ctx) => Promise<void>;
}

const log = (ctx: Ctx, msg: string) => console.log(`  [${ctx.size.toLocaleString('en')}] ${msg}`);
const fmt = (x: number | undefined, digits = 1) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits));

/** engine.search may be sync or async: await only when needed so timings stay honest. */
async function socleSearch(engine: SearchEngine, q: SearchQuery): Promise<SearchResult> {
  const r = engine.search(q) as SearchResult | Promise<SearchResult>;
  return r instanceof Promise ? await r : r;
}

async function runQueries(ctx: Ctx, engine: SearchEngine, rounds: number) {
  const runs = ctx.queries.map(() => ({ ms: [] as number[], total: 0, ids: [] as string[], fuzzy: false }));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < ctx.queries.length; i++) {
      const q = { ...ctx.queries[i]!.query, limit: 20 };
      const t0 = now();
      const res = await socleSearch(engine, q);
      runs[i]!.ms.push(now() - t0);
      if (round === 0) {
        runs[i]!.total = res.total;
        runs[i]!.ids = res.hits.map((h) => h.id);
        runs[i]!.fuzzy = res.fuzzy;
      }
    }
  }
  return runs;
}

/** A unique, letters-only word per edit, so that the search finds exactly the edited record. */
function editWord(i: number): string {
  let s = '';
  let n = i + 1;
  while (n > 0) {
    s += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  }
  return `zorvex${s}quil`;
}

const EDITS = 50;
const SAVES = 100;

/**
 * The phase list. Each phase times itself and writes into ctx.r; the runner records its duration
 * and a memory sample after it. Add new measurements here.
 */
const PHASES: Phase[] = [
  {
    name: 'corpus',
    async run(ctx) {
      const { ms: generateMs, value: records } = time(() => makeCorpus(ctx.size));
      ctx.records = records;
      const stats = corpusStats(records);
      ctx.r.corpus = { records: records.length, ...stats, generateMs };
      const { ms: docsMs, value: docs } = time(() => records.flatMap(toSearchDocs));
      ctx.docs = docs;
      ctx.r.socle.toSearchDocMs = docsMs;
      ctx.queries = makeQueries();
      ctx.r.queries = ctx.queries.length;
      const lib = (await loadLibrary(libraryDir())).library;
      ctx.glossary = lib.glossary;
      log(ctx, `corpus: ${records.length} practices (${stats.fr} fr / ${stats.en} en), ~${stats.avgWords.total} words each, generated in ${fmt(generateMs, 0)} ms; toSearchDocs ${fmt(docsMs, 0)} ms (${docs.length} documents with the translations); ${ctx.queries.length} queries; glossary ${lib.glossary.length} terms`);
    },
  },
  {
    name: 'socle-build',
    async run(ctx) {
      gc();
      const { ms, value: segments } = time(() => SearchEngine.buildSegments(ctx.docs));
      ctx.segments = segments;
      ctx.r.socle.buildMs = ms;
      log(ctx, `Socle buildSegments: ${fmt(ms, 0)} ms (${segments.length} segments: ${segments.map((s) => `${s.lang}=${Object.keys(s.refs).length}`).join(', ')})`);
    },
  },
  {
    name: 'socle-load',
    async run(ctx) {
      const file = path.join(ctx.tmp, 'socle-index.json');
      // In a separate function so that no big string of it stays in this frame during the heap measurement.
      await writeSocleIndex(ctx, file);
      ctx.segments = undefined; // let the build output go: the loaded engine must stand alone
      let readMs = 0;
      let parseMs = 0;
      let loadMs = 0;
      const { value: engine, heapMB, externalMB } = await retainedMB(async () => {
        const t0 = now();
        const text = await fs.readFile(file, 'utf8');
        const t1 = now();
        const parsed = JSON.parse(text) as { segments: SerializedSegment[]; docs: SearchDoc[] };
        const t2 = now();
        const e = new SearchEngine({ glossary: ctx.glossary });
        e.loadBase(parsed.segments, parsed.docs, { layer: 'user' });
        const t3 = now();
        readMs = t1 - t0;
        parseMs = t2 - t1;
        loadMs = t3 - t2;
        return e;
      });
      ctx.engine = engine;
      const first = await timeAsync(() => socleSearch(engine, { q: 'protection sociale', limit: 20 }));
      Object.assign(ctx.r.socle, {
        readFileMs: readMs,
        jsonParseMs: parseMs,
        loadBaseMs: loadMs,
        indexReadyMs: readMs + parseMs + loadMs,
        firstSearchMs: first.ms,
        retainedHeapMB: heapMB,
        retainedExternalMB: externalMB,
      });
      log(ctx, `Socle index ready from disk: ${fmt(readMs + parseMs + loadMs, 0)} ms (read ${fmt(readMs, 0)}, JSON.parse ${fmt(parseMs, 0)}, loadBase ${fmt(loadMs, 0)}); file ${fmt(ctx.r.socle.indexFileMB)} MB; retained heap ${fmt(heapMB)} MB + external ${fmt(externalMB)} MB; first search ${fmt(first.ms, 2)} ms (${first.value.total} hits); file = segments ${fmt(ctx.r.socle.indexFileSegmentsMB)} MB + docs ${fmt(ctx.r.socle.indexFileDocsMB)} MB`);
    },
  },
  {
    name: 'socle-search',
    async run(ctx) {
      const engine = ctx.engine!;
      const t0 = now();
      // Warm-up pass, which also records each query's results; the timed rounds run in 'search-timed'.
      ctx.socleRuns = await runQueries(ctx, engine, 1);
      const warm = now() - t0;
      for (const x of ctx.socleRuns) x.ms = [];
      // Diagnostic: the same queries with limit 0 (matching, scoring, filters and facets; no hits, no snippets).
      const noHits: number[] = [];
      for (const bq of ctx.queries) {
        const t = now();
        await socleSearch(engine, { ...bq.query, limit: 0 });
        noHits.push(now() - t);
      }
      ctx.r.search.socleLimit0 = summarize(noHits);
      log(ctx, `Socle search warm-up pass over ${ctx.queries.length} queries: ${fmt(warm, 0)} ms; avg hits ${fmt(mean(ctx.socleRuns.map((x) => x.total)))}; with limit 0 (no snippets) median ${fmt(ctx.r.search.socleLimit0.median, 3)} ms`);
    },
  },
  {
    name: 'socle-search-no-glossary',
    async run(ctx) {
      // Diagnostic: the same index without the glossary (cross-language query expansion).
      const file = path.join(ctx.tmp, 'socle-index.json');
      const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as { segments: SerializedSegment[]; docs: SearchDoc[] };
      const e = new SearchEngine({});
      e.loadBase(parsed.segments, parsed.docs, { layer: 'user' });
      await runQueries(ctx, e, 1);
      const runs = await runQueries(ctx, e, 1);
      ctx.r.search.socleNoGlossary = summarize(runs.flatMap((x) => x.ms));
      log(ctx, `Socle search without glossary (diagnostic): median ${fmt(ctx.r.search.socleNoGlossary.median, 3)} ms, p95 ${fmt(ctx.r.search.socleNoGlossary.p95, 3)} ms; avg hits ${fmt(mean(runs.map((x) => x.total)))}`);
    },
  },
  {
    name: 'minisearch-build',
    async run(ctx) {
      const msDocs = ctx.docs.map(toMsDoc);
      gc();
      const { ms, value } = time(() => buildMiniSearch(msDocs));
      ctx.r.mini.buildMs = ms;
      const { ms: stringifyMs, value: json } = time(() => JSON.stringify(value));
      ctx.r.mini.serializeMs = stringifyMs;
      ctx.r.mini.indexFileMB = Buffer.byteLength(json) / 1024 / 1024;
      await fs.writeFile(path.join(ctx.tmp, 'minisearch.json'), json);
      log(ctx, `MiniSearch addAll: ${fmt(ms, 0)} ms; JSON ${fmt(ctx.r.mini.indexFileMB)} MB`);
    },
  },
  {
    name: 'minisearch-load',
    async run(ctx) {
      const file = path.join(ctx.tmp, 'minisearch.json');
      let readMs = 0;
      let loadMs = 0;
      const { value, heapMB, externalMB } = await retainedMB(async () => {
        const t0 = now();
        const text = await fs.readFile(file, 'utf8');
        const t1 = now();
        const m = loadMiniSearch(text);
        readMs = t1 - t0;
        loadMs = now() - t1;
        return m;
      });
      ctx.ms = value;
      const first = time(() => msSearch(value, { q: 'protection sociale' }, 'AND'));
      Object.assign(ctx.r.mini, { readFileMs: readMs, loadJSONMs: loadMs, indexReadyMs: readMs + loadMs, firstSearchMs: first.ms, retainedHeapMB: heapMB, retainedExternalMB: externalMB });
      log(ctx, `MiniSearch index ready from disk: ${fmt(readMs + loadMs, 0)} ms (read ${fmt(readMs, 0)}, loadJSON ${fmt(loadMs, 0)}); retained heap ${fmt(heapMB)} MB`);
    },
  },
  {
    name: 'minisearch-search',
    async run(ctx) {
      const m = ctx.ms!;
      // Socle requires every (non-stop) word within a language (engine.ts, "Query semantics"): match it.
      const combineWith = 'AND' as const;
      ctx.r.search.agreement.miniCombineWith = combineWith;
      // Warm-up pass, which also records each query's results; the timed rounds run in 'search-timed'.
      const t0 = now();
      ctx.miniRuns = ctx.queries.map((bq) => {
        const out = msSearch(m, bq.query, combineWith);
        return { ms: [] as number[], total: out.total, ids: out.ids, fuzzy: out.fuzzy };
      });
      log(ctx, `MiniSearch search warm-up pass (combineWith ${combineWith}): ${fmt(now() - t0, 0)} ms; avg hits ${fmt(mean(ctx.miniRuns.map((x) => x.total)))}`);
    },
  },
  {
    // Timed rounds, Socle and MiniSearch interleaved query by query (alternating which goes first),
    // so that other load on the machine hits both engines alike and the ratio stays meaningful.
    name: 'search-timed',
    async run(ctx) {
      const engine = ctx.engine!;
      const m = ctx.ms!;
      const S = ctx.socleRuns!;
      const M = ctx.miniRuns!;
      for (let round = 0; round < ctx.args.rounds; round++) {
        for (let i = 0; i < ctx.queries.length; i++) {
          const q = ctx.queries[i]!.query;
          const socleFirst = (round + i) % 2 === 0;
          for (const which of socleFirst ? ['s', 'm'] : ['m', 's']) {
            const t0 = now();
            if (which === 's') await socleSearch(engine, { ...q, limit: 20 });
            else msSearch(m, q, 'AND');
            (which === 's' ? S : M)[i]!.ms.push(now() - t0);
          }
        }
      }
      ctx.r.search.socle = summarize(S.flatMap((x) => x.ms));
      ctx.r.search.mini = summarize(M.flatMap((x) => x.ms));
      const [a, b] = [ctx.r.search.socle, ctx.r.search.mini];
      log(ctx, `search (${ctx.args.rounds} interleaved rounds): Socle median ${fmt(a.median, 3)} ms, p95 ${fmt(a.p95, 3)} ms; MiniSearch median ${fmt(b.median, 3)} ms, p95 ${fmt(b.p95, 3)} ms (${a.n} searches each)`);
    },
  },
  {
    name: 'agreement',
    async run(ctx) {
      const S = ctx.socleRuns!;
      const M = ctx.miniRuns!;
      const ratios: number[] = [];
      const overlaps: number[] = [];
      const disagree: { q: string; socle: number; mini: number }[] = [];
      S.forEach((s, i) => {
        const m = M[i]!;
        const hi = Math.max(s.total, m.total);
        ratios.push(hi ? Math.min(s.total, m.total) / hi : 1);
        if ((s.total === 0) !== (m.total === 0)) disagree.push({ q: JSON.stringify(ctx.queries[i]!.query), socle: s.total, mini: m.total });
        const a = new Set(s.ids.slice(0, 10));
        const b = m.ids.slice(0, 10);
        const k = Math.min(a.size, b.length);
        if (k) overlaps.push(b.filter((id) => a.has(id)).length / k);
      });
      const sorted = [...ratios].sort((a, b) => a - b);
      Object.assign(ctx.r.search.agreement, {
        socleAvgHits: mean(S.map((x) => x.total)),
        miniAvgHits: mean(M.map((x) => x.total)),
        socleZeroHitQueries: S.filter((x) => x.total === 0).length,
        miniZeroHitQueries: M.filter((x) => x.total === 0).length,
        disagreeOnEmpty: disagree,
        medianHitRatio: sorted[Math.floor(sorted.length / 2)] ?? NaN,
        top10Overlap: mean(overlaps),
        socleFuzzyQueries: S.filter((x) => x.fuzzy).length,
        miniFuzzyQueries: M.filter((x) => x.fuzzy).length,
      });
      const byCat: Record<string, CategoryFigures> = {};
      const cats = [...new Set(ctx.queries.map((q) => q.category))] as QueryCategory[];
      for (const c of cats) {
        const idx = ctx.queries.map((q, i) => (q.category === c ? i : -1)).filter((i) => i >= 0);
        byCat[c] = {
          n: idx.length,
          socle: summarize(idx.flatMap((i) => S[i]!.ms)),
          mini: summarize(idx.flatMap((i) => M[i]!.ms)),
          socleAvgHits: mean(idx.map((i) => S[i]!.total)),
          miniAvgHits: mean(idx.map((i) => M[i]!.total)),
        };
      }
      ctx.r.search.byCategory = byCat;
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      ctx.r.search.slowest = S.map((s, i) => ({
        q: JSON.stringify(ctx.queries[i]!.query),
        category: ctx.queries[i]!.category,
        socleMs: med(s.ms),
        miniMs: med(M[i]!.ms),
        socleHits: s.total,
      }))
        .sort((a, b) => b.socleMs - a.socleMs)
        .slice(0, 12);
      const a = ctx.r.search.agreement;
      log(ctx, `agreement: avg hits Socle ${fmt(a.socleAvgHits)} vs MiniSearch ${fmt(a.miniAvgHits)}; zero-hit queries ${a.socleZeroHitQueries} vs ${a.miniZeroHitQueries}; median min/max hit ratio ${fmt(a.medianHitRatio, 2)}; top-10 overlap ${fmt(a.top10Overlap * 100, 0)}%`);
    },
  },
  {
    name: 'engine-edits',
    async run(ctx) {
      const engine = ctx.engine!;
      const total: number[] = [];
      const upsert: number[] = [];
      let misses = 0;
      const byDelta: { delta: number; ms: number }[] = [];
      for (let i = 0; i < EDITS; i++) {
        const doc = ctx.docs[(i * 7919) % ctx.docs.length]!;
        const st = typeof engine.stats === 'function' ? engine.stats() : undefined;
        const delta = st ? st.deltaDocs[doc.lang] : NaN;
        const word = editWord(i);
        const changed: SearchDoc = { ...doc, body: `${doc.body}\n${word}`, updatedAt: new Date().toISOString() };
        const t0 = now();
        engine.upsert(changed);
        const t1 = now();
        const res = await socleSearch(engine, { q: word, limit: 20 });
        const t2 = now();
        if (!res.hits.some((h) => h.id === recordIdOf(doc.id))) misses++;
        upsert.push(t1 - t0);
        total.push(t2 - t0);
        byDelta.push({ delta, ms: t2 - t0 });
      }
      // Edit latency by how many documents were already pending in that language's delta.
      const buckets: [string, number, number][] = [['0-7', 0, 7], ['8-15', 8, 15], ['16-23', 16, 23], ['24+', 24, Infinity]];
      ctx.r.edits.engineByDelta = Object.fromEntries(
        buckets.map(([label, lo, hi]) => [label, summarize(byDelta.filter((x) => x.delta >= lo && x.delta <= hi).map((x) => x.ms)).median]),
      );
      ctx.r.edits.engine = summarize(total);
      ctx.r.edits.engineUpsert = summarize(upsert);
      if (misses) ctx.r.notes.push(`engine edits: ${misses}/${EDITS} edited words were NOT found right after upsert`);
      // Search speed with the edits pending in the delta layer, then the cost of folding them in.
      const after = await runQueries(ctx, engine, 1);
      ctx.r.search.socleAfterEdits = summarize(after.flatMap((x) => x.ms));
      const needs = typeof engine.needsCompaction === 'function' ? engine.needsCompaction() : undefined;
      if (typeof engine.compact === 'function') {
        const c = time(() => engine.compact());
        ctx.r.socle.compactAfterEditsMs = c.ms;
      }
      const ed = ctx.r.edits.engine;
      log(ctx, `engine edit->searchable: median ${fmt(ed.median, 2)} ms, p95 ${fmt(ed.p95, 2)} ms (upsert alone median ${fmt(ctx.r.edits.engineUpsert.median, 2)} ms); by pending delta docs ${Object.entries(ctx.r.edits.engineByDelta).map(([k, v]) => `${k}: ${fmt(v, 1)}`).join(', ')} ms; misses ${misses}; search median with ${EDITS} pending edits ${fmt(ctx.r.search.socleAfterEdits.median, 3)} ms; needsCompaction=${needs}; compact ${fmt(ctx.r.socle.compactAfterEditsMs, 0)} ms`);
    },
  },
  {
    name: 'release-engines',
    async run(ctx) {
      ctx.engine = undefined;
      ctx.ms = undefined;
      ctx.socleRuns = undefined;
      ctx.miniRuns = undefined;
    },
  },
  {
    name: 'hub-open',
    skip: (ctx) => (ctx.args.hub ? undefined : '--no-hub'),
    async run(ctx) {
      const dataDir = path.join(ctx.tmp, 'data');
      ctx.dataDir = dataDir;
      const dir = path.join(dataDir, 'records', 'practice');
      await fs.mkdir(dir, { recursive: true });
      const w = await timeAsync(() =>
        mapLimit(ctx.records, 32, (r) => fs.writeFile(path.join(dir, `${r.id}.json`), JSON.stringify({ record: r }, null, 1) + '\n')),
      );
      log(ctx, `wrote ${ctx.records.length} store shards in ${fmt(w.ms, 0)} ms`);
      // The index cache's stamp of the record folders is only trusted when they did not change in
      // the STAMP_RACY_MS before it (core/search/user-index.ts): let them settle, as a real data dir has.
      await new Promise((r) => setTimeout(r, STAMP_RACY_MS));
      const opts = { dataDir, libraryDir: libraryDir(), compactAfterMs: 0 };
      gc();
      // Hub.open returns before the user index is built when there is no cache (bench/cold-start.ts
      // measures that start): this figure stays "until search is ready", and the cache is written.
      const cold = await timeAsync(async () => {
        const hub = await Hub.open(opts);
        await hub.indexReadiness.whenReady();
        return hub;
      });
      const closeCold = await timeAsync(() => cold.value.close());
      const cacheFile = userIndexFile(dataDir);
      const cacheMB = (await fs.stat(cacheFile).then((s) => s.size).catch(() => 0)) / 1024 / 1024;
      // The packaged app also has the library prebuilt (npm run build:library): starts are measured with and without it.
      const prebuiltFile = path.join(ctx.tmp, 'library.json');
      await buildLibrary(libraryDir(), prebuiltFile);
      // "Ready at start": Hub.open + first search in a fresh process (median of START_RUNS), as a user starts the app.
      const fresh = await freshStarts(dataDir);
      const freshPrebuilt = await freshStarts(dataDir, prebuiltFile);
      gc();
      // Breakdown of a start: the store alone, the library alone, the cache alone (the same work Hub.open does).
      const storeOpen = await timeAsync(() => RecordStore.open(dataDir));
      const libLoad = await timeAsync(() => loadLibrary(libraryDir()));
      const libIndex = time(() => SearchEngine.buildSegments(libLoad.value.library.records.flatMap(toSearchDocs)));
      const cache = await timeAsync(async () => decodeUserIndex(await fs.readFile(cacheFile)));
      const cacheLoad = time(() => new SearchEngine({ glossary: libLoad.value.library.glossary }).loadBase(cache.value.segments, cache.value.docs, { layer: 'user' }));
      gc();
      // The same start inside this (bigger, busier) process, for comparison; then the hub the next phases use.
      const warm = await timeAsync(() => Hub.open(opts));
      const first = await timeAsync(() => warm.value.search({ q: 'protection sociale', limit: 20, offset: 0 }));
      await warm.value.close();
      gc();
      const warmPrebuilt = await timeAsync(() => Hub.open({ ...opts, prebuiltFile }));
      ctx.hub = warmPrebuilt.value;
      Object.assign(ctx.r.socle, {
        hubOpenColdMs: cold.ms,
        hubCloseColdMs: closeCold.ms,
        hubStartFreshMs: fresh.openMs,
        hubStartFreshFirstSearchMs: fresh.firstSearchMs,
        hubStartFreshRssMB: fresh.rssMB,
        hubStartFreshMinMs: fresh.allOpenMs![0],
        hubStartFreshMaxMs: fresh.allOpenMs![fresh.allOpenMs!.length - 1],
        hubStartFreshPrebuiltMs: freshPrebuilt.openMs,
        hubStartFreshPrebuiltFirstSearchMs: freshPrebuilt.startFirstSearchMs,
        hubOpenWarmInProcessMs: warm.ms,
        hubFirstSearchInProcessMs: first.ms,
        hubOpenWarmPrebuiltInProcessMs: warmPrebuilt.ms,
        storeOpenMs: storeOpen.ms,
        libraryLoadMs: libLoad.ms,
        libraryIndexBuildMs: libIndex.ms,
        cacheReadParseMs: cache.ms,
        cacheLoadBaseMs: cacheLoad.ms,
        cacheFileMB: cacheMB,
      });
      // Issue 13's figures: start to first search (fresh process, warm cache, prebuilt library, as the app starts), its memory, the index file's read.
      Object.assign(ctx.r.scale, {
        startWarmFirstSearchMs: freshPrebuilt.startFirstSearchMs,
        rssMB: freshPrebuilt.peakRssMB,
        indexFileReadMs: freshPrebuilt.indexFileReadMs,
      });
      if (!freshPrebuilt.warm) ctx.r.notes.push(`warm start: the index files did not apply (${freshPrebuilt.warmReason ?? '?'}); the first search waited for Hub.open`);
      if (!freshPrebuilt.sameTotal) ctx.r.notes.push('warm start: the first search from the index files and the hub\'s disagree');
      log(ctx, `start to first search (fresh process, warm cache, prebuilt library; median of ${START_RUNS}): ${fmt(freshPrebuilt.startFirstSearchMs, 0)} ms ${freshPrebuilt.warm ? 'from the index files' : `through Hub.open (${freshPrebuilt.warmReason})`}; Hub.open complete ${fmt(freshPrebuilt.openMs, 0)} ms; index file read ${fmt(freshPrebuilt.indexFileReadMs, 1)} ms; peak RSS ${fmt(freshPrebuilt.peakRssMB, 0)} MB`);
      if (!warmPrebuilt.value.prebuiltIndex || !freshPrebuilt.prebuiltIndex) ctx.r.notes.push('Hub.open did not accept the prebuilt library file built by buildLibrary().');
      log(ctx, `Hub.open cold (no cache) ${fmt(cold.ms, 0)} ms, then close ${fmt(closeCold.ms, 0)} ms (cache ${fmt(cacheMB)} MB)`);
      log(ctx, `start in a fresh process (median of ${START_RUNS}; all: ${fresh.allOpenMs!.map((x) => fmt(x, 0)).join(', ')}): Hub.open ${fmt(fresh.openMs, 0)} ms + first search ${fmt(fresh.firstSearchMs, 1)} ms (${fresh.hits} hits, RSS ${fmt(fresh.rssMB, 0)} MB); with prebuilt library ${fmt(freshPrebuilt.openMs, 0)} ms; in this process: ${fmt(warm.ms, 0)} ms / prebuilt ${fmt(warmPrebuilt.ms, 0)} ms`);
      log(ctx, `  breakdown: RecordStore.open ${fmt(storeOpen.ms, 0)} ms, loadLibrary ${fmt(libLoad.ms, 0)} ms, library index build ${fmt(libIndex.ms, 0)} ms, cache read+decode ${fmt(cache.ms, 0)} ms, cache loadBase ${fmt(cacheLoad.ms, 0)} ms`);
    },
  },
  {
    // Issue 13's cold start (bench/cold-start.ts): fresh processes on the data folder hub-open wrote, its index cache removed.
    name: 'cold-start',
    skip: (ctx) => (ctx.dataDir ? undefined : 'no data folder (--no-hub)'),
    run: (ctx) =>
      coldStartPhase({ dataDir: ctx.dataDir!, prebuiltFile: path.join(ctx.tmp, 'library.json'), size: ctx.size, scale: ctx.r.scale, notes: ctx.r.notes, log: (m) => log(ctx, m) }),
  },
  {
    name: 'hub-edits',
    skip: (ctx) => (ctx.hub ? undefined : 'no hub'),
    async run(ctx) {
      const hub = ctx.hub!;
      const total: number[] = [];
      const upd: number[] = [];
      const srch: number[] = [];
      let misses = 0;
      for (let i = 0; i < EDITS; i++) {
        const id = ctx.records[(i * 104729 + 13) % ctx.records.length]!.id;
        const current = hub.resolve(id)!;
        const word = editWord(1000 + i);
        const body = (current as Practice).body;
        const t0 = now();
        await hub.update({ id, rev: current.rev, changes: { body: `${body}\n${word}` } });
        const t1 = now();
        const res = await hub.search({ q: word, limit: 20, offset: 0 });
        const t2 = now();
        if (!res.hits.some((h) => h.id === id)) misses++;
        total.push(t2 - t0);
        upd.push(t1 - t0);
        srch.push(t2 - t1);
      }
      ctx.r.edits.hub = summarize(total);
      ctx.r.edits.hubUpdate = summarize(upd);
      ctx.r.edits.hubSearch = summarize(srch);
      if (misses) ctx.r.notes.push(`hub edits: ${misses}/${EDITS} edited words were NOT found right after hub.update`);
      log(ctx, `hub edit->searchable: median ${fmt(ctx.r.edits.hub.median, 1)} ms, p95 ${fmt(ctx.r.edits.hub.p95, 1)} ms (update ${fmt(ctx.r.edits.hubUpdate.median, 1)} + search ${fmt(ctx.r.edits.hubSearch.median, 2)}); misses ${misses}`);
    },
  },
  {
    name: 'saves',
    skip: (ctx) => (ctx.hub ? undefined : 'no hub'),
    async run(ctx) {
      const hub = ctx.hub!;
      const hubSaves: number[] = [];
      for (let i = 0; i < SAVES; i++) {
        const id = ctx.records[(i * 31 + 5) % ctx.records.length]!.id;
        const current = hub.resolve(id) as Practice;
        const t0 = now();
        await hub.update({ id, rev: current.rev, changes: { summary: `${current.summary.slice(0, 200)} (${i})` } });
        hubSaves.push(now() - t0);
      }
      // RecordStore.save alone, on a second store over the same directory (no search indexing).
      const store = await RecordStore.open(ctx.dataDir!);
      const storeSaves: number[] = [];
      for (let i = 0; i < SAVES; i++) {
        const id = ctx.records[(i * 37 + 11) % ctx.records.length]!.id;
        const current = store.get(id) as Practice;
        const next: Practice = { ...current, summary: `${current.summary.slice(0, 200)} [${i}]` };
        const t0 = now();
        await store.save(next, current.rev);
        storeSaves.push(now() - t0);
      }
      ctx.r.saves.hub = summarize(hubSaves);
      ctx.r.saves.store = summarize(storeSaves);
      log(ctx, `saves: RecordStore.save median ${fmt(ctx.r.saves.store.median, 2)} ms, p95 ${fmt(ctx.r.saves.store.p95, 2)} ms; hub.update median ${fmt(ctx.r.saves.hub.median, 2)} ms, p95 ${fmt(ctx.r.saves.hub.p95, 2)} ms`);
    },
  },
  {
    // ---- HOOK: browse views and bookmarks over the hub's N practices (bench/browse.ts) ---------
    name: 'browse',
    skip: (ctx) => (ctx.hub ? undefined : 'no hub'),
    async run(ctx) {
      const b = await runBrowseBenchmark(ctx.hub!, ctx.size, ctx.r.saves.store?.median);
      for (const [k, v] of Object.entries(b.views)) ctx.r.socle[`browse_${k}MedianMs`] = v.median;
      Object.assign(ctx.r.socle, { browseListReferenceMedianMs: b.reference.median, browseBookmarkAddMedianMs: b.bookmark.median });
      const views = Object.entries(b.views).map(([k, v]) => `${k} ${fmt(v.median, 1)}`).join(', ');
      log(ctx, `browse medians (ms): ${views}; reference list({country}) ${fmt(b.reference.median, 1)}; bookmarkAdd ${fmt(b.bookmark.median, 2)} (p95 ${fmt(b.bookmark.p95, 2)})`);
      for (const c of b.checks) {
        log(ctx, `  ${c.pass ? 'PASS' : '*** FAIL ***'} ${c.metric} ${fmt(c.value, 2)}x (budget <= ${c.limit}x)`);
        if (!c.pass) ctx.r.notes.push(`FAIL: ${c.metric} ${fmt(c.value, 2)}x > ${c.limit}x`);
        (ctx.r.phaseChecks ??= []).push({ metric: c.metric, value: c.value, limit: `<= ${c.limit}x`, pass: c.pass });
      }
    },
  },
  {
    name: 'hub-close',
    skip: (ctx) => (ctx.hub ? undefined : 'no hub'),
    async run(ctx) {
      const c = await timeAsync(() => ctx.hub!.close());
      ctx.r.socle.hubCloseAfterEditsMs = c.ms;
      ctx.hub = undefined;
      log(ctx, `hub.close after ${EDITS + SAVES} edits (compaction + cache write): ${fmt(c.ms, 0)} ms`);
    },
  },
  {
    // ---- HOOK: issue 13's one-off CLI search and index-read references (bench/scale.ts) --------
    // After hub-close, so the data dir holds the hub's index files as a user's would.
    name: 'cli-search',
    skip: (ctx) => (!ctx.args.cli ? '--no-cli' : ctx.dataDir ? undefined : 'no data dir (--no-hub)'),
    async run(ctx) {
      const read = await readIndexFiles(ctx.dataDir!);
      if (read) {
        ctx.r.scale.indexFileReadMs = read.ms;
        log(ctx, `reading the hub's index files from the page cache (${read.files} files, ${fmt(read.mb)} MB): median ${fmt(read.ms, 1)} ms`);
      } else ctx.r.notes.push('cli-search: no index files under the data dir to time');
      const c = await runCliSearch({ dataDir: ctx.dataDir!, words: cliWords(ctx.queries), log: (m) => log(ctx, m) });
      Object.assign(ctx.r.scale, { cliSearchMs: c.cliSearchMs, cliGrepMs: c.cliGrepMs, cliNodeMs: c.cliNodeMs });
    },
  },
  {
    // ---- HOOK: export and import of N practices (main/core/bundles) --------------------------
    // Wired to bench/bundles.ts' runBundleBenchmark (its own seeded source library, a signed
    // export, an import into an empty data dir, then a re-import where nothing changes). Loaded
    // dynamically so that the rest of the benchmark runs whatever state that feature is in.
    name: 'bundles-export-import',
    skip: (ctx) => (ctx.args.bundles ? undefined : '--no-bundles'),
    async run(ctx) {
      const mod = (await import('./bundles').catch(() => ({}))) as Partial<typeof import('./bundles')>;
      if (typeof mod.runBundleBenchmark !== 'function') {
        ctx.r.notes.push('bundles: not measured (main/core/bundles has no runBundleBenchmark yet)');
        log(ctx, 'bundles: runBundleBenchmark not available - hook left in bench/run.ts');
        return;
      }
      const b = await mod.runBundleBenchmark({ workDir: ctx.tmp, libraryDir: libraryDir(), count: ctx.size });
      Object.assign(ctx.r.socle, {
        bundleCount: b.count,
        bundleMB: b.bundleBytes / 1024 / 1024,
        bundleExportMs: b.export.ms,
        bundleExportPeakRssMB: b.export.peakRssMiB,
        bundleImportMs: b.import.ms,
        bundleImportPeakRssMB: b.import.peakRssMiB,
        bundleImportWritten: b.import.written,
        bundleReimportMs: b.reimport.ms,
        bundleReimportWritten: b.reimport.written,
        bundleStoreOpenMs: b.storeOpenMs,
        bundleIndexAfterImportMs: b.indexAfterImportMs,
      });
      Object.assign(ctx.r.scale, {
        importMs: b.import.ms,
        importRefUnzipSyncMs: b.refUnzipSyncMs,
        importLimitOneFsyncMs: b.limitOneFsyncMs,
        exportMs: b.export.ms,
      });
      log(ctx, `bundles (${b.count} practices, ${fmt(b.bundleBytes / 1024 / 1024)} MB): export ${fmt(b.export.ms, 0)} ms (peak RSS ${fmt(b.export.peakRssMiB, 0)} MB), import ${fmt(b.import.ms, 0)} ms (${b.import.written} written, peak RSS ${fmt(b.import.peakRssMiB, 0)} MB), re-import ${fmt(b.reimport.ms, 0)} ms (${b.reimport.written} written)`);
      for (const line of mod.bundleGoalLines?.(b) ?? []) log(ctx, line);
    },
  },
  {
    // ---- HOOK: sync through CouchDB's replication protocol (bench/sync.ts) --------------------
    // First replication of N practices to an empty server and back into an empty data dir, and
    // one edit reaching a peer in continuous sync; prints PASS/FAIL against issue 11's goals.
    name: 'sync',
    skip: (ctx) => (ctx.args.sync ? undefined : '--no-sync'),
    async run(ctx) {
      const { runSyncBenchmark } = await import('./sync');
      const s = await runSyncBenchmark({ workDir: ctx.tmp, count: ctx.size, log: (m) => log(ctx, m) });
      Object.assign(ctx.r.socle, { syncPushMs: s.pushMs, syncPullMs: s.pullMs, syncEditToPeerMs: s.editToPeerMedianMs });
      for (const g of s.goals) {
        if (!g.pass) ctx.r.notes.push(`sync FAIL: ${g.name}: ${Math.round(g.value)} ms (goal < ${g.budget} ms)`);
        (ctx.r.phaseChecks ??= []).push({ metric: `sync ${g.name} (ms)`, value: g.value, limit: `< ${g.budget} ms`, pass: g.pass });
      }
    },
  },
  /* ---- Stock lunr reference (bench/lunr-ref.ts) ------------------------------------------------
   * Why it is here: Socle keeps lunr-languages' analysis and lunr's BM25 but not lunr.Index. These
   * phases measure stock lunr on the same corpus and queries in every run, so that decision is
   * backed by figures. They run last, so that lunr's large heap does not colour the Hub figures. */
  {
    name: 'lunr-build',
    skip: (ctx) => (ctx.args.lunr ? undefined : '--no-lunr'),
    async run(ctx) {
      gc();
      const { ms, value: indexes } = time(() => buildLunr(ctx.docs));
      const { ms: stringifyMs, value: json } = time(() => serializeLunr(indexes));
      await fs.writeFile(path.join(ctx.tmp, 'lunr-index.json'), json);
      Object.assign(ctx.r.lunr, { buildMs: ms, serializeMs: stringifyMs, indexFileMB: Buffer.byteLength(json) / 1024 / 1024 });
      log(ctx, `stock lunr ${LUNR_VERSION} build (one lunr.Index per language: ${Object.keys(indexes).map((l) => `${l}=${ctx.docs.filter((d) => d.lang === l).length}`).join(', ')}): ${fmt(ms, 0)} ms; JSON ${fmt(ctx.r.lunr.indexFileMB)} MB (stringify ${fmt(stringifyMs, 0)} ms)`);
    },
  },
  {
    name: 'lunr-load',
    skip: (ctx) => (ctx.args.lunr && ctx.r.lunr.indexFileMB !== undefined ? undefined : 'no lunr index'),
    async run(ctx) {
      const file = path.join(ctx.tmp, 'lunr-index.json');
      let readMs = 0;
      let parseMs = 0;
      let loadMs = 0;
      const { value, heapMB, externalMB } = await retainedMB(async () => {
        const t0 = now();
        const text = await fs.readFile(file, 'utf8');
        readMs = now() - t0;
        const l = loadLunr(text);
        parseMs = l.parseMs;
        loadMs = l.loadMs;
        return l.indexes;
      });
      ctx.lunr = value;
      ctx.lunrMeta = lunrMeta(ctx.docs);
      const first = time(() => lunrSearch(value, ctx.lunrMeta!, { q: 'protection sociale' }));
      Object.assign(ctx.r.lunr, { readFileMs: readMs, jsonParseMs: parseMs, indexLoadMs: loadMs, indexReadyMs: readMs + parseMs + loadMs, firstSearchMs: first.ms, retainedHeapMB: heapMB, retainedExternalMB: externalMB });
      log(ctx, `stock lunr index ready from disk: ${fmt(readMs + parseMs + loadMs, 0)} ms (read ${fmt(readMs, 0)}, JSON.parse ${fmt(parseMs, 0)}, lunr.Index.load ${fmt(loadMs, 0)}); retained heap ${fmt(heapMB)} MB; first search ${fmt(first.ms, 2)} ms (${first.value.total} hits)`);
    },
  },
  {
    // A warm-up pass (which records each query's hits), then timed rounds in alternation with
    // MiniSearch (reloaded from its file: release-engines dropped it), as in search-timed.
    name: 'lunr-search',
    skip: (ctx) => (ctx.lunr ? undefined : 'no lunr index'),
    async run(ctx) {
      const indexes = ctx.lunr!;
      const meta = ctx.lunrMeta!;
      const m = loadMiniSearch(await fs.readFile(path.join(ctx.tmp, 'minisearch.json'), 'utf8'));
      const t0 = now();
      const L = ctx.queries.map((bq) => ({ ms: [] as number[], ...lunrSearch(indexes, meta, bq.query) }));
      const M = ctx.queries.map((bq) => ({ ms: [] as number[], ...msSearch(m, bq.query, 'AND') }));
      const warm = now() - t0;
      const rounds = lunrRoundsFor(ctx.args, ctx.size);
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < ctx.queries.length; i++) {
          const q = ctx.queries[i]!.query;
          for (const which of (round + i) % 2 === 0 ? ['l', 'm'] : ['m', 'l']) {
            const t = now();
            if (which === 'l') lunrSearch(indexes, meta, q);
            else msSearch(m, q, 'AND');
            (which === 'l' ? L : M)[i]!.ms.push(now() - t);
          }
        }
      }
      ctx.r.search.lunr = summarize(L.flatMap((x) => x.ms));
      ctx.r.search.miniPairedWithLunr = summarize(M.flatMap((x) => x.ms));
      ctx.r.search.lunrRounds = rounds;
      const ratios: number[] = [];
      const overlaps: number[] = [];
      L.forEach((l, i) => {
        const mm = M[i]!;
        const hi = Math.max(l.total, mm.total);
        ratios.push(hi ? Math.min(l.total, mm.total) / hi : 1);
        const a = new Set(l.ids.slice(0, 10));
        const b = mm.ids.slice(0, 10);
        const k = Math.min(a.size, b.length);
        if (k) overlaps.push(b.filter((id) => a.has(id)).length / k);
      });
      ctx.r.search.lunrAgreement = {
        lunrAvgHits: mean(L.map((x) => x.total)),
        lunrZeroHitQueries: L.filter((x) => x.total === 0).length,
        medianHitRatioVsMini: [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)] ?? NaN,
        top10OverlapWithMini: mean(overlaps),
      };
      for (const [c, f] of Object.entries(ctx.r.search.byCategory)) {
        const idx = ctx.queries.map((q, i) => (q.category === c ? i : -1)).filter((i) => i >= 0);
        f.lunr = summarize(idx.flatMap((i) => L[i]!.ms));
        f.lunrAvgHits = mean(idx.map((i) => L[i]!.total));
      }
      const [a, b] = [ctx.r.search.lunr, ctx.r.search.miniPairedWithLunr];
      log(ctx, `stock lunr search (warm-up ${fmt(warm, 0)} ms incl. MiniSearch, then ${rounds} interleaved rounds): lunr median ${fmt(a.median, 3)} ms, p95 ${fmt(a.p95, 3)} ms; MiniSearch median ${fmt(b.median, 3)} ms, p95 ${fmt(b.p95, 3)} ms; avg hits lunr ${fmt(ctx.r.search.lunrAgreement.lunrAvgHits)}, zero-hit queries ${ctx.r.search.lunrAgreement.lunrZeroHitQueries}`);
    },
  },
  {
    name: 'lunr-release',
    async run(ctx) {
      ctx.lunr = undefined;
      ctx.lunrMeta = undefined;
    },
  },
];

const START_RUNS = 3;
const HUB_START = path.join(HERE, 'hub-start.ts');

interface StartFigures {
  /** To the first search's answer (from the index files when they apply: see bench/hub-start.ts). */
  startFirstSearchMs: number;
  warm: boolean;
  warmReason?: string;
  sameTotal: boolean;
  indexFileReadMs: number;
  peakRssMB: number;
  openMs: number;
  firstSearchMs: number;
  hits: number;
  prebuiltIndex: boolean;
  processReadyMs: number;
  rssMB: number;
  /** Hub.open time of every run, sorted (a stale cache or manifest rebuilt by one run shows here). */
  allOpenMs?: number[];
}

/** Runs bench/hub-start.ts START_RUNS times in fresh processes; the run with the median Hub.open time. */
async function freshStarts(dataDir: string, prebuiltFile?: string): Promise<StartFigures> {
  const runs: StartFigures[] = [];
  for (let i = 0; i < START_RUNS; i++) {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [...process.execArgv, HUB_START, dataDir, ...(prebuiltFile ? [prebuiltFile] : [])], { maxBuffer: 1 << 20, cwd: path.dirname(HERE) }, (err, stdout, stderr) =>
        err ? reject(new Error(`hub-start failed: ${stderr || err.message}`)) : resolve(stdout),
      );
    });
    runs.push(JSON.parse(out.trim().split('\n').pop()!) as StartFigures);
  }
  runs.sort((a, b) => a.startFirstSearchMs - b.startFirstSearchMs);
  return { ...runs[Math.floor(runs.length / 2)]!, allOpenMs: runs.map((r) => r.openMs).sort((a, b) => a - b) };
}

async function writeSocleIndex(ctx: Ctx, file: string): Promise<void> {
  const { ms, value: json } = time(() => JSON.stringify({ segments: ctx.segments, docs: ctx.docs }));
  await fs.writeFile(file, json);
  ctx.r.socle.serializeMs = ms;
  ctx.r.socle.indexFileMB = Buffer.byteLength(json) / 1024 / 1024;
  // What the file is made of: the index segments vs the SearchDocs (kept for hits and snippets).
  ctx.r.socle.indexFileSegmentsMB = Buffer.byteLength(JSON.stringify(ctx.segments)) / 1024 / 1024;
  ctx.r.socle.indexFileDocsMB = Buffer.byteLength(JSON.stringify(ctx.docs)) / 1024 / 1024;
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

function emptyResult(size: number): SizeResult {
  const emptySummary = summarize([]);
  return {
    size,
    corpus: { records: 0, fr: 0, en: 0, avgWords: {}, generateMs: 0 },
    queries: 0,
    socle: {},
    mini: {},
    lunr: {},
    scale: {},
    search: {
      socle: emptySummary,
      mini: emptySummary,
      byCategory: {},
      agreement: {
        socleAvgHits: NaN,
        miniAvgHits: NaN,
        socleZeroHitQueries: 0,
        miniZeroHitQueries: 0,
        disagreeOnEmpty: [],
        medianHitRatio: NaN,
        top10Overlap: NaN,
        miniCombineWith: 'AND',
        socleFuzzyQueries: 0,
        miniFuzzyQueries: 0,
      },
      slowest: [],
    },
    edits: {},
    saves: {},
    memory: { samples: [], peakRssMB: 0, peakHeapUsedMB: 0, maxRssKernelMB: 0 },
    phases: [],
    notes: [],
    loadAvg: { start: os.loadavg(), end: [] },
  };
}

async function runSize(args: Args, size: number): Promise<SizeResult> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), `socle-bench-${size}-`));
  const mem = new MemoryTracker();
  mem.mark('start');
  const ctx = { args, size, tmp, mem, r: emptyResult(size), records: [], docs: [], queries: [] } as unknown as Ctx;
  // Memory peaks before the stock lunr phases (they run last): the figures of Socle + MiniSearch + Hub.
  let beforeLunr: { peakRssMB: number; peakHeapUsedMB: number; maxRssKernelMB: number } | undefined;
  try {
    for (const phase of PHASES) {
      if (phase.name.startsWith('lunr-') && !beforeLunr) beforeLunr = { peakRssMB: mem.peakRssMB, peakHeapUsedMB: mem.peakHeapUsedMB, maxRssKernelMB: mem.maxRssMB() };
      const reason = args.large && size >= LARGE_SIZE && LARGE_SKIPS.includes(phase.name) ? `--large: skipped at ${LARGE_SIZE.toLocaleString('en')}` : phase.skip?.(ctx);
      if (reason) {
        ctx.r.phases.push({ name: phase.name, ms: 0, status: 'skipped', note: reason });
        continue;
      }
      const t0 = now();
      try {
        await phase.run(ctx);
        ctx.r.phases.push({ name: phase.name, ms: now() - t0, status: 'ok' });
      } catch (e) {
        const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
        ctx.r.phases.push({ name: phase.name, ms: now() - t0, status: 'failed', note: msg.split('\n').slice(0, 4).join(' | ') });
        ctx.r.notes.push(`phase ${phase.name} FAILED: ${msg.split('\n')[0]}`);
        console.log(`  [${size}] phase ${phase.name} FAILED:\n${msg}`);
      }
      mem.mark(phase.name);
    }
  } finally {
    await ctx.hub?.close().catch(() => undefined);
    mem.stop();
    if (!args.keep) await fs.rm(tmp, { recursive: true, force: true });
    else console.log(`  [${size}] kept ${tmp}`);
  }
  ctx.r.loadAvg.end = os.loadavg();
  const whole = { peakRssMB: mem.peakRssMB, peakHeapUsedMB: mem.peakHeapUsedMB, maxRssKernelMB: mem.maxRssMB() };
  ctx.r.memory = { samples: mem.samples, ...(beforeLunr ?? whole), ...(args.lunr && beforeLunr ? { withLunr: whole } : {}) };
  return ctx.r;
}

/* ------------------------------------------------------------------------------------------ */
/* Report                                                                                     */

interface Row {
  metric: string;
  socle?: number;
  mini?: number;
  unit: string;
  digits?: number;
  budget?: string;
  status?: 'pass' | 'FAIL' | 'info';
}

interface BudgetCheck {
  size: number;
  metric: string;
  value: number | undefined;
  limit: string;
  pass: boolean;
}

const BUDGET_SIZE = 10_000;

function rowsFor(r: SizeResult, checks: BudgetCheck[]): Row[] {
  const enforce = r.size >= BUDGET_SIZE;
  const check = (metric: string, value: number | undefined, limit: number, label: string): Pick<Row, 'budget' | 'status'> => {
    const pass = value !== undefined && !Number.isNaN(value) && value <= limit;
    if (enforce) checks.push({ size: r.size, metric, value, limit: label, pass });
    return { budget: label, status: enforce ? (pass ? 'pass' : 'FAIL') : 'info' };
  };
  const s = r.socle;
  const m = r.mini;
  const ss = r.search.socle;
  const ms = r.search.mini;
  const rows: Row[] = [
    { metric: 'toSearchDoc over corpus', socle: s.toSearchDocMs, unit: 'ms', digits: 0 },
    { metric: 'index build', socle: s.buildMs, mini: m.buildMs, unit: 'ms', digits: 0 },
    { metric: 'serialized index size', socle: s.indexFileMB, mini: m.indexFileMB, unit: 'MB' },
    { metric: '  of which index segments', socle: s.indexFileSegmentsMB, unit: 'MB' },
    { metric: '  of which SearchDocs (text for snippets)', socle: s.indexFileDocsMB, unit: 'MB' },
    {
      metric: 'index ready from disk (read+parse+load)',
      socle: s.indexReadyMs,
      mini: m.indexReadyMs,
      unit: 'ms',
      digits: 0,
      ...check('index ready from disk', s.indexReadyMs, 1000, '<= 1000 ms'),
    },
    { metric: '  of which JSON.parse', socle: s.jsonParseMs, unit: 'ms', digits: 0 },
    { metric: '  loadBase alone', socle: s.loadBaseMs, mini: m.loadJSONMs, unit: 'ms', digits: 0 },
    { metric: 'first search after load', socle: s.firstSearchMs, mini: m.firstSearchMs, unit: 'ms', digits: 2 },
    { metric: 'retained heap of loaded index', socle: s.retainedHeapMB, mini: m.retainedHeapMB, unit: 'MB' },
    { metric: '  + external (typed arrays)', socle: s.retainedExternalMB, mini: m.retainedExternalMB, unit: 'MB' },
    { metric: 'Hub.open cold (no index cache)', socle: s.hubOpenColdMs, unit: 'ms', digits: 0 },
    // The budgeted start is the shipped configuration: `npm start`, `npm run serve` and the built app
    // always have the prebuilt library (scripts/ensure-build.js). Without it (a bare development
    // checkout) the bundled library is parsed and indexed at start: shown for information.
    {
      metric: 'start: Hub.open warm, fresh process',
      socle: s.hubStartFreshPrebuiltMs,
      unit: 'ms',
      digits: 0,
      ...check('start: Hub.open warm (cached, prebuilt library), fresh process', s.hubStartFreshPrebuiltMs, 1000, '<= 1000 ms'),
    },
    { metric: '  then first search', socle: s.hubStartFreshFirstSearchMs, unit: 'ms', digits: 1 },
    { metric: '  same without the prebuilt library', socle: s.hubStartFreshMs, unit: 'ms', digits: 0, budget: '(dev checkout)', status: 'info' },
    { metric: '  same inside the bench process', socle: s.hubOpenWarmInProcessMs, unit: 'ms', digits: 0 },
    { metric: '  RecordStore.open alone', socle: s.storeOpenMs, unit: 'ms', digits: 0 },
    { metric: '  loadLibrary + library index build', socle: (s.libraryLoadMs ?? NaN) + (s.libraryIndexBuildMs ?? NaN), unit: 'ms', digits: 0 },
    { metric: '  index cache read + decode', socle: s.cacheReadParseMs, unit: 'ms', digits: 0 },
    { metric: '  index cache loadBase', socle: s.cacheLoadBaseMs, unit: 'ms', digits: 0 },
    {
      metric: 'search median',
      socle: ss.median,
      mini: ms.median,
      unit: 'ms',
      digits: 3,
      ...check('search median <= 2x MiniSearch', ss.median / ms.median, 2, '<= 2x MiniSearch'),
    },
    { metric: 'search p95', socle: ss.p95, mini: ms.p95, unit: 'ms', digits: 3 },
    { metric: 'search mean', socle: ss.mean, mini: ms.mean, unit: 'ms', digits: 3 },
    { metric: 'search median, 50 edits pending', socle: r.search.socleAfterEdits?.median, mini: ms.median, unit: 'ms', digits: 3 },
    { metric: 'search median, no glossary (diag.)', socle: r.search.socleNoGlossary?.median, mini: ms.median, unit: 'ms', digits: 3 },
    { metric: 'search median, limit 0 (diag.)', socle: r.search.socleLimit0?.median, mini: ms.median, unit: 'ms', digits: 3 },
    { metric: 'avg hits per query', socle: r.search.agreement.socleAvgHits, mini: r.search.agreement.miniAvgHits, unit: 'hits' },
    {
      metric: 'edit searchable: engine upsert+search',
      socle: r.edits.engine?.median,
      unit: 'ms',
      digits: 2,
      ...check('edit searchable (engine)', r.edits.engine?.median, 100, '<= 100 ms'),
    },
    {
      metric: 'edit searchable: hub.update+search',
      socle: r.edits.hub?.median,
      unit: 'ms',
      digits: 1,
      ...check('edit searchable (hub)', r.edits.hub?.median, 100, '<= 100 ms'),
    },
    { metric: '  p95 (hub)', socle: r.edits.hub?.p95, unit: 'ms', digits: 1 },
    { metric: 'engine.compact after 50 edits', socle: s.compactAfterEditsMs, unit: 'ms', digits: 0 },
    {
      metric: 'save: RecordStore.save median',
      socle: r.saves.store?.median,
      unit: 'ms',
      digits: 2,
      ...check('save median (RecordStore.save)', r.saves.store?.median, 50, '<= 50 ms'),
    },
    { metric: '  RecordStore.save p95', socle: r.saves.store?.p95, unit: 'ms', digits: 2, budget: '(50 ms)', status: 'info' },
    {
      metric: 'save: hub.update median',
      socle: r.saves.hub?.median,
      unit: 'ms',
      digits: 2,
      ...check('save median (hub.update)', r.saves.hub?.median, 50, '<= 50 ms'),
    },
    { metric: '  hub.update p95', socle: r.saves.hub?.p95, unit: 'ms', digits: 2, budget: '(50 ms)', status: 'info' },
    { metric: 'hub.close after edits (compact+cache)', socle: s.hubCloseAfterEditsMs, unit: 'ms', digits: 0 },
    { metric: 'bundle export (runBundleBenchmark)', socle: s.bundleExportMs, unit: 'ms', digits: 0 },
    { metric: 'bundle import into empty data dir', socle: s.bundleImportMs, unit: 'ms', digits: 0 },
    { metric: 'bundle re-import (nothing changes)', socle: s.bundleReimportMs, unit: 'ms', digits: 0 },
    { metric: 'bundle size', socle: s.bundleMB, unit: 'MB' },
    { metric: 'peak RSS (child, before lunr phases)', socle: r.memory.maxRssKernelMB, unit: 'MB', digits: 0 },
    { metric: 'peak heap used (sampled)', socle: r.memory.peakHeapUsedMB, unit: 'MB', digits: 0 },
  ];
  return rows;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function printTable(r: SizeResult, checks: BudgetCheck[]): void {
  const rows = rowsFor(r, checks);
  console.log(`\n=== ${r.size.toLocaleString('en')} practices (${r.corpus.fr} fr / ${r.corpus.en} en, ~${r.corpus.avgWords.total} words each; ${r.queries} queries x ${r.search.socle.n / (r.queries || 1)} rounds) ===`);
  const head = `${pad('metric', 42)} ${pad('Socle', 11, true)} ${pad('MiniSearch', 11, true)} ${pad('ratio', 7, true)}  ${pad('budget', 17)} status`;
  console.log(head);
  console.log('-'.repeat(head.length));
  for (const row of rows) {
    const d = row.digits ?? 1;
    const val = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '-' : `${x.toFixed(d)}`);
    const ratio = row.socle !== undefined && row.mini !== undefined && row.mini > 0 ? `${(row.socle / row.mini).toFixed(2)}x` : '';
    console.log(
      `${pad(`${row.metric} (${row.unit})`, 42)} ${pad(val(row.socle), 11, true)} ${pad(val(row.mini), 11, true)} ${pad(ratio, 7, true)}  ${pad(row.budget ?? '', 17)} ${row.status === 'FAIL' ? '*** FAIL ***' : (row.status ?? '')}`,
    );
  }
  printLunrSection(r);
  const withLunr = r.search.lunr !== undefined;
  console.log(`\n  search by query category (median ms over ${r.search.socle.n / (r.queries || 1)} rounds${withLunr ? `, stock lunr over ${r.search.lunrRounds}` : ''}; avg hits):`);
  const lunrHead = withLunr ? ` ${pad('lunr', 9, true)} ${pad('L hits', 8, true)}` : '';
  console.log(`  ${pad('category', 12)} ${pad('n', 4, true)} ${pad('Socle', 9, true)} ${pad('Mini', 9, true)} ${pad('ratio', 7, true)} ${pad('S p95', 9, true)} ${pad('M p95', 9, true)} ${pad('S hits', 8, true)} ${pad('M hits', 8, true)}${lunrHead}`);
  for (const [c, f] of Object.entries(r.search.byCategory)) {
    const lunrCols = withLunr ? ` ${pad(fmt(f.lunr?.median, 3), 9, true)} ${pad(fmt(f.lunrAvgHits), 8, true)}` : '';
    console.log(
      `  ${pad(c, 12)} ${pad(String(f.n), 4, true)} ${pad(fmt(f.socle.median, 3), 9, true)} ${pad(fmt(f.mini.median, 3), 9, true)} ${pad(`${fmt(f.socle.median / f.mini.median, 2)}x`, 7, true)} ${pad(fmt(f.socle.p95, 3), 9, true)} ${pad(fmt(f.mini.p95, 3), 9, true)} ${pad(fmt(f.socleAvgHits), 8, true)} ${pad(fmt(f.miniAvgHits), 8, true)}${lunrCols}`,
    );
  }
  const a = r.search.agreement;
  console.log(`\n  hit agreement (MiniSearch combineWith ${a.miniCombineWith}): avg hits Socle ${fmt(a.socleAvgHits)} / MiniSearch ${fmt(a.miniAvgHits)}; zero-hit queries ${a.socleZeroHitQueries} / ${a.miniZeroHitQueries}; fuzzy fallbacks ${a.socleFuzzyQueries} / ${a.miniFuzzyQueries}; median per-query min/max hit ratio ${fmt(a.medianHitRatio, 2)}; top-10 overlap ${fmt(a.top10Overlap * 100, 0)}%`);
  if (a.disagreeOnEmpty.length) {
    console.log(`  queries where only one engine found nothing (${a.disagreeOnEmpty.length}): ${a.disagreeOnEmpty.slice(0, 8).map((d) => `${d.q} S=${d.socle} M=${d.mini}`).join('; ')}`);
  }
  console.log(`  slowest Socle queries (median ms): ${r.search.slowest.slice(0, 6).map((x) => `${x.q} ${fmt(x.socleMs, 2)} (Mini ${fmt(x.miniMs, 2)}, ${x.socleHits} hits)`).join('; ')}`);
  console.log('\n  memory by phase (MB): peak heap during phase / heap after GC / peak RSS');
  console.log(
    '  ' +
      r.memory.samples
        .filter((m) => m.phase !== 'start')
        .map((m) => `${m.phase} ${fmt(m.phasePeakHeapUsedMB, 0)}/${fmt(m.heapUsedAfterGcMB, 0)}/${fmt(m.phasePeakRssMB, 0)}`)
        .join('; '),
  );
  const busy = Math.max(r.loadAvg.start[0] ?? 0, r.loadAvg.end[0] ?? 0);
  if (busy > os.cpus().length) console.log(`  WARNING: load average ${fmt(busy)} on ${os.cpus().length} cores during this size: other processes competed for the CPU, timings are inflated.`);
  const failed = r.phases.filter((p) => p.status !== 'ok');
  if (failed.length) console.log(`  phases not run: ${failed.map((p) => `${p.name} (${p.status}: ${p.note})`).join('; ')}`);
  for (const n of r.notes) console.log(`  note: ${n}`);
}

/**
 * Socle / MiniSearch / stock lunr side by side: the figures behind replacing lunr.Index with
 * segments. lunr's search ratio is to the MiniSearch timings of its own interleaved rounds.
 */
function printLunrSection(r: SizeResult): void {
  const L = r.lunr;
  if (L.buildMs === undefined) {
    const p = r.phases.find((x) => x.name === 'lunr-build');
    console.log(`\n  stock lunr reference: not measured (${p?.status === 'skipped' ? p.note : (p?.note ?? 'phase not run')})`);
    return;
  }
  const s = r.socle;
  const m = r.mini;
  const ss = r.search.socle;
  const ms = r.search.mini;
  const lp = r.search.miniPairedWithLunr;
  const ls = r.search.lunr;
  const la = r.search.lunrAgreement;
  type LRow = { metric: string; socle?: number; mini?: number; lunr?: number; miniForLunr?: number; digits: number; noRatio?: boolean };
  const rows: LRow[] = [
    { metric: 'index build (ms)', socle: s.buildMs, mini: m.buildMs, lunr: L.buildMs, digits: 0 },
    { metric: 'serialized index, index only (MB)', socle: s.indexFileSegmentsMB, mini: m.indexFileMB, lunr: L.indexFileMB, digits: 1 },
    { metric: '  Socle file with SearchDocs (MB)', socle: s.indexFileMB, digits: 1 },
    { metric: 'index ready from disk (ms)', socle: s.indexReadyMs, mini: m.indexReadyMs, lunr: L.indexReadyMs, digits: 0 },
    { metric: '  of which JSON.parse (ms)', socle: s.jsonParseMs, lunr: L.jsonParseMs, digits: 0 },
    { metric: '  load alone (ms)', socle: s.loadBaseMs, mini: m.loadJSONMs, lunr: L.indexLoadMs, digits: 0 },
    { metric: 'retained heap of loaded index (MB)', socle: s.retainedHeapMB, mini: m.retainedHeapMB, lunr: L.retainedHeapMB, digits: 1 },
    { metric: 'search median (ms)', socle: ss.median, mini: ms.median, lunr: ls?.median, miniForLunr: lp?.median, digits: 3 },
    { metric: 'search p95 (ms)', socle: ss.p95, mini: ms.p95, lunr: ls?.p95, miniForLunr: lp?.p95, digits: 3 },
    { metric: 'search mean (ms)', socle: ss.mean, mini: ms.mean, lunr: ls?.mean, miniForLunr: lp?.mean, digits: 3 },
    { metric: 'avg hits per query', socle: r.search.agreement.socleAvgHits, mini: r.search.agreement.miniAvgHits, lunr: la?.lunrAvgHits, digits: 1 },
    { metric: 'zero-hit queries', socle: r.search.agreement.socleZeroHitQueries, mini: r.search.agreement.miniZeroHitQueries, lunr: la?.lunrZeroHitQueries, digits: 0, noRatio: true },
  ];
  const rounds = r.search.lunrRounds ?? 0;
  const socleRounds = ss.n / (r.queries || 1);
  console.log(
    `\n  Socle / MiniSearch / stock lunr ${LUNR_VERSION} (lunr-languages; one lunr.Index per language, title 10 / summary 4 / body 1; REQUIRED terms, trailing wildcard on the last; no fuzzy, no glossary):`,
  );
  const head = `  ${pad('metric', 36)} ${pad('Socle', 10, true)} ${pad('MiniSearch', 10, true)} ${pad('lunr stock', 10, true)} ${pad('Socle/Mini', 10, true)} ${pad('lunr/Mini', 10, true)}`;
  console.log(head);
  console.log('  ' + '-'.repeat(head.length - 2));
  const val = (x: number | undefined, d: number) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 && !Number.isNaN(a) ? `${(a / b).toFixed(2)}x` : '');
  for (const row of rows) {
    console.log(
      `  ${pad(row.metric, 36)} ${pad(val(row.socle, row.digits), 10, true)} ${pad(val(row.mini, row.digits), 10, true)} ${pad(val(row.lunr, row.digits), 10, true)} ${pad(row.noRatio ? '' : ratio(row.socle, row.mini), 10, true)} ${pad(row.noRatio ? '' : ratio(row.lunr, row.miniForLunr ?? row.mini), 10, true)}`,
    );
  }
  console.log(
    `  search: Socle vs MiniSearch over ${socleRounds} interleaved rounds; stock lunr vs MiniSearch over ${rounds} interleaved round${rounds === 1 ? '' : 's'} of its own${rounds < socleRounds ? ` (fewer: lunr takes ~10 s per pass at this size; --lunr-rounds n to change)` : ''}, whose MiniSearch median was ${val(lp?.median, 3)} ms, p95 ${val(lp?.p95, 3)} ms: the lunr/Mini search ratios use those paired figures.`,
  );
  if (la) console.log(`  stock lunr vs MiniSearch hits: median per-query min/max hit ratio ${val(la.medianHitRatioVsMini, 2)}; top-10 overlap ${val(la.top10OverlapWithMini * 100, 0)}% (lunr has no fuzzy retry, and its accent folding and stop words differ).`);
  if (r.size >= BUDGET_SIZE) {
    // Information only (not in the budget checks, which are Socle's): would stock lunr have met the budgets it can be held to?
    const over = (v: number | undefined, limit: number) => (v === undefined || Number.isNaN(v) ? 'not measured' : v <= limit ? 'within' : 'over budget');
    const searchRatio = ls && lp ? ls.median / lp.median : undefined;
    console.log(
      `  stock lunr against the budgets at ${BUDGET_SIZE.toLocaleString('en')} (information, not checked): search median ${val(searchRatio, 2)}x MiniSearch (budget <= 2x): ${over(searchRatio, 2)}; index ready from disk ${val(L.indexReadyMs, 0)} ms (budget <= 1000 ms): ${over(L.indexReadyMs, 1000)}.`,
    );
  }
  if (r.memory.withLunr) console.log(`  peak RSS of the child including the stock lunr phases: ${val(r.memory.withLunr.maxRssKernelMB, 0)} MB (before them: ${val(r.memory.maxRssKernelMB, 0)} MB).`);
}

/* ------------------------------------------------------------------------------------------ */
/* Main                                                                                       */

function runChild(args: Args, size: number): Promise<SizeResult> {
  return new Promise((resolve, reject) => {
    const forwarded = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--sizes') && all[i - 1] !== '--sizes' && a !== '--quick');
    const child = fork(fileURLToPath(import.meta.url), [...forwarded, '--child', String(size)], {
      execArgv: process.execArgv,
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    });
    let result: SizeResult | undefined;
    child.on('message', (m) => (result = m as SizeResult));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`benchmark child for ${size} exited with code ${code} and no result`))));
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child !== undefined) {
    const r = await runSize(args, args.child);
    process.send?.(r);
    return;
  }
  // Relevance on the bundled library (./relevance.ts): quick, printed before the timings.
  const relevance = await runRelevance();
  printRelevance(relevance);
  if (args.relevanceOnly) return;
  const started = new Date();
  const t0 = now();
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemGB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    gcExposed: hasGc,
  };
  console.log(`Socle benchmark - ${started.toISOString()} - node ${machine.node}, ${machine.cpus} x ${machine.cpuModel}, ${machine.totalMemGB} GiB`);
  const load = os.loadavg()[0]!;
  if (load > machine.cpus * 0.75) console.log(`WARNING: load average is ${load.toFixed(1)} on ${machine.cpus} cores before starting: timings will be inflated.`);
  console.log(`sizes: ${args.sizes.join(', ')}; rounds: ${args.rounds}; ${args.inline ? 'in-process' : 'one child process per size'}${hasGc ? '' : ' (WARNING: no --expose-gc, memory figures are noisy)'}`);
  const results: SizeResult[] = [];
  for (const size of args.sizes) {
    console.log(`\n>> ${size.toLocaleString('en')} practices`);
    const ts = now();
    let r: SizeResult;
    try {
      r = args.inline ? await runSize(args, size) : await runChild(args, size);
    } catch (e) {
      console.log(`>> ${size.toLocaleString('en')} practices FAILED: ${e instanceof Error ? e.message : String(e)}`);
      r = emptyResult(size);
      r.notes.push(`FAILED: ${e instanceof Error ? e.message : String(e)}`);
    }
    console.log(`>> ${size.toLocaleString('en')} practices done in ${((now() - ts) / 1000).toFixed(1)} s`);
    results.push(r);
  }
  const checks: BudgetCheck[] = [];
  for (const r of results) printTable(r, checks);
  // The budgets judged inside phases count too: "All budgets met" means all of them.
  for (const r of results) for (const c of r.phaseChecks ?? []) checks.push({ size: r.size, ...c });
  // Hook: issue 13's goals, one table over every size (bench/scale.ts).
  const scaleGoals = printScaleGoals(results);
  // Hook: the workshop room's load test (its own file, bench/room.ts).
  const room = args.room ? await runRoomBenchmark() : undefined;
  if (room) printRoomResult(room);
  const totalS = (now() - t0) / 1000;
  console.log('');
  if (!results.some((r) => r.size >= BUDGET_SIZE)) console.log(`budgets apply at ${BUDGET_SIZE.toLocaleString('en')} practices: not run (status "info" above).`);
  else if (checks.every((c) => c.pass)) console.log('All budgets met.');
  else for (const c of checks.filter((x) => !x.pass)) console.log(`FAIL: ${c.metric} at ${c.size.toLocaleString('en')}: ${fmt(c.value, 3)} (budget ${c.limit})`);
  if (room && !room.pass) console.log(`FAIL: workshop room capture p95 ${room.latencyMs.p95.toFixed(1)} ms (goal < 200 ms), lost ${room.lost}, duplicated ${room.duplicated}`);
  const out = { date: started.toISOString(), durationS: totalS, machine, args: { sizes: args.sizes, rounds: args.rounds, large: args.large }, budgets: checks, relevance: { overall: relevance.overall, categories: relevance.categories }, scaleGoals, results, room };
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const json = JSON.stringify(out, null, 2) + '\n';
  await fs.writeFile(path.join(RESULTS_DIR, `bench-${stamp}.json`), json);
  await fs.writeFile(path.join(RESULTS_DIR, 'latest.json'), json);
  console.log(`results: bench/results/bench-${stamp}.json and bench/results/latest.json (total ${totalS.toFixed(0)} s)`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(process.argv.includes('--child') ? 1 : 0);
  },
);
