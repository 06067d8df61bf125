/**
 * The hub's data model: record kinds, their fields, and the schemas that validate them at every
 * boundary (store, CLI, HTTP, IPC, bundles, bundled library). Pure TypeScript + zod: this file is
 * imported (as types) by the renderer and (at runtime) by every adapter.
 */
import { z } from 'zod';

export * from './vocabulary';
import { BRANCHES, COUNTRY_CODE, GUARANTEES, INSTRUMENTS, LANGS } from './vocabulary';
import type { EditableType, RecordType } from './vocabulary';

const MAX_TEXT = 200_000; // ~ a long book chapter; larger is almost surely an error or an attack
const MAX_SHORT = 500;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/** Ids: lowercase slug or uuid-like; never a path, never a Windows device name. Stable and never reused. */
export const idSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, ".", "_" or "-"')
  .refine((s) => !s.includes('..'), 'must not contain ".."')
  // Records are files named <id>.json: on Windows these names are devices, whatever follows the dot.
  .refine((s) => !WINDOWS_RESERVED.test(s.split('.')[0]!), 'is reserved by Windows (con, prn, aux, nul, com1-9, lpt1-9): choose another');

export const langSchema = z.enum(LANGS);
export const countrySchema = z
  .string()
  .regex(COUNTRY_CODE, 'must be an ISO 3166-1 alpha-2 code such as SN, CV, CM or TG');
export const isoDateTime = z.string().datetime({ offset: true });
export const tagSchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}-]*$/u, 'must be a lowercase tag such as "informal-economy"');
const shortText = z.string().max(MAX_SHORT);
const longText = z.string().max(MAX_TEXT);

export const originSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('library') }),
  z.object({ kind: z.literal('local'), installId: z.string().max(80) }),
  z.object({
    kind: z.literal('bundle'),
    bundleId: z.string().max(120),
    publisher: shortText,
    importedAt: isoDateTime,
    /** SHA-256 of the key that signed the bundle (absent: the bundle was not signed). */
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  }),
]);
export type Origin = z.infer<typeof originSchema>;

const baseFields = {
  id: idSchema,
  rev: z.number().int().min(1),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  lang: langSchema,
  origin: originSchema,
};

export const sourceSchema = z.object({
  title: z.string().min(1).max(MAX_SHORT),
  // Only links a reader may follow: never javascript:, data:, file: or vbscript:.
  url: z
    .string()
    .url()
    .max(2000)
    .refine((u) => /^(https?|mailto):/i.test(u), 'must be an http, https or mailto link')
    .optional(),
});
export type Source = z.infer<typeof sourceSchema>;

/** Short translations of a record's title/summary (and optionally body) into other languages. */
export const translationSchema = z.object({
  title: shortText.optional(),
  summary: z.string().max(5000).optional(),
  body: longText.optional(),
});
const translationsSchema = z
  .object({ fr: translationSchema.optional(), en: translationSchema.optional(), pt: translationSchema.optional() })
  .strict();

/** A step of the ILO Flagship Programme (1, 2 or 3); the message says which values are valid. */
export const stepSchema = z.union([z.literal(1), z.literal(2), z.literal(3)], {
  error: 'must be 1, 2 or 3 (the three steps of the ILO Flagship Programme)',
});

/** Classification shared by guides and practices (and used as search facets). */
const classification = {
  themes: z.array(tagSchema).max(30).default([]),
  steps: z.array(stepSchema).max(3).default([]),
  branches: z.array(z.enum(BRANCHES)).max(9).default([]),
  guarantees: z.array(z.enum(GUARANTEES)).max(4).default([]),
  sdgTargets: z.array(z.string().regex(/^\d{1,2}\.[0-9a-z]{1,2}$/, 'must be an SDG target such as "1.3"')).max(20).default([]),
};

export const guideSchema = z
  .object({
    ...baseFields,
    type: z.literal('guide'),
    /** Shared by the language versions of one guide (the id is per language). */
    key: idSchema,
    instrument: z.enum(INSTRUMENTS),
    title: z.string().min(1).max(MAX_SHORT),
    summary: z.string().max(5000).default(''),
    body: longText,
    order: z.number().int().default(100),
    related: z.array(idSchema).max(50).default([]),
    sources: z.array(sourceSchema).max(50).default([]),
    ...classification,
  })
  .strict();
