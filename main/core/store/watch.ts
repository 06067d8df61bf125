/**
 * Watches a data folder for writes made by other processes (the CLI, a second server, a sync
 * run, a bundle import from another window) and reports them in small batches, so a running hub
 * folds them in within a second. node:fs watch on the few folders whose files are records
 * (records/<type>/, trash/) or side state the UI shows (conflicts/); no polling.
 *
 * It reports what changed, never what it means: the store decides (RecordStore.refresh) whether
 * a file differs from what it holds, so the hub's own writes, which the watcher sees too, cost
 * one read and fire nothing.
 */
import { watch, mkdirSync, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { RecordType } from '../model';

export interface WatchBatch {
  /** Records whose record or trash file was touched; `type` when the path says it. */
  records: { id: string; type?: RecordType }[];
  /** True when a file under conflicts/ was touched. */
  conflicts: boolean;
}

/** Shard names as the store writes them; temp files (".name.pid.n.tmp") are ignored. */
const SHARD = /^([a-z0-9][a-z0-9._-]*)\.json$/;

export class DataDirWatcher {
  private readonly watchers: FSWatcher[] = [];
  private pending = new Map<string, RecordType | undefined>();
  private conflicts = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  /**
   * @param types the record types whose folders to watch (the editable ones)
   * @param onBatch called with the changes of the last `debounceMs`; never concurrently with itself
   */
  constructor(
    private readonly dataDir: string,
    private readonly types: readonly RecordType[],
    private readonly onBatch: (batch: WatchBatch) => Promise<void>,
    private readonly debounceMs = 100,
  ) {}

  start(): this {
    for (const type of this.types) this.watchDir(path.join(this.dataDir, 'records', type), (id) => this.add(id, type));
    this.watchDir(path.join(this.dataDir, 'trash'), (id) => this.add(id, undefined));
    this.watchDir(path.join(this.dataDir, 'conflicts'), () => {
      this.conflicts = true;
      this.schedule();
    }, true);
    return this;
  }

  private watchDir(dir: string, onName: (id: string) => void, anyFile = false): void {
    try {
      mkdirSync(dir, { recursive: true });
      const w = watch(dir, { persistent: false }, (_event, name) => {
        const file = name ? String(name) : '';
        const m = SHARD.exec(file);
        if (m) onName(m[1]!);
        else if (anyFile && file && !file.endsWith('.tmp')) onName(file);
      });
      // A folder removed underneath (a data folder wiped by hand): stop watching it, keep the rest.
      w.on('error', () => w.close());
      this.watchers.push(w);
    } catch {
      // Not watchable (a read-only or odd file system): the hub still works, changes show at restart.
    }
  }

  private add(id: string, type: RecordType | undefined): void {
    if (!this.pending.has(id) || type) this.pending.set(id, type ?? this.pending.get(id));
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.debounceMs);
    this.timer.unref?.();
  }

  private running: Promise<void> = Promise.resolve();
  private async flush(): Promise<void> {
    this.timer = undefined;
    const records = [...this.pending].map(([id, type]) => (type ? { id, type } : { id }));
    const conflicts = this.conflicts;
    this.pending = new Map();
    this.conflicts = false;
    if (!records.length && !conflicts) return;
    this.running = this.running.then(() => this.onBatch({ records, conflicts })).catch(() => undefined);
    await this.running;
  }

  /** Stops watching; a batch under way finishes. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    await this.running;
  }
}
