/**
 * All-or-nothing imports. Before an import writes anything, the previous bytes of every file it
 * may touch (record shards, their history, provenance, conflicts) go into a journal, fsync'ed:
 *
 *   <data>/import-journal/owner.json       {"pid","host","startedAt"}: the folder is also the import's
 *                                           lock against other processes' saves (store/file-lock.ts)
 *   <data>/import-journal/journal.jsonl
 *     {"journal":1,"pid":…,"host":…,"startedAt":…,"bundleId":…,"dirs":[…dirs that did not exist]}
 *     {"path":"records/practice/x.json","before":"<base64>"}   one line per file ("before": null = did not exist)
 *
 * The import then writes its files without an fsync each (RecordStore.saveBatch) and makes them
 * all durable in one flush (flushDurably) before commit(): the journal is the only commit point.
 * If a write fails, rollback() puts every file back (and removes the directories the import
 * created); on success, commit() deletes the journal. A journal still there when the hub opens
 * means the process died mid-import: recoverInterruptedImport() rolls it back before the store
 * loads, so the store never starts from half an import.
 */
import { promises as fs, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HubFailure } from '../result';
import { removeDirDurably, removeFileDurably, syncDir, writeFileAtomic } from '../store/atomic-file';
import { BULK_JOURNAL_FILE, BULK_LOCK_DIR, BULK_OWNER_FILE, waitForRecordLocks } from '../store/file-lock';

// The journal's folder is also the import's lock against other processes' saves (store/file-lock.ts).
export const journalDir = (dataDir: string) => path.join(dataDir, BULK_LOCK_DIR);
const journalFile = (dataDir: string) => path.join(journalDir(dataDir), BULK_JOURNAL_FILE);
/** A journal whose process is gone, or this old, belongs to an import that will never finish. */
const STALE_AFTER_MS = 24 * 3600_000;

interface Header {
  journal: 1;
  pid: number;
  host: string;
  startedAt: string;
  bundleId: string;
  dirs: string[];
}
interface FileLine {
  path: string;
  before: string | null;
}

export class Journal {
  private constructor(
    private readonly dataDir: string,
    private readonly header: Header,
    private readonly paths: string[],
  ) {}

