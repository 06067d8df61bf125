/**
 * Whether the hub's search is ready, and how far the user index build is when it is not: after a
 * start without a usable index cache (first start, an import, an index version bump) the hub
 * lists records at once and builds the search index in the background
 * (./search/build-user-index.ts). This keeps the percentage (never going back, even when a failed
 * worker makes the build start again on the main thread), tells the change feed at every step
 * (so every window, over IPC or HTTP, shows "indexing n%" live), and lets searches wait for it.
 */
export interface IndexStatus {
  /** True once searches see every record. */
  ready: boolean;
  /** 0..100 (100 when ready). */
  percent: number;
  /** Records analysed so far, of `total` (0 of 0 when there was nothing to build). */
  done: number;
  total: number;
}

export class IndexReadiness {
  private state: IndexStatus = { ready: true, percent: 100, done: 0, total: 0 };
  private readyPromise: Promise<void> = Promise.resolve();
  private markReady: () => void = () => undefined;

  /** `onStep` is told each new percentage (the hub pushes it to the change feed). */
  constructor(private readonly onStep: (status: IndexStatus) => void) {}

  status(): IndexStatus {
    return { ...this.state };
  }

  get ready(): boolean {
    return this.state.ready;
  }

  /**
   * A build of `total` records starts: search is not ready. A build that replaces one still under
   * way (a second large import) starts again from 0 %; searches already waiting keep waiting for it.
   */
  start(total: number): void {
    if (this.state.ready) this.readyPromise = new Promise<void>((resolve) => (this.markReady = resolve));
    this.state = { ready: false, percent: 0, done: 0, total };
    this.onStep(this.status());
  }

  /** `done` of `total` records analysed; stays below 100 until `finish` (loading the result takes a moment too). */
  progress(done: number, total: number): void {
    if (this.state.ready) return;
    const percent = Math.min(99, total > 0 ? Math.floor((done * 100) / total) : 99);
    if (percent <= this.state.percent) return;
    this.state = { ready: false, percent, done: Math.min(done, total), total };
    this.onStep(this.status());
  }

  /** Search is ready (the build is in the engine, or it failed and the hub indexed otherwise). */
  finish(): void {
    if (this.state.ready) return;
    this.state = { ready: true, percent: 100, done: this.state.total, total: this.state.total };
    this.onStep(this.status());
    this.markReady();
  }

  /** Resolves when search is ready (at once when it is). */
  whenReady(): Promise<void> {
    return this.state.ready ? Promise.resolve() : this.readyPromise;
  }
}
