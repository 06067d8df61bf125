/**
 * The hub's change feed: every record saved, deleted or restored, by this process or by another
 * one on the same data folder (see store/watch.ts), and every change to the conflicts, numbered
 * in order. Screens keep themselves current with it (the reader, the search results, lists) over
 * the one contract: `changes({ since, waitMs })` answers at once when something changed after
 * `since`, otherwise waits up to `waitMs` (a long poll, which works the same over IPC and HTTP).
 * At least the last CAPACITY changes are kept; a caller further behind is told to reload (`reset`).
 */
import type { RecordType } from './model';

export interface Change {
  seq: number;
  /** 'index': the search index build moved on (`percent`; see ./index-readiness.ts). */
  kind: 'record' | 'conflicts' | 'index';
  /** The record (kind 'record'). */
  id?: string;
  type?: RecordType;
  /** The revision now shown, absent when the record is gone (deleted, or never existed here). */
  rev?: number;
  deleted?: boolean;
  /** How far the search index build is (kind 'index'): 0..100, 100 = search ready. */
  percent?: number;
  /** 'here': this process wrote it; 'disk': another process did. */
  source: 'here' | 'disk';
  at: string;
}

export interface ChangesOutput {
  /** The latest sequence number: pass it back as `since`. */
  seq: number;
  changes: Change[];
  /** True when `since` is older than the changes kept: reload everything. */
  reset: boolean;
}

const CAPACITY = 2000;

export class ChangeFeed {
  private seq = 0;
  private readonly kept: Change[] = [];
  private waiters = new Set<() => void>();

  push(change: Omit<Change, 'seq' | 'at'>): Change {
    const c: Change = { ...change, seq: ++this.seq, at: new Date().toISOString() };
    this.kept.push(c);
    // Trimmed in steps of CAPACITY (not one element at a time: an import pushes thousands).
    if (this.kept.length >= 2 * CAPACITY) this.kept.splice(0, this.kept.length - CAPACITY);
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
    return c;
  }

  get latest(): number {
    return this.seq;
  }

  /** Changes after `since` (undefined: none, only the current number). */
  since(since: number | undefined): ChangesOutput {
    if (since === undefined || since >= this.seq) return { seq: this.seq, changes: [], reset: since !== undefined && since > this.seq };
    const oldest = this.kept[0]?.seq ?? this.seq + 1;
    if (since < oldest - 1) return { seq: this.seq, changes: [], reset: true };
    return { seq: this.seq, changes: this.kept.filter((c) => c.seq > since), reset: false };
  }

  /** Like since(), waiting up to `waitMs` for a change when there is none yet (resolves early on close). */
  async wait(since: number | undefined, waitMs: number): Promise<ChangesOutput> {
    const now = this.since(since);
    if (now.changes.length || now.reset || since === undefined || waitMs <= 0) return now;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      timer.unref?.();
      const waiters = this.waiters;
      function done() {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      }
      this.waiters.add(done);
    });
    return this.since(since);
  }

  /** Wakes every waiting caller (the hub is closing). */
  close(): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }
}