  /** Snapshots `files` (absolute paths inside the data dir) and writes the journal. */
  static async begin(dataDir: string, files: string[], bundleId: string, opts: { recordIds?: ReadonlySet<string> } = {}): Promise<Journal> {
    const dir = journalDir(dataDir);
    try {
      await fs.mkdir(dir); // not recursive: fails if a journal is already there
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new HubFailure('conflict', 'Another import is running on this library, or one was interrupted: restart Socle, then import again.');
      }
      throw e;
    }
    try {
      // Who holds the folder, at once: other processes' saves wait for a live owner (store/file-lock.ts).
      writeFileSync(path.join(dir, BULK_OWNER_FILE), JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() }), { mode: 0o600 });
      // Saves of other processes that took their record's lock before the folder existed finish
      // first, so that the previous bytes journaled below are the last ones they wrote.
      if (opts.recordIds) await waitForRecordLocks(dataDir, opts.recordIds);
      const rels = [...new Set(files.map((f) => relInside(dataDir, f)))];
      const missingDirs = new Set<string>();
      const presentDirs = new Set<string>();
      for (const rel of rels) {
        for (let d = path.dirname(rel); d !== '.' && d !== ''; d = path.dirname(d)) {
          if (missingDirs.has(d) || presentDirs.has(d)) continue;
          if (await exists(path.join(dataDir, d))) {
            presentDirs.add(d);
            break;
          }
          missingDirs.add(d);
        }
      }
      const header: Header = {
        journal: 1,
        pid: process.pid,
        host: os.hostname(),
        startedAt: new Date().toISOString(),
        bundleId,
        dirs: [...missingDirs].sort((a, b) => b.length - a.length),
      };
      // Built in memory and written in one call: the previous bytes are read synchronously in
      // batches (a missing file costs one failed open; no thread-pool round trip per file).
      const lines = [JSON.stringify(header)];
      for (let from = 0; from < rels.length; from += 200) {
        if (from) await new Promise<void>((resolve) => setImmediate(resolve));
        for (const rel of rels.slice(from, from + 200)) {
          const dir = path.dirname(rel);
          const before = missingDirs.has(dir) ? null : readOrNullSync(path.join(dataDir, rel));
          lines.push(JSON.stringify({ path: rel, before: before ? before.toString('base64') : null } satisfies FileLine));
        }
      }
      const handle = await fs.open(journalFile(dataDir), 'w', 0o600);
      try {
        await handle.writeFile(lines.join('\n') + '\n');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await syncDir(dir);
      // The journal's own folder entry too: the import's writes that follow are not fsync'ed one
      // by one, so the journal must be on disk before any of them can be.
      await syncDir(dataDir);
      return new Journal(dataDir, header, rels);
    } catch (e) {
      await fs.rm(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** The import succeeded: forget the snapshot. */
  async commit(): Promise<void> {
    // Durably: a journal that came back after a power cut would roll the committed import back.
    await removeDirDurably(journalDir(this.dataDir));
  }

  /** Puts every journaled file back as it was, removes directories the import created, drops the journal. */
  async rollback(): Promise<string[]> {
    return restore(this.dataDir);
  }

  /** The journaled files, relative to the data dir. */
  get touched(): string[] {
    return this.paths;
  }
  get bundleId(): string {
    return this.header.bundleId;
  }
}

/**
 * Called when the hub opens, before the store loads: rolls back an import whose process died.
 * A journal owned by a live process (the desktop app importing while the CLI starts) is left alone.
 */
export async function recoverInterruptedImport(dataDir: string): Promise<{ recovered: boolean; files: string[] }> {
  let text: string;
  try {
    text = await fs.readFile(journalFile(dataDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    // A journal folder without a journal file: begin() died before writing anything.
    await fs.rm(journalDir(dataDir), { recursive: true, force: true }).catch(() => undefined);
    return { recovered: false, files: [] };
  }
  const header = parseHeader(text.slice(0, text.indexOf('\n') >>> 0));
  if (header && isAlive(header)) return { recovered: false, files: [] };
  return { recovered: true, files: await restore(dataDir, text) };
}

async function restore(dataDir: string, text?: string): Promise<string[]> {
  const content = text ?? (await fs.readFile(journalFile(dataDir), 'utf8'));
  const lines = content.split('\n').filter(Boolean);
  const header = parseHeader(lines[0] ?? '');
  const restored: string[] = [];
  for (const raw of lines.slice(1)) {
    let line: FileLine;
    try {
      line = JSON.parse(raw) as FileLine;
    } catch {
      continue; // a torn last line: begin() died while writing it, before any store write
    }
    const file = path.join(dataDir, relInside(dataDir, path.join(dataDir, line.path)));
    if (line.before === null) await removeIfThere(file);
    else await writeFileAtomic(file, Buffer.from(line.before, 'base64'));
    restored.push(line.path);
  }
  for (const d of header?.dirs ?? []) {
    // Only directories the import created, and only if empty: rmdir never removes content.
    const created = path.join(dataDir, relInside(dataDir, path.join(dataDir, d)));
    if (await fs.rmdir(created).then(() => true, () => false)) await syncDir(path.dirname(created));
  }
  await removeDirDurably(journalDir(dataDir));
  return restored;
}

function parseHeader(line: string): Header | undefined {
  try {
    const h = JSON.parse(line) as Header;
    return h && h.journal === 1 && Array.isArray(h.dirs) ? h : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(h: Header): boolean {
  if (Date.now() - Date.parse(h.startedAt) > STALE_AFTER_MS) return false;
  if (h.host !== os.hostname()) return true; // another machine on a shared folder: cannot tell, so wait
  if (h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A path relative to the data dir, refusing anything that would leave it (the journal is data too). */
function relInside(dataDir: string, file: string): string {
  const rel = path.relative(dataDir, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) throw new HubFailure('internal', `Refusing to journal a path outside the data directory: ${file}`);
  return rel;
}

/** ENOTDIR counts as absent too: nothing can exist under a path whose parent is a file. */
const absent = (e: unknown) => ['ENOENT', 'ENOTDIR'].includes(String((e as NodeJS.ErrnoException).code));

function readOrNullSync(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch (e) {
    if (absent(e)) return null;
    throw e;
  }
}

async function removeIfThere(file: string): Promise<void> {
  try {
    await removeFileDurably(file);
  } catch (e) {
    if (!absent(e)) throw e;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}

