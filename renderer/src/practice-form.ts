/**
 * The practice editor's form model: what the inputs hold (including the raw text of
 * comma-separated fields), how it becomes a draft for the API, and how drafts compare (set-like
 * lists compare as sets, so reloading a record never looks like an edit).
 */
import { BRANCHES, COUNTRY_NAMES, GUARANTEES, THEMES, draftSchemas, type Branch, type Guarantee, type Lang, type Practice } from '../../main/core/model';

export type Step = 1 | 2 | 3;

/** The fields of a practice that a user edits (the draft without id/type). */
export interface PracticeFields {
  lang: Lang;
  title: string;
  summary: string;
  body: string;
  country: string;
  partnerCountries: string[];
  themes: string[];
  steps: Step[];
  branches: Branch[];
  guarantees: Guarantee[];
  sdgTargets: string[];
  results: string;
  lessons: string;
  sources: { title: string; url?: string }[];
  contact: string;
  status: 'draft' | 'validated';
  sensitivity: 'shareable' | 'internal';
  translations: Practice['translations'];
  related: string[];
}

export const FIELD_ORDER: (keyof PracticeFields)[] = [
  'title',
  'summary',
  'body',
  'country',
  'partnerCountries',
  'lang',
  'steps',
  'branches',
  'guarantees',
  'themes',
  'sdgTargets',
  'results',
  'lessons',
  'sources',
  'contact',
  'status',
  'sensitivity',
  'translations',
  'related',
];

/** What the inputs hold. Lists typed as text keep their raw text until saved. */
export interface PracticeForm {
  lang: Lang;
  title: string;
  summary: string;
  body: string;
  country: string;
  /** Partner countries the hub has names for (checkboxes). */
  partnerKnown: string[];
  /** Other partner codes, as typed ("PY, LU"). */
  partnerOther: string;
  themesKnown: string[];
  /** Free tags, as typed. */
  themesOther: string;
  steps: Step[];
  branches: Branch[];
  guarantees: Guarantee[];
  sdgText: string;
  results: string;
  lessons: string;
  sources: { title: string; url: string }[];
  contact: string;
  status: 'draft' | 'validated';
  sensitivity: 'shareable' | 'internal';
  enTitle: string;
  enSummary: string;
  /** Kept as loaded: translations other than the English title/summary, and links. */
  otherTranslations: Practice['translations'];
  related: string[];
}

export const emptyForm = (lang: Lang = 'fr'): PracticeForm => ({
  lang,
  title: '',
  summary: '',
  body: '',
  country: '',
  partnerKnown: [],
  partnerOther: '',
  themesKnown: [],
  themesOther: '',
  steps: [],
  branches: [],
  guarantees: [],
  sdgText: '',
  results: '',
  lessons: '',
  sources: [{ title: '', url: '' }],
  contact: '',
  status: 'draft',
  sensitivity: 'shareable',
  enTitle: '',
  enSummary: '',
  otherTranslations: {},
  related: [],
});

