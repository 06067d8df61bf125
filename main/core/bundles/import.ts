/**
 * Import, in three steps that never mix:
 *   1. readBundle: check everything in memory (zip structure, manifest, signature, checksums,
 *      JSON, every record against recordSchema). The data directory is not touched.
 *   2. planImport: compare each record with the library: new, updated, unchanged, conflict or
 *      rejected (with the reason). Still nothing written: this is the preview.
 *   3. applyImport: journal the files it will touch, write, and commit; if any write fails,
 *      put every file back (./journal.ts). Importing never deletes.
 *
 * Merge rules (docs/bundle-format.md, "Merging"): records are compared by content hash, not by
 * revision number alone, because revisions count edits in one installation only. The local copy
 * is updated when it is a version the incoming record descends from (its hash is among the
 * incoming `ancestors`), or when it is still what this line last sent (provenance) and the line
 * now sends a newer revision. Otherwise both sides changed: a conflict, with the incoming
 * version kept under <data>/conflicts/ and the local record untouched.
 */
import type { Hub } from '../hub';
import { recordSchema, type HubRecord, type Origin, type RecordType } from '../model';
import { HubFailure } from '../result';
import { flushDurably, writeFileAtomic } from '../store/atomic-file';
import { toSearchDocs } from '../search/docs';
import {
  DEFAULT_LIMITS,
  FORMAT_NAME,
  FORMAT_VERSION,
  MANIFEST_ENTRY,
  RECORD_ENTRY,
  SIGNATURE_ENTRY,
  manifestSchema,
  recordEntryName,
  signatureSchema,
  type BundleLimits,
  type Manifest,
  type ManifestEntry,
  type Publisher,
  type Scope,
} from './format';
import { canonicalJson, changedFields, contentHash, sha256 } from './hash';
import { fingerprintOf, loadIdentity, verifyBytes } from './identity';
import { parseBundleJson } from './safe-json';
import { openZip, readEntrySync } from './zip-read';
import { ProvenanceBook, type ProvenanceEntry } from './provenance';
import { conflictFile, readConflict, renderConflict, withVersion, type ConflictVersion } from './conflicts';
import { Journal } from './journal';
import { lineOf } from './export';
import { throttled, type ProgressFn } from './progress';
import { addTrusted, loadTrusted, trustOf, type TrustInfo } from './trust';
import type { StoreProblem } from '../store/quarantine';
import { SimulatedStoreCrash } from '../store/store';

export interface ReadBundle {
  /** SHA-256 of the whole .socle file. */
  sha256: string;
  bytes: number;
  manifest: Manifest;
  signed: boolean;
  fingerprint?: string;
  records: { entry: ManifestEntry; record: HubRecord }[];
}

export type ImportStatus = 'new' | 'updated' | 'unchanged' | 'conflict' | 'rejected';
export const IMPORT_STATUSES: readonly ImportStatus[] = ['new', 'updated', 'unchanged', 'conflict', 'rejected'];

/** One record of the import preview. */
export interface ImportItem {
  id: string;
  type: RecordType;
  title: string;
  status: ImportStatus;
  /** Why: always set for unchanged, conflict and rejected. */
  reason?: string;
  incomingRev: number;
  /** The local revision (absent for new records; 0 when the local copy is in the trash). */
  localRev?: number;
  /** Fields that differ from the local copy (updated and conflict). */
  fields?: string[];
}

export interface BundleInfo {
  bundleId: string;
  line: string;
  createdAt: string;
  generator?: string;
  formatVersion: number;
  publisher: Publisher;
  signed: boolean;
  /** SHA-256 of the publisher's public key (signed bundles only): compare it with the publisher's. */
  fingerprint?: string;
  scope: Scope;
  counts: Manifest['counts'];
  sha256: string;
  bytes: number;
  /** The bundle was exported by this very installation (signed with its key). */
  fromThisInstall: boolean;
  /** Whether its signer is trusted here to change the bundled library, and whether its name is known with another key. */
  trust: TrustInfo;
}

