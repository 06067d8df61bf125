/**
 * The hub's one contract (HubApi). Every method is declared once here, with JSDoc; the Electron
 * IPC channel (`socle:<method>`), the HTTP route (`POST /api/<method>`), the preload's exposed
 * functions and the CLI all derive from `METHODS` and `inputSchemas`, never from names typed twice.
 *
 * Pure types + zod: safe to import from every layer. The renderer imports it as types only
 * (plus METHODS through ./contract-methods).
 */
import { z } from 'zod';
import {
  LANGS,
  RECORD_TYPES,
  idSchema,
  countrySchema,
  draftSchema,
  type HubRecord,
  type Lang,
  type RecordType,
  type Instrument,
} from './model';
import { SEARCH_FILTERS, SEARCH_PAGING, SEARCH_Q_MAX, type SearchFilterKey } from './search/input-rules';
import type { SearchResult, GlossaryTerm } from './search/types';
import type { StoreProblem, TrashEntry } from './store/store';
import type { Result } from './result';
import type { ChangesOutput } from './changes';
import type { IndexStatus } from './index-readiness';
import { METHODS, type MethodName } from './contract-methods';
import { bundleInputs, type BundleOutputs } from './bundles/api';
import { workshopInputs, type WorkshopOutputs } from './workshops/api';
import { browseInputs, type BrowseOutputs } from './browse/api';
import { clinicInputs, type ClinicOutputs } from './clinics/api';
import { syncInputs, type SyncOutputs } from './sync/api';

export { METHODS, type MethodName };

/** One line of a list: enough to show a record without loading it whole. */
export interface RecordSummary {
  id: string;
  type: RecordType;
  lang: Lang;
  title: string;
  summary: string;
  country?: string;
  updatedAt: string;
  rev: number;
  origin: HubRecord['origin']['kind'];
  status?: 'draft' | 'validated';
  /** Guides: the key shared by language versions. */
  key?: string;
  instrument?: Instrument;
}

export interface HubInfo {
  version: string;
  dataDir: string;
  installId: string;
  counts: Record<RecordType, number>;
  library: { version: number; date: string; prebuiltIndex: boolean };
  /** Files that could not be read at start-up (moved aside into quarantine/). */
  problems: (StoreProblem | { file: string; message: string })[];
}

export interface Shelf {
  instrument: Instrument;
  guides: RecordSummary[];
}

export interface RelatedRecords {
  /** Other language versions of the same guide. */
  versions: { lang: Lang; id: string }[];
  /** Records linked explicitly (related field, socle: links) and, for guides, practices tagged
   *  with the guide's branches, guarantees or steps. */
  related: RecordSummary[];
  /** Records that link to this one. */
  backlinks: RecordSummary[];
}

/** One value or a list of them; `valid` says which values are accepted (zod's union message alone is "Invalid input"). */
const list = <T extends z.ZodTypeAny>(item: T, valid: string) =>
  z.union([item, z.array(item)], { error: `must be ${valid}` }).transform((v) => (Array.isArray(v) ? v : [v]));
const F = SEARCH_FILTERS;
const paging = (p: { min: number; max: number; fallback: number }) => z.coerce.number().int().min(p.min).max(p.max).default(p.fallback);

/** Built from the plain rules of ./search/input-rules.ts, which the CLI's fast path checks without zod. */
export const searchInput = z
  .object({
    q: z.string().max(SEARCH_Q_MAX, `the query is too long (${SEARCH_Q_MAX} characters at most)`).default(''),
    type: list(z.enum(F.type.values), F.type.valid).optional(),
    lang: list(z.enum(F.lang.values), F.lang.valid).optional(),
    country: list(countrySchema, F.country.valid).optional(),
    step: list(z.coerce.number().int().min(F.step.min).max(F.step.max), F.step.valid).optional(),
    branch: list(z.enum(F.branch.values), F.branch.valid).optional(),
    guarantee: list(z.enum(F.guarantee.values), F.guarantee.valid).optional(),
    theme: list(z.string().max(F.theme.max), F.theme.valid).optional(),
    limit: paging(SEARCH_PAGING.limit),
    offset: paging(SEARCH_PAGING.offset),
    /** The interface language: the prior of the query-language detection. */
    uiLang: z.enum(LANGS).optional(),
  })
  .strict();
/** A filter added to the rules but not to the schema, or the other way round, fails the type-check. */
type SearchKeys = keyof z.input<typeof searchInput>;
const searchFiltersMatchRules: [Exclude<SearchFilterKey, SearchKeys> | Exclude<SearchKeys, SearchFilterKey | 'q' | 'limit' | 'offset' | 'uiLang'>] extends [never] ? true : never = true;
void searchFiltersMatchRules;

