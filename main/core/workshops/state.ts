/**
 * Small per-workshop state that is not a record: the rotation timer, the undo log, and the user's
 * extra partners. Kept beside the records rather than inside the workshop record because it
 * changes often (every timer press, every autosave) and must not bump the workshop's revision,
 * fill its history or make a concurrent edit of the programme conflict.
 *
 *   <data>/workshops/<workshopId>/timer.json   the rotation timer (./timer.ts)
 *   <data>/workshops/<workshopId>/undo.json    the last actions, newest last (./service.ts)
 *   <data>/workshops/_partners.json            partners the user added to the built-in list
 *                                              ("_" cannot start a record id, so it never meets a workshop)
 *
 * Each file is small, written atomically (temp + fsync + rename), and re-read from disk before
 * each change so the app and the CLI on one data directory do not overwrite each other's changes.
 * An unreadable file is treated as empty: none of this state is worth refusing to work over.
 */
import path from 'node:path';
import { z } from 'zod';
import { AtomicJsonFile } from '../store/atomic-file';
import { idSchema, recordSchema } from '../model';
import { timerStateSchema, type TimerState } from './timer';

export const UNDO_LIMIT = 30;

export const undoEntrySchema = z
  .object({
    seq: z.number().int().min(1),
    at: z.string(),
    op: z.enum(['create', 'update', 'delete']),
    recordId: idSchema,
    recordType: z.enum(['note', 'plan']),
    /** Shown next to the Undo button: "Note: Le Sénégal propose…", "Plan CV: action added". */
    label: z.string().max(300),
    /** The record's revision right after the action (or after the last undo that touched it). */
    afterRev: z.number().int().min(1),
    /** update: the record as it was before (what undo puts back). */
    before: recordSchema.optional(),
    /** Consecutive updates with the same key within a short time are one undo step (a typing burst). */
    coalesceKey: z.string().max(300).optional(),
  })
  .strict();
export type UndoEntry = z.infer<typeof undoEntrySchema>;

const undoFileSchema = z.object({ seq: z.number().int().min(0), entries: z.array(undoEntrySchema) });
type UndoFile = z.infer<typeof undoFileSchema>;

const partnersFileSchema = z.object({ partners: z.array(z.string().min(1).max(500)).max(500) });

export class WorkshopState {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(readonly dataDir: string) {}

  private file(...parts: string[]): string {
    return path.join(this.dataDir, 'workshops', ...parts);
  }

  /** Serialises read-modify-write cycles on one file within this process. */
  private withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return next;
  }

  private async read<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
    try {
      const raw = await new AtomicJsonFile<unknown>(file).read();
      const parsed = schema.safeParse(raw);
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined; // unreadable: start afresh (see the file comment)
    }
  }

  // ---- timer

  readTimer(workshopId: string): Promise<TimerState | undefined> {
    return this.read(this.file(workshopId, 'timer.json'), timerStateSchema);
  }

  /** Reads, changes and saves the timer under a lock; `fn` returns the new state (or undefined to leave it). */
  updateTimer(workshopId: string, fn: (current: TimerState | undefined) => TimerState | undefined): Promise<TimerState | undefined> {
    const file = this.file(workshopId, 'timer.json');
    return this.withLock(file, async () => {
      const current = await this.read(file, timerStateSchema);
      const next = fn(current);
      if (next && next !== current) await new AtomicJsonFile<TimerState>(file).write(next);
      return next ?? current;
    });
  }

  // ---- undo log

  async readUndo(workshopId: string): Promise<UndoEntry[]> {
    return (await this.read(this.file(workshopId, 'undo.json'), undoFileSchema))?.entries ?? [];
  }

  /** Reads, changes and saves the undo log under a lock. */
  updateUndo<T>(workshopId: string, fn: (log: UndoFile) => Promise<T> | T): Promise<T> {
    const file = this.file(workshopId, 'undo.json');
    return this.withLock(file, async () => {
      const log = (await this.read(file, undoFileSchema)) ?? { seq: 0, entries: [] };
      const before = JSON.stringify(log);
      const result = await fn(log);
      log.entries = log.entries.slice(-UNDO_LIMIT);
      if (JSON.stringify(log) !== before) await new AtomicJsonFile<UndoFile>(file).write(log);
      return result;
    });
  }

  // ---- partners

  async readPartners(): Promise<string[]> {
    return (await this.read(this.file('_partners.json'), partnersFileSchema))?.partners ?? [];
  }

  updatePartners(fn: (partners: string[]) => string[]): Promise<string[]> {
    const file = this.file('_partners.json');
    return this.withLock(file, async () => {
      const current = (await this.read(file, partnersFileSchema))?.partners ?? [];
      const next = fn([...current]);
      await new AtomicJsonFile<{ partners: string[] }>(file).write({ partners: next });
      return next;
    });
  }
}
