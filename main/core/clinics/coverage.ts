/**
 * SDG indicator 1.3.1 from a coverage sheet (Social Security Inquiry-style figures): the nine
 * series, each a percentage with its numerator, denominator, formula in words and warnings.
 * Pure and isomorphic: the CLI (`socle coverage`), the exports and the renderer's live sheet all
 * compute with this one function.
 *
 * Definitions (SDG metadata for 1.3.1, ILO custodian), numerators summed over the sheet's schemes:
 * - atLeastOne: coveredAtLeastOne / population. Without coveredAtLeastOne, the sum over all
 *   schemes of recipients + contributors is shown as an UPPER BOUND (flagged, with a warning),
 *   never as the indicator.
 * - children: recipients of "children" schemes / children; mothers: "maternity" recipients /
 *   births; disability: "disability" recipients / severeDisability; unemployed: "unemployment"
 *   recipients / unemployed; employmentInjury: contributors to "employment-injury" schemes /
 *   employed; olderPersons: "old-age" recipients (contributory or not) / aboveRetirementAge;
 *   vulnerable: "social-assistance" recipients / (population − people covered by contributory
 *   schemes, i.e. their recipients + contributors); poor: "social-assistance" recipients / poor.
 * Figures absent from the sheet are unknown, never zero: a missing denominator gives no value; a
 * scheme without the figure is left out of its numerator, with a warning that the series is then
 * understated. Warnings also flag a ratio above 100 %, a zero denominator, a scheme without a
 * function, and figures from another year than the sheet's.
 */
import { SDG_SERIES, type CoverageContext, type CoverageFunction, type CoverageScheme, type Lang, type SdgSeries } from '../model';
import { CONTEXT_LABELS, FUNCTION_LABELS, SERIES_FORMULAS, SERIES_LABELS, warning, type ClinicWarning, type ContextKey } from './text';

export interface SeriesResult {
  key: SdgSeries;
  label: string;
  /** Percentage, rounded to 2 decimals; null when it cannot be computed. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  formula: string;
  warnings: ClinicWarning[];
  /** True for "at least one" computed as a sum over schemes (an upper bound, not the indicator). */
  upperBound: boolean;
}

export interface CoverageReport {
  id?: string;
  title: string;
  country: string;
  year: number;
  lang: Lang;
  illustrative: boolean;
  series: Record<SdgSeries, SeriesResult>;
  /** Warnings about the sheet as a whole (schemes without a function, other years). */
  warnings: ClinicWarning[];
}

/** What the computation reads: a saved record, or the form's draft (which may be half typed). */
export interface CoverageInput {
  id?: string;
  title?: string;
  country?: string;
  year?: number;
  illustrative?: boolean;
  context?: Partial<Record<keyof CoverageContext, number | undefined>>;
  schemes?: Partial<CoverageScheme>[];
}

