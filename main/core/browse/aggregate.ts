/**
 * Browsing the library by country, by theme and by C102 branch. Pure functions over the records
 * the hub shows (library + the user's store, minus the trash): no I/O, so each view is computed
 * fresh on every call and always reflects the latest edits, imports and deletions.
 */
import { BRANCHES, THEMES, type Branch, type Guide, type HubRecord, type Lang, type Practice } from '../model';
import { countryName } from '../labels';
import { slugify } from '../markdown';
import type { RecordSummary } from '../contract';
import { FOCUS_COUNTRIES } from './constants';

export { FOCUS_COUNTRIES };

/** What the aggregations need from the hub. */
export interface BrowseSource {
  records: Iterable<HubRecord>;
  summarize: (r: HubRecord, lang?: Lang) => RecordSummary;
  /** The guide with this key in `lang`, else French, else any version. */
  guide: (key: string, lang: Lang) => Guide | undefined;
  /** The visible record with this id (a plan's workshop). */
  resolve?: (id: string) => HubRecord | undefined;
}

/** The guide whose per-country sections give each country's C102 status. */
export const C102_STATUS_GUIDE = 'c102-country-status';

export interface C102Status {
  guideId: string;
  /** Heading id of the country's section in the guide (`#/record/<guideId>?s=<section>`), if found. */
  section?: string;
  /** The country's section of the guide, as Markdown (empty when the guide has no section for it). */
  markdown: string;
  lang: Lang;
}

export interface CountryPage {
  country: string;
  /** Practices of this country (validated first, then by title). */
  practices: RecordSummary[];
  /** Practices of other countries that name this one as a partner. */
  partnerPractices: RecordSummary[];
  plans: (RecordSummary & { actions: number; workshopId?: string })[];
  /** Workshops with a group, participant or plan of this country. */
  workshops: RecordSummary[];
  /** The country's notes, newest first (at most 50; `total` counts them all). */
  notes: { total: number; items: RecordSummary[] };
  branches: { branch: Branch; count: number }[];
  themes: { theme: string; count: number }[];
  c102: C102Status | null;
}

export interface ThemePage {
  theme: string;
  guides: RecordSummary[];
  practices: RecordSummary[];
  countries: { country: string; count: number }[];
}

export interface BrowseIndex {
  countries: { country: string; practices: number; plans: number; notes: number; workshops: number }[];
  themes: { theme: string; guides: number; practices: number }[];
}

/** A practice as a matrix cell shows it: a link, no summary (a 10,000-practice matrix stays small). */
export interface MatrixPractice {
  id: string;
  title: string;
  status: 'draft' | 'validated';
}

export interface C102Matrix {
  branches: { branch: Branch; guideId?: string }[];
  countries: string[];
  /**
   * One cell per branch x country that has practices (absent cells are empty): the first
   * MATRIX_CELL_LIMIT practices (validated first, then by title) and how many there are.
   */
  cells: { branch: Branch; country: string; total: number; practices: MatrixPractice[] }[];
}

/** Practices listed in one matrix cell; the rest are counted (the UI links to a filtered search). */
export const MATRIX_CELL_LIMIT = 12;

// One collator for every sort, numeric so that "Phase 2" comes before "Phase 10".
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
const byPractice = (a: Practice, b: Practice) =>
  (a.status === b.status ? 0 : a.status === 'validated' ? -1 : 1) || collator.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const newestFirst = (a: HubRecord, b: HubRecord) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id);

/** The `n` smallest items by `cmp`, in order, in one pass (a cell may hold thousands of practices; it shows a dozen). */
export function firstN<T>(items: readonly T[], n: number, cmp: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  for (const x of items) {
    if (top.length === n && cmp(x, top[n - 1]!) >= 0) continue;
    let i = top.length;
    while (i > 0 && cmp(x, top[i - 1]!) < 0) i--;
    top.splice(i, 0, x);
    if (top.length > n) top.pop();
  }
  return top;
}

