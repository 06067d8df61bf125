/**
 * Bookmarks and reading lists: a small side file in the data directory,
 * `<data>/reading-lists.json`, not records (docs/architecture.md, "Browse" says why).
 *
 * - Validated with zod on every read; the caps (lists, items per list, name length) are
 *   enforced at write time, so the file cannot grow without bound whatever calls the contract.
 * - Every change re-reads the file from disk under a per-process lock, then writes atomically
 *   (temp + fsync + rename), so the app and the CLI on one data directory do not lose each
 *   other's bookmarks.
 * - A file that does not validate is never overwritten: it is moved aside to
 *   `reading-lists.corrupt-<time>.json` before the next write, and `problem` says so.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { idSchema } from '../model';
import { HubFailure } from '../result';
import { AtomicJsonFile } from '../store/atomic-file';

export const MAX_LISTS = 50;
export const MAX_ITEMS_PER_LIST = 1000;
export const MAX_LIST_NAME = 100;
/** The list a bookmark goes to when none is named; it always exists and cannot be deleted. */
export const DEFAULT_LIST = 'saved';
export const FILE_NAME = 'reading-lists.json';

export const listNameSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'a reading list needs a name').max(MAX_LIST_NAME, `a reading list name is limited to ${MAX_LIST_NAME} characters`));

const itemSchema = z.object({ id: idSchema, addedAt: z.string().datetime({ offset: true }) }).strict();
const listSchema = z
  .object({
    id: idSchema,
    /** Empty for the default list: the UI names it in the user's language. */
    name: z.string().max(MAX_LIST_NAME),
    createdAt: z.string().datetime({ offset: true }),
    items: z.array(itemSchema).max(MAX_ITEMS_PER_LIST),
  })
  .strict();
export const readingListsFileSchema = z
  .object({ version: z.literal(1), lists: z.array(listSchema).max(MAX_LISTS) })
  .strict()
  .refine((f) => new Set(f.lists.map((l) => l.id)).size === f.lists.length, 'list ids must be unique');

export type ReadingListsFile = z.infer<typeof readingListsFileSchema>;
export type StoredList = ReadingListsFile['lists'][number];

function emptyFile(now: string): ReadingListsFile {
  return { version: 1, lists: [{ id: DEFAULT_LIST, name: '', createdAt: now, items: [] }] };
}

/** Pure changes to the file's content (each returns a new value; throws HubFailure on a broken rule). */
export const edits = {
  createList(file: ReadingListsFile, name: string, id: string, now: string): ReadingListsFile {
    if (file.lists.length >= MAX_LISTS) throw new HubFailure('too-large', `You already have ${MAX_LISTS} reading lists, the most Socle keeps: delete one first.`);
    if (file.lists.some((l) => l.name.toLocaleLowerCase() === name.toLocaleLowerCase())) {
      throw new HubFailure('conflict', `A reading list named "${name}" already exists.`, { field: 'name' });
    }
    return { ...file, lists: [...file.lists, { id, name, createdAt: now, items: [] }] };
  },
  deleteList(file: ReadingListsFile, list: string): ReadingListsFile {
    if (list === DEFAULT_LIST) throw new HubFailure('invalid', 'The default reading list cannot be deleted.', { field: 'list' });
    if (!file.lists.some((l) => l.id === list)) throw new HubFailure('not-found', `No reading list "${list}".`, { field: 'list' });
    return { ...file, lists: file.lists.filter((l) => l.id !== list) };
  },
  add(file: ReadingListsFile, list: string, recordId: string, now: string): ReadingListsFile {
    const target = file.lists.find((l) => l.id === list);
    if (!target) throw new HubFailure('not-found', `No reading list "${list}".`, { field: 'list' });
    if (target.items.some((i) => i.id === recordId)) return file; // already there: adding again changes nothing
    if (target.items.length >= MAX_ITEMS_PER_LIST) {
      throw new HubFailure('too-large', `This reading list already holds ${MAX_ITEMS_PER_LIST} items, the most Socle keeps: remove some or use another list.`);
    }
    return { ...file, lists: file.lists.map((l) => (l === target ? { ...l, items: [{ id: recordId, addedAt: now }, ...l.items] } : l)) };
  },
  remove(file: ReadingListsFile, list: string | undefined, recordId: string): ReadingListsFile {
    if (list !== undefined && !file.lists.some((l) => l.id === list)) throw new HubFailure('not-found', `No reading list "${list}".`, { field: 'list' });
    return {
      ...file,
      lists: file.lists.map((l) => (list === undefined || l.id === list ? { ...l, items: l.items.filter((i) => i.id !== recordId) } : l)),
    };
  },
};

export class ReadingListStore {
  private lock: Promise<unknown> = Promise.resolve();
  /** Set when the file on disk did not validate (it is moved aside at the next write). */
  problem: string | undefined;

  constructor(
    readonly dataDir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get file(): string {
    return path.join(this.dataDir, FILE_NAME);
  }

  private async load(): Promise<{ data: ReadingListsFile; bad: boolean }> {
    const now = this.clock().toISOString();
    let raw: unknown;
    try {
      raw = await new AtomicJsonFile<unknown>(this.file).read();
    } catch (e) {
      this.problem = e instanceof Error ? e.message : String(e);
      return { data: emptyFile(now), bad: true };
    }
    if (raw === null) return { data: emptyFile(now), bad: false };
    const parsed = readingListsFileSchema.safeParse(raw);
    if (!parsed.success) {
      this.problem = `${FILE_NAME} is not a valid reading-list file (${parsed.error.issues[0]?.message ?? 'invalid'})`;
      return { data: emptyFile(now), bad: true };
    }
    const data = parsed.data;
    // The default list always exists (a hand-edited file may lack it).
    if (!data.lists.some((l) => l.id === DEFAULT_LIST)) data.lists.unshift(emptyFile(now).lists[0]!);
    return { data, bad: false };
  }

  async read(): Promise<ReadingListsFile> {
    return (await this.load()).data;
  }

  /** Re-reads, changes and saves under the lock; the change is validated (caps included) before anything is written. */
  update(fn: (file: ReadingListsFile, now: string) => ReadingListsFile): Promise<ReadingListsFile> {
    const run = async () => {
      const { data, bad } = await this.load();
      const next = fn(data, this.clock().toISOString());
      if (next === data) return data;
      const checked = readingListsFileSchema.safeParse(next);
      if (!checked.success) throw new HubFailure('invalid', `Reading lists: ${checked.error.issues[0]?.message ?? 'invalid change'}`);
      if (bad) await this.moveAside();
      await new AtomicJsonFile<ReadingListsFile>(this.file).write(checked.data);
      return checked.data;
    };
    const next = this.lock.then(run, run);
    this.lock = next.catch(() => undefined);
    return next;
  }

  private async moveAside(): Promise<void> {
    const stamp = this.clock().toISOString().replace(/[:.]/g, '-');
    try {
      await fs.rename(this.file, path.join(this.dataDir, `reading-lists.corrupt-${stamp}.json`));
      this.problem = `${this.problem ?? FILE_NAME + ' was unreadable'}; it was kept as reading-lists.corrupt-${stamp}.json`;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}