export type Guide = z.infer<typeof guideSchema>;

export const practiceSchema = z
  .object({
    ...baseFields,
    type: z.literal('practice'),
    title: z.string().min(1, 'a practice needs a title').max(MAX_SHORT),
    summary: z.string().max(5000).default(''),
    body: longText.default(''),
    country: countrySchema,
    partnerCountries: z.array(countrySchema).max(60).default([]),
    ...classification,
    results: longText.default(''),
    lessons: longText.default(''),
    sources: z.array(sourceSchema).max(50).default([]),
    contact: shortText.default(''),
    status: z.enum(['draft', 'validated']).default('draft'),
    sensitivity: z.enum(['shareable', 'internal']).default('shareable'),
    translations: translationsSchema.default({}),
    /** Links to other records by id (guides, practices, notes). */
    related: z.array(idSchema).max(50).default([]),
  })
  .strict();
export type Practice = z.infer<typeof practiceSchema>;

export const noteSchema = z
  .object({
    ...baseFields,
    type: z.literal('note'),
    title: shortText.default(''),
    body: z.string().min(1, 'a note cannot be empty').max(MAX_TEXT),
    tags: z.array(tagSchema).max(30).default([]),
    workshopId: idSchema.optional(),
    sessionId: idSchema.optional(),
    groupId: idSchema.optional(),
    country: countrySchema.optional(),
    step: stepSchema.optional(),
    sensitivity: z.enum(['shareable', 'internal']).default('shareable'),
  })
  .strict();
export type Note = z.infer<typeof noteSchema>;

export const SESSION_KINDS = ['plenary', 'panel', 'group-work', 'skills-clinic', 'break', 'other'] as const;
export const sessionSchema = z
  .object({
    id: idSchema,
    day: z.number().int().min(1).max(30),
    start: z.string().regex(/^\d{2}:\d{2}$/, 'must be a time such as 09:00'),
    end: z.string().regex(/^\d{2}:\d{2}$/, 'must be a time such as 10:30'),
    title: z.string().min(1).max(MAX_SHORT),
    kind: z.enum(SESSION_KINDS),
    description: z.string().max(5000).default(''),
    /** Groups that work during this session (group-work sessions). */
    groupIds: z.array(idSchema).max(50).default([]),
    /** Minutes after which participants move to the next group (rotating group work). */
    rotationMinutes: z.number().int().min(1).max(480).optional(),
    /** Worked examples this session uses (ids of coverage sheets or projects; skills clinics). */
    examples: z.array(idSchema).max(10).optional(),
  })
  .strict();
export type Session = z.infer<typeof sessionSchema>;

export const groupSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1).max(MAX_SHORT),
    kind: z.enum(['topic', 'step', 'country']),
    step: stepSchema.optional(),
    country: countrySchema.optional(),
    topic: shortText.optional(),
  })
  .strict();
export type Group = z.infer<typeof groupSchema>;

export const workshopSchema = z
  .object({
    ...baseFields,
    type: z.literal('workshop'),
    title: z.string().min(1, 'a workshop needs a title').max(MAX_SHORT),
    summary: z.string().max(5000).default(''),
    place: shortText.default(''),
    startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2017-05-23'),
    days: z
      .array(z.object({ day: z.number().int().min(1), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), title: shortText }).strict())
      .max(30)
      .default([]),
    sessions: z.array(sessionSchema).max(300).default([]),
    groups: z.array(groupSchema).max(100).default([]),
    participants: z
      .array(z.object({ organisation: shortText, role: shortText, country: countrySchema.optional() }).strict())
      .max(500)
      .default([]),
    /** Headings the closing dashboard compiles results under. */
    dashboardHeadings: z.array(z.object({ id: idSchema, title: shortText }).strict()).max(30).default([]),
    template: z.boolean().default(false),
    sensitivity: z.enum(['shareable', 'internal']).default('shareable'),
  })
  .strict();
export type Workshop = z.infer<typeof workshopSchema>;

