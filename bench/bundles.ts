/**
 * The bundle benchmark: export and import of N practices (10,000 by default), with time and peak
 * memory per phase. bench/ calls runBundleBenchmark(); it builds its own throwaway data
 * directories under `workDir` and removes them unless `keep`.
 *
 * Issue 13's references, measured in the same run on the same disk (the bundle written to a file
 * and flushed first, so no phase pays for another's dirty pages):
 *   - `unzip` + `sync`: extracting the bundle's files with the system's unzip and flushing them,
 *     the time any tool needs to put those files on disk durably (taken before and after the
 *     import; the lower of the two is the reference). Without an `unzip` binary: yauzl (the
 *     library the import reads with) writing each entry to a file, then `sync`; said in `refTool`.
 *   - the physical limit: writing the bundle's bytes once to one file and one fsync of it.
 * And RecordStore.open of the imported data dir (10,000 records read at start), first with the
 * trust manifest the import wrote, as every later start is.
 */
import { promises as fs, createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import { Hub } from '../main/core/hub';
import { RecordStore } from '../main/core/store/store';
import { THEMES, type Practice } from '../main/core/model';
import { buildBundle } from '../main/core/bundles/export';
import { applyImport, planImport, readBundle } from '../main/core/bundles/import';
import type { BundleProgress } from '../main/core/bundles/progress';

export interface PhaseMeasure {
  ms: number;
  /** Highest resident set size and JS heap seen during the phase, in MiB. */
  peakRssMiB: number;
  peakHeapMiB: number;
}

export interface BundleBenchmark {
  count: number;
  bundleBytes: number;
  /** Building the zip from the source library (selection, hashing, compression). */
  export: PhaseMeasure;
  /** Reading, checking and applying the bundle into an empty library (and each of the three steps). */
  import: PhaseMeasure & { written: number; readMs: number; planMs: number; applyMs: number };
  /**
   * After the import returned (committed): until search answers over the imported records. A large
   * import is indexed in one background build then (Hub.bulkSaved); not part of `import.ms`.
   */
  indexAfterImportMs: number;
  /** Importing the same bundle again: everything unchanged, nothing written. */
  reimport: PhaseMeasure & { written: number };
  /** Extracting the bundle's files and flushing them (see the file's comment): each try, and the lower. */
  refUnzipSyncMs: number;
  refUnzipSyncTries: number[];
  refTool: 'unzip' | 'yauzl';
  /** Writing the bundle's bytes once to one file + one fsync. */
  limitOneFsyncMs: number;
  /** RecordStore.open of the imported data dir (records read, parsed, trusted). */
  storeOpenMs: number;
}

export interface BenchmarkOptions {
  workDir: string;
  libraryDir: string;
  count?: number;
  keep?: boolean;
  onProgress?: (p: BundleProgress) => void;
}

/** Samples memory every 10 ms while `fn` runs (the import awaits often, so the sampler gets turns). */
async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; m: PhaseMeasure }> {
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const sample = () => {
    const u = process.memoryUsage();
    rss = Math.max(rss, u.rss);
    heap = Math.max(heap, u.heapUsed);
  };
  const timer = setInterval(sample, 10);
  const t0 = performance.now();
  try {
    const value = await fn();
    sample();
    return { value, m: { ms: Math.round(performance.now() - t0), peakRssMiB: mib(rss), peakHeapMiB: mib(heap) } };
  } finally {
    clearInterval(timer);
  }
}
const mib = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

/**
 * Writes N practice shards straight into a data directory (seeding is not what is measured). Each
 * file is fsync'ed, so that the import being measured does not pay for flushing the seed.
 */