/** A usable head count: a finite number ≥ 0 (anything else, typed or not, is "unknown"). */
function known(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Which function feeds which series, and with which figure of the scheme. */
const SCHEME_SERIES: Partial<Record<SdgSeries, { fn: CoverageFunction; figure: 'recipients' | 'contributors'; denominator: ContextKey }>> = {
  children: { fn: 'children', figure: 'recipients', denominator: 'children' },
  mothers: { fn: 'maternity', figure: 'recipients', denominator: 'births' },
  disability: { fn: 'disability', figure: 'recipients', denominator: 'severeDisability' },
  unemployed: { fn: 'unemployment', figure: 'recipients', denominator: 'unemployed' },
  employmentInjury: { fn: 'employment-injury', figure: 'contributors', denominator: 'employed' },
  olderPersons: { fn: 'old-age', figure: 'recipients', denominator: 'aboveRetirementAge' },
  poor: { fn: 'social-assistance', figure: 'recipients', denominator: 'poor' },
};

const FIGURE_LABEL: Record<'recipients' | 'contributors', Record<Lang, string>> = {
  recipients: { fr: 'les bénéficiaires', en: 'recipients', pt: 'os beneficiários' },
  contributors: { fr: 'les cotisants', en: 'contributors', pt: 'os contribuintes' },
};

export function computeCoverage(sheet: CoverageInput, lang: Lang): CoverageReport {
  const ctx = sheet.context ?? {};
  const schemes = (sheet.schemes ?? []).map((s, i) => ({ ...s, name: s.name?.trim() || `#${i + 1}` }));
  const sheetYear = sheet.year;
  const sheetWarnings: ClinicWarning[] = [];

  // Figures from another year than the sheet's: flagged once for the sheet, and on every series
  // that uses them.
  const otherYear = (y: number | undefined) => known(y) && known(sheetYear) && y !== sheetYear;
  const contextYearWarning = otherYear(ctx.year)
    ? warning('different-years', lang, { year: String(ctx.year), sheetYear: String(sheetYear) }, lang === 'fr' ? 'chiffres de contexte' : lang === 'pt' ? 'números de contexto' : 'context figures')
    : undefined;
  if (contextYearWarning) sheetWarnings.push(contextYearWarning);
  for (const s of schemes) {
    if (!s.function) sheetWarnings.push(warning('no-function', lang, {}, s.name));
    if (otherYear(s.year)) sheetWarnings.push(warning('different-years', lang, { year: String(s.year), sheetYear: String(sheetYear) }, s.name));
  }

  const yearWarnings = (used: typeof schemes, usesContext: boolean): ClinicWarning[] => [
    ...(usesContext && contextYearWarning ? [contextYearWarning] : []),
    ...used.filter((s) => otherYear(s.year)).map((s) => warning('different-years', lang, { year: String(s.year), sheetYear: String(sheetYear) }, s.name)),
  ];

  /** The series' value from its numerator and denominator, with the ratio's own warnings. */
  const finish = (
    key: SdgSeries,
    numerator: number | null,
    denominator: number | null,
    denominatorName: string,
    warnings: ClinicWarning[],
    upperBound = false,
  ): SeriesResult => {
    let value: number | null = null;
    if (denominator === null) warnings.unshift(warning('missing-denominator', lang, { figure: denominatorName }));
    else if (denominator <= 0) warnings.unshift(warning('zero-denominator', lang, { value: denominator }));
    else if (numerator !== null) {
      value = round2((numerator / denominator) * 100);
      if (value > 100) warnings.unshift(warning('above-100', lang, { value }));
    }
    return {
      key,
      label: SERIES_LABELS[key][lang],
      value,
      numerator,
      denominator,
      formula: SERIES_FORMULAS[key][lang],
      warnings,
      upperBound,
    };
  };

  /** Sum of one figure over schemes; null when every scheme lacks it. Missing ones are warned about. */
  const sum = (used: typeof schemes, figure: 'recipients' | 'contributors', warnings: ClinicWarning[]): number | null => {
    let total = 0;
    let any = false;
    for (const s of used) {
      const v = s[figure];
      if (known(v)) {
        total += v;
        any = true;
      } else warnings.push(warning('missing-figure', lang, { figure: FIGURE_LABEL[figure][lang] }, s.name));
    }
    return any || used.length === 0 ? total : null;
  };

  const denominatorOf = (k: ContextKey) => (known(ctx[k]) ? ctx[k] : null);
  const series = {} as Record<SdgSeries, SeriesResult>;

  // At least one benefit.
  {
    const warnings: ClinicWarning[] = [];
    if (known(ctx.coveredAtLeastOne)) {
      series.atLeastOne = finish('atLeastOne', ctx.coveredAtLeastOne, denominatorOf('population'), CONTEXT_LABELS.population[lang], [...yearWarnings([], true)]);
    } else {
      let total = 0;
      let any = false;
      for (const s of schemes) {
        for (const f of ['recipients', 'contributors'] as const) {
          const v = s[f];
          if (known(v)) {
            total += v;
            any = true;
          }
        }
      }
      warnings.push(warning('upper-bound', lang));
      series.atLeastOne = finish('atLeastOne', any ? total : null, denominatorOf('population'), CONTEXT_LABELS.population[lang], [...warnings, ...yearWarnings(schemes, true)], any);
    }
  }

  for (const key of SDG_SERIES) {
    const def = SCHEME_SERIES[key];
    if (!def) continue;
    const used = schemes.filter((s) => s.function === def.fn);
    const warnings: ClinicWarning[] = [];
    if (!used.length) warnings.push(warning('no-scheme', lang, { figure: FUNCTION_LABELS[def.fn][lang] }));
    const numerator = sum(used, def.figure, warnings);
    warnings.push(...yearWarnings(used, true));
    series[key] = finish(key, numerator, denominatorOf(def.denominator), CONTEXT_LABELS[def.denominator][lang], warnings);
  }

  // Vulnerable: social assistance over the population not covered by contributory schemes.
  {
    const warnings: ClinicWarning[] = [];
    const assistance = schemes.filter((s) => s.function === 'social-assistance');
    if (!assistance.length) warnings.push(warning('no-scheme', lang, { figure: FUNCTION_LABELS['social-assistance'][lang] }));
    const numerator = sum(assistance, 'recipients', warnings);
    const contributory = schemes.filter((s) => s.contributory);
    let covered = 0;
    for (const s of contributory) {
      if (known(s.recipients)) covered += s.recipients;
      if (known(s.contributors)) covered += s.contributors;
      if (!known(s.recipients) && !known(s.contributors)) warnings.push(warning('missing-figure', lang, { figure: FIGURE_LABEL.contributors[lang] }, s.name));
    }
    const population = denominatorOf('population');
    warnings.push(...yearWarnings([...assistance, ...contributory.filter((s) => !assistance.includes(s))], true));
    series.vulnerable = finish('vulnerable', numerator, population === null ? null : population - covered, CONTEXT_LABELS.population[lang], warnings);
  }

  const ordered = Object.fromEntries(SDG_SERIES.map((k) => [k, series[k]])) as Record<SdgSeries, SeriesResult>;
  return {
    ...(sheet.id ? { id: sheet.id } : {}),
    title: sheet.title ?? '',
    country: sheet.country ?? '',
    year: sheetYear ?? 0,
    lang,
    illustrative: sheet.illustrative === true,
    series: ordered,
    warnings: sheetWarnings,
  };
}
