/**
 * A lowdb adapter that writes crash-safely: the new content goes to a temporary file in the same
 * folder, is fsync'ed, then renamed over the old file (rename is atomic on POSIX and NTFS), and
 * the folder is fsync'ed so the rename itself survives a power cut. lowdb's own JSONFile (steno)
 * renames but does not fsync, which can leave an empty file after a crash on some filesystems.
 */
import { promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { HubFailure } from '../result';

let tmpCounter = 0;

export class CorruptFileError extends HubFailure {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super('corrupt', `Cannot read ${file}: ${reason}`, { details: { file } });
  }
}

export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++tmpCounter}.tmp`);
  const handle = await fs.open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dir);
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
