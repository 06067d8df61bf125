/**
 * Where a started hub's memory goes, stage by stage (issue 13: RSS <= 1 GB at 100,000), on a data
 * directory prepared by bench/memory-prep.ts (or one kept by `npm run bench -- --keep`).
 *
 *   node --expose-gc --import tsx bench/memory.ts <dataDir> [prebuiltLibraryFile] [--store-only]
 *
 * Prints, after each stage and a full GC: RSS, V8 heap used, external + array buffers, and the
 * time the stage took. Not a budget check: bench/hub-start.ts measures the start as a user sees it.
 */
import { Hub } from '../main/core/hub';
import { RecordStore } from '../main/core/store/store';
import { openWarmIndex } from '../main/core/search/warm-start';
import { libraryDir } from '../main/platform/paths';

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function report(stage: string, ms: number): void {
  gc();
  gc();
  const m = process.memoryUsage();
  console.log(
    `${stage.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms  rss ${(m.rss / MB).toFixed(0).padStart(5)} MB  heapUsed ${(m.heapUsed / MB).toFixed(0).padStart(5)} MB  external ${(m.external / MB).toFixed(0).padStart(4)} MB (arrayBuffers ${(m.arrayBuffers / MB).toFixed(0)})  peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const storeOnly = args.includes('--store-only');
  const [dataDir, prebuiltFile] = args.filter((a) => !a.startsWith('--'));
  if (!dataDir) throw new Error('usage: memory.ts <dataDir> [prebuiltLibraryFile] [--store-only]');
  report('start', 0);
  if (storeOnly) {
    const t = performance.now();
    const store = await RecordStore.open(dataDir);
    report(`RecordStore.open (${store.count()})`, performance.now() - t);
    console.log(JSON.stringify(store.loadStats));
    return;
  }
  let t = performance.now();
  const opened = await openWarmIndex({ dataDir, libraryDir: libraryDir(), ...(prebuiltFile ? { prebuiltFile } : {}) });
  const first = opened.ok ? opened.warm.search({ q: 'protection sociale', limit: 20, offset: 0 }).total : -1;
  report(`warm index + search (${first})`, performance.now() - t);
  t = performance.now();
  const hub = await Hub.open({ dataDir, libraryDir: libraryDir(), compactAfterMs: 0, ...(prebuiltFile ? { prebuiltFile } : {}), ...(opened.ok ? { warm: opened.warm } : {}) });
  report('Hub.open', performance.now() - t);
  console.log('  timings', JSON.stringify(hub.openTimings, (_k, v) => (typeof v === 'number' ? Math.round(v) : v)));
  t = performance.now();
  const res = await hub.search({ q: 'protection sociale', limit: 20, offset: 0 });
  report(`search (${res.total})`, performance.now() - t);
  t = performance.now();
  await hub.close();
  report('close', performance.now() - t);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