export interface ImportPreview {
  /** Pass it to importApply as expectPreviewId: the import is refused if the outcome would differ. */
  previewId: string;
  bundle: BundleInfo;
  counts: Record<ImportStatus, number> & { total: number };
  items: ImportItem[];
  /** False when applying would write nothing at all (e.g. the same bundle imported twice). */
  changes: boolean;
  /** Records of the bundled library it would change, refused until its signer is trusted (0 when trusted or none). */
  needsTrust: number;
}

export interface ImportSummary {
  previewId: string;
  bundleId: string;
  counts: Record<ImportStatus, number> & { total: number };
  /** Records written (new + updated) and incoming versions set aside as conflicts. */
  written: { records: number; conflicts: number };
  /** Ids now waiting in the conflicts list because of this import. */
  conflicts: string[];
  importedAt: string;
  changed: boolean;
}

interface PlannedItem extends ImportItem {
  incoming: HubRecord;
  hash: string;
  /** The revision that must still be on disk when writing (0: none). */
  expectRev: number;
  localHash?: string;
  write?: HubRecord;
  conflict?: ConflictVersion;
  provenance?: ProvenanceEntry;
  /** Rejected only because its signer is not trusted to change the bundled library. */
  needsTrust?: boolean;
}

/**
 * What the merge needs from a source of incoming records: a bundle read from a file, or a batch of
 * revisions pulled by sync (main/core/sync) from one peer. One source = one line (one peer).
 */
export interface MergeSource {
  /** Identifies the incoming batch (a bundle's SHA-256; a sync pass's own hash). */
  sha256: string;
  manifest: Pick<Manifest, 'line' | 'bundleId' | 'publisher'>;
  /** Signed by its publisher's key (a bundle may be; a sync batch never is: peers are not trusted to change the bundled library). */
  signed?: boolean;
  fingerprint?: string;
  /** Each `record` is recordSchema's output (applyImport relies on it: see RecordStore.saveBatch's `parsed`). */
  records: { entry: Pick<ManifestEntry, 'ancestors'>; record: HubRecord }[];
}

export interface ImportPlan<S extends MergeSource = ReadBundle> {
  bundle: S;
  items: PlannedItem[];
  previewId: string;
  importedAt: string;
  book: ProvenanceBook;
  provenanceText?: string;
  /** This installation's publisher key fingerprint, if it has a key. */
  ownFingerprint?: string;
  trust: TrustInfo;
  /** The user asked to trust this (signed) bundle's publisher: applying remembers its key. */
  trustPublisher: boolean;
}

function fail(code: 'corrupt' | 'invalid' | 'unsupported' | 'too-large', message: string, extra: Record<string, unknown> = {}): never {
  throw new HubFailure(code, message, { details: extra });
}

// ---- 1. read and check --------------------------------------------------------------------

