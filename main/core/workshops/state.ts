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
 * Every write is validated against the same schema (and caps) its reads use, so nothing is ever
 * written that would read back as invalid. A file that is unreadable anyway (damaged, hand-edited,
 * written by an older version) is moved to quarantine/ and reported (../store/quarantine.ts), then
 * treated as empty: never overwritten, and none of this state is worth refusing to work over.
 */
import path from 'node:path';
import { z } from 'zod';
import { AtomicJsonFile } from '../store/atomic-file';
import { quarantineFile, type StoreProblem } from '../store/quarantine';
import { HubFailure } from '../result';
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

export const MAX_PARTNERS = 500;
const partnersFileSchema = z.object({ partners: z.array(z.string().min(1).max(500)).max(MAX_PARTNERS) });

export class WorkshopState {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    readonly dataDir: string,
    /** Told about each file moved to quarantine (the hub lists them in info().problems). */
    private readonly onProblem: (problem: StoreProblem) => void = () => undefined,
  ) {}

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

  /** The file's content, or undefined when it is missing or was unreadable (then quarantined: see the file comment). */
  private async read<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
    let raw: unknown;
    try {
      raw = await new AtomicJsonFile<unknown>(file).read();
    } catch (e) {
      await this.setAside(file, e);
      return undefined;
    }
    if (raw === null) return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const first = parsed.error.issues[0];
    await this.setAside(file, new Error(`${path.basename(file)}: ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`));
    return undefined;
  }

  private async setAside(file: string, e: unknown): Promise<void> {
    const problem = await quarantineFile(this.dataDir, file, e);
    this.onProblem(problem);
    // Could not be moved (a read-only folder?): refuse rather than write over it.
    if (!problem.movedTo) throw new HubFailure('corrupt', `${file} cannot be read and could not be set aside: move it away to continue.`);
  }

  /** Writes `data` after checking it against the schema its reads use (caps included). */
  private async write<T>(file: string, schema: z.ZodType<T>, data: T): Promise<void> {
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new HubFailure('internal', `Refusing to write ${path.basename(file)}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    await new AtomicJsonFile<T>(file).write(data);
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
      if (next && next !== current) await this.write(file, timerStateSchema, next);
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
      if (JSON.stringify(log) !== before) await this.write(file, undoFileSchema, log);
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
      if (next.length > MAX_PARTNERS && next.length > current.length) {
        throw new HubFailure('too-large', `At most ${MAX_PARTNERS} partners can be added to the list: remove one you no longer use first.`, {
          field: 'name',
        });
      }
      await this.write(file, partnersFileSchema, { partners: next });
      return next;
    });
  }
}
