/**
 * One application start, in a fresh process (what a user waits for), on an existing data directory
 * with a warm index cache: the index files are read (core/search/warm-start.ts) and a first search
 * answered from them, then Hub.open completes (adopting that index) as the app's would. Without a
 * usable warm index (no prebuilt library, a stale cache), the first search waits for Hub.open.
 * Run by bench/run.ts; prints one JSON line.
 *
 *   node --import tsx bench/hub-start.ts <dataDir> [prebuiltLibraryFile]
 */
import { readFileSync } from 'node:fs';
import { Hub } from '../main/core/hub';
import { openWarmIndex } from '../main/core/search/warm-start';
import { userIndexFile } from '../main/core/search/user-index';
import { libraryDir } from '../main/platform/paths';

async function main(): Promise<void> {
  const [dataDir, prebuiltFile] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: hub-start.ts <dataDir> [prebuiltLibraryFile]');
  const q = { q: 'protection sociale', limit: 20, offset: 0 };
  const t0 = performance.now();
  const opened = await openWarmIndex({ dataDir, libraryDir: libraryDir(), ...(prebuiltFile ? { prebuiltFile } : {}) });
  const warmRes = opened.ok ? opened.warm.search(q) : undefined;
  const tw = performance.now();
  const hub = await Hub.open({ dataDir, libraryDir: libraryDir(), compactAfterMs: 0, ...(prebuiltFile ? { prebuiltFile } : {}), ...(opened.ok ? { warm: opened.warm } : {}) });
  const t1 = performance.now();
  const res = await hub.search(q);
  const t2 = performance.now();
  await hub.close();
  // The physical floor of the warm start: the user index file's bytes, from the page cache.
  const tr = performance.now();
  const bytes = readFileSync(userIndexFile(dataDir)).length;
  const indexFileReadMs = performance.now() - tr;
  process.stdout.write(
    JSON.stringify({
      /** To the first search's answer: from the index files when they apply, else after Hub.open. */
      startFirstSearchMs: warmRes ? tw - t0 : t2 - t0,
      warm: opened.ok,
      warmReason: opened.ok ? undefined : opened.reason,
      sameTotal: !warmRes || warmRes.total === res.total,
      openMs: t1 - t0,
      firstSearchMs: t2 - t1,
      hits: res.total,
      prebuiltIndex: hub.prebuiltIndex,
      indexFileReadMs,
      indexFileMB: bytes / 1024 / 1024,
      /** Since the process started (includes Node start-up and tsx compiling the sources: not what a bundled app pays). */
      processReadyMs: t2,
      rssMB: process.memoryUsage().rss / 1024 / 1024,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
    }) + '\n',
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