export const PLAN_STATUSES = ['proposed', 'planned', 'in-progress', 'done', 'dropped'] as const;
export const planActionSchema = z
  .object({
    id: idSchema,
    step: stepSchema,
    description: z.string().min(1, 'an action needs a description').max(5000),
    partners: z.array(shortText).max(40).default([]),
    /** Quarters such as "2026-Q1". */
    from: z.string().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter such as 2026-Q1').optional(),
    to: z.string().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter such as 2026-Q4').optional(),
    status: z.enum(PLAN_STATUSES).default('proposed'),
    sstcPilot: z.boolean().default(false),
    supportRequested: z.string().max(5000).default(''),
    /** Dashboard heading this action contributes to (resource mobilisation, communication...). */
    headings: z.array(idSchema).max(10).default([]),
  })
  .strict();
export type PlanAction = z.infer<typeof planActionSchema>;

export const planSchema = z
  .object({
    ...baseFields,
    type: z.literal('plan'),
    title: z.string().min(1).max(MAX_SHORT),
    country: countrySchema,
    workshopId: idSchema.optional(),
    groupId: idSchema.optional(),
    actions: z.array(planActionSchema).max(500).default([]),
    opportunityBrief: longText.default(''),
    sensitivity: z.enum(['shareable', 'internal']).default('shareable'),
  })
  .strict();
export type Plan = z.infer<typeof planSchema>;

// ---- Skills clinics (main/core/clinics): SDG 1.3.1 coverage sheets and project results -------

/** Social protection functions a scheme serves (SSI-style), as the 1.3.1 series group them. */
export const COVERAGE_FUNCTIONS = [
  'children',
  'maternity',
  'disability',
  'unemployment',
  'employment-injury',
  'old-age',
  'survivors',
  'sickness',
  'health',
  'social-assistance',
] as const;
export type CoverageFunction = (typeof COVERAGE_FUNCTIONS)[number];

/** A head count: a whole number of people, at least 0. Absent means "not known", never 0. */
const headCount = z.number().int('must be a whole number of people').min(0, 'cannot be negative').max(1e10);
const year = z.number().int().min(1900).max(2100);

/** Context figures of a coverage sheet: the denominators of the 1.3.1 series. All optional. */
export const coverageContextSchema = z
  .object({
    population: headCount.optional(),
    children: headCount.optional(),
    births: headCount.optional(),
    severeDisability: headCount.optional(),
    unemployed: headCount.optional(),
    employed: headCount.optional(),
    aboveRetirementAge: headCount.optional(),
    poor: headCount.optional(),
    /** Unduplicated count of people receiving at least one benefit or contributing. */
    coveredAtLeastOne: headCount.optional(),
    /** Year the context figures refer to, when not the sheet's year. */
    year: year.optional(),
  })
  .strict();
export type CoverageContext = z.infer<typeof coverageContextSchema>;

export const coverageSchemeSchema = z
  .object({
    name: z.string().min(1, 'a scheme needs a name').max(MAX_SHORT),
    contributory: z.boolean().default(false),
    /** Absent: the scheme counts in no series but "at least one" (and a warning says so). */
    function: z.enum(COVERAGE_FUNCTIONS).optional(),
    /** People receiving a benefit from the scheme. */
    recipients: headCount.optional(),
    /** Active contributors (protected persons) of a contributory scheme. */
    contributors: headCount.optional(),
    /** Year of this scheme's figures, when not the sheet's year. */
    year: year.optional(),
  })
  .strict();
export type CoverageScheme = z.infer<typeof coverageSchemeSchema>;

export const coverageSchema = z
  .object({
    ...baseFields,
    type: z.literal('coverage'),
    title: z.string().min(1, 'a coverage sheet needs a title').max(MAX_SHORT),
    country: countrySchema,
    year,
    context: coverageContextSchema.default({}),
    schemes: z.array(coverageSchemeSchema).max(200).default([]),
    sources: z.array(sourceSchema).max(50).default([]),
    notes: longText.default(''),
    /** Invented figures for training: every screen and export says so. */
    illustrative: z.boolean().default(false),
    workshopId: idSchema.optional(),
    sensitivity: z.enum(['shareable', 'internal']).default('shareable'),
  })
  .strict();
export type Coverage = z.infer<typeof coverageSchema>;

/** The 1.3.1 series a logframe indicator may track (keys of `socle coverage --json`). */
export const SDG_SERIES = ['atLeastOne', 'children', 'mothers', 'disability', 'unemployed', 'employmentInjury', 'olderPersons', 'vulnerable', 'poor'] as const;
export type SdgSeries = (typeof SDG_SERIES)[number];

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}(-\d{2})?$/, 'must be a date such as 2019-01-01 (or a month such as 2019-01)');
const amount = z.number().min(0, 'cannot be negative').max(1e15);

