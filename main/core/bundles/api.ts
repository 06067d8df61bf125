/**
 * The bundles feature's part of the contract: input schemas, outputs, and handlers over the hub.
 * contract.ts merges it into HubApi (so IPC, HTTP and the CLI get these methods for free).
 *
 * A UI shows: exportPreview (what will go in) -> exportBundle (with progress, by progressToken);
 * importPreview (bundle, publisher, fingerprint, per-record status) -> importApply with the
 * preview's id; conflicts -> conflict (side by side) -> resolveConflict.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { BUNDLE_METHODS } from './methods';
import type { Hub } from '../hub';
import { idSchema } from '../model';
import { HubFailure } from '../result';
import { DEFAULT_LIMITS, formatFingerprint, publisherSchema, scopeSchema, sha256Hex, tokenSchema, type Publisher } from './format';
import { exportBundleToFile, exportPreview, type ExportPreview, type ExportResult } from './export';
import { applyImport, planImport, previewOf, readBundle, type ImportPreview, type ImportSummary } from './import';
import { getConflict, listConflicts, resolveConflict, type ConflictDetail, type ConflictSummary, type ResolveResult } from './resolve';
import { loadIdentity, ensureIdentity, loadProfile, saveProfile } from './identity';
import { progressFor } from './progress';
import { ProvenanceBook } from './provenance';
import { contentHash } from './hash';

export type BundleMethod = (typeof BUNDLE_METHODS)[number];

/** An absolute path (POSIX, drive or UNC), with no NUL: never resolved against a server's cwd. */
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'must not contain a NUL character')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'must be an absolute path');

const progressToken = z.string().max(100).optional();
const maxBase64 = Math.ceil(DEFAULT_LIMITS.maxFileBytes / 3) * 4;