/** Countries first by the focus order, then by name in `lang`. */
export function orderCountries(codes: Iterable<string>, lang: Lang): string[] {
  const rank = (c: string) => {
    const i = (FOCUS_COUNTRIES as readonly string[]).indexOf(c);
    return i < 0 ? FOCUS_COUNTRIES.length : i;
  };
  const names = new Intl.Collator(lang);
  return [...new Set(codes)].sort((a, b) => rank(a) - rank(b) || names.compare(countryName(a, lang), countryName(b, lang)));
}

function counted<K>(values: K[]): { key: K; count: number }[] {
  const m = new Map<K, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key)));
}

function workshopCountries(w: Extract<HubRecord, { type: 'workshop' }>): Set<string> {
  const out = new Set<string>();
  for (const g of w.groups) if (g.country) out.add(g.country);
  for (const p of w.participants) if (p.country) out.add(p.country);
  return out;
}

/**
 * The country's section of the C102 status guide: the `##` section whose heading is the
 * country's name in the guide's language. The guide is prose, so only what it says under that
 * heading is shown, with a link to the section; nothing is inferred from it.
 */
export function c102StatusOf(guide: Guide | undefined, country: string): C102Status | null {
  if (!guide) return null;
  const wanted = slugify(countryName(country, guide.lang));
  const lines = guide.body.split('\n');
  let start = -1;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const m = /^##\s+(.+?)\s*#*\s*$/.exec(lines[i]!);
    if (!m) continue;
    if (start >= 0) {
      end = i;
      break;
    }
    if (slugify(m[1]!) === wanted) start = i;
  }
  if (start < 0) return { guideId: guide.id, markdown: '', lang: guide.lang };
  return { guideId: guide.id, section: wanted, markdown: lines.slice(start + 1, end).join('\n').trim(), lang: guide.lang };
}

export function countryPage(src: BrowseSource, country: string, lang: Lang): CountryPage {
  const practices: Practice[] = [];
  const partners: Practice[] = [];
  const plans: Extract<HubRecord, { type: 'plan' }>[] = [];
  const notes: HubRecord[] = [];
  const workshops = new Map<string, HubRecord>();
  for (const r of src.records) {
    if (r.type === 'practice') {
      if (r.country === country) practices.push(r);
      else if (r.partnerCountries.includes(country)) partners.push(r);
    } else if (r.type === 'plan' && r.country === country) plans.push(r);
    else if (r.type === 'note' && r.country === country) notes.push(r);
    else if (r.type === 'workshop' && workshopCountries(r).has(country)) workshops.set(r.id, r);
  }
  for (const p of plans) {
    const w = p.workshopId && src.resolve?.(p.workshopId);
    if (w && w.type === 'workshop') workshops.set(w.id, w);
  }
  practices.sort(byPractice);
  partners.sort(byPractice);
  notes.sort(newestFirst);
  const branchCounts = counted(practices.flatMap((p) => p.branches));
  return {
    country,
    practices: practices.map((p) => src.summarize(p, lang)),
    partnerPractices: partners.map((p) => src.summarize(p, lang)),
    plans: plans.sort(newestFirst).map((p) => ({ ...src.summarize(p, lang), actions: p.actions.length, workshopId: p.workshopId })),
    workshops: [...workshops.values()].sort(newestFirst).map((w) => src.summarize(w, lang)),
    notes: { total: notes.length, items: notes.slice(0, 50).map((n) => src.summarize(n, lang)) },
    branches: BRANCHES.map((branch) => ({ branch, count: branchCounts.find((c) => c.key === branch)?.count ?? 0 })).filter((b) => b.count > 0),
    themes: counted(practices.flatMap((p) => p.themes)).map(({ key, count }) => ({ theme: key, count })),
    c102: c102StatusOf(src.guide(C102_STATUS_GUIDE, lang), country),
  };
}