export async function readBundle(bytes: Buffer, opts: { limits?: BundleLimits; onProgress?: ProgressFn } = {}): Promise<ReadBundle> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const zip = await openZip(bytes, limits);
  try {
    const names = new Set(zip.entries.map((e) => e.name));
    for (const name of names) {
      if (name !== MANIFEST_ENTRY && name !== SIGNATURE_ENTRY && !RECORD_ENTRY.test(name)) {
        fail('corrupt', `Refused: unexpected entry ${JSON.stringify(name)} (a bundle holds only manifest.json, signature.json and records/<id>.json).`, { entry: name });
      }
    }
    if (!names.has(MANIFEST_ENTRY)) fail('corrupt', 'Refused: this is not a Socle bundle (it has no manifest.json).');

    const manifestBytes = await zip.read(MANIFEST_ENTRY, limits.maxManifestBytes);
    let signed = false;
    let fingerprint: string | undefined;
    if (names.has(SIGNATURE_ENTRY)) {
      const raw = parseBundleJson(await zip.read(SIGNATURE_ENTRY, 64 * 1024), SIGNATURE_ENTRY, limits);
      const sig = signatureSchema.safeParse(raw);
      if (!sig.success) fail('invalid', `Refused: ${SIGNATURE_ENTRY}: ${zodMessage(sig.error)}`);
      if (fingerprintOf(Buffer.from(sig.data.publicKey, 'base64')) !== sig.data.fingerprint) {
        fail('corrupt', 'Refused: the signature names a fingerprint that is not the one of its key.');
      }
      // The signature covers the manifest, which holds the SHA-256 of every record: checking it
      // here, before anything else is read, authenticates the whole bundle.
      if (!verifyBytes(sig.data.publicKey, manifestBytes, sig.data.signature)) {
        fail('corrupt', 'Refused: the signature does not match manifest.json: the bundle was changed after it was signed, or not signed by this key.');
      }
      signed = true;
      fingerprint = sig.data.fingerprint;
    }

    const raw = parseBundleJson(manifestBytes, MANIFEST_ENTRY, limits);
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      const m = raw as Record<string, unknown>;
      if (m.format !== FORMAT_NAME) fail('unsupported', `Refused: this is not a Socle bundle (manifest.json says its format is ${JSON.stringify(m.format ?? null)}).`);
      if (m.formatVersion !== FORMAT_VERSION) {
        fail(
          'unsupported',
          typeof m.formatVersion === 'number' && m.formatVersion > FORMAT_VERSION
            ? `Refused: this bundle uses format version ${m.formatVersion}; this Socle reads version ${FORMAT_VERSION}. Update Socle to import it.`
            : `Refused: unknown bundle format version ${JSON.stringify(m.formatVersion ?? null)} (this Socle reads version ${FORMAT_VERSION}).`,
        );
      }
    }
    const parsed = manifestSchema.safeParse(raw);
    if (!parsed.success) fail('invalid', `Refused: ${MANIFEST_ENTRY}: ${zodMessage(parsed.error)}`);
    const manifest = parsed.data;
    if (manifest.publisher.fingerprint && manifest.publisher.fingerprint !== fingerprint) {
      fail('corrupt', signed ? 'Refused: the manifest names another key than the one that signed it.' : 'Refused: the manifest says the bundle is signed, but it carries no signature.');
    }

    // The manifest and the archive must list exactly the same records.
    const listed = new Set<string>();
    const counts: Record<string, number> = {};
    for (const e of manifest.entries) {
      if (e.path !== recordEntryName(e.id)) fail('corrupt', `Refused: the manifest lists ${e.path} for record "${e.id}" (it must be ${recordEntryName(e.id)}).`);
      if (listed.has(e.path)) fail('corrupt', `Refused: the manifest lists ${e.path} twice.`);
      listed.add(e.path);
      counts[e.type] = (counts[e.type] ?? 0) + 1;
    }
    const { total, ...byType } = manifest.counts;
    if (total !== manifest.entries.length || Object.entries(byType).some(([t, n]) => (counts[t] ?? 0) !== n)) {
      fail('corrupt', 'Refused: the counts in the manifest do not match its entries.');
    }
    for (const name of names) {
      if (RECORD_ENTRY.test(name) && !listed.has(name)) fail('corrupt', `Refused: the bundle holds ${name}, which its manifest does not list.`, { entry: name });
    }
    for (const p of listed) if (!names.has(p)) fail('corrupt', `Refused: the manifest lists ${p}, which is missing from the bundle.`, { entry: p });

    const byName = new Map(zip.entries.map((e) => [e.name, e]));
    const records: ReadBundle['records'] = [];
    const tick = throttled(opts.onProgress, { op: 'import', phase: 'verify', total: manifest.entries.length });
    let actualTotal = manifestBytes.length;
    for (const entry of manifest.entries) {
      const data = readEntrySync(bytes, byName.get(entry.path)!, limits.maxRecordBytes);
      actualTotal += data.length;
      records.push({ entry, record: checkRecord(entry, data, actualTotal, limits) });
      tick(records.length);
      if (records.length % 200 === 0) await new Promise((r) => setImmediate(r)); // let the event loop breathe
    }
    return { sha256: sha256(bytes), bytes: bytes.length, manifest, signed, fingerprint, records };
  } finally {
    zip.close();
  }
}