const splitList = (text: string): string[] =>
  text
    .split(/[,;\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const isKnownCountry = (c: string) => Object.prototype.hasOwnProperty.call(COUNTRY_NAMES, c);
const isKnownTheme = (t: string) => (THEMES as readonly string[]).includes(t);

export function fieldsOf(p: Practice): PracticeFields {
  return {
    lang: p.lang,
    title: p.title,
    summary: p.summary,
    body: p.body,
    country: p.country,
    partnerCountries: [...p.partnerCountries],
    themes: [...p.themes],
    steps: [...p.steps],
    branches: [...p.branches],
    guarantees: [...p.guarantees],
    sdgTargets: [...p.sdgTargets],
    results: p.results,
    lessons: p.lessons,
    sources: p.sources.map((s) => (s.url ? { title: s.title, url: s.url } : { title: s.title })),
    contact: p.contact,
    status: p.status,
    sensitivity: p.sensitivity,
    translations: p.translations,
    related: [...p.related],
  };
}

export function formOf(f: PracticeFields): PracticeForm {
  const en = f.translations.en;
  const otherTranslations: Practice['translations'] = { ...f.translations };
  if (en) {
    const { title: _t, summary: _s, ...rest } = en;
    if (Object.keys(rest).length) otherTranslations.en = rest;
    else delete otherTranslations.en;
  }
  const sources = f.sources.map((s) => ({ title: s.title, url: s.url ?? '' }));
  return {
    lang: f.lang,
    title: f.title,
    summary: f.summary,
    body: f.body,
    country: f.country,
    partnerKnown: f.partnerCountries.filter(isKnownCountry),
    partnerOther: f.partnerCountries.filter((c) => !isKnownCountry(c)).join(', '),
    themesKnown: f.themes.filter(isKnownTheme),
    themesOther: f.themes.filter((t) => !isKnownTheme(t)).join(', '),
    steps: [...f.steps],
    branches: [...f.branches],
    guarantees: [...f.guarantees],
    sdgText: f.sdgTargets.join(', '),
    results: f.results,
    lessons: f.lessons,
    sources: sources.length ? sources : [{ title: '', url: '' }],
    contact: f.contact,
    status: f.status,
    sensitivity: f.sensitivity,
    enTitle: en?.title ?? '',
    enSummary: en?.summary ?? '',
    otherTranslations,
    related: [...f.related],
  };
}

export function fieldsOfForm(form: PracticeForm): PracticeFields {
  const en = { ...(form.otherTranslations.en ?? {}) } as NonNullable<Practice['translations']['en']>;
  if (form.enTitle.trim()) en.title = form.enTitle.trim();
  if (form.enSummary.trim()) en.summary = form.enSummary.trim();
  const translations: Practice['translations'] = { ...form.otherTranslations };
  if (Object.keys(en).length) translations.en = en;
  else delete translations.en;
  const unique = <T,>(xs: T[]) => [...new Set(xs)];
  return {
    lang: form.lang,
    title: form.title.trim(),
    summary: form.summary,
    body: form.body,
    country: form.country.trim().toUpperCase(),
    partnerCountries: unique([...form.partnerKnown, ...splitList(form.partnerOther).map((c) => c.toUpperCase())]),
    themes: unique([...form.themesKnown, ...splitList(form.themesOther).map((t) => t.toLowerCase())]),
    steps: [...form.steps].sort(),
    branches: BRANCHES.filter((b) => form.branches.includes(b)),
    guarantees: GUARANTEES.filter((g) => form.guarantees.includes(g)),
    sdgTargets: unique(splitList(form.sdgText)),
    results: form.results,
    lessons: form.lessons,
    sources: form.sources
      .filter((s) => s.title.trim() || s.url.trim())
      .map((s) => (s.url.trim() ? { title: s.title.trim(), url: s.url.trim() } : { title: s.title.trim() })),
    contact: form.contact,
    status: form.status,
    sensitivity: form.sensitivity,
    translations,
    related: form.related,
  };
}

const SET_LIKE = new Set<keyof PracticeFields>(['partnerCountries', 'themes', 'steps', 'branches', 'guarantees', 'sdgTargets', 'related']);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== '')
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function sameField(key: keyof PracticeFields, a: PracticeFields, b: PracticeFields): boolean {
  const x = a[key];
  const y = b[key];
  if (SET_LIKE.has(key) && Array.isArray(x) && Array.isArray(y)) {
    return canonical([...x].map(String).sort()) === canonical([...y].map(String).sort());
  }
  return canonical(x) === canonical(y);
}

export function differingFields(a: PracticeFields, b: PracticeFields): (keyof PracticeFields)[] {
  return FIELD_ORDER.filter((k) => !sameField(k, a, b));
}

/** Validation problems by field path ("title", "sources.0.url"...), client-side with the core's schema. */
export function validate(fields: PracticeFields): Record<string, string> {
  const parsed = draftSchemas.practice.safeParse({ type: 'practice', ...fields });
  const out: Record<string, string> = {};
  if (parsed.success) return out;
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.') || '(root)';
    if (!(path in out)) out[path] = issue.message;
  }
  return out;
}