export async function seedPractices(dataDir: string, count: number): Promise<void> {
  const dir = path.join(dataDir, 'records', 'practice');
  await fs.mkdir(dir, { recursive: true });
  const countries = ['CM', 'TG', 'SN', 'CV', 'BR', 'GH', 'CI', 'ML'];
  const at = new Date('2024-03-01T08:00:00.000Z').getTime();
  const installId = randomUUID();
  await fs.writeFile(path.join(dataDir, 'install.json'), JSON.stringify({ installId, createdAt: new Date(at).toISOString() }) + '\n');
  const batch: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const when = new Date(at + i * 60_000).toISOString();
    const record: Practice = {
      id: `bench-practice-${String(i).padStart(6, '0')}`,
      type: 'practice',
      rev: 1 + (i % 3),
      createdAt: when,
      updatedAt: when,
      lang: i % 2 ? 'fr' : 'en',
      origin: { kind: 'local', installId },
      title: `Practice ${i}: extending health coverage to informal workers`,
      summary: 'A scheme registers informal workers through mobile units and subsidises their contributions.',
      body: `## Context\n\nPractice number ${i}. ${'Mutual health organisations pool risk for market vendors and farmers. '.repeat(20)}\n`,
      country: countries[i % countries.length]!,
      partnerCountries: [],
      themes: [THEMES[i % THEMES.length]!],
      steps: [((i % 3) + 1) as 1 | 2 | 3],
      branches: ['medical-care'],
      guarantees: ['health'],
      sdgTargets: ['1.3'],
      results: 'Coverage rose from 12% to 31% in three years.',
      lessons: 'Start with groups that already organise themselves.',
      sources: [{ title: 'Workshop report' }],
      contact: '',
      status: 'validated',
      sensitivity: 'shareable',
      translations: {},
      related: [],
    };
    batch.push(writeSynced(path.join(dir, `${record.id}.json`), JSON.stringify({ record }) + '\n'));
    if (batch.length >= 256) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}

const run = promisify(execFile);
const sync = () => run('sync').then(() => undefined);

async function hasUnzip(): Promise<boolean> {
  return run('unzip', ['-v']).then(
    () => true,
    () => false,
  );
}

/** The reference: the bundle's files extracted into `dir` and flushed (`sync`), in ms. */
async function unzipAndSync(bundleFile: string, dir: string, tool: 'unzip' | 'yauzl'): Promise<number> {
  await sync();
  const t0 = performance.now();
  if (tool === 'unzip') execFileSync('unzip', ['-q', bundleFile, '-d', dir]);
  else await extractWithYauzl(bundleFile, dir);
  await sync();
  return Math.round(performance.now() - t0);
}

function extractWithYauzl(file: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const out = path.join(dir, entry.fileName);
        mkdirSync(path.dirname(out), { recursive: true });
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          stream.pipe(createWriteStream(out)).on('finish', () => zip.readEntry()).on('error', reject);
        });
      });
      zip.readEntry();
    });
  });
}

/** The physical limit: the bundle's bytes written once to one file, one fsync (and its folder's). */
async function writeOnceOneFsync(file: string, bytes: Buffer): Promise<number> {
  await sync();
  const t0 = performance.now();
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const dir = await fs.open(path.dirname(file), 'r');
  await dir.sync().finally(() => dir.close());
  return Math.round(performance.now() - t0);
}

/** Issue 13's goals for this phase, as PASS/FAIL lines (import <= 1.0x unzip + sync, export <= 1 s). */
export function bundleGoalLines(b: BundleBenchmark): string[] {
  const ratio = b.import.ms / b.refUnzipSyncMs;
  const status = (ok: boolean) => (ok ? 'PASS' : '*** FAIL ***');
  return [
    `import ${b.count}: ${b.import.ms} ms = ${ratio.toFixed(2)}x ${b.refTool === 'unzip' ? 'unzip' : 'yauzl extraction (no unzip binary)'} + sync (${b.refUnzipSyncMs} ms; tries ${b.refUnzipSyncTries.join(', ')} ms) - goal <= 1.0x: ${status(ratio <= 1)}`,
    `  import steps: read and check ${b.import.readMs} ms, plan ${b.import.planMs} ms, apply (write, flush, commit) ${b.import.applyMs} ms`,
    `  then, in the background (not in the import's time): search indexes the imported records in ${b.indexAfterImportMs} ms (searches wait for it, "indexing n %")`,
    `  physical limit, the bundle's ${(b.bundleBytes / 1024 / 1024).toFixed(1)} MB written once + one fsync: ${b.limitOneFsyncMs} ms (import = ${(b.import.ms / Math.max(1, b.limitOneFsyncMs)).toFixed(1)}x)`,
    `export ${b.count}: ${b.export.ms} ms - goal <= 1000 ms: ${status(b.export.ms <= 1000)}`,
    `store open (RecordStore.open, ${b.count} records read at start): ${b.storeOpenMs} ms`,
  ];
}