/** One guide per key (in `lang` when it exists), the guides' keys in library order. */
function guidesOnce(src: BrowseSource, all: HubRecord[], lang: Lang, keep: (g: Guide) => boolean): Guide[] {
  const keys = new Set<string>();
  for (const r of all) if (r.type === 'guide' && keep(r)) keys.add(r.key);
  return [...keys]
    .map((k) => src.guide(k, lang))
    .filter((g): g is Guide => !!g)
    .sort((a, b) => a.order - b.order || collator.compare(a.title, b.title));
}

export function themePage(src: BrowseSource, theme: string, lang: Lang): ThemePage {
  const all = [...src.records];
  const practices = all.filter((r): r is Practice => r.type === 'practice' && r.themes.includes(theme)).sort(byPractice);
  const guides = guidesOnce(src, all, lang, (g) => g.themes.includes(theme) || (g.instrument === 'theme' && g.key === `theme-${theme}`));
  return {
    theme,
    guides: guides.map((g) => src.summarize(g, lang)),
    practices: practices.map((p) => src.summarize(p, lang)),
    countries: counted(practices.map((p) => p.country)).map(({ key, count }) => ({ country: key, count })),
  };
}

export function browseIndex(src: BrowseSource, lang: Lang): BrowseIndex {
  const countries = new Map<string, BrowseIndex['countries'][number]>();
  const country = (c: string) => {
    let e = countries.get(c);
    if (!e) countries.set(c, (e = { country: c, practices: 0, plans: 0, notes: 0, workshops: 0 }));
    return e;
  };
  for (const c of FOCUS_COUNTRIES) country(c);
  const themes = new Map<string, { theme: string; guides: Set<string>; practices: number }>();
  const theme = (t: string) => {
    let e = themes.get(t);
    if (!e) themes.set(t, (e = { theme: t, guides: new Set(), practices: 0 }));
    return e;
  };
  for (const r of src.records) {
    if (r.type === 'practice') {
      country(r.country).practices++;
      for (const t of r.themes) theme(t).practices++;
    } else if (r.type === 'plan') country(r.country).plans++;
    else if (r.type === 'note' && r.country) country(r.country).notes++;
    else if (r.type === 'workshop') for (const c of workshopCountries(r)) country(c).workshops++;
    else if (r.type === 'guide') for (const t of r.themes) theme(t).guides.add(r.key);
  }
  const known = THEMES as readonly string[];
  return {
    countries: orderCountries(countries.keys(), lang).map((c) => countries.get(c)!),
    themes: [...themes.values()]
      .map((t) => ({ theme: t.theme, guides: t.guides.size, practices: t.practices }))
      .sort((a, b) => {
        const ra = known.indexOf(a.theme);
        const rb = known.indexOf(b.theme);
        return (ra < 0 ? known.length : ra) - (rb < 0 ? known.length : rb) || a.theme.localeCompare(b.theme);
      }),
  };
}

/**
 * C102 branches x countries. Columns: the focus countries, then every country with a practice
 * tagged with a branch. A practice sits in the cell of its own country for each of its branches.
 */
export function c102Matrix(src: BrowseSource, lang: Lang): C102Matrix {
  const cells = new Map<string, Practice[]>();
  const countries = new Set<string>(FOCUS_COUNTRIES);
  for (const r of src.records) {
    if (r.type !== 'practice' || !r.branches.length) continue;
    countries.add(r.country);
    for (const b of r.branches) {
      const k = `${b}|${r.country}`;
      const cell = cells.get(k);
      if (cell) cell.push(r);
      else cells.set(k, [r]);
    }
  }
  const columns = orderCountries(countries, lang);
  return {
    branches: BRANCHES.map((branch) => ({ branch, guideId: src.guide(`c102-${branch}`, lang)?.id })),
    countries: columns,
    cells: BRANCHES.flatMap((branch) =>
      columns
        .filter((c) => cells.has(`${branch}|${c}`))
        .map((country) => {
          const all = cells.get(`${branch}|${country}`)!;
          const practices = firstN(all, MATRIX_CELL_LIMIT, byPractice).map((p) => {
            const s = src.summarize(p, lang);
            return { id: s.id, title: s.title, status: p.status };
          });
          return { branch, country, total: all.length, practices };
        }),
    ),
  };
}
