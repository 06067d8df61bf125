/**
 * The bundle benchmark: export and import of N practices (10,000 by default), with time and peak
 * memory per phase. bench/ calls runBundleBenchmark(); it builds its own throwaway data
 * directories under `workDir` and removes them unless `keep`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Hub } from '../main/core/hub';
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
  /** Reading, checking and applying the bundle into an empty library. */
  import: PhaseMeasure & { written: number };
  /** Importing the same bundle again: everything unchanged, nothing written. */
  reimport: PhaseMeasure & { written: number };
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
    const target = await Hub.open({ dataDir: to, libraryDir: opts.libraryDir, compactAfterMs: 0 });
    try {
      const importOnce = () =>
        measure(async () => {
          const bundle = await readBundle(bytes, { onProgress: opts.onProgress });
          return applyImport(target, await planImport(target, bundle, { onProgress: opts.onProgress }), { onProgress: opts.onProgress });
        });
      const first = await importOnce();
      const second = await importOnce();
      return {
        count,
        bundleBytes: bytes.length,
        export: exported,
        import: { ...first.m, written: first.value.written.records },
        reimport: { ...second.m, written: second.value.written.records },
      };
    } finally {
      await target.close();
    }
  } finally {
    if (!opts.keep) await fs.rm(root, { recursive: true, force: true });
  }
}
