/**
 * The CouchDB document of a record (docs/sync.md, "What Socle writes"):
 *
 *   { _id: <record id>, _rev, socle: 1, line: <peer that wrote this revision>, by: { name, organisation, country? },
 *     hash: <content hash>, ancestors: [<content hashes it descends from>], meta: { type, countries, workshop?, themes },
 *     record: <the record> }
 *
 * A deletion (the record went to the trash) is a tombstone with the same fields but no `record`
 * (`hash` is the content that was deleted). `meta` lets a scoped replication filter without the
 * record. Everything pulled from a server is validated here before the merge sees it.
 */
import { z } from 'zod';
import { EDITABLE_TYPES, countrySchema, idSchema, recordSchema, tagSchema, type HubRecord } from '../model';
import { publisherSchema, sha256Hex, tokenSchema, type Publisher } from '../bundles/format';
import { contentHash } from '../bundles/hash';
import { countriesOf, sensitivityOf, themesOf } from '../bundles/export';
import type { PouchDoc } from './pouch';

export const DOC_VERSION = 1;

export const metaSchema = z
  .object({
    type: z.string().max(20),
    countries: z.array(z.string().max(3)).max(500),
    workshop: idSchema.optional(),
    themes: z.array(z.string().max(60)).max(200),
  })
  .strict();
export type DocMeta = z.output<typeof metaSchema>;

const common = {
  _id: idSchema,
  _rev: z.string().max(200),
  _conflicts: z.array(z.string().max(200)).optional(),
  _revisions: z.unknown().optional(),
  socle: z.literal(DOC_VERSION),
  line: tokenSchema,
  by: publisherSchema.optional(),
  hash: sha256Hex,
  ancestors: z.array(sha256Hex).max(64),
  meta: metaSchema,
};

const liveSchema = z.object({ ...common, _deleted: z.literal(false).optional(), record: recordSchema }).strict();
const tombstoneSchema = z.object({ ...common, _deleted: z.literal(true) }).strict();

export type LiveDoc = z.output<typeof liveSchema> & { _deleted?: false };
export type Tombstone = z.output<typeof tombstoneSchema>;
export type SyncDoc = LiveDoc | Tombstone;

/** A doc read from the replica or a server, checked; undefined if it is not a valid Socle document. */
export function parseDoc(raw: PouchDoc): SyncDoc | undefined {
  if (raw._deleted) {
    const t = tombstoneSchema.safeParse(raw);
    return t.success ? t.data : undefined;
  }
  const live = liveSchema.safeParse(raw);
  if (!live.success) return undefined;
  const d = live.data;
  // The record must be what the document says it is: its id, and its content hash.
  if (d.record.id !== d._id || contentHash(d.record) !== d.hash) return undefined;
  return d as LiveDoc;
}

export function metaOf(r: HubRecord): DocMeta {
  const workshop = r.type === 'workshop' ? r.id : 'workshopId' in r && typeof r.workshopId === 'string' ? r.workshopId : undefined;
  return { type: r.type, countries: countriesOf(r), ...(workshop ? { workshop } : {}), themes: themesOf(r) };
}

/** What never travels: guides (every Socle ships them) and records marked internal. */
export function syncable(r: HubRecord): boolean {
  return r.type !== 'guide' && sensitivityOf(r) !== 'internal';
}

export interface DocAuthor {
  line: string;
  by?: Publisher;
}

export function liveDoc(r: HubRecord, ancestors: string[], author: DocAuthor, rev?: string): PouchDoc {
  return { _id: r.id, ...(rev ? { _rev: rev } : {}), socle: DOC_VERSION, line: author.line, ...(author.by ? { by: author.by } : {}), hash: contentHash(r), ancestors, meta: metaOf(r), record: r };
}

export function tombstone(id: string, rev: string, hash: string, ancestors: string[], meta: DocMeta, author: DocAuthor): PouchDoc {
  return { _id: id, _rev: rev, _deleted: true, socle: DOC_VERSION, line: author.line, ...(author.by ? { by: author.by } : {}), hash, ancestors, meta };
}

/** What a sync replicates: the selection of a bundle export, without dates (a sync is continuous) and never internal records. */
export const syncScopeSchema = z
  .object({
    countries: z.array(countrySchema).max(250).default([]),
    workshops: z.array(idSchema).max(100).default([]),
    types: z.array(z.enum(EDITABLE_TYPES)).max(4).default([]),
    themes: z.array(tagSchema).max(30).default([]),
  })
  .strict();
export type SyncScope = z.output<typeof syncScopeSchema>;
export const EMPTY_SCOPE: SyncScope = { countries: [], workshops: [], types: [], themes: [] };

/** A scope as replication filters it (the same rules as bundle export: docs/bundle-format.md). */
export function matchesScope(meta: unknown, scope: SyncScope): boolean {
  const m = metaSchema.safeParse(meta);
  if (!m.success) return false;
  const { type, countries, workshop, themes } = m.data;
  if (scope.types.length && !(scope.types as readonly string[]).includes(type)) return false;
  if (scope.countries.length && !countries.some((c) => scope.countries.includes(c))) return false;
  if (scope.workshops.length && (!workshop || !scope.workshops.includes(workshop))) return false;
  if (scope.themes.length && !themes.some((t) => scope.themes.includes(t))) return false;
  return true;
}

