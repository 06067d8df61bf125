/** Build step for the bundled library: strict validation + prebuilt search index (see scripts/build-library.js). */
import { performance } from 'node:perf_hooks';
import { loadLibrary } from './load';
import { SearchEngine } from '../search/engine';
import { toSearchDocs } from '../search/docs';
import { writeFileAtomic } from '../store/atomic-file';
import { libraryStamp, makePrebuilt } from '../search/prebuilt';

export async function buildLibrary(libraryDir: string, outFile: string) {
  const t0 = performance.now();
  // Before the files are read: a change during the build then makes the stamp differ (search/prebuilt.ts).
  const stamp = await libraryStamp(libraryDir);
  const { library } = await loadLibrary(libraryDir, { strict: true });
  const docs = library.records.flatMap(toSearchDocs);
  const prebuilt = makePrebuilt(library, docs, SearchEngine.buildSegments(docs), stamp);
  const json = JSON.stringify(prebuilt);
  await writeFileAtomic(outFile, json);
  return {
    file: outFile,
    records: library.records.length,
    guides: library.records.filter((r) => r.type === 'guide').length,
    practices: library.records.filter((r) => r.type === 'practice').length,
    glossary: library.glossary.length,
    kb: Math.round(json.length / 1024),
    ms: Math.round(performance.now() - t0),
  };
}
