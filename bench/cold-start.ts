/**
 * Issue 13, "first start with no index cache": a fresh process opens a data folder of the
 * corpus's practices whose user index cache was removed (a first start, an import, an index
 * version bump), as the desktop app and the server do (worker-thread index builder), and times:
 *   coldFirstListMs           Hub.open + the practices list answered (what the window shows first)
 *   coldReadyMs               until a search answers over every record (search ready)
 *   coldMainThreadMaxBlockMs  the longest main-thread stall from the start until search is ready
 *                             (a 10 ms timer's lateness: what a click or a request would wait)
 * beside, in the same child: the same probe over an idle second (the machine's own noise), the
 * stall while the cache is written after ready, and the same start with the build on the main
 * thread (the fallback when no worker can start) and built in one blocking step as Hub.open did
 * before issue 13 (the reference: its longest stall is the whole build). The worker is the built one the desktop app
 * ships (out/main/index-worker.js) when `npm run build` made it, else the source under tsx. Goals (10,000 and more): ready <= 2000 ms;
 * "never blocked" = no stall over 100 ms (RAIL's bound for an answer to feel immediate).
 *
 * Hooked from bench/run.ts (phase "cold-start", after "hub-open" wrote the data folder):
 *   node --import tsx bench/cold-start.ts <dataDir> [prebuiltLibraryFile|""] [--worker|--built-worker|--in-thread|--blocking]
 * prints one JSON line.
 */
import { execFile } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hub } from '../main/core/hub';
import { libraryDir } from '../main/platform/paths';
import { workerIndexBuilder } from '../main/platform/index-builder';
import { SearchEngine } from '../main/core/search/engine';
import { toSearchDocs } from '../main/core/search/docs';
import type { UserIndexBuilder } from '../main/core/search/build-user-index';
import { userIndexFile } from '../main/core/search/user-index';

export const COLD_READY_GOAL_MS = 2000;
export const COLD_BLOCK_LIMIT_MS = 100;
const RUNS = 3;
const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface ColdFigures {
  firstListMs: number;
  readyMs: number;
  maxBlockBeforeReadyMs: number;
  maxBlockWritingCacheMs: number;
  /** The main thread's own CPU time during those stalls (Linux; undefined elsewhere): see StallProbe. */
  maxBusyBeforeReadyMs?: number;
  maxBusyWritingCacheMs?: number;
  idleProbeMaxMs: number;
  progressSteps: number;
  fallbacks: number;
  hits: number;
  build?: Hub['indexBuildTimings'];
}

/**
 * The lateness of a 10 ms timer: the longest stall of the event loop. A stall is counted by when
 * it began: the one that ends with an awaited answer is only seen at the timer's next tick, after
 * the answer, so `maxSince`/`settle` let the caller attribute it to the step it belonged to.
 */