async function writeSynced(file: string, text: string): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function runBundleBenchmark(opts: BenchmarkOptions): Promise<BundleBenchmark> {
  const count = opts.count ?? 10_000;
  const root = await fs.mkdtemp(path.join(opts.workDir, 'socle-bundle-bench-'));
  const from = path.join(root, 'from');
  const to = path.join(root, 'to');
  try {
    await seedPractices(from, count);
    const source = await Hub.open({ dataDir: from, libraryDir: opts.libraryDir, compactAfterMs: 0 });
    // The seeded folder has no index cache: the hub builds it in the background (the cold path).
    // Export is measured once that is done, not while it competes with the build for the thread.
    await source.indexReadiness.whenReady();
    let bytes: Buffer;
    let exported: PhaseMeasure;
    try {
      const scope = { countries: [], workshops: [], types: ['practice' as const], themes: [], includeInternal: false };
      const r = await measure(() => buildBundle(source, { scope, publisher: { name: 'Benchmark', organisation: '' }, sign: true, onProgress: opts.onProgress }));
      bytes = r.value.bytes;
      exported = r.m;
    } finally {
      await source.close();
    }
    const bundleFile = path.join(root, 'bundle.socle');
    await fs.writeFile(bundleFile, bytes);
    await sync();
    const tool = await hasUnzip() ? 'unzip' : 'yauzl';
    const tries = [await unzipAndSync(bundleFile, path.join(root, 'ref-1'), tool)];
    const limitOneFsyncMs = await writeOnceOneFsync(path.join(root, 'limit.socle'), bytes);
    const target = await Hub.open({ dataDir: to, libraryDir: opts.libraryDir, compactAfterMs: 0 });
    let result: Omit<BundleBenchmark, 'refUnzipSyncMs' | 'refUnzipSyncTries' | 'refTool' | 'limitOneFsyncMs' | 'storeOpenMs'>;
    try {
      const steps = { readMs: 0, planMs: 0, applyMs: 0 };
      const importOnce = () =>
        measure(async () => {
          let t = performance.now();
          const lap = () => Math.round(-t + (t = performance.now()));
          const bundle = await readBundle(bytes, { onProgress: opts.onProgress });
          steps.readMs = lap();
          const plan = await planImport(target, bundle, { onProgress: opts.onProgress });
          steps.planMs = lap();
          const summary = await applyImport(target, plan, { onProgress: opts.onProgress });
          steps.applyMs = lap();
          return summary;
        });
      const first = await importOnce();
      const firstSteps = { ...steps };
      // The import returned once committed; search indexes it in the background meanwhile. The
      // next reference waits for that, so that it does not compete with the build for the CPU.
      const tIndex = performance.now();
      await target.indexReadiness.whenReady();
      const hits = await target.search({ q: 'informal', limit: 1, offset: 0 } as Parameters<Hub['search']>[0]);
      const indexAfterImportMs = Math.round(performance.now() - tIndex);
      if (hits.total < count) throw new Error(`search found ${hits.total} imported practices after the import, not ${count}`);
      tries.push(await unzipAndSync(bundleFile, path.join(root, 'ref-2'), tool));
      const second = await importOnce();
      result = {
        count,
        bundleBytes: bytes.length,
        export: exported,
        import: { ...first.m, ...firstSteps, written: first.value.written.records },
        indexAfterImportMs,
        reimport: { ...second.m, written: second.value.written.records },
      };
    } finally {
      await target.close();
    }
    const t0 = performance.now();
    const store = await RecordStore.open(to);
    const storeOpenMs = Math.round(performance.now() - t0);
    if (store.count() !== count) throw new Error(`store open read ${store.count()} records, not ${count}`);
    await store.close();
    return { ...result, refUnzipSyncMs: Math.min(...tries), refUnzipSyncTries: tries, refTool: tool, limitOneFsyncMs, storeOpenMs };
  } finally {
    if (!opts.keep) await fs.rm(root, { recursive: true, force: true });
  }
}
