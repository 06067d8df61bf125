/**
 * Export: choose records by scope, then write them with a manifest (and optionally a signature)
 * into a .socle zip. `buildBundle` returns the bytes (the browser mode streams them); 
 * `exportBundleToFile` writes them atomically to a file the user chose.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Hub } from '../hub';
import { HUB_VERSION } from '../version';
import { EDITABLE_TYPES, RECORD_TYPES, type EditableType, type HubRecord, type RecordType } from '../model';
import { HubFailure } from '../result';
import { writeFileAtomic } from '../store/atomic-file';
import {
  BUNDLE_EXTENSION,
  FORMAT_NAME,
  FORMAT_VERSION,
  MANIFEST_ENTRY,
  SIGNATURE_ENTRY,
  endOf,
  recordEntryName,
  startOf,
  tokenSchema,
  type Manifest,
  type ManifestEntry,
  type Publisher,
  type Scope,
  type Signature,
} from './format';
import { contentHash, sha256 } from './hash';
import { ensureIdentity, signBytes } from './identity';
import { ProvenanceBook } from './provenance';
import { throttled, type ProgressFn } from './progress';
import { writeZip, type ZipInput } from './zip-write';

/** One line of the export preview. */
export interface ExportItem {
  id: string;
  type: EditableType;
  title: string;
  country?: string;
  rev: number;
  updatedAt: string;
  sensitivity: 'shareable' | 'internal';
  origin: HubRecord['origin']['kind'];
}

export interface ExportPreview {
  counts: Record<EditableType, number> & { total: number };
  /** What will go in, by kind then id (at most `limit` items; counts are always complete). */
  records: ExportItem[];
  /** Left out: records marked internal (unless includeInternal), bundled library records never changed here. */
  excluded: { internal: number; library: number };
  /** Records marked internal that will go in because includeInternal is set. */
  includedInternal: number;
}

export interface BuiltBundle {
  bytes: Buffer;
  manifest: Manifest;
  bundleId: string;
  /** SHA-256 of the whole .socle file. */
  sha256: string;
  fingerprint?: string;
}

export interface ExportResult {
  file: string;
  bytes: number;
  sha256: string;
  bundleId: string;
  count: number;
  counts: Record<EditableType, number> & { total: number };
  signed: boolean;
  fingerprint?: string;
}

export const sensitivityOf = (r: HubRecord): 'shareable' | 'internal' => ('sensitivity' in r ? r.sensitivity : 'shareable');

export function countriesOf(r: HubRecord): string[] {
  switch (r.type) {
    case 'practice':
      return [r.country, ...r.partnerCountries];
    case 'plan':
    case 'coverage':
    case 'project':
      return [r.country];
    case 'note':
      return r.country ? [r.country] : [];
    case 'workshop':
      return [...r.participants.map((p) => p.country), ...r.groups.map((g) => g.country)].filter((c): c is string => !!c);
    default:
      return [];
  }
}

export function themesOf(r: HubRecord): string[] {
  if (r.type === 'practice') return r.themes;
  if (r.type === 'note') return r.tags;
  return [];
}

export function inScope(r: HubRecord, scope: Scope): boolean {
  if (scope.types.length && !(scope.types as readonly string[]).includes(r.type)) return false;
  if (scope.countries.length && !countriesOf(r).some((c) => scope.countries.includes(c))) return false;
  if (scope.workshops.length) {
    const ws = r.type === 'workshop' ? r.id : 'workshopId' in r ? r.workshopId : undefined;
    if (!ws || !scope.workshops.includes(ws)) return false;
  }
  if (scope.themes.length && !themesOf(r).some((t) => scope.themes.includes(t))) return false;
  const t = Date.parse(r.updatedAt);
  if (scope.since && t < startOf(scope.since)) return false;
  if (scope.until && t > endOf(scope.until)) return false;
  return true;
}

/**
 * The records a scope selects. Guides are never exported (they ship with every Socle). Bundled
 * library records the user never changed are left out (every receiver has them already), except
 * a workshop named in the scope; records marked internal are left out unless includeInternal.
 */
export function selectRecords(hub: Hub, scope: Scope): { records: HubRecord[]; excluded: { internal: number; library: number }; includedInternal: number } {
  const excluded = { internal: 0, library: 0 };
  let includedInternal = 0;
  const records: HubRecord[] = [];
  for (const r of hub.visible()) {
    if (r.type === 'guide' || !inScope(r, scope)) continue;
    const pristineLibrary = r.origin.kind === 'library' && !hub.store.get(r.id);
    if (pristineLibrary && !(r.type === 'workshop' && scope.workshops.includes(r.id))) {
      excluded.library++;
      continue;
    }
    if (sensitivityOf(r) === 'internal') {
      if (!scope.includeInternal) {
        excluded.internal++;
        continue;
      }
      includedInternal++;
    }
    records.push(r);
  }
  records.sort((a, b) => RECORD_TYPES.indexOf(a.type) - RECORD_TYPES.indexOf(b.type) || a.id.localeCompare(b.id));
  return { records, excluded, includedInternal };
}

