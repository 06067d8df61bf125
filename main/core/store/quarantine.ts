/**
 * Quarantine: a file of the data folder that cannot be read as what it should be (bad JSON, a
 * schema it fails, a cap it exceeds) is moved to `<data>/quarantine/`, named after where it was
 * and when, and never overwritten or deleted. Whoever read it then starts afresh, and reports
 * the move (`info().problems`), so nothing the user had is lost silently.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { syncDir } from './atomic-file';

/** A problem met while reading the data folder; the rest still loads. */
export interface StoreProblem {
  file: string;
  message: string;
  /** Where the unreadable file was moved to. */
  movedTo?: string;
}

let counter = 0;

/** Moves `file` (inside `dataDir`) aside; returns the problem to report. Never throws. */
export async function quarantineFile(dataDir: string, file: string, e: unknown): Promise<StoreProblem> {
  const message = e instanceof Error ? e.message : String(e);
  const qdir = path.join(dataDir, 'quarantine');
  const rel = path.relative(dataDir, file).replace(/[\\/]/g, '__');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  try {
    await fs.mkdir(qdir, { recursive: true });
    // Never over an earlier quarantined file: a link fails if the target exists (unlike rename).
    let target = path.join(qdir, `${stamp}__${rel}`);
    for (;;) {
      try {
        await fs.link(file, target);
        await fs.rm(file, { force: true });
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') {
          target = path.join(qdir, `${stamp}-${process.pid}-${++counter}__${rel}`);
          continue;
        }
        if (code === 'ENOENT') throw err;
        // No hard links here (FAT, some network mounts): a rename to a name nobody else makes.
        target = path.join(qdir, `${stamp}-${process.pid}-${++counter}__${rel}`);
        await fs.rename(file, target);
        break;
      }
    }
    await syncDir(qdir);
    await syncDir(path.dirname(file));
    return { file, message, movedTo: target };
  } catch {
    return { file, message };
  }
}
