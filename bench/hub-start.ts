/**
 * One application start, in a fresh process (what a user waits for): Hub.open on an existing data
 * directory with a warm index cache, then a first search. Run by bench/run.ts; prints one JSON line.
 *
 *   node --import tsx bench/hub-start.ts <dataDir> [prebuiltLibraryFile]
 */
import { Hub } from '../main/core/hub';
import { libraryDir } from '../main/platform/paths';

async function main(): Promise<void> {
  const [dataDir, prebuiltFile] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: hub-start.ts <dataDir> [prebuiltLibraryFile]');
  const t0 = performance.now();
  const hub = await Hub.open({ dataDir, libraryDir: libraryDir(), compactAfterMs: 0, ...(prebuiltFile ? { prebuiltFile } : {}) });
  const t1 = performance.now();
  const res = await hub.search({ q: 'protection sociale', limit: 20, offset: 0 });
  const t2 = performance.now();
  await hub.close();
  process.stdout.write(
    JSON.stringify({
      openMs: t1 - t0,
      firstSearchMs: t2 - t1,
      hits: res.total,
      prebuiltIndex: hub.prebuiltIndex,
      /** Since the process started (includes Node start-up and tsx compiling the sources: not what a bundled app pays). */
      processReadyMs: t2,
      rssMB: process.memoryUsage().rss / 1024 / 1024,
    }) + '\n',
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
