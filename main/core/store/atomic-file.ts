/**
 * A lowdb adapter that writes crash-safely: the new content goes to a temporary file in the same
 * folder, is fsync'ed, then renamed over the old file (rename is atomic on POSIX and NTFS), and
 * the folder is fsync'ed so the rename itself survives a power cut. lowdb's own JSONFile (steno)
 * renames but does not fsync, which can leave an empty file after a crash on some filesystems.
 */
import { promises as fs, constants as fsConstants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import type { Adapter } from 'lowdb';
import { HubFailure } from '../result';
import { processAlive } from './file-lock';

let tmpCounter = 0;
/** Tells this machine's temporary files from those of another machine sharing the folder. */
const HOST_TAG = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
/** This machine's tag in temporary file names (for writers outside this module: store's saveBatch). */
export const tempHostTag = () => HOST_TAG;
/** `.<name>.<pid>.<n>[.<host tag>].tmp`: what writeFileAtomic leaves behind if killed before its rename. */
const TEMP_NAME = /^\..+\.(\d+)\.q?\d+(?:\.([0-9a-f]{8}))?\.tmp$/;
/** A temporary file of another machine is only removed once this old (its writer cannot be seen). */
const FOREIGN_TEMP_MS = 3600_000;

export class CorruptFileError extends HubFailure {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super('corrupt', `Cannot read ${file}: ${reason}`, { details: { file } });
  }
}

/**
 * Options of a write. `durable: false` (bundle imports only) skips both fsyncs: the rename is
 * still atomic for readers, but the bytes may not survive a power cut until the caller makes them
 * durable in one go (`flushDurably`) under its own journal, which rolls them back if it cannot.
 */
export interface WriteOptions {
  durable?: boolean;
}

export async function writeFileAtomic(file: string, content: string | Uint8Array, opts: WriteOptions = {}): Promise<void> {
  const durable = opts.durable !== false;
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++tmpCounter}.${HOST_TAG}.tmp`);
  if (durable) {
    const handle = await fs.open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } else {
    await fs.writeFile(tmp, content, { mode: 0o600 });
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  if (durable) await syncDir(dir);
}

/**
 * Makes files written with `durable: false` (and their folders' entries) durable, in as few
 * flushes as the platform allows. On Linux: one `syncfs(2)` of the data directory's file system
 * (coreutils `sync -f`), which writes back every dirty page and commits the file-system journal
 * once, instead of one journal commit per file. Elsewhere, or if that fails: an fsync of every
 * file and then of every folder (after a batch of writes most of them find nothing left to do).
 */
export async function flushDurably(dataDir: string, files: string[]): Promise<void> {
  // SOCLE_FLUSH=fsync forces the portable way (tests check it on Linux too).
  if (process.platform === 'linux' && process.env.SOCLE_FLUSH !== 'fsync' && (await syncFileSystem(dataDir))) return;
  const dirs = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      dirs.add(path.dirname(file));
      let handle: fs.FileHandle | undefined;
      try {
        handle = await fs.open(file, 'r+'); // writable: Windows' FlushFileBuffers refuses a read-only handle
        await handle.sync();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // not written (a history that had nothing to add)
      } finally {
        await handle?.close();
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  for (const dir of dirs) await syncDir(dir);
}

/** `syncfs` of the file system holding `dir`, through coreutils' `sync -f`; false when unavailable. */
function syncFileSystem(dir: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('sync', ['-f', dir], { timeout: 120_000 }, (err) => resolve(!err));
  });
}

/**
 * Removes a file durably: the unlink changes its folder, and only an fsync of the folder makes
 * that reach the disk (without it an acknowledged delete can come back after a power cut).
 * A missing file is not an error.
 */
export async function removeFileDurably(file: string): Promise<void> {
  await fs.rm(file, { force: true });
  await syncDir(path.dirname(file));
}

/** Removes a folder and its content durably (the parent folder is fsync'ed after). */
export async function removeDirDurably(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await syncDir(path.dirname(dir));
}

/**
 * Removes the temporary files that writers killed mid-write left in `dir` (their rename never
 * happened, so they hold nothing that was acknowledged). A file is removed only if its writer is
 * gone: a process of this machine that no longer exists, or a file of another machine older than
 * an hour. `names` is the folder's listing when the caller already has it. Returns how many.
 */
export async function removeStaleTemps(dir: string, names?: string[]): Promise<number> {
  let list = names;
  if (!list) {
    try {
      list = await fs.readdir(dir);
    } catch {
      return 0; // no folder: nothing left behind
    }
  }
  let removed = 0;
  for (const name of list) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    const file = path.join(dir, name);
    if (m[2] && m[2] !== HOST_TAG) {
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat || Date.now() - stat.mtimeMs < FOREIGN_TEMP_MS) continue;
    } else if (pid === process.pid || processAlive(pid)) continue;
    await fs.rm(file, { force: true }).catch(() => undefined);
    removed++;
  }
  if (removed) await syncDir(dir);
  return removed;
}

/** fsyncs a folder so a rename inside it survives a power cut (best effort where unsupported). */
export async function syncDir(dir: string): Promise<void> {
  // Directories cannot be opened for fsync on Windows; there the rename is already durable enough.
  if (process.platform === 'win32') return;
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, fsConstants.O_RDONLY);
    await handle.sync();
  } catch {
    // Some filesystems (e.g. certain network mounts) refuse fsync on a directory: not fatal.
  } finally {
    await handle?.close();
  }
}

/** lowdb adapter: one JSON document per file, parsed and validated by the caller. */
export class AtomicJsonFile<T> implements Adapter<T> {
  constructor(readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new CorruptFileError(this.file, `not valid JSON (${(e as Error).message})`);
    }
  }

  async write(data: T): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(data, null, 1) + '\n');
  }
}
