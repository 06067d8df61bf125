/**
 * Sync benchmark (issue 11): with N practices (10,000 by default) in a data directory,
 *   1. first replication to an empty server (mirror into the replica + push),   goal < 10 s
 *   2. first replication from it into an empty data directory (pull + merge),  goal < 10 s
 *   3. one edit reaching a peer while both sync continuously (median of 5),      goal < 2 s
 * The server is express-pouchdb over PouchDB's memory adapter on 127.0.0.1 (a CouchDB-protocol
 * test double: Apache CouchDB is not installable here), in a process of its own, so figures leave
 * out a real server's disk but not its share of the two cores.
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
import { seedPractices } from './bundles';
import { buildBundle } from '../main/core/bundles/export';
import { applyImport, planImport, readBundle } from '../main/core/bundles/import';
import { libraryDir } from '../main/platform/paths';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface SyncBenchResult {
  count: number;
  pushMs: number;
  pushed: number;
  pullMs: number;
  pulled: number;
  received: number;
  editToPeerMs: number[];
  editToPeerMedianMs: number;
  /** Reference, same run: importing the same N practices from a bundle into an empty data dir (the same merge). */
  bundleImportMs: number;
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
/** The test server in its own process (tests/fixtures/sync/couch-server-main.ts), with database `db`. */
async function startServerProcess(db: string): Promise<{ url: string; child: ChildProcess }> {
  const main = fileURLToPath(new URL('../tests/fixtures/sync/couch-server-main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main, db], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /port (\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the test server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/${db}`, child };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runSyncBenchmark(opts: { workDir?: string; count?: number; keep?: boolean; log?: (s: string) => void } = {}): Promise<SyncBenchResult> {
  const count = opts.count ?? 10_000;
  const log = opts.log ?? ((s: string) => console.log(s));
  const root = await fs.mkdtemp(path.join(opts.workDir ?? os.tmpdir(), 'socle-sync-bench-'));
  const server = await startServerProcess('bench');
  const hubs: Hub[] = [];
  try {
    const url = server.url;
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

    // Reference on the same machine, in the same run: the same records through the bundle path
    // (export, then import into an empty data directory). Sync's apply step is this very merge.
    const scope = { countries: [], workshops: [], types: ['practice' as const], themes: [], includeInternal: false };
    const bundle = await buildBundle(a, { scope, publisher: { name: 'Bench', organisation: '' }, sign: false });
    const c = await Hub.open({ dataDir: path.join(root, 'c'), libraryDir: libraryDir(), compactAfterMs: 0 });
    hubs.push(c);
    t0 = performance.now();
    await applyImport(c, await planImport(c, await readBundle(bundle.bytes)));
    const bundleImportMs = performance.now() - t0;
    log(`sync: reference: bundle import of the same ${count} practices into an empty data directory: ${Math.round(bundleImportMs)} ms (pull / bundle import: ${(pullMs / bundleImportMs).toFixed(2)})`);

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
    return { count, pushMs, pushed: push.pushed, pullMs, pulled: pull.pulled, received, editToPeerMs, editToPeerMedianMs: editMedian, bundleImportMs, goals };
  } finally {
    for (const h of hubs) await h.close().catch(() => undefined);
    server.child.kill('SIGTERM');
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
