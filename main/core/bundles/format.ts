/**
 * The .socle bundle format, as data: names, version, limits and the zod schemas of the manifest,
 * the signature and the export scope. docs/bundle-format.md documents the same thing for people
 * (and holds JSON Schemas generated from these schemas: see ./json-schema.ts).
 *
 * Pure zod + the model: no Node APIs here, so the renderer may import the types.
 */
import { z } from 'zod';
import { EDITABLE_TYPES, RECORD_TYPES, countrySchema, idSchema, isoDateTime, tagSchema } from '../model';

export const FORMAT_NAME = 'socle-bundle';
export const FORMAT_VERSION = 1;
export const BUNDLE_EXTENSION = '.socle';
export const MANIFEST_ENTRY = 'manifest.json';
export const SIGNATURE_ENTRY = 'signature.json';
/** Every record lives at records/<id>.json; ids are unique across kinds. */
export const RECORD_ENTRY = /^records\/([a-z0-9][a-z0-9._-]*)\.json$/;
export const recordEntryName = (id: string): string => `records/${id}.json`;

const MiB = 1024 * 1024;

/**
 * What a bundle may weigh. A real bundle is text (a country's practices and notes: a few MB); the
 * limits are far above that and far below what would exhaust a laptop, because the whole bundle is
 * held in memory while it is checked. Tests pass smaller limits; the API always uses these.
 */
export interface BundleLimits {
  /** The .socle file itself. */
  maxFileBytes: number;
  /** Zip entries (records + manifest + signature). */
  maxEntries: number;
  /** One record entry, uncompressed (a record's text fields allow ~1.2 M characters). */
  maxRecordBytes: number;
  /** manifest.json / signature.json, uncompressed. */
  maxManifestBytes: number;
  /** All entries together, uncompressed: declared sizes are summed before anything is inflated. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio, for entries of at least ratioFloorBytes. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** JSON nesting depth (records nest 4 levels; the manifest 3). */
  maxDepth: number;
  /** Longest string anywhere in the JSON (the model's longest text field). */
  maxStringChars: number;
}

export const DEFAULT_LIMITS: BundleLimits = {
  maxFileBytes: 128 * MiB,
  maxEntries: 50_002,
  maxRecordBytes: 8 * MiB,
  maxManifestBytes: 32 * MiB,
  maxTotalBytes: 256 * MiB,
  maxRatio: 100,
  // A few KiB: below that, a high ratio cannot add up to much (400 entries of 600 KB at 1,000x came from a 485 KB file).
  ratioFloorBytes: 8 * 1024,
  maxDepth: 32,
  maxStringChars: 200_000,
};

/** Keys refused anywhere in a bundle's JSON: they serve only to pollute prototypes. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits (a SHA-256)');
/** Bundle ids and lines: uuids in practice; never a path (they name files under the data dir). */
export const tokenSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{7,79}$/, 'must be 8 to 80 lowercase letters, digits or "-" (a uuid)');

const dateOrDateTime = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2024-01-31'),
  isoDateTime,
]);

/**
 * What to export. Dimensions combine with AND, values within one dimension with OR; an empty
 * scope exports every record the user has (guides never; bundled library records only when the
 * user changed them, or when a workshop is named explicitly).
 */
export const scopeSchema = z
  .object({
    /** A record matches if its country, a partner country, or (workshops) a participant or group country is listed. */
    countries: z.array(countrySchema).max(250).default([]),
    /** Workshops by id: the workshop itself and the notes and plans attached to it. */
    workshops: z.array(idSchema).max(100).default([]),
    types: z.array(z.enum(EDITABLE_TYPES)).max(EDITABLE_TYPES.length).default([]),
    /** Practice themes, or note tags. */
    themes: z.array(tagSchema).max(30).default([]),
    /** Last change on or after this date (or instant). */
    since: dateOrDateTime.optional(),
    /** Last change on or before this date (the whole day) or instant. */
    until: dateOrDateTime.optional(),
    /** Records marked internal are left out unless this is true. */
    includeInternal: z.boolean().default(false),
  })
  .strict()
  .refine((s) => !s.since || !s.until || startOf(s.since) <= endOf(s.until), { message: 'must not be after "until"', path: ['since'] });
