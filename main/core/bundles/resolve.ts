/**
 * The conflicts list and its resolution: keep mine, take theirs, or merge field by field. Every
 * choice also records the incoming version in provenance, so importing the same bundle again does
 * not bring the same conflict back.
 */
import { promises as fs } from 'node:fs';
import type { Hub } from '../hub';
import { recordSchema, type HubRecord, type RecordType } from '../model';
import { HubFailure } from '../result';
import { writeFileAtomic } from '../store/atomic-file';
import type { Publisher } from './format';
import { changedFields, contentHash, contentOf, SYSTEM_KEYS } from './hash';
import { conflictFile, listConflictFiles, readConflict, renderConflict, type ConflictVersion } from './conflicts';
import { ProvenanceBook } from './provenance';
import { Journal } from './journal';
import { originAfterUpdate, reloadAfterRollback } from './import';

export interface ConflictSummary {
  id: string;
  type: RecordType;
  title: string;
  /** The bundle line (publisher installation) the incoming version came from. */
  line: string;
  bundleId: string;
  publisher: Publisher & { fingerprint?: string };
  receivedAt: string;
  incomingRev: number;
  /** The local revision now (0 if the record is deleted here). */
  localRev: number;
  localDeleted: boolean;
  /** The local record was edited again after the conflict was found. */
  localChangedSince: boolean;
  /** Fields whose values differ between the local record and the incoming version. */
  fields: string[];
}

export interface ConflictDetail extends ConflictSummary {
  /** The local record (the trashed version if it was deleted here), or null. */
  mine: HubRecord | null;
  theirs: HubRecord;
  /** Side by side, field by field: what a merge screen shows. */
  diff: { field: string; mine: unknown; theirs: unknown }[];
}

export type FieldChoice = 'mine' | 'theirs' | { value: unknown };

export interface ResolveInput {
  id: string;
  line?: string;
  choice: 'mine' | 'theirs' | 'fields';
  /** With choice "fields": per field, keep mine, take theirs, or a value of your own. Unlisted fields keep mine. */
  fields?: Record<string, FieldChoice>;
  /** The local revision the user looked at: refused as a conflict if the record changed since. */
  rev?: number;
}

export interface ResolveResult {
  id: string;
  choice: ResolveInput['choice'];
  /** The local record after resolving (null if it stays deleted). */
  record: HubRecord | null;
  /** Incoming versions from other publishers still waiting for this record. */
  remaining: number;
}

function mineOf(hub: Hub, id: string): { mine: HubRecord | null; deleted: boolean } {
  const local = hub.resolve(id);
  if (local) return { mine: local, deleted: false };
  const trashed = hub.store.listTrash().find((t) => t.record.id === id)?.record;
  return { mine: trashed ?? null, deleted: true };
}

function summarize(hub: Hub, v: ConflictVersion): ConflictSummary {
  const { mine, deleted } = mineOf(hub, v.incoming.id);
  return {
    id: v.incoming.id,
    type: v.incoming.type,
    title: hub.summarize(mine ?? v.incoming).title,
    line: v.line,
    bundleId: v.bundleId,
    publisher: v.publisher,
    receivedAt: v.receivedAt,
    incomingRev: v.incoming.rev,
    localRev: deleted ? 0 : (mine?.rev ?? 0),
    localDeleted: deleted,
    localChangedSince: mine ? contentHash(mine) !== v.localHash : false,
    fields: mine ? changedFields(mine, v.incoming) : Object.keys(contentOf(v.incoming)).sort(),
  };
}

export async function listConflicts(hub: Hub): Promise<{ items: ConflictSummary[]; problems: string[] }> {
  const { files, problems } = await listConflictFiles(hub.store.dataDir);
  const items = files.flatMap((f) => f.versions.map((v) => summarize(hub, v)));
  items.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || a.id.localeCompare(b.id));
  return { items, problems };
}

async function pick(hub: Hub, id: string, line?: string): Promise<{ version: ConflictVersion; others: ConflictVersion[] }> {
  const file = await readConflict(hub.store.dataDir, id);
  if (!file) throw new HubFailure('not-found', `No conflict is waiting for "${id}".`, { field: 'id' });
  if (!line && file.versions.length > 1) {
    throw new HubFailure('invalid', `line: "${id}" has versions from ${file.versions.length} publishers waiting; say which one (${file.versions.map((v) => v.line).join(', ')}).`, {
      field: 'line',
    });
  }
  const version = line ? file.versions.find((v) => v.line === line) : file.versions[0];
  if (!version) throw new HubFailure('not-found', `No conflict from line "${line}" is waiting for "${id}".`, { field: 'line' });
  return { version, others: file.versions.filter((v) => v !== version) };
}

export async function getConflict(hub: Hub, id: string, line?: string): Promise<ConflictDetail> {
  const { version } = await pick(hub, id, line);
  const { mine } = mineOf(hub, id);
  const summary = summarize(hub, version);
  const theirs = version.incoming as Record<string, unknown>;
  const own = (mine ?? {}) as Record<string, unknown>;
  return { ...summary, mine, theirs: version.incoming, diff: summary.fields.map((field) => ({ field, mine: own[field], theirs: theirs[field] })) };
}