function countsOf(records: HubRecord[]): Record<EditableType, number> & { total: number } {
  const counts = Object.fromEntries(EDITABLE_TYPES.map((t) => [t, 0])) as Record<EditableType, number>;
  for (const r of records) counts[r.type as EditableType]++;
  return { ...counts, total: records.length };
}

export function exportPreview(hub: Hub, scope: Scope, limit = 10_000): ExportPreview {
  const { records, excluded, includedInternal } = selectRecords(hub, scope);
  return {
    counts: countsOf(records),
    records: records.slice(0, limit).map((r) => ({
      id: r.id,
      type: r.type as EditableType,
      title: hub.summarize(r).title,
      country: 'country' in r ? r.country : undefined,
      rev: r.rev,
      updatedAt: r.updatedAt,
      sensitivity: sensitivityOf(r),
      origin: r.origin.kind,
    })),
    excluded,
    includedInternal,
  };
}

/**
 * Ids of the records that have a history file. Only records ever edited here have one: list them
 * once rather than try to open 10,000 files that do not exist.
 */
export async function idsWithHistory(hub: Hub): Promise<Set<string>> {
  const historyDir = path.dirname(hub.store.filesOf('practice', 'any').history);
  return new Set((await fs.readdir(historyDir).catch(() => [] as string[])).map((n) => n.replace(/\.json$/, '')));
}

/**
 * The content hashes a record descends from (at most 64): its previous revisions here, and the
 * versions taken from other lines (bundles or sync peers), including incoming versions a conflict
 * resolution dealt with. A receiver holding one of them takes the record as an update. Shared by
 * bundle export and sync (main/core/sync), so both speak the same ancestry.
 */
export async function ancestorsOf(hub: Hub, r: HubRecord, book: ProvenanceBook, withHistory?: Set<string>): Promise<string[]> {
  const ancestors = new Set<string>();
  if (!withHistory || withHistory.has(r.id)) for (const prev of await hub.store.history(r.id).catch(() => [] as HubRecord[])) ancestors.add(contentHash(prev));
  for (const h of book.hashesFor(r.id)) ancestors.add(h);
  // The record's own hash is computed only when there is something to take it out of: most
  // records of a large export have no history and no provenance (10,000 hashes saved).
  if (ancestors.size) ancestors.delete(contentHash(r));
  return [...ancestors].slice(0, 64);
}

/** The bundle line of this installation: its install id, or a hash of it if it is not a plain uuid. */
export function lineOf(hub: Hub): string {
  const id = hub.store.id;
  return tokenSchema.safeParse(id).success ? id : sha256(id).slice(0, 32);
}

export interface BuildOptions {
  scope: Scope;
  publisher: Publisher;
  sign: boolean;
  onProgress?: ProgressFn;
  /** Fixed values for reproducible output (tests, fixtures). */
  now?: Date;
  bundleId?: string;
}