export type Scope = z.output<typeof scopeSchema>;
export type ScopeInput = z.input<typeof scopeSchema>;

/** Start of a date (UTC midnight) or the instant itself, in ms. */
export function startOf(d: string): number {
  return Date.parse(d.length === 10 ? `${d}T00:00:00.000Z` : d);
}
/** End of a date (the last ms of that UTC day) or the instant itself, in ms. */
export function endOf(d: string): number {
  return d.length === 10 ? Date.parse(`${d}T00:00:00.000Z`) + 86_400_000 - 1 : Date.parse(d);
}

export const publisherSchema = z
  .object({
    name: z.string().trim().min(1, 'say who publishes the bundle').max(200),
    organisation: z.string().trim().max(200).default(''),
    country: countrySchema.optional(),
  })
  .strict();
export type Publisher = z.output<typeof publisherSchema>;

export const manifestEntrySchema = z
  .object({
    path: z.string().regex(RECORD_ENTRY, 'must be records/<id>.json'),
    /** SHA-256 of the entry's bytes, as stored (uncompressed). */
    sha256: sha256Hex,
    bytes: z.number().int().min(0),
    id: idSchema,
    type: z.enum(RECORD_TYPES),
    rev: z.number().int().min(1),
    /**
     * Content hashes (see docs: "content hash") of versions this record descends from: its
     * earlier revisions and the versions it was imported as. A receiver whose copy has one of
     * these hashes has not changed it since, and can take this version as an update.
     */
    ancestors: z.array(sha256Hex).max(64).default([]),
  })
  .strict();
export type ManifestEntry = z.output<typeof manifestEntrySchema>;

const countsShape = Object.fromEntries(RECORD_TYPES.map((t) => [t, z.number().int().min(0).default(0)])) as Record<
  (typeof RECORD_TYPES)[number],
  z.ZodDefault<z.ZodNumber>
>;

export const manifestSchema = z
  .object({
    format: z.literal(FORMAT_NAME),
    formatVersion: z.literal(FORMAT_VERSION),
    bundleId: tokenSchema,
    /**
     * The exporting installation (its install id). Revisions of one record are comparable only
     * within one line: the receiver remembers, per line, which revision it last took.
     */
    line: tokenSchema,
    createdAt: isoDateTime,
    /** The program that wrote the bundle, for diagnostics ("Socle 0.1.0"). */
    generator: z.string().max(100).optional(),
    publisher: publisherSchema.extend({
      /** Present when the bundle is signed: the fingerprint of the key in signature.json. */
      fingerprint: sha256Hex.optional(),
    }),
    scope: scopeSchema,
    counts: z.object({ ...countsShape, total: z.number().int().min(0) }).strict(),
    entries: z.array(manifestEntrySchema).max(DEFAULT_LIMITS.maxEntries),
  })
  .strict();
export type Manifest = z.output<typeof manifestSchema>;

export const signatureSchema = z
  .object({
    algorithm: z.literal('Ed25519'),
    /** The raw 32-byte Ed25519 public key, base64. */
    publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a 32-byte key in base64'),
    /** SHA-256 of the raw public key, lowercase hex. */
    fingerprint: sha256Hex,
    /** Ed25519 signature of the exact bytes of manifest.json, base64 (64 bytes). */
    signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'must be a 64-byte signature in base64'),
  })
  .strict();
export type Signature = z.output<typeof signatureSchema>;

/** A fingerprint in groups of four, for reading aloud over the phone. */
export function formatFingerprint(fp: string): string {
  return fp.replace(/(.{4})(?=.)/g, '$1 ');
}