class StallProbe {
  private last = performance.now();
  private lastCpu = mainThreadCpuMs();
  private stalls: { start: number; late: number; busy: number }[] = [];
  private readonly timer = setInterval(() => {
    const t = performance.now();
    const cpu = mainThreadCpuMs();
    const late = t - this.last - 10;
    if (late > 0) this.stalls.push({ start: this.last, late, busy: cpu - this.lastCpu });
    this.last = t;
    this.lastCpu = cpu;
  }, 10);
  /** Lets the timer tick once, so a stall that ended just now is recorded. */
  settle(): Promise<void> {
    return new Promise((r) => setTimeout(r, 25));
  }
  /** The longest stall that began in [from, to). */
  max(from: number, to: number): number {
    let m = 0;
    for (const s of this.stalls) if (s.start >= from && s.start < to) m = Math.max(m, s.late);
    return m;
  }
  /**
   * The most CPU time the main thread itself spent between two ticks in [from, to): the stall as
   * an idle machine would see it. On a shared, loaded machine a stall's wall time also holds the
   * time the thread waited for a core; this does not (undefined where the kernel does not say).
   */
  maxBusy(from: number, to: number): number | undefined {
    if (Number.isNaN(this.lastCpu)) return undefined;
    let m = 0;
    for (const s of this.stalls) if (s.start >= from && s.start < to) m = Math.max(m, s.busy);
    return m;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

/** The main thread's CPU time so far (ms), from Linux's schedstat of the thread (NaN elsewhere). */
function mainThreadCpuMs(): number {
  try {
    return Number(readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

type Mode = 'worker' | 'built-worker' | 'in-thread' | 'blocking';

/** The reference, as Hub.open did it before issue 13: the whole user index in one synchronous step. */
const blockingBuilder: UserIndexBuilder = async (records) => {
  const docs = records.flatMap(toSearchDocs);
  return { segments: SearchEngine.buildSegments(docs), docs };
};
/** What the desktop app ships (electron-vite's out/main/index-worker.js), when built. */
const BUILT_WORKER = path.join(path.dirname(HERE), 'out', 'main', 'index-worker.js');

async function child(dataDir: string, prebuiltFile: string | undefined, mode: Mode): Promise<ColdFigures> {
  await fs.rm(userIndexFile(dataDir), { force: true });
  const probe = new StallProbe();
  const idleFrom = performance.now();
  await new Promise((r) => setTimeout(r, 1000));
  const idleProbeMaxMs = probe.max(idleFrom, performance.now());
  let fallbacks = 0;
  const t0 = performance.now();
  const hub = await Hub.open({
    dataDir,
    libraryDir: libraryDir(),
    compactAfterMs: 0,
    ...(prebuiltFile ? { prebuiltFile } : {}),
    ...(mode === 'in-thread' ? {} : mode === 'blocking' ? { indexBuilder: blockingBuilder } : { indexBuilder: workerIndexBuilder({ onFallback: () => fallbacks++, ...(mode === 'built-worker' ? { entry: BUILT_WORKER } : {}) }) }),
  });
  await hub.api.list({ type: 'practice', limit: 50, offset: 0 });
  const firstListMs = performance.now() - t0;
  const res = await hub.api.search({ q: 'protection sociale', limit: 20, offset: 0 });
  const readyAt = performance.now();
  const readyMs = readyAt - t0;
  // Stalls that began before the answer (the one that ends with it included), then the rest.
  await probe.settle();
  const maxBlockBeforeReadyMs = probe.max(t0, readyAt);
  const maxBusyBeforeReadyMs = probe.maxBusy(t0, readyAt);
  await hub.close(); // waits for the cache write that follows the build
  await probe.settle();
  const maxBlockWritingCacheMs = probe.max(readyAt, performance.now());
  const maxBusyWritingCacheMs = probe.maxBusy(readyAt, performance.now());
  probe.stop();
  const progressSteps = hub.changeFeed.since(0).changes.filter((c) => c.kind === 'index').length;
  return { firstListMs, readyMs, maxBlockBeforeReadyMs, maxBlockWritingCacheMs, maxBusyBeforeReadyMs, maxBusyWritingCacheMs, idleProbeMaxMs, progressSteps, fallbacks, hits: res.total, build: hub.indexBuildTimings };
}

function runChild(dataDir: string, prebuiltFile: string | undefined, mode: Mode): Promise<ColdFigures> {
  const args = [...process.execArgv.filter((a) => a !== '--expose-gc'), path.join(HERE, 'cold-start.ts'), dataDir, prebuiltFile ?? '', `--${mode}`];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 20, cwd: path.dirname(HERE) }, (err, stdout, stderr) =>
      err ? reject(new Error(`cold-start failed: ${stderr || err.message}`)) : resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ColdFigures),
    );
  });
}

const fmt = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(0));

/**
 * The phase body: RUNS fresh processes with the worker builder (the median run by ready time is
 * kept) and one with the build on the main thread; fills `scale` (the SizeResult record) and logs
 * PASS/FAIL lines (goals enforced from 10,000 practices).
 */
