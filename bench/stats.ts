/** Timing, statistics and memory helpers for the benchmark. */

export const now = (): number => performance.now();

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = now();
  const value = await fn();
  return { ms: now() - t0, value };
}

export function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = now();
  const value = fn();
  return { ms: now() - t0, value };
}

/** Linear-interpolated quantile of a sample (q in [0, 1]). */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export interface Summary {
  n: number;
  median: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

export function summarize(xs: readonly number[]): Summary {
  return {
    n: xs.length,
    median: quantile(xs, 0.5),
    p95: quantile(xs, 0.95),
    mean: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN,
    min: xs.length ? Math.min(...xs) : NaN,
    max: xs.length ? Math.max(...xs) : NaN,
  };
}

export const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/* ------------------------------------------------------------------------------------------ */
/* Memory                                                                                     */

const gcFn = (globalThis as { gc?: () => void }).gc;
export const hasGc = typeof gcFn === 'function';

/** Full GC (twice: the first pass may only queue finalizers). No-op without --expose-gc. */
export function gc(): void {
  gcFn?.();
  gcFn?.();
}

export const MB = 1024 * 1024;

export interface MemSample {
  phase: string;
  /** Right after the phase, before GC. */
  rssMB: number;
  heapUsedMB: number;
  /** After a full GC: what the phase left alive. */
  rssAfterGcMB: number;
  heapUsedAfterGcMB: number;
  externalMB: number;
  arrayBuffersMB: number;
  /** Highest values sampled during the phase (interval samples + the end-of-phase sample). */
  phasePeakRssMB: number;
  phasePeakHeapUsedMB: number;
  /** phasePeakHeapUsedMB minus the heap left after the previous phase's GC: the phase's working set. */
  phasePeakHeapAboveStartMB: number;
}

/**
 * Samples process.memoryUsage() at phase boundaries and every few ms in between (the interval
 * only fires when the event loop is free, so synchronous builds are caught by the boundary
 * samples and by the kernel's max RSS).
 */
export class MemoryTracker {
  readonly samples: MemSample[] = [];
  peakRssMB = 0;
  peakHeapUsedMB = 0;
  private phaseRss = 0;
  private phaseHeap = 0;
  private startHeap = process.memoryUsage().heapUsed / MB;
  private timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.poll(), 5);
    this.timer.unref();
  }

  poll(): NodeJS.MemoryUsage {
    const m = process.memoryUsage();
    this.peakRssMB = Math.max(this.peakRssMB, m.rss / MB);
    this.peakHeapUsedMB = Math.max(this.peakHeapUsedMB, m.heapUsed / MB);
    this.phaseRss = Math.max(this.phaseRss, m.rss / MB);
    this.phaseHeap = Math.max(this.phaseHeap, m.heapUsed / MB);
    return m;
  }

  /** Records the state after a phase, then collects garbage before the next phase. */
  mark(phase: string): MemSample {
    const m = this.poll();
    gc();
    const g = process.memoryUsage();
    const s: MemSample = {
      phase,
      rssMB: m.rss / MB,
      heapUsedMB: m.heapUsed / MB,
      rssAfterGcMB: g.rss / MB,
      heapUsedAfterGcMB: g.heapUsed / MB,
      externalMB: g.external / MB,
      arrayBuffersMB: g.arrayBuffers / MB,
      phasePeakRssMB: this.phaseRss,
      phasePeakHeapUsedMB: this.phaseHeap,
      phasePeakHeapAboveStartMB: this.phaseHeap - this.startHeap,
    };
    this.samples.push(s);
    this.startHeap = g.heapUsed / MB;
    this.phaseRss = g.rss / MB;
    this.phaseHeap = g.heapUsed / MB;
    return s;
  }

  /** Peak RSS of the whole process as the kernel saw it (catches synchronous spikes). */
  maxRssMB(): number {
    return process.resourceUsage().maxRSS / 1024;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Heap (and external/array buffer) bytes kept alive by what `build` returns, after full GCs. */
export async function retainedMB<T>(build: () => T | Promise<T>): Promise<{ value: T; heapMB: number; externalMB: number }> {
  gc();
  const before = process.memoryUsage();
  const value = await build();
  gc();
  const after = process.memoryUsage();
  return {
    value,
    heapMB: (after.heapUsed - before.heapUsed) / MB,
    // `external` includes ArrayBuffer backing stores (typed arrays).
    externalMB: (after.external - before.external) / MB,
  };
}
