/**
 * One data folder, many processes: a running hub (what `socle serve` and the desktop app run)
 * folds in what the CLI writes to the same folder, as a real separate process: the change feed
 * reports it, the search finds it, a stale edit from the running hub is a conflict, and the hub's
 * own writes are reported once, not echoed back by the watcher.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Hub } from '../../main/core/hub';
import { dispatch } from '../../main/core/dispatch';
import type { MethodInput, MethodName, MethodOutputs } from '../../main/core/contract';
import type { Change } from '../../main/core/changes';
import type { HubRecord } from '../../main/core/model';
import { libraryDir } from '../../main/platform/paths';
import { practiceDraft, tempDir } from './helpers';

/** A contract call through the same validation as every surface; a failure throws its HubError. */
async function call<M extends MethodName>(hub: Hub, method: M, input: MethodInput<M>): Promise<MethodOutputs[M]> {
  const r = await dispatch(hub.api, method, input);
  if (!r.ok) throw r.error;
  return r.value as MethodOutputs[M];
}

/** The socle CLI as a separate process on the same data folder. */
function socle(dir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/socle.js', '--data', dir, '--json', ...args], { cwd: process.cwd() });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, out, err }));
  });
}

/**
 * Waits, through the change feed's long poll, for a change to `id`. The bound is the product's
 * promise (within a second) with room for a loaded shared CI machine; the watcher's own delay
 * is 100 ms.
 */
async function changeTo(hub: Hub, since: number, id: string, boundMs = 5000): Promise<{ change: Change; seq: number }> {
  const until = Date.now() + boundMs;
  let seq = since;
  while (Date.now() < until) {
    const r = await call(hub, 'changes', { since: seq, waitMs: Math.max(1, until - Date.now()) });
    const change = r.changes.find((c) => c.id === id);
    if (change) return { change, seq: r.seq };
    seq = r.seq;
  }
  throw new Error(`no change to ${id} within ${boundMs} ms`);
}

describe('a running hub and the CLI on one data folder', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let hub: Hub;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    hub = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), compactAfterMs: 0, watch: true });
  });
  afterAll(async () => {
    await hub.close();
    await cleanup();
  });

  it('sees a practice the CLI adds, searchable, then its deletion and restoration', async () => {
    let { seq } = await call(hub, 'changes', { waitMs: 0 });
    const file = path.join(dir, '..', `${path.basename(dir)}-practice.json`);
    await fs.writeFile(file, JSON.stringify(practiceDraft({ title: 'Caisse villageoise de Kpalimé', body: 'Une caisse villageoise quinquagénaire mutualise les soins.' })));
    const added = await socle(dir, 'add', file);
    await fs.rm(file);
    expect(added.code, added.err).toBe(0);
    const id = (JSON.parse(added.out) as HubRecord).id;

    const seen = await changeTo(hub, seq, id);
    expect(seen.change).toMatchObject({ kind: 'record', id, type: 'practice', rev: 1, source: 'disk' });
    seq = seen.seq;
    expect((await call(hub, 'get', { id })).title).toBe('Caisse villageoise de Kpalimé');
    expect((await call(hub, 'search', { q: 'quinquagénaire' })).hits.map((h) => h.id)).toEqual([id]);

    expect((await socle(dir, 'delete', id)).code).toBe(0);
    const deleted = await changeTo(hub, seq, id);
    expect(deleted.change).toMatchObject({ id, deleted: true, source: 'disk' });
    seq = deleted.seq;
    expect((await call(hub, 'search', { q: 'quinquagénaire' })).hits).toHaveLength(0);
    expect((await call(hub, 'trash', {})).map((e) => e.record.id)).toContain(id);

    expect((await socle(dir, 'restore', id)).code).toBe(0);
    const restored = await changeTo(hub, seq, id);
    expect(restored.change).toMatchObject({ id, rev: expect.any(Number), source: 'disk' });
    expect((await call(hub, 'search', { q: 'quinquagénaire' })).hits.map((h) => h.id)).toEqual([id]);
  });

  it('an edit from a screen that read an older revision becomes a conflict, never an overwrite', async () => {
    const mine = await call(hub, 'create', { record: practiceDraft({ title: 'Guichet unique de Dapaong' }) });
    const { seq } = await call(hub, 'changes', { waitMs: 0 });
    // Another process edits it (a second hub on the same folder, as the CLI or a sync would).
    const other = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), compactAfterMs: 0 });
    try {
      await call(other, 'update', { id: mine.id, rev: mine.rev, changes: { summary: 'Écrit par un autre processus.' } });
    } finally {
      await other.close();
    }
    await expect(call(hub, 'update', { id: mine.id, rev: mine.rev, changes: { summary: 'Écrit ici, sur une version ancienne.' } })).rejects.toMatchObject({
      code: 'conflict',
    });
    const seen = await changeTo(hub, seq, mine.id);
    expect(seen.change.rev).toBe(2);
    expect(await call(hub, 'get', { id: mine.id })).toMatchObject({ rev: 2, summary: 'Écrit par un autre processus.' });
  });

  it("reports the hub's own writes once, as its own (the watcher's echo is a no-op)", async () => {
    const { seq } = await call(hub, 'changes', { waitMs: 0 });
    const created = await call(hub, 'create', { record: practiceDraft({ title: 'Pratique écrite ici' }) });
    await call(hub, 'update', { id: created.id, rev: 1, changes: { summary: 'Deuxième version.' } });
    // Longer than the watcher's delay: its echo of these two writes would be in by now.
    await new Promise((r) => setTimeout(r, 600));
    const r = await call(hub, 'changes', { since: seq, waitMs: 0 });
    expect(r.changes.filter((c) => c.id === created.id).map((c) => [c.rev, c.source])).toEqual([
      [1, 'here'],
      [2, 'here'],
    ]);
  });

  it('answers a long poll at once when something changed, and tells a caller too far behind to reload', async () => {
    const { seq } = await call(hub, 'changes', { waitMs: 0 });
    const waiting = call(hub, 'changes', { since: seq, waitMs: 20_000 });
    const created = await call(hub, 'create', { record: practiceDraft({ title: 'Réveil du long poll' }) });
    const r = await waiting;
    expect(r.changes.map((c) => c.id)).toContain(created.id);
    expect((await call(hub, 'changes', { since: seq + 1_000_000, waitMs: 0 })).reset).toBe(true);
  });
});
