/**
 * Sync benchmark (issue 11): with N practices (10,000 by default) in a data directory,
 *   1. first replication to an empty server (mirror into the replica + push),   goal < 10 s
 *   2. first replication from it into an empty data directory (pull + merge),  goal < 10 s
 *   3. one edit reaching a peer while both sync continuously (median of 5),      goal < 2 s
 * The server is express-pouchdb over PouchDB's memory adapter on 127.0.0.1 (a CouchDB-protocol
 * test double: Apache CouchDB is not installable here), so figures leave out a real server's disk.
 *
 *   node --import tsx bench/sync.ts [--count N] [--keep]     (also run by `npm run bench`, see bench/README.md)
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Hub } from '../main/core/hub';
import { dispatch } from '../main/core/dispatch';
import type { MethodInput, MethodName, MethodOutputs } from '../main/core/contract';
import { syncService } from '../main/core/sync/api';
import { seedPractices } from '../main/core/bundles/bench';
import { libraryDir } from '../main/platform/paths';
import { startCouch } from '../tests/fixtures/sync/couch-server';

export interface SyncBenchResult {
  count: number;
  pushMs: number;
  pushed: number;
  pullMs: number;
  pulled: number;
  received: number;
  editToPeerMs: number[];
  editToPeerMedianMs: number;
  goals: { name: string; value: number; budget: number; pass: boolean }[];
}

async function call<M extends MethodName>(hub: Hub, method: M, input: MethodInput<M>): Promise<MethodOutputs[M]> {
  const r = await dispatch(hub.api, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as MethodOutputs[M];
}

const steps = (hub: Hub) =>
  Object.entries(syncService(hub).timings)
    .map(([k, v]) => `${k} ${Math.round(v)} ms`)
    .join(', ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runSyncBenchmark(opts: { workDir?: string; count?: number; keep?: boolean; log?: (s: string) => void } = {}): Promise<SyncBenchResult> {
  const count = opts.count ?? 10_000;
  const log = opts.log ?? ((s: string) => console.log(s));
  const root = await fs.mkdtemp(path.join(opts.workDir ?? os.tmpdir(), 'socle-sync-bench-'));
  const couch = await startCouch();
  const hubs: Hub[] = [];
  try {
    await couch.createDb('bench');
    const url = couch.url('bench');
    log(`sync: seeding ${count} practices...`);
    await seedPractices(path.join(root, 'a'), count);
    const a = await Hub.open({ dataDir: path.join(root, 'a'), libraryDir: libraryDir(), compactAfterMs: 0 });
    hubs.push(a);
    await call(a, 'syncConfigure', { url });

    let t0 = performance.now();
    const push = await call(a, 'syncNow', {});
    const pushMs = performance.now() - t0;
    log(`sync: first replication to an empty server: ${Math.round(pushMs)} ms (${push.pushed} documents pushed; ${steps(a)})`);

    const b = await Hub.open({ dataDir: path.join(root, 'b'), libraryDir: libraryDir(), compactAfterMs: 0 });
    hubs.push(b);
    await call(b, 'syncConfigure', { url });
    t0 = performance.now();
    const pull = await call(b, 'syncNow', {});
    const pullMs = performance.now() - t0;
    const received = [...b.store.all()].length;
    log(`sync: first replication into an empty data directory: ${Math.round(pullMs)} ms (${pull.pulled} pulled, ${received} records in the store; ${steps(b)})`);

    await call(a, 'syncStart', {});
    await call(b, 'syncStart', {});
    const editToPeerMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const id = `bench-practice-${String(i * 7).padStart(6, '0')}`;
      const title = `Edited in continuous sync ${i}`;
      const arrived = new Promise<number>((resolve) => {
        const off = b.onRecordChange((changed, record) => {
          if (changed === id && record && 'title' in record && record.title === title) {
            off();
            resolve(performance.now());
          }
        });
      });
      const current = a.store.get(id)!;
      const start = performance.now();
      await call(a, 'update', { id, rev: current.rev, changes: { title } });
      const timeout = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('the edit did not reach the peer within 30 s')), 30_000).unref());
      editToPeerMs.push((await Promise.race([arrived, timeout])) - start);
    }
    await call(a, 'syncStop', {});
    await call(b, 'syncStop', {});
    const editMedian = median(editToPeerMs);
    log(`sync: one edit reaching a peer in continuous sync: median ${Math.round(editMedian)} ms (${editToPeerMs.map((x) => Math.round(x)).join(', ')})`);

    const goals = [
      { name: `first replication of ${count} practices to an empty server`, value: pushMs, budget: 10_000, pass: pushMs < 10_000 && push.pushed === count },
      { name: `first replication of ${count} practices into an empty data directory`, value: pullMs, budget: 10_000, pass: pullMs < 10_000 && received === count },
      { name: 'one edit reaching a peer (continuous, median)', value: editMedian, budget: 2_000, pass: editMedian < 2_000 },
    ];
    for (const g of goals) log(`${g.pass ? 'PASS' : 'FAIL'}  sync: ${g.name}: ${Math.round(g.value)} ms (goal < ${g.budget} ms)`);
    return { count, pushMs, pushed: push.pushed, pullMs, pulled: pull.pulled, received, editToPeerMs, editToPeerMedianMs: editMedian, goals };
  } finally {
    for (const h of hubs) await h.close().catch(() => undefined);
    await couch.close();
    if (!opts.keep) await fs.rm(root, { recursive: true, force: true });
  }
}

const isMain = !!process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const argv = process.argv.slice(2);
  const n = argv.includes('--count') ? Number(argv[argv.indexOf('--count') + 1]) : 10_000;
  runSyncBenchmark({ count: n, keep: argv.includes('--keep') }).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`sync bench failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