/** A bundle to read: a file on this machine, or its bytes in base64 (the browser mode uploads them). */
const bundleSource = {
  file: absolutePath.optional(),
  bytes: z
    .string()
    .max(maxBase64, `a bundle may be at most ${DEFAULT_LIMITS.maxFileBytes} bytes`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
    .optional(),
  progressToken,
};
const oneSource = (v: { file?: string; bytes?: string }) => (v.file === undefined) !== (v.bytes === undefined);
const oneSourceMessage = { message: 'give either file (an absolute path) or bytes (base64), not both', path: ['file'] };

const fieldChoice = z.union([z.literal('mine'), z.literal('theirs'), z.object({ value: z.unknown() }).strict()]);

export const bundleInputs = {
  exportPreview: z
    .object({
      scope: scopeSchema.default({ countries: [], workshops: [], types: [], themes: [], includeInternal: false }),
      /** At most this many records listed (counts are always complete). */
      limit: z.number().int().min(0).max(100_000).default(10_000),
    })
    .strict(),
  exportBundle: z
    .object({
      scope: scopeSchema.default({ countries: [], workshops: [], types: [], themes: [], includeInternal: false }),
      /** Absolute path ending in .socle (the desktop shell picks it with a save dialog). */
      outFile: absolutePath,
      overwrite: z.boolean().default(false),
      sign: z.boolean().default(false),
      /** Who publishes; remembered for next time. Required the first time. */
      publisher: publisherSchema.optional(),
      progressToken,
    })
    .strict(),
  importPreview: z
    .object({
      ...bundleSource,
      /** Trust the (signed) bundle's publisher: its changes to the bundled library are then planned, and applying remembers its key. */
      trustPublisher: z.boolean().default(false),
    })
    .strict()
    .refine(oneSource, oneSourceMessage),
  importApply: z
    .object({
      ...bundleSource,
      trustPublisher: z.boolean().default(false),
      /** The previewId the user saw: the import is refused if its outcome would now be different. */
      expectPreviewId: sha256Hex.optional(),
    })
    .strict()
    .refine(oneSource, oneSourceMessage),
  conflicts: z.object({}).strict(),
  conflict: z.object({ id: idSchema, line: tokenSchema.optional() }).strict(),
  resolveConflict: z
    .object({
      id: idSchema,
      /** Needed only when versions from several publishers wait for the same record. */
      line: tokenSchema.optional(),
      choice: z.enum(['mine', 'theirs', 'fields']),
      fields: z.record(z.string().max(60), fieldChoice).optional(),
      rev: z.number().int().min(0).optional(),
    })
    .strict()
    .refine((v) => v.choice !== 'fields' || (v.fields && Object.keys(v.fields).length > 0), {
      message: 'choice "fields" needs a choice for at least one field',
      path: ['fields'],
    }),
  identity: z.object({ create: z.boolean().default(false) }).strict(),
  provenance: z.object({ id: idSchema }).strict(),
} satisfies Record<BundleMethod, z.ZodTypeAny>;

type Args<M extends BundleMethod> = z.output<(typeof bundleInputs)[M]>;

export interface IdentityInfo {
  /** A signing key exists in this data directory. */
  exists: boolean;
  /** SHA-256 of the public key, hex; `display` is the same in groups of four. */
  fingerprint?: string;
  display?: string;
  publicKey?: string;
  createdAt?: string;
  /** The publisher name, organisation and country remembered from the last export. */
  publisher?: Publisher;
}

export interface ProvenanceInfo {
  id: string;
  /** Each publisher line that sent this record, most recent first. */
  lines: {
    line: string;
    publisher: Publisher;
    fingerprint?: string;
    rev: number;
    bundleId: string;
    importedAt: string;
    /** The local record still has exactly the content last taken from this line. */
    current: boolean;
  }[];
}

export interface BundleOutputs {
  /** What an export with this scope would contain, and what it leaves out (internal, unchanged library). */
  exportPreview: ExportPreview;
  /** Writes a .socle bundle (optionally signed) to outFile. Progress: onBundleProgress + progressToken. */
  exportBundle: ExportResult;
  /** Checks a bundle completely and lists each record as new, updated, unchanged, conflict or rejected. Writes nothing. */
  importPreview: ImportPreview;
  /** Imports a bundle all-or-nothing (refused if expectPreviewId no longer matches). */
  importApply: ImportSummary;
  /** Records changed both here and by a publisher, waiting for a decision. */
  conflicts: { items: ConflictSummary[]; problems: string[] };
  /** One conflict, side by side: mine, theirs, and the differing fields. */
  conflict: ConflictDetail;
  /** Resolves a conflict: keep mine, take theirs, or merge field by field. */
  resolveConflict: ResolveResult;
  /** The publisher signing key's fingerprint (made on first use, or now with create). */
  identity: IdentityInfo;
  /** Where a record came from: every bundle line that sent it, with the revision taken and when. */
  provenance: ProvenanceInfo;
}

type BundleHandlers = { [M in BundleMethod]: (input: Args<M>) => Promise<BundleOutputs[M]> };

/** Bundle writes (imports, resolutions) of one hub run one at a time. */
const queues = new WeakMap<Hub, Promise<unknown>>();
function exclusive<T>(hub: Hub, fn: () => Promise<T>): Promise<T> {
  const prev = queues.get(hub) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  queues.set(
    hub,
    next.then(
      () => undefined,
      () => undefined,
    ),
  );
  return next;
}

/** Reads the bundle bytes from a path (checked: exists, regular file, not too large) or base64. */
export async function loadSource(input: { file?: string; bytes?: string }): Promise<Buffer> {
  if (input.bytes !== undefined) return Buffer.from(input.bytes, 'base64');
  const file = path.resolve(input.file!);
  const stat = await fs.stat(file).catch((e: NodeJS.ErrnoException) => {
    throw new HubFailure('not-found', e.code === 'ENOENT' ? `file: no file at ${file}.` : `file: cannot read ${file} (${e.code ?? e.message}).`, { field: 'file' });
  });
  if (!stat.isFile()) throw new HubFailure('invalid', `file: ${file} is not a regular file.`, { field: 'file' });
  if (stat.size > DEFAULT_LIMITS.maxFileBytes) {
    throw new HubFailure('too-large', `Refused: the file is ${stat.size} bytes; a bundle may be at most ${DEFAULT_LIMITS.maxFileBytes} bytes.`, { field: 'file' });
  }
  return fs.readFile(file);
}

async function publisherFor(hub: Hub, given: Publisher | undefined, countries: string[]): Promise<Publisher> {
  const saved = await loadProfile(hub.store.dataDir);
  const publisher = given ?? saved;
  if (!publisher) {
    const say = 'say who publishes this bundle (it is shown to whoever imports it).';
    throw new HubFailure('invalid', `publisher.name: ${say}`, { field: 'publisher.name', issues: [{ field: 'publisher.name', message: say }] });
  }
  const withCountry = publisher.country || countries.length !== 1 ? publisher : { ...publisher, country: countries[0] };
  if (given) await saveProfile(hub.store.dataDir, given);
  return withCountry;
}

export function bundleHandlers(hub: Hub): BundleHandlers {
  return {
    async exportPreview({ scope, limit }) {
      return exportPreview(hub, scope, limit);
    },
    async exportBundle({ scope, outFile, overwrite, sign, publisher, progressToken }) {
      const who = await publisherFor(hub, publisher, scope.countries);
      return exportBundleToFile(hub, { scope, outFile, overwrite, sign, publisher: who, onProgress: progressFor(hub, progressToken) });
    },
    async importPreview(input) {
      const onProgress = progressFor(hub, input.progressToken);
      const bundle = await readBundle(await loadSource(input), { onProgress });
      return previewOf(hub, await planImport(hub, bundle, { onProgress, trustPublisher: input.trustPublisher }));
    },
    async importApply(input) {
      const onProgress = progressFor(hub, input.progressToken);
      const bundle = await readBundle(await loadSource(input), { onProgress });
      return exclusive(hub, async () => {
        const plan = await planImport(hub, bundle, { onProgress, trustPublisher: input.trustPublisher });
        if (input.expectPreviewId && input.expectPreviewId !== plan.previewId) {
          throw new HubFailure('conflict', 'The library or the bundle changed since the preview: preview the bundle again before importing.', {
            details: { previewId: plan.previewId },
          });
        }
        return applyImport(hub, plan, { onProgress });
      });
    },
    async conflicts() {
      return listConflicts(hub);
    },
    async conflict({ id, line }) {
      return getConflict(hub, id, line);
    },
    async resolveConflict(input) {
      const result = await exclusive(hub, () => resolveConflict(hub, input));
      // Even "keep mine" changes what peers must see (the losing versions are now superseded).
      hub.notifyChange(input.id);
      return result;
    },
    async provenance({ id }) {
      const book = await ProvenanceBook.load(hub.store.dataDir, (p) => hub.store.report(p));
      const local = hub.resolve(id);
      const hash = local ? contentHash(local) : undefined;
      return { id, lines: book.linesFor(id).map(({ hash: h, ...rest }) => ({ ...rest, current: h === hash })) };
    },
    async identity({ create }) {
      const id = create ? await ensureIdentity(hub.store.dataDir) : await loadIdentity(hub.store.dataDir);
      const publisher = await loadProfile(hub.store.dataDir);
      if (!id) return { exists: false, publisher };
      return { exists: true, fingerprint: id.fingerprint, display: formatFingerprint(id.fingerprint), publicKey: id.publicKey, createdAt: id.createdAt, publisher };
    },
  };
}