const byId = z.object({ id: idSchema }).strict();

const coreInputs = {
  info: z.object({}).strict(),
  search: searchInput,
  get: byId,
  list: z
    .object({
      type: z.enum(RECORD_TYPES).optional(),
      country: countrySchema.optional(),
      lang: z.enum(LANGS).optional(),
      limit: z.number().int().min(1).max(10_000).default(100),
      offset: z.number().int().min(0).default(0),
    })
    .strict(),
  shelves: z.object({ lang: z.enum(LANGS).default('fr') }).strict(),
  related: byId,
  create: z.object({ record: draftSchema }).strict(),
  update: z
    .object({
      id: idSchema,
      /** The revision the edit started from. */
      rev: z.number().int().min(1),
      /** Fields to change (the record's kind fields; system fields are ignored; null removes an optional field). */
      changes: z.record(z.string(), z.unknown()),
    })
    .strict(),
  delete: z.object({ id: idSchema, rev: z.number().int().min(1).optional() }).strict(),
  restore: byId,
  trash: z.object({}).strict(),
  history: byId,
  glossary: z.object({}).strict(),
  changes: z
    .object({
      /** The `seq` of the last answer; omitted on the first call (answers the current number at once). */
      since: z.number().int().min(0).optional(),
      /** How long to wait for a change when there is none yet (a long poll); 0 answers at once. */
      waitMs: z.number().int().min(0).max(30_000).default(0),
    })
    .strict(),
  indexStatus: z.object({}).strict(),
};

/** Input schemas, one per method: every surface validates with these before calling the core. */
export const inputSchemas = { ...coreInputs, ...bundleInputs, ...workshopInputs, ...syncInputs, ...clinicInputs, ...browseInputs } satisfies Record<MethodName, z.ZodTypeAny>;
// Compile-time check that the schema table names exactly the methods in METHODS.
type _Exact = [keyof typeof inputSchemas] extends [MethodName] ? ([MethodName] extends [keyof typeof inputSchemas] ? true : never) : never;
export const _contractIsExact: _Exact = true;

export type MethodInput<M extends MethodName> = z.input<(typeof inputSchemas)[M]>;
export type MethodArgs<M extends MethodName> = z.output<(typeof inputSchemas)[M]>;

/** What each method returns on success. */
export interface MethodOutputs extends BundleOutputs, WorkshopOutputs, SyncOutputs, ClinicOutputs, BrowseOutputs {
  /** Version, data directory, record counts and start-up problems. */
  info: HubInfo;
  /** Full-text search over the bundled library and the user's records, with facets. */
  search: SearchResult;
  /** One record by id. */
  get: HubRecord;
  /** Records of a kind, newest first. */
  list: { total: number; items: RecordSummary[] };
  /** The library by instrument (guides in the asked language, falling back to French), and recent practices. */
  shelves: { shelves: Shelf[]; recentPractices: RecordSummary[] };
  /** Language versions, related records and backlinks of a record. */
  related: RelatedRecords;
  /** Creates a record (practice, note, workshop, plan, coverage sheet, project). */
  create: HubRecord;
  /** Updates a record; a stale `rev` fails with code "conflict" and the current record in details. */
  update: HubRecord;
  /** Moves a record to the trash. */
  delete: TrashEntry;
  /** Takes a record out of the trash. */
  restore: HubRecord;
  /** What is in the trash, most recent first. */
  trash: TrashEntry[];
  /** The previous revisions of a record (up to 20), newest first. */
  history: HubRecord[];
  /** The glossary (fr, en, pt). */
  glossary: GlossaryTerm[];
  /** What changed since `since` (saves, deletions, restores, conflicts; here or by another process on the data folder). */
  changes: ChangesOutput;
  /**
   * Whether search is ready: after a start without a usable index cache the user index is built in
   * the background (the library lists at once); until then `search` waits, and this says how far
   * the build is. Each step is also a change of kind "index" in the change feed.
   */
  indexStatus: IndexStatus;
}

/** The core implements this: it may throw HubFailure; the boundary turns that into a Result. */
export type HubMethods = { [M in MethodName]: (input: MethodArgs<M>) => Promise<MethodOutputs[M]> };

/** What every surface exposes: the renderer's `window.socle`, the HTTP client, tests. */
export type HubApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutputs[M]>> };