export async function coldStartPhase(opts: { dataDir: string; prebuiltFile?: string; size: number; scale: Record<string, number | undefined>; notes: string[]; log: (msg: string) => void }): Promise<void> {
  const prebuilt = opts.prebuiltFile && (await fs.stat(opts.prebuiltFile).then(() => true, () => false)) ? opts.prebuiltFile : undefined;
  // The worker as shipped (built JavaScript) when the build is there; from source (tsx compiling
  // it in each worker at start) otherwise, and once beside it for comparison.
  const built = await fs.stat(BUILT_WORKER).then(() => true, () => false);
  const mode: Mode = built ? 'built-worker' : 'worker';
  const runs: ColdFigures[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await runChild(opts.dataDir, prebuilt, mode));
  runs.sort((a, b) => a.readyMs - b.readyMs);
  const med = runs[Math.floor(runs.length / 2)]!;
  const fromSource = built ? await runChild(opts.dataDir, prebuilt, 'worker') : undefined;
  const inThread = await runChild(opts.dataDir, prebuilt, 'in-thread');
  const blocking = await runChild(opts.dataDir, prebuilt, 'blocking');
  Object.assign(opts.scale, {
    coldReadyMs: med.readyMs,
    coldFirstListMs: med.firstListMs,
    coldMainThreadMaxBlockMs: med.maxBlockBeforeReadyMs,
    coldWriteCacheMaxBlockMs: med.maxBlockWritingCacheMs,
    coldMainThreadMaxBusyMs: med.maxBusyBeforeReadyMs,
    coldWriteCacheMaxBusyMs: med.maxBusyWritingCacheMs,
    coldIdleProbeMaxMs: med.idleProbeMaxMs,
    coldInThreadReadyMs: inThread.readyMs,
    coldSourceWorkerReadyMs: fromSource?.readyMs,
    coldBlockingReadyMs: blocking.readyMs,
    coldBlockingMaxBlockMs: blocking.maxBlockBeforeReadyMs,
    coldInThreadMaxBlockMs: inThread.maxBlockBeforeReadyMs,
  });
  if (runs.some((r) => r.fallbacks)) opts.notes.push('cold-start: the index worker could not start in some runs (the build fell back to the main thread)');
  const b = med.build;
  opts.log(
    `cold start, no index cache (${prebuilt ? 'prebuilt library' : 'library parsed'}; ${built ? 'built worker out/main/index-worker.js' : 'worker from source under tsx'}; median of ${RUNS} fresh processes by ready time; all ready: ${runs.map((r) => fmt(r.readyMs)).join(', ')} ms): ` +
      `list answered ${fmt(med.firstListMs)} ms, search ready ${fmt(med.readyMs)} ms (${med.progressSteps} progress steps, ${med.hits} hits); ` +
      `build in workers ${fmt(b?.build)} ms, load into the engine ${fmt(b?.load)} ms, reconcile ${fmt(b?.reconcile)} ms, cache write ${fmt(b?.writeCache)} ms`,
  );
  opts.log(
    `  main-thread stalls: longest ${fmt(med.maxBlockBeforeReadyMs)} ms until ready, ${fmt(med.maxBlockWritingCacheMs)} ms while the cache is written after ` +
      `(the main thread's own CPU time in a stall, without the waits for a core: at most ${fmt(med.maxBusyBeforeReadyMs)} ms until ready, ${fmt(med.maxBusyWritingCacheMs)} ms during the write; all runs: ${runs.map((r) => `${fmt(r.maxBlockBeforeReadyMs)}/${fmt(r.maxBusyBeforeReadyMs)}`).join(', ')} ms wall/CPU); ` +
      `an idle second on this machine: ${fmt(med.idleProbeMaxMs)} ms; build on the main thread instead (fallback): ready ${fmt(inThread.readyMs)} ms, longest stall ${fmt(inThread.maxBlockBeforeReadyMs)} ms` +
      (fromSource ? `; worker from source (tsx): ready ${fmt(fromSource.readyMs)} ms` : ''),
  );
  opts.log(
    `  reference, same run: the index built in one blocking step as before issue 13: ready ${fmt(blocking.readyMs)} ms, longest stall ${fmt(blocking.maxBlockBeforeReadyMs)} ms ` +
      `(stall ratio now / before ${(med.maxBlockBeforeReadyMs / blocking.maxBlockBeforeReadyMs).toFixed(2)}x; ready ratio ${(med.readyMs / blocking.readyMs).toFixed(2)}x)`,
  );
  const verdict = (ok: boolean) => (opts.size >= 10_000 ? (ok ? 'PASS' : 'FAIL') : 'info (goal at 10,000)');
  opts.log(`  ${verdict(med.readyMs <= COLD_READY_GOAL_MS)} cold start to search ready ${fmt(med.readyMs)} ms (goal <= ${COLD_READY_GOAL_MS} ms)`);
  opts.log(`  ${verdict(med.maxBlockBeforeReadyMs <= COLD_BLOCK_LIMIT_MS)} UI never blocked: longest main-thread stall until ready ${fmt(med.maxBlockBeforeReadyMs)} ms (limit <= ${COLD_BLOCK_LIMIT_MS} ms)`);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const argv = process.argv.slice(2);
  const mode = (argv.find((a) => a.startsWith('--'))?.slice(2) ?? 'worker') as Mode;
  const [dataDir, prebuiltFile] = argv.filter((a) => !a.startsWith('--'));
  if (!dataDir || !['worker', 'built-worker', 'in-thread', 'blocking'].includes(mode)) throw new Error('usage: cold-start.ts <dataDir> [prebuiltLibraryFile|""] [--worker|--built-worker|--in-thread|--blocking]');
  child(dataDir, prebuiltFile || undefined, mode).then(
    (f) => process.stdout.write(JSON.stringify(f) + '\n'),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
