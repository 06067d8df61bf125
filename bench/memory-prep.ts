/**
 * Prepares a data directory of N bench practices with a warm index cache and a prebuilt library,
 * for bench/memory.ts:  node --import tsx bench/memory-prep.ts <dir> [N]
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makeCorpus } from './corpus';
import { Hub } from '../main/core/hub';
import { buildLibrary } from '../main/core/library/build';
import { libraryDir } from '../main/platform/paths';
import { STAMP_RACY_MS } from '../main/core/search/user-index';

async function main(): Promise<void> {
  const [dir, n] = process.argv.slice(2);
  if (!dir) throw new Error('usage: memory-prep.ts <dir> [N]');
  const size = Number(n ?? 100000);
  const dataDir = path.join(dir, 'data');
  const recDir = path.join(dataDir, 'records', 'practice');
  await fs.mkdir(recDir, { recursive: true });
  const records = makeCorpus(size);
  for (let i = 0; i < records.length; i += 64) {
    await Promise.all(records.slice(i, i + 64).map((r) => fs.writeFile(path.join(recDir, `${r.id}.json`), JSON.stringify({ record: r }, null, 1) + '\n')));
  }
  records.length = 0;
  await new Promise((r) => setTimeout(r, STAMP_RACY_MS));
  const hub = await Hub.open({ dataDir, libraryDir: libraryDir(), compactAfterMs: 0 });
  await hub.indexReadiness.whenReady();
  await hub.close();
  await buildLibrary(libraryDir(), path.join(dir, 'library.json'));
  console.log(`prepared ${size} practices in ${dataDir}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