export async function buildBundle(hub: Hub, opts: BuildOptions): Promise<BuiltBundle> {
  const now = opts.now ?? new Date();
  const bundleId = opts.bundleId ?? randomUUID();
  const { records } = selectRecords(hub, opts.scope);
  const total = records.length;
  const book = await ProvenanceBook.load(hub.store.dataDir, (p) => hub.store.report(p));
  // Only records that were ever edited here have a history file: list them once rather than try
  // to open 10,000 files that do not exist.
  const withHistory = await idsWithHistory(hub);

  const entries: ManifestEntry[] = new Array<ManifestEntry>(total);
  const files: ZipInput[] = new Array<ZipInput>(total);
  const tick = throttled(opts.onProgress, { op: 'export', phase: 'hash', total });
  let done = 0;
  await mapLimit(records, 32, async (r, i) => {
    const data = Buffer.from(JSON.stringify(r, null, 2) + '\n', 'utf8');
    const ancestors = await ancestorsOf(hub, r, book, withHistory);
    const path = recordEntryName(r.id);
    entries[i] = { path, sha256: sha256(data), bytes: data.length, id: r.id, type: r.type, rev: r.rev, ancestors };
    files[i] = { name: path, data };
    tick(++done);
  });

  let identity: Awaited<ReturnType<typeof ensureIdentity>> | undefined;
  if (opts.sign) identity = await ensureIdentity(hub.store.dataDir);
  const counts = Object.fromEntries(RECORD_TYPES.map((t) => [t, 0])) as Record<RecordType, number>;
  for (const r of records) counts[r.type]++;
  // The skills-clinic kinds came after format version 1 was first shipped: their counts are
  // written only when the bundle holds some (the reader defaults them to 0), so a Socle that
  // predates them still reads every bundle without them.
  for (const t of ['coverage', 'project'] as const) if (!counts[t]) delete (counts as Partial<Record<RecordType, number>>)[t];
  const manifest: Manifest = {
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    bundleId,
    line: lineOf(hub),
    createdAt: now.toISOString(),
    generator: `Socle ${HUB_VERSION}`,
    publisher: { ...opts.publisher, ...(identity ? { fingerprint: identity.fingerprint } : {}) },
    scope: opts.scope,
    counts: { ...counts, total },
    entries,
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
  const head: ZipInput[] = [{ name: MANIFEST_ENTRY, data: manifestBytes }];
  if (identity) {
    const signature: Signature = {
      algorithm: 'Ed25519',
      publicKey: identity.publicKey,
      fingerprint: identity.fingerprint,
      signature: signBytes(identity, manifestBytes).toString('base64'),
    };
    head.push({ name: SIGNATURE_ENTRY, data: Buffer.from(JSON.stringify(signature, null, 2) + '\n', 'utf8') });
  }
  const all = [...head, ...files];
  const compressTick = throttled(opts.onProgress, { op: 'export', phase: 'compress', total: all.length });
  const bytes = await writeZip(all, now, compressTick);
  return { bytes, manifest, bundleId, sha256: sha256(bytes), fingerprint: identity?.fingerprint };
}

/**
 * Where a bundle may be written: an absolute path ending in .socle, in an existing folder, not
 * inside the data directory, and not over an existing file unless `overwrite` (the desktop save
 * dialog has already asked).
 */
export async function checkOutFile(dataDir: string, outFile: string, overwrite: boolean): Promise<string> {
  if (!path.isAbsolute(outFile)) throw new HubFailure('invalid', 'outFile: must be an absolute path.', { field: 'outFile' });
  if (!outFile.toLowerCase().endsWith(BUNDLE_EXTENSION)) throw new HubFailure('invalid', `outFile: must end with ${BUNDLE_EXTENSION}.`, { field: 'outFile' });
  const file = path.resolve(outFile);
  const rel = path.relative(path.resolve(dataDir), file);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
    throw new HubFailure('invalid', 'outFile: must not be inside the data directory.', { field: 'outFile' });
  }
  const dir = await fs.stat(path.dirname(file)).catch(() => undefined);
  if (!dir?.isDirectory()) throw new HubFailure('not-found', `outFile: the folder ${path.dirname(file)} does not exist.`, { field: 'outFile' });
  const existing = await fs.lstat(file).catch(() => undefined);
  if (existing && !overwrite) throw new HubFailure('conflict', `outFile: ${file} already exists (pass overwrite to replace it).`, { field: 'outFile' });
  if (existing && !existing.isFile()) throw new HubFailure('invalid', `outFile: ${file} exists and is not a regular file.`, { field: 'outFile' });
  return file;
}

export async function exportBundleToFile(hub: Hub, opts: BuildOptions & { outFile: string; overwrite: boolean }): Promise<ExportResult> {
  const file = await checkOutFile(hub.store.dataDir, opts.outFile, opts.overwrite);
  const built = await buildBundle(hub, opts);
  opts.onProgress?.({ op: 'export', phase: 'write', done: 0, total: 1 });
  await writeFileAtomic(file, built.bytes);
  opts.onProgress?.({ op: 'export', phase: 'write', done: 1, total: 1 });
  const { total, ...byType } = built.manifest.counts;
  const counts = Object.fromEntries(EDITABLE_TYPES.map((t) => [t, byType[t]])) as Record<EditableType, number>;
  return {
    file,
    bytes: built.bytes.length,
    sha256: built.sha256,
    bundleId: built.bundleId,
    count: total,
    counts: { ...counts, total },
    signed: !!built.fingerprint,
    fingerprint: built.fingerprint,
  };
}

export async function mapLimit<T>(items: T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  let hasFailed = false;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    // Stop taking new items after a failure, but let the ones in flight finish: a caller that
    // rolls back must not race writes still under way.
    while (next < items.length && !hasFailed) {
      const i = next++;
      try {
        await fn(items[i]!, i);
      } catch (e) {
        if (!hasFailed) {
          hasFailed = true;
          failed = e;
        }
      }
    }
  });
  await Promise.all(workers);
  if (hasFailed) throw failed;
}
