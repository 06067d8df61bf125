/**
 * The user index builder the hosts (desktop app, server, CLI) inject into the hub
 * (HubOptions.indexBuilder): the build runs in a worker thread (./index-worker.ts), so a first
 * start at 10,000 records keeps the main thread free (the window, the server's requests) while
 * search says "indexing n%". When the worker cannot start or fails, the build falls back to the
 * main thread, in chunks that yield (main/core/search/build-user-index.ts).
 *
 * Where the worker file is: next to the file this code is in. From source (tsx, tests, bench)
 * that is main/platform/index-worker.ts, run through tsx's loader; built, the bundle that holds
 * this code must have `index-worker.js` beside it or one folder up (electron-vite emits
 * out/main/index-worker.js; scripts/build-cli.js out/cli/index-worker.js for the chunks in out/cli/chunks/).
 * SOCLE_INDEX_WORKER names another file.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HubRecord } from '../core/model';
import {
  BUILD_CHUNK,
  buildUserIndexInThread,
  fromParts,
  type BuildProgress,
  type BuiltUserIndex,
  type BuiltUserIndexParts,
  type UserIndexBuilder,
} from '../core/search/build-user-index';
import { yieldToLoop } from '../core/event-loop';
import { SegmentIndex, type SegmentTransfer } from '../core/search/segment';
import type { SerializedSegment } from '../core/search/types';

type WorkerOut =
  | { type: 'progress'; done: number }
  | { type: 'done'; result: BuiltUserIndexParts }
  | { type: 'merged'; segments: SegmentTransfer[] }
  | { type: 'error'; message: string };

/** The worker's file: SOCLE_INDEX_WORKER, else index-worker.js (built) or .ts (source) next to this module. */
export function indexWorkerEntry(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SOCLE_INDEX_WORKER) return path.resolve(env.SOCLE_INDEX_WORKER);
  const here = path.dirname(fileURLToPath(import.meta.url));
  // Beside this code, or one folder up when a bundler put this code in a chunk folder (out/cli/chunks/).
  for (const dir of [here, path.dirname(here)]) {
    for (const name of ['index-worker.js', 'index-worker.mjs', 'index-worker.ts']) {
      const file = path.join(dir, name);
      if (existsSync(file)) return file;
    }
  }
  return undefined;
}

export interface WorkerBuilderOptions {
  /** The worker's file (default: indexWorkerEntry()). */
  entry?: string;
  /** Told when the worker could not be used and the build ran on the main thread instead. */
  onFallback?: (reason: string) => void;
  /**
   * Worker threads sharing the records (default: the processors available, at most 2). Each
   * builds its own segments; the engine searches several base segments of a language with the
   * same scores as one, and the next compaction merges them.
   */
  threads?: number;
}

/** How long a worker started ahead of its records (`prepare`) waits for them. */
const PREPARED_IDLE_MS = 30_000;

function defaultThreads(): number {
  return Math.max(1, Math.min(2, os.availableParallelism()));
}

/** A worker started ahead of its records (`prepare`), and why it can no longer be used. */
interface Started {
  worker: Worker;
  dead?: Error;
}

/** A builder that runs in a worker thread, falling back to the main thread. */
export function workerIndexBuilder(opts: WorkerBuilderOptions = {}): UserIndexBuilder {
  const prepared: Started[] = [];
  const start = (entry: string): Started => {
    const s: Started = { worker: startWorker(entry) };
    s.worker.once('error', (e) => (s.dead ??= e));
    s.worker.once('exit', (code) => (s.dead ??= new Error(`index worker exited (code ${code}) before it finished`)));
    return s;
  };
  const take = (entry: string): Started => prepared.shift() ?? start(entry);
  const builder: UserIndexBuilder = async (records, onProgress, signal) => {
    const entry = opts.entry ?? indexWorkerEntry();
    try {
      if (!entry) throw new Error('the index worker file is missing');
      const threads = Math.max(1, Math.min(opts.threads ?? defaultThreads(), Math.ceil(records.length / BUILD_CHUNK)));
      const size = Math.ceil(records.length / threads);
      const done = new Array<number>(threads).fill(0);
      // One shard failing stops the others (the build then runs on the main thread).
      const stop = new AbortController();
      const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
      const shards = Array.from({ length: threads }, (_, i) =>
        inWorker(take(entry), records.slice(i * size, (i + 1) * size), (d) => {
          done[i] = d;
          onProgress(done.reduce((a, b) => a + b, 0), records.length);
        }, both, i === 0 && threads > 1).catch((e: unknown) => {
          stop.abort(e);
          throw e;
        }),
      );
      const results = await Promise.allSettled(shards);
      // The first worker stays alive for the merge; it goes whatever happened to the others.
      const merger = results[0]?.status === 'fulfilled' ? results[0].value.worker : undefined;
      try {
        for (const r of results) if (r.status === 'rejected') throw r.reason;
        const built = results.map((r) => (r as PromiseFulfilledResult<Shard>).value.built);
        const segments = built.flatMap((b) => b.segments);
        return {
          segments: merger ? await mergedPerLang(merger, segments, both) : segments,
          docs: built.flatMap((b) => b.docs),
          docBytes: built.flatMap((b) => b.docBytes ?? []),
        };
      } finally {
        void merger?.terminate();
      }
    } catch (e) {
      if (signal?.aborted) throw e;
      opts.onFallback?.(e instanceof Error ? e.message : String(e));
      return buildUserIndexInThread(records, onProgress, signal);
    } finally {
      // Prepared but not needed (fewer records than threads): they must not keep the process alive.
      for (const s of prepared.splice(0)) void s.worker.terminate();
    }
  };
  builder.prepare = () => {
    const entry = opts.entry ?? indexWorkerEntry();
    if (!entry || prepared.length) return;
    try {
      for (let i = 0; i < (opts.threads ?? defaultThreads()); i++) {
        const s = start(entry);
        s.worker.unref(); // idle until its records come: never what keeps the process running
        prepared.push(s);
        // Not taken soon (the store turned out empty, or failed to open): it goes.
        setTimeout(() => {
          const at = prepared.indexOf(s);
          if (at >= 0) void prepared.splice(at, 1)[0]!.worker.terminate();
        }, PREPARED_IDLE_MS).unref();
      }
    } catch {
      // The build will try again, and fall back to the main thread if it must.
    }
  };
  return builder;
}