/** One record entry, inflated: its size, checksum, JSON, schema and agreement with the manifest. */
function checkRecord(entry: ManifestEntry, data: Buffer, actualTotal: number, limits: BundleLimits): HubRecord {
  if (actualTotal > limits.maxTotalBytes) fail('too-large', `Refused: the bundle expands to more than ${limits.maxTotalBytes} bytes.`);
  if (data.length !== entry.bytes || sha256(data) !== entry.sha256) {
    fail('corrupt', `Refused: ${entry.path} does not match its checksum in the manifest (the file was damaged or altered).`, { entry: entry.path });
  }
  const json = parseBundleJson(data, entry.path, limits);
  const rec = recordSchema.safeParse(json);
  if (!rec.success) fail('invalid', `Refused: ${entry.path}: ${zodMessage(rec.error)}`, { entry: entry.path });
  const record = rec.data;
  if (record.id !== entry.id || record.type !== entry.type || record.rev !== entry.rev) {
    fail('corrupt', `Refused: ${entry.path} holds ${record.type} "${record.id}" r${record.rev}, not what the manifest lists (${entry.type} "${entry.id}" r${entry.rev}).`, {
      entry: entry.path,
    });
  }
  return record;
}

function zodMessage(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const first = err.issues[0];
  const field = first?.path.map(String).join('.') || '(root)';
  const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more problem${err.issues.length > 2 ? 's' : ''})` : '';
  return `${field}: ${first?.message ?? 'is invalid'}${more}`;
}

/**
 * `ownFingerprint`: this installation's publisher key, if it has one. "From this very Socle" is
 * said only of a bundle signed with it: the line (the install id) is copied by anyone who wants.
 */
export function bundleInfo(b: ReadBundle, ownFingerprint: string | undefined, trust: TrustInfo): BundleInfo {
  const { manifest: m } = b;
  const { fingerprint: _fp, ...publisher } = m.publisher;
  return {
    bundleId: m.bundleId,
    line: m.line,
    createdAt: m.createdAt,
    generator: m.generator,
    formatVersion: m.formatVersion,
    publisher,
    signed: b.signed,
    fingerprint: b.fingerprint,
    scope: m.scope,
    counts: m.counts,
    sha256: b.sha256,
    bytes: b.bytes,
    fromThisInstall: b.signed && !!ownFingerprint && b.fingerprint === ownFingerprint,
    trust,
  };
}

/**
 * `origin` says where the record's current content comes from. Any content change a bundle
 * brings makes that bundle the origin, whatever the record was before (created here, shipped in
 * the library, or brought by another bundle): a bundle's text never goes on claiming to be the
 * library's, or to have been written here. Earlier sources stay in provenance/ and history/.
 */
export function originAfterUpdate(_local: HubRecord | null | undefined, incoming: Origin): Origin {
  return incoming;
}

/** How an imported record names its publisher (origin.publisher). */
export function publisherLabel(p: Publisher): string {
  return `${p.name}${p.organisation ? `, ${p.organisation}` : ''}${p.country ? ` (${p.country})` : ''}`.slice(0, 500);
}

// ---- 2. plan (the preview) ----------------------------------------------------------------

export async function planImport<S extends MergeSource>(
  hub: Hub,
  bundle: S,
  opts: { now?: Date; onProgress?: ProgressFn; trustPublisher?: boolean } = {},
): Promise<ImportPlan<S>> {
  const importedAt = (opts.now ?? new Date()).toISOString();
  const { manifest } = bundle;
  const line = manifest.line;
  const ownLine = lineOf(hub);
  const report = (p: StoreProblem) => hub.store.report(p);
  const book = await ProvenanceBook.load(hub.store.dataDir, report);
  const { fingerprint: _fp, ...publisher } = manifest.publisher;
  if (opts.trustPublisher && !bundle.signed) {
    throw new HubFailure('invalid', 'trustPublisher: this bundle is not signed, so there is no key to trust.', { field: 'trustPublisher' });
  }
  const ownFingerprint = (await loadIdentity(hub.store.dataDir).catch(() => undefined))?.fingerprint;
  const trust = trustOf({ signed: !!bundle.signed, ...(bundle.fingerprint ? { fingerprint: bundle.fingerprint } : {}), publisher }, await loadTrusted(hub.store.dataDir, report), book, ownFingerprint);
  // May this bundle change records of the bundled library? Only signed by a key the user trusts.
  const mayChangeLibrary = trust.status === 'trusted' || (!!opts.trustPublisher && !!bundle.signed);
  const origin: Origin = {
    kind: 'bundle',
    bundleId: manifest.bundleId,
    publisher: publisherLabel(publisher),
    importedAt,
    ...(bundle.signed && bundle.fingerprint ? { fingerprint: bundle.fingerprint } : {}),
  };
  const tick = throttled(opts.onProgress, { op: 'import', phase: 'plan', total: bundle.records.length });
  const items: PlannedItem[] = [];

  for (const { entry, record: incoming } of bundle.records) {
    const hash = contentHash(incoming);
    const base = { id: incoming.id, type: incoming.type, title: hub.summarize(incoming).title, incomingRev: incoming.rev, incoming, hash };
    const stored = hub.store.get(incoming.id);
    const expectRev = stored?.rev ?? 0;
    const item = guardLibrary(await classify());
    items.push(item);
    tick(items.length);

    /** A change to a record of the bundled library comes in only from a trusted signer. */
    function guardLibrary(item: PlannedItem): PlannedItem {
      if (!item.write || mayChangeLibrary || !hub.isLibraryRecord(item.id)) return item;
      const reason = bundle.signed
        ? 'changes the bundled library: trust this publisher (after checking its key fingerprint with them) to accept it'
        : 'changes the bundled library: only a bundle signed by a publisher you trust may do that';
      return { ...item, status: 'rejected', reason, write: undefined, provenance: undefined, needsTrust: true };
    }

    async function classify(): Promise<PlannedItem> {
      if (incoming.type === 'guide') {
        return { ...base, expectRev, status: 'rejected', reason: 'guides ship with Socle and are never imported' };
      }
      const local = hub.resolve(incoming.id);
      const trashed = !local && hub.store.inTrash(incoming.id) ? hub.store.listTrash().find((t) => t.record.id === incoming.id)?.record : undefined;
      const provenance: ProvenanceEntry = { rev: incoming.rev, hash, bundleId: manifest.bundleId, importedAt };
      if (!local && !trashed) {
        return { ...base, expectRev, status: 'new', write: { ...incoming, origin }, provenance };
      }
      const target = (local ?? trashed)!;
      if (target.type !== incoming.type) {
        return { ...base, expectRev, localRev: target.rev, status: 'rejected', reason: `"${incoming.id}" is a ${target.type} here, not a ${incoming.type}` };
      }
      const localHash = contentHash(target);
      const localRev = local ? local.rev : 0;
      const P = book.get(line, incoming.id);
      const pristineLibrary = !!local && !stored && local.origin.kind === 'library';
      const common = { ...base, expectRev, localRev, localHash };
      if (localHash === hash) {
        // Same content. Remember that this line sent it, so its next revision can update it.
        const remember =
          !pristineLibrary && !trashed && line !== ownLine && (!P || incoming.rev > P.rev || (incoming.rev === P.rev && P.hash !== hash));
        return {
          ...common,
          status: 'unchanged',
          reason: trashed ? 'deleted here; this same version is in your trash' : 'same content',
          provenance: remember ? provenance : undefined,
        };
      }
      const fields = changedFields(target, incoming);
      if (trashed) return { ...common, fields, status: 'conflict', reason: 'deleted here, but changed by the publisher', conflict: conflictOf(true) };
      const update = (reason: string): PlannedItem => ({
        ...common,
        fields,
        status: 'updated',
        reason,
        write: { ...incoming, rev: Math.max(incoming.rev, target.rev + 1), origin: originAfterUpdate(target, origin) },
        provenance,
      });
      if (entry.ancestors.includes(localHash)) return update('a newer version of a record not changed here');
      if (P && P.hash === localHash && incoming.rev > P.rev) return update('a newer revision; not changed here since the last import');
      // Never changed here: the user loses nothing if the publisher's edit of it comes in.
      if (pristineLibrary && incoming.rev > target.rev) return update('the bundled library version, changed by the publisher');
      if (pristineLibrary) return { ...common, status: 'unchanged', reason: 'another version of the bundled library; yours is kept' };
      if (P && P.hash === hash) return { ...common, status: 'unchanged', reason: 'already imported; you changed it since, your version is kept' };
      if (P && incoming.rev < P.rev) return { ...common, status: 'unchanged', reason: 'older than the version last imported from this publisher' };
      const history = await hub.store.history(incoming.id).catch(() => [] as HubRecord[]);
      if (book.hashesFor(incoming.id).includes(hash) || history.some((h) => contentHash(h) === hash)) {
        return { ...common, status: 'unchanged', reason: 'an older version of your record' };
      }
      return { ...common, fields, status: 'conflict', reason: 'changed both here and by the publisher', conflict: conflictOf(false) };

      function conflictOf(localDeleted: boolean): ConflictVersion {
        return {
          line,
          bundleId: manifest.bundleId,
          publisher: manifest.publisher,
          receivedAt: importedAt,
          incoming: { ...incoming, origin },
          incomingHash: hash,
          localRev: localDeleted ? 0 : target.rev,
          localHash,
          localDeleted,
        };
      }
    }
  }

  // A conflict already waiting with this very version is not written again (same bundle twice).
  for (const item of items) {
    if (!item.conflict) continue;
    const pending = await readConflict(hub.store.dataDir, item.id).catch(() => undefined);
    if (pending?.versions.some((v) => v.line === line && v.incomingHash === item.hash)) {
      item.conflict = undefined;
      item.reason += '; already waiting in the conflicts list';
    }
  }

  const updates = new Map<string, ProvenanceEntry>();
  for (const i of items) if (i.provenance) updates.set(i.id, i.provenance);
  const provenanceText = book.render(line, { publisher, fingerprint: bundle.fingerprint }, updates);
  const previewId = sha256(
    canonicalJson([bundle.sha256, items.map((i) => [i.id, i.status, i.expectRev, i.localHash ?? '', i.conflict ? 1 : 0, i.provenance ? 1 : 0])]),
  );
  return { bundle, items, previewId, importedAt, book, provenanceText, ownFingerprint, trust, trustPublisher: !!opts.trustPublisher && !!bundle.signed };
}

export function previewOf(hub: Hub, plan: ImportPlan): ImportPreview {
  return {
    previewId: plan.previewId,
    bundle: bundleInfo(plan.bundle, plan.ownFingerprint, plan.trust),
    counts: countStatuses(plan.items),
    items: plan.items.map(({ id, type, title, status, reason, incomingRev, localRev, fields }) => ({ id, type, title, status, reason, incomingRev, localRev, fields })),
    changes: hasChanges(plan),
    needsTrust: plan.items.filter((i) => i.needsTrust).length,
  };
}

function countStatuses(items: ImportItem[]): Record<ImportStatus, number> & { total: number } {
  const counts = Object.fromEntries(IMPORT_STATUSES.map((s) => [s, 0])) as Record<ImportStatus, number>;
  for (const i of items) counts[i.status]++;
  return { ...counts, total: items.length };
}

const hasChanges = (plan: ImportPlan<MergeSource>) => plan.items.some((i) => i.write || i.conflict) || !!plan.provenanceText || plan.trustPublisher;

// ---- 3. apply -----------------------------------------------------------------------------

/** Thrown by the test-only crash switch: leaves the journal in place, as a power cut would. */
export class SimulatedCrash extends Error {}

export interface ApplyOptions {
  onProgress?: ProgressFn;
  /** Tests only: stop dead after this many record writes, without rolling back. */
  crashAfterWrites?: number;
  /**
   * Index the written records for search in one background build after the commit (true), or
   * record by record (false). Default: the hub decides by the batch's size (`Hub.bulkSaved`).
   */
  backgroundIndex?: boolean;
}

export async function applyImport(hub: Hub, plan: ImportPlan<MergeSource>, opts: ApplyOptions = {}): Promise<ImportSummary> {
  const { manifest } = plan.bundle;
  const dataDir = hub.store.dataDir;
  const writes = plan.items.filter((i) => i.write);
  const conflicts = plan.items.filter((i) => i.conflict);
  const summary: ImportSummary = {
    previewId: plan.previewId,
    bundleId: manifest.bundleId,
    counts: countStatuses(plan.items),
    written: { records: writes.length, conflicts: conflicts.length },
    conflicts: plan.items.filter((i) => i.status === 'conflict').map((i) => i.id),
    importedAt: plan.importedAt,
    changed: hasChanges(plan),
  };
  if (!summary.changed) return summary;
  const rememberTrust = async () => {
    // After the import: the key is trusted only if what it was accepted for went in.
    const { fingerprint: _fp, ...publisher } = manifest.publisher;
    if (plan.trustPublisher && plan.bundle.fingerprint) await addTrusted(dataDir, publisher, plan.bundle.fingerprint, (p) => hub.store.report(p));
  };
  if (!writes.length && !conflicts.length && !plan.provenanceText) {
    await rememberTrust();
    return summary;
  }

  const files: string[] = [];
  for (const i of writes) {
    const f = hub.store.filesOf(i.type, i.id);
    files.push(f.record, f.history);
  }
  for (const i of conflicts) files.push(conflictFile(dataDir, i.id));
  const lineFile = plan.book.file(manifest.line);
  if (plan.provenanceText) files.push(lineFile);

  const journal = await Journal.begin(dataDir, files, manifest.bundleId, { recordIds: new Set(writes.map((i) => i.id)) }).catch((e: unknown) => {
    if (e instanceof HubFailure) throw e;
    throw new HubFailure('internal', `Nothing was imported: the files it would change could not be saved aside first (${(e as Error).message}).`);
  });
  const tick = throttled(opts.onProgress, { op: 'import', phase: 'apply', total: writes.length });
  // The hub hears of the saved records once they are committed (search indexes them then, in one
  // background build for a large import, instead of one by one on the import's path).
  const saved: HubRecord[] = [];
  try {
    await hub.store
      .saveBatch(
        writes.map((i) => ({ record: i.write!, expectRev: i.expectRev })),
        // Every incoming record was parsed by recordSchema (readBundle; sync's document schema), and
        // the plan set only its rev and origin: saveBatch checks those, not the whole record again.
        // The journal (begun above) is the batch's lock against other processes: no lock file per record.
        { onSaved: tick, crashAfter: opts.crashAfterWrites, onChange: (record) => saved.push(record), parsed: true, journaled: true },
      )
      .catch((e: unknown) => {
        throw e instanceof SimulatedStoreCrash ? new SimulatedCrash('simulated crash') : e;
      });
    for (const i of conflicts) {
      // An unreadable conflict file stops the import (rolled back): it is never written over.
      const pending = await readConflict(dataDir, i.id);
      await writeFileAtomic(conflictFile(dataDir, i.id), renderConflict(withVersion(pending, i.id, i.conflict!)), { durable: false });
    }
    if (plan.provenanceText) await writeFileAtomic(lineFile, plan.provenanceText, { durable: false });
    // Everything above was written without an fsync each: one flush makes it all durable, and
    // only then does the journal go (the commit point). A crash before this line rolls back.
    await flushDurably(dataDir, files);
    await journal.commit();
  } catch (e) {
    if (e instanceof SimulatedCrash) throw e;
    await journal.rollback();
    await reloadAfterRollback(hub, writes);
    if (e instanceof HubFailure && e.code === 'conflict') {
      throw new HubFailure('conflict', `Nothing was imported: a record changed while importing (${e.message}). Preview the bundle again.`);
    }
    throw new HubFailure('internal', `Nothing was imported: writing failed (${(e as Error).message}); every file written was put back.`);
  }
  hub.bulkSaved(saved, opts.backgroundIndex === undefined ? {} : { background: opts.backgroundIndex });
  if (plan.provenanceText) plan.book.set(manifest.line, plan.provenanceText);
  await rememberTrust();
  return summary;
}

/** After files were put back: the store re-reads them, and the search shows the bundled version again where one exists. */
export async function reloadAfterRollback(hub: Hub, items: { id: string; type: RecordType }[]): Promise<void> {
  await hub.store.reload(items.map(({ id, type }) => ({ id, type })));
  for (const { id } of items) {
    const r = hub.resolve(id);
    if (r && !hub.store.get(id)) hub.engine.upsertRecord(toSearchDocs(r));
  }
}
