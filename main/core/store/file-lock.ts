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
import { closeSync, openSync, readFileSync, readdirSync, statSync, unlinkSync, writeSync, mkdirSync } from 'node:fs';
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

/**
 * The bulk writer's lock. A bundle import (or a sync pull) holds its journal's folder,
 * `<data>/import-journal/` (made with an exclusive mkdir by bundles/journal.ts, its `owner.json`
 * naming pid and host), for the whole import, and writes its records without a lock file each
 * (RecordStore.saveBatch `journaled`). So:
 *   - a save of another process, once it holds its record's lock, looks for that folder; while an
 *     import of another live process is under way it lets its lock go and waits (`withFileLock`);
 *   - the import, once its journal's folder exists, waits for the record locks taken before that
 *     (`waitForRecordLocks`).
 * Either the save sees the import's folder, or the import sees the save's lock: never neither.
 */
export const BULK_LOCK_DIR = 'import-journal';
export const BULK_JOURNAL_FILE = 'journal.jsonl';
/** Written right after the folder is made (before the journal, which takes a while to build): `{ pid, host, startedAt }`. */
export const BULK_OWNER_FILE = 'owner.json';
/** An import journal of another machine this old is not waited for (its owner cannot be seen from here). */
const STALE_FOREIGN_IMPORT_MS = 10 * 60_000;

/** True while a bundle import of another live process writes to this data folder. */
export function bulkWriterElsewhere(dataDir: string): boolean {
  const dir = path.join(dataDir, BULK_LOCK_DIR);
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st) return false;
  let header: { pid?: unknown; host?: unknown; startedAt?: unknown } | undefined;
  try {
    header = JSON.parse(readFileSync(path.join(dir, BULK_OWNER_FILE), 'utf8')) as typeof header;
  } catch {
    header = undefined;
  }
  // Being written (or its writer died before): wait only for a recent one.
  if (!header || typeof header.pid !== 'number') return Date.now() - st.mtimeMs < STALE_EMPTY_MS;
  if (header.host !== os.hostname()) return Date.now() - Date.parse(String(header.startedAt)) < STALE_FOREIGN_IMPORT_MS;
  return header.pid !== process.pid && processAlive(header.pid);
}

/**
 * The importer's side: waits until no other process holds the lock of one of `ids` (a holder that
 * died is broken as in `withFileLock`). Call it once the journal's folder exists.
 */
export async function waitForRecordLocks(dataDir: string, ids: ReadonlySet<string>): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(path.join(dataDir, 'locks'));
  } catch (e) {
    if (errno(e) === 'ENOENT') return;
    throw e;
  }
  const deadline = Date.now() + WAIT_MS;
  for (const name of names) {
    if (!name.endsWith('.lock') || !ids.has(name.slice(0, -'.lock'.length))) continue;
    const file = path.join(dataDir, 'locks', name);
    const backoff = new Backoff(deadline);
    for (let seen = inspect(file); seen; seen = inspect(file)) {
      if (seen.dead) {
        breakStale(file, seen.text);
        continue;
      }
      await backoff.wait(`Record "${name.slice(0, -5)}" is being saved by another program on this data folder; try again in a moment.`);
    }
  }
}

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

/** Waiting for another process: 1 ms doubling to 50 ms, with jitter, until `deadline`, then a conflict saying `busy`. */
class Backoff {
  private pause = 1;
  constructor(private readonly deadline: number) {}
  async wait(busy: string): Promise<void> {
    if (Date.now() > this.deadline) throw new HubFailure('conflict', busy);
    await sleep(this.pause + Math.random() * this.pause);
    this.pause = Math.min(this.pause * 2, 50);
  }
}

/**
 * Runs `fn` holding the cross-process lock of record `id` in `dataDir`. Callers serialise within
 * their own process first (RecordStore.withLock), so only other processes ever wait here.
 */
export async function withFileLock<T>(dataDir: string, id: string, fn: () => Promise<T>): Promise<T> {
  const file = lockFile(dataDir, id);
  const holder: Holder = { pid: process.pid, host: os.hostname(), at: new Date().toISOString(), nonce: randomUUID() };
  const backoff = new Backoff(Date.now() + WAIT_MS);
  for (;;) {
    if (tryCreate(file, holder)) {
      // Held. An import of another process writes without record locks: let it finish first.
      if (!bulkWriterElsewhere(dataDir)) break;
      release(file, holder);
      await backoff.wait('Another program is importing into this data folder; try again in a moment.');
    } else {
      const seen = inspect(file);
      if (seen?.dead) {
        breakStale(file, seen.text);
        continue;
      }
      await backoff.wait(`Record "${id}" is being saved by another program on this data folder; try again in a moment.`);
    }
  }
  try {
    return await fn();
  } finally {
    release(file, holder);
  }
}

/** Removes our own lock: never one a waiter took over after judging us dead. */
function release(file: string, holder: Holder): void {
  try {
    if (readFileSync(file, 'utf8') === JSON.stringify(holder)) unlinkSync(file);
  } catch {
    // already gone
  }
}