/** Fields a merge may set: the record kind's own fields (not id, type or the store's fields). */
function mergeableFields(type: RecordType): Set<string> {
  const schema = recordSchema.options.find((o) => o.shape.type.value === type)!;
  const skip = new Set<string>(['id', 'type', ...SYSTEM_KEYS]);
  return new Set(Object.keys(schema.shape).filter((k) => !skip.has(k)));
}

export async function resolveConflict(hub: Hub, input: ResolveInput): Promise<ResolveResult> {
  const dataDir = hub.store.dataDir;
  const { version, others } = await pick(hub, input.id, input.line);
  const { mine, deleted } = mineOf(hub, input.id);
  const theirs = version.incoming;
  const currentRev = deleted ? 0 : (mine?.rev ?? 0);
  if (input.rev !== undefined && input.rev !== currentRev) {
    throw new HubFailure('conflict', `"${input.id}" changed since you looked (now at revision ${currentRev}); look at the conflict again.`, {
      details: { current: mine },
    });
  }
  if (mine && mine.type !== theirs.type) throw new HubFailure('conflict', `"${input.id}" is now a ${mine.type} here, not a ${theirs.type}.`);
  const expectRev = hub.store.get(input.id)?.rev ?? 0;
  const now = new Date().toISOString();

  let next: HubRecord | undefined;
  if (input.choice === 'theirs') {
    next = { ...theirs, rev: Math.max(theirs.rev, (mine?.rev ?? 0) + 1), origin: originAfterUpdate(mine, theirs.origin) };
  } else if (input.choice === 'fields') {
    if (!input.fields || !Object.keys(input.fields).length) {
      throw new HubFailure('invalid', 'fields: say, for at least one field, "mine", "theirs" or { value }.', { field: 'fields' });
    }
    const allowed = mergeableFields(theirs.type);
    const base = { ...((mine ?? theirs) as Record<string, unknown>) };
    for (const [field, choice] of Object.entries(input.fields)) {
      if (!allowed.has(field)) throw new HubFailure('invalid', `fields.${field}: not a field of a ${theirs.type} that can be merged.`, { field: `fields.${field}` });
      const value = choice === 'mine' ? (mine as Record<string, unknown> | null)?.[field] : choice === 'theirs' ? (theirs as Record<string, unknown>)[field] : choice.value;
      if (value === undefined) delete base[field];
      else base[field] = value;
    }
    const merged = recordSchema.safeParse({
      ...base,
      id: theirs.id,
      type: theirs.type,
      rev: Math.max(theirs.rev, mine?.rev ?? 0) + 1,
      createdAt: mine?.createdAt ?? theirs.createdAt,
      updatedAt: now,
      // Content taken from the bundle makes the bundle its origin (see originAfterUpdate).
      origin: Object.values(input.fields).some((c) => c === 'theirs') ? theirs.origin : (mine?.origin ?? theirs.origin),
    });
    if (!merged.success) {
      const issue = merged.error.issues[0]!;
      const field = `fields.${issue.path.map(String).join('.')}`;
      throw new HubFailure('invalid', `${field}: ${issue.message}`, { field, issues: merged.error.issues.map((i) => ({ field: `fields.${i.path.map(String).join('.')}`, message: i.message })) });
    }
    next = merged.data;
  }

  // Provenance: this line's version has now been seen and dealt with.
  const book = await ProvenanceBook.load(dataDir, (p) => hub.store.report(p));
  const { fingerprint, ...publisher } = version.publisher;
  const provenanceText = book.render(
    version.line,
    { publisher, fingerprint },
    new Map([[input.id, { rev: theirs.rev, hash: version.incomingHash, bundleId: version.bundleId, importedAt: now }]]),
  );

  const files = [conflictFile(dataDir, input.id)];
  if (next) {
    const f = hub.store.filesOf(next.type, next.id);
    files.push(f.record, f.history, f.trash);
  }
  if (provenanceText) files.push(book.file(version.line));
  const journal = await Journal.begin(dataDir, files, version.bundleId);
  let saved: HubRecord | null = deleted ? null : mine;
  try {
    if (next) saved = await hub.store.save(next, 0, { keepRev: true, expectRev });
    if (others.length) await writeFileAtomic(conflictFile(dataDir, input.id), renderConflict({ id: input.id, versions: others }));
    else await fs.rm(conflictFile(dataDir, input.id), { force: true });
    if (provenanceText) await writeFileAtomic(book.file(version.line), provenanceText);
    await journal.commit();
  } catch (e) {
    await journal.rollback();
    if (next) await reloadAfterRollback(hub, [{ id: next.id, type: next.type }]);
    if (e instanceof HubFailure) throw e;
    throw new HubFailure('internal', `The conflict was not resolved: writing failed (${(e as Error).message}); nothing was changed.`);
  }
  return { id: input.id, choice: input.choice, record: saved, remaining: others.length };
}
