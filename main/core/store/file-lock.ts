/**
 * A lock file per record, shared by every process on one data folder (the desktop app, the CLI,
 * a second server), so that a save's revision check and its write are one step across processes:
 *
 *   <data>/locks/<id>.lock   { pid, host, at, nonce }   created with O_EXCL (open 'wx')
 *
 * Only one process can create the file; the others wait (polling with a little jitter) until it
 * is removed. A holder that died (kill -9, power cut) cannot remove it, so a waiter takes it over
 * when the holder's process no longer exists on this machine, or when the lock is older than
 * `STALE_FOREIGN_MS` (a holder on another machine sharing the folder, whose process we cannot see)
 * or `STALE_LOCAL_MS` (a pid reused since by another program): a save holds it for milliseconds. Taking over happens under a second O_EXCL file, `<id>.lock.break`, and
 * only if the lock still holds the very nonce judged dead, so two waiters never both take it and
 * never remove a lock a live process has just made. The break section is synchronous: it lasts
 * microseconds, so a `.break` file older than `STALE_BREAK_MS` is from a waiter that died in it.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { HubFailure } from '../result';

/** A lock of a process we cannot see (another machine) is taken over after this long: saves hold it for milliseconds. */
const STALE_FOREIGN_MS = 30_000;
/** Even with its pid alive, a lock of this machine this old is stale (the pid was reused by another program). */
const STALE_LOCAL_MS = 60_000;
const STALE_BREAK_MS = 2_000;
/** A lock file still empty after this long belongs to a holder that died between creating and writing it. */
const STALE_EMPTY_MS = 2_000;
/** How long a save waits for another process before giving up with a clear error. */
const WAIT_MS = 20_000;

interface Holder {
  pid: number;
  host: string;
  at: string;
  nonce: string;
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

export function lockFile(dataDir: string, id: string): string {
  return path.join(dataDir, 'locks', `${id}.lock`);
}

/** True when the process `pid` exists on this machine (EPERM: it exists, under another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) === 'EPERM';
  }
}

/** Creates the lock file or returns false if it exists. */
function tryCreate(file: string, holder: Holder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    if (errno(e) === 'ENOENT') {
      mkdirSync(path.dirname(file), { recursive: true });
      return tryCreate(file, holder);
    }
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** What the lock file says, and whether its holder is gone. undefined: no lock file any more. */
function inspect(file: string): { text: string; dead: boolean } | undefined {
  let text: string;
  let ageMs: number;
  try {
    text = readFileSync(file, 'utf8');
    ageMs = Date.now() - statSync(file).mtimeMs;
  } catch (e) {
    if (errno(e) === 'ENOENT') return undefined;
    throw e;
  }
  let holder: Partial<Holder> | undefined;
  try {
    holder = JSON.parse(text) as Partial<Holder>;
  } catch {
    holder = undefined;
  }
  if (!holder || typeof holder.pid !== 'number') return { text, dead: ageMs > STALE_EMPTY_MS };
  if (holder.host !== undefined && holder.host !== os.hostname()) return { text, dead: ageMs > STALE_FOREIGN_MS };
  // A live pid holding a lock this old is another program that reused a dead holder's pid.
  return { text, dead: !processAlive(holder.pid) || ageMs > STALE_LOCAL_MS };
}

/** Removes the lock if it still holds exactly `text` (judged dead), under the `.break` lock. */
function breakStale(file: string, text: string): void {
  const guard = `${file}.break`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx', 0o600);
  } catch (e) {
    if (errno(e) !== 'EEXIST') throw e;
    // Another waiter is breaking it right now, or died doing so.
    try {
      if (Date.now() - statSync(guard).mtimeMs > STALE_BREAK_MS) unlinkSync(guard);
    } catch {
      // gone meanwhile: fine
    }
    return;
  }
  closeSync(fd);
  try {
    let now: string | undefined;
    try {
      now = readFileSync(file, 'utf8');
    } catch {
      now = undefined;
    }
    if (now === text) unlinkSync(file);
  } finally {
    unlinkSync(guard);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` holding the cross-process lock of record `id` in `dataDir`. Callers serialise within
 * their own process first (RecordStore.withLock), so only other processes ever wait here.
 */
export async function withFileLock<T>(dataDir: string, id: string, fn: () => Promise<T>): Promise<T> {
  const file = lockFile(dataDir, id);
  const holder: Holder = { pid: process.pid, host: os.hostname(), at: new Date().toISOString(), nonce: randomUUID() };
  const deadline = Date.now() + WAIT_MS;
  let pause = 1;
  while (!tryCreate(file, holder)) {
    const seen = inspect(file);
    if (seen?.dead) {
      breakStale(file, seen.text);
      continue;
    }
    if (Date.now() > deadline) {
      throw new HubFailure('conflict', `Record "${id}" is being saved by another program on this data folder; try again in a moment.`);
    }
    await sleep(pause + Math.random() * pause);
    pause = Math.min(pause * 2, 50);
  }
  try {
    return await fn();
  } finally {
    try {
      // Only our own lock: never one a waiter took over after judging us dead.
      if (readFileSync(file, 'utf8') === JSON.stringify(holder)) unlinkSync(file);
    } catch {
      // already gone
    }
  }
}