export const indicatorSchema = z
  .object({
    name: z.string().min(1, 'an indicator needs a name').max(MAX_SHORT),
    unit: z.string().max(100).default(''),
    baseline: z.number().optional(),
    target: z.number().optional(),
    actual: z.number().optional(),
    baselineDate: isoDay.optional(),
    targetDate: isoDay.optional(),
    sdgSeries: z.enum(SDG_SERIES).optional(),
  })
  .strict();
export type Indicator = z.infer<typeof indicatorSchema>;

export const projectSchema = z
  .object({
    ...baseFields,
    type: z.literal('project'),
    title: z.string().min(1, 'a project needs a title').max(MAX_SHORT),
    country: countrySchema,
    phase: z.enum(['past', 'new']),
    start: isoDay.optional(),
    end: isoDay.optional(),
    steps: z.array(z.union([z.literal(1), z.literal(2), z.literal(3)])).max(3).default([]),
    branches: z.array(z.enum(BRANCHES)).max(9).default([]),
    guarantees: z.array(z.enum(GUARANTEES)).max(4).default([]),
    budget: z
      .object({ planned: amount.optional(), spent: amount.optional(), currency: z.string().regex(/^[A-Z]{3}$/, 'must be a currency code such as XOF or USD').optional() })
      .strict()
      .default({}),
    reached: z
      .object({
        legal: headCount.optional(),
        effective: headCount.optional(),
        adequacy: headCount.optional(),
        women: headCount.optional(),
        men: headCount.optional(),
      })
      .strict()
      .default({}),
    indicators: z.array(indicatorSchema).max(200),
    lessons: longText.default(''),
    sources: z.array(sourceSchema).max(50).default([]),
    illustrative: z.boolean().default(false),
    workshopId: idSchema.optional(),
    sensitivity: z.enum(['shareable', 'internal']).default('shareable'),
  })
  .strict();
export type Project = z.infer<typeof projectSchema>;

export const recordSchema = z.discriminatedUnion('type', [
  guideSchema,
  practiceSchema,
  noteSchema,
  workshopSchema,
  planSchema,
  coverageSchema,
  projectSchema,
]);
export type HubRecord = z.infer<typeof recordSchema>;
export type RecordOf<T extends RecordType> = Extract<HubRecord, { type: T }>;

/** Fields the store owns: a caller never sets them directly. */
export type SystemField = 'rev' | 'createdAt' | 'updatedAt' | 'origin';
const SYSTEM_FIELDS = { rev: true, createdAt: true, updatedAt: true, origin: true } as const;

/**
 * Input for creating or updating a record: the kind's fields without the system fields; `id` is
 * optional on create (the store makes one), and `rev` is the revision the edit started from
 * (required on update, so that a stale edit is a conflict rather than a silent overwrite).
 */
export const draftSchemas = {
  practice: practiceSchema.omit(SYSTEM_FIELDS).extend({ id: idSchema.optional(), lang: langSchema.default('fr') }),
  note: noteSchema.omit(SYSTEM_FIELDS).extend({ id: idSchema.optional(), lang: langSchema.default('fr') }),
  workshop: workshopSchema.omit(SYSTEM_FIELDS).extend({ id: idSchema.optional(), lang: langSchema.default('fr') }),
  plan: planSchema.omit(SYSTEM_FIELDS).extend({ id: idSchema.optional(), lang: langSchema.default('fr') }),
  coverage: coverageSchema.omit(SYSTEM_FIELDS).extend({ id: idSchema.optional(), lang: langSchema.default('fr') }),
  project: projectSchema.omit(SYSTEM_FIELDS).extend({ id: idSchema.optional(), lang: langSchema.default('fr') }),
} as const;
export const draftSchema = z.discriminatedUnion('type', [
  draftSchemas.practice,
  draftSchemas.note,
  draftSchemas.workshop,
  draftSchemas.plan,
  draftSchemas.coverage,
  draftSchemas.project,
]);
export type Draft = z.input<typeof draftSchema>;
export type DraftOf<T extends EditableType> = z.input<(typeof draftSchemas)[T]>;