/**
 * Built (.js): the file itself. Sources (.ts, tests and bench under tsx or vitest): a bootstrap
 * that registers tsx's loader in the worker, then imports the entry (tsx is a development
 * dependency: a built app never takes this branch).
 */
function startWorker(entry: string): Worker {
  if (!/\.[cm]?ts$/.test(entry)) return new Worker(pathToFileURL(entry));
  // tsx's ESM API (its package exports give `require` the CommonJS build, which cannot register hooks).
  const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx')), 'esm', 'api', 'index.mjs')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); });`;
  return new Worker(boot, { eval: true, execArgv: [] });
}

/** One worker's result; `worker` still running when it was kept for the merge (the caller terminates it). */
interface Shard {
  built: BuiltUserIndex;
  worker?: Worker;
}

/**
 * The segments with one per language: those of a language that several workers built are merged
 * by `merger` (a worker that finished its shard), off the main thread. If the merge cannot be had
 * (the worker failed), the segments as they are: the engine searches several base segments of a
 * language with the same scores, and the cache write merges them.
 */
async function mergedPerLang(merger: Worker, segments: SerializedSegment[], signal: AbortSignal): Promise<SerializedSegment[]> {
  const groups = new Map<string, SerializedSegment[]>();
  for (const s of segments) groups.set(s.lang, [...(groups.get(s.lang) ?? []), s]);
  const several = [...groups.values()].filter((g) => g.length > 1);
  if (!several.length) return segments;
  const request = several.map((g) => g.map((s) => (s.index as SegmentIndex).toTransfer()));
  try {
    const merged = await new Promise<SegmentTransfer[]>((resolve, reject) => {
      const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      const done = (f: () => void) => {
        signal.removeEventListener('abort', onAbort);
        merger.off('message', onMessage);
        merger.off('error', onError);
        merger.off('exit', onError);
        f();
      };
      const onMessage = (msg: WorkerOut) => {
        if (msg.type === 'merged') done(() => resolve(msg.segments));
        else if (msg.type === 'error') done(() => reject(new Error(msg.message)));
      };
      const onError = () => done(() => reject(new Error('the index worker stopped before the merge')));
      merger.on('message', onMessage);
      merger.once('error', onError);
      merger.once('exit', onError);
      // Copied, not transferred: if the merge fails, these segments are still the answer.
      merger.postMessage({ type: 'merge', segments: request });
    });
    if (merged.length !== several.length) throw new Error('malformed merge result');
    const out: SerializedSegment[] = [];
    for (const group of groups.values()) {
      const at = several.indexOf(group);
      if (at < 0) out.push(...group);
      else out.push({ lang: group[0]!.lang, index: SegmentIndex.fromTransfer(merged[at]!), refs: Object.assign({}, ...group.map((s) => s.refs)) as Record<string, string> });
    }
    return out;
  } catch (e) {
    if (signal.aborted) throw e;
    return segments;
  }
}

function inWorker(started: Started, records: readonly HubRecord[], onProgress: BuildProgress, signal: AbortSignal | undefined, keep = false): Promise<Shard> {
  const { worker } = started;
  if (started.dead) {
    void worker.terminate();
    return Promise.reject(started.dead);
  }
  worker.ref();
  return new Promise<Shard>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | undefined, value?: BuiltUserIndex) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      const kept = keep && !err;
      if (!kept) void worker.terminate();
      if (err) reject(err);
      else resolve({ built: value!, ...(kept ? { worker } : {}) });
    };
    const onAbort = () => finish(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const onMessage = (msg: WorkerOut) => {
      if (msg.type === 'progress') onProgress(msg.done, records.length);
      else if (msg.type === 'error') finish(new Error(`index worker: ${msg.message}`));
      else if (msg.type === 'done') {
        try {
          finish(undefined, fromParts(msg.result));
        } catch (e) {
          finish(e instanceof Error ? e : new Error(String(e)));
        }
      }
    };
    const onExit = (code: number) => finish(new Error(`index worker exited (code ${code}) before it finished`));
    worker.on('message', onMessage);
    // Kept for good: a kept worker's later failure must not go unhandled (the merge then says it).
    worker.on('error', (e) => finish(e));
    worker.on('exit', onExit);
    onProgress(0, records.length);
    // The records go over in chunks, the event loop running between two (each copy is short).
    void (async () => {
      for (let i = 0; i < records.length && !settled; i += BUILD_CHUNK) {
        worker.postMessage({ type: 'chunk', records: records.slice(i, i + BUILD_CHUNK) });
        await yieldToLoop();
      }
      if (!settled) worker.postMessage({ type: 'finish' });
    })().catch((e: unknown) => finish(e instanceof Error ? e : new Error(String(e))));
  });
}
