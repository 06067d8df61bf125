/**
 * Results and impact: two projects side by side (a past one and a new one, as the Dakar clinic
 * asks each team to enter). Indicators are matched by name (case, accents and spacing ignored);
 * for each matched pair: the change from baseline (actual − baseline), the share of the target
 * reached ((actual − baseline) / (target − baseline) × 100) and, for indicators counted in people,
 * the people reached per 1,000 of budget spent (change / spent × 1,000). Indicators whose units differ, or that only one project has, are listed apart with the
 * reason. Each project also gets its people reached (effective coverage, else legal coverage) per
 * 1,000 of budget spent. Pure and isomorphic (the CLI and the comparison screen share it).
 */
import type { Indicator, Lang, Project } from '../model';
import { warning, type ClinicWarning } from './text';

export interface IndicatorFigures {
  unit: string;
  baseline: number | null;
  target: number | null;
  actual: number | null;
  baselineDate?: string;
  targetDate?: string;
  /** actual − baseline. */
  change: number | null;
  /** (actual − baseline) / (target − baseline) × 100, rounded to 2 decimals. */
  targetReached: number | null;
  /** People reached per 1,000 of the project's budget spent: the change per 1,000 spent, for
   *  indicators counted in people (see PEOPLE_UNITS); null for other units. */
  perThousandSpent: number | null;
}

export interface MatchedIndicator {
  name: string;
  unit: string;
  sdgSeries?: string;
  a: IndicatorFigures;
  b: IndicatorFigures;
  targetReached: { a: number | null; b: number | null };
  warnings: ClinicWarning[];
}

export interface UnmatchedIndicator {
  name: string;
  reason: 'only-in-a' | 'only-in-b' | 'unit-differs';
  message: string;
  unitA?: string;
  unitB?: string;
}

export interface ProjectSide {
  id?: string;
  title: string;
  country: string;
  phase: 'past' | 'new';
  start?: string;
  end?: string;
  illustrative: boolean;
  currency?: string;
  planned: number | null;
  spent: number | null;
  /** Share of the planned budget spent, %. */
  spentShare: number | null;
  /** People reached: effective coverage, else legal coverage (see reachedBasis). */
  reached: number | null;
  reachedBasis: 'effective' | 'legal' | null;
  /** People reached per 1,000 of budget spent. */
  reachedPer1000: number | null;
}

export interface ProjectComparison {
  projects: { a: ProjectSide; b: ProjectSide };
  matched: MatchedIndicator[];
  unmatched: UnmatchedIndicator[];
  warnings: ClinicWarning[];
}

export type ProjectInput = Partial<Omit<Project, 'indicators'>> & { indicators?: Partial<Indicator>[] };

/** Units that count people (matched after folding case and accents), in fr, en and pt. */
export const PEOPLE_UNITS = /^(people|persons?|individuals?|beneficiar(y|ies)|recipients?|workers?|members?|personnes?|individus?|beneficiaires?|travailleurs?|affilie(e)?s?|membres?|pessoas?|beneficiarios?|trabalhadores?|membros?)$/;

const num = (n: unknown): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Matching key of an indicator name or unit: trimmed, lower case, accents and spacing folded. */
export function matchKey(s: string | undefined): string {
  return (s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function side(p: ProjectInput): ProjectSide {
  const planned = num(p.budget?.planned);
  const spent = num(p.budget?.spent);
  const effective = num(p.reached?.effective);
  const legal = num(p.reached?.legal);
  const reached = effective ?? legal;
  return {
    ...(p.id ? { id: p.id } : {}),
    title: p.title ?? '',
    country: p.country ?? '',
    phase: p.phase === 'new' ? 'new' : 'past',
    ...(p.start ? { start: p.start } : {}),
    ...(p.end ? { end: p.end } : {}),
    illustrative: p.illustrative === true,
    ...(p.budget?.currency ? { currency: p.budget.currency } : {}),
    planned,
    spent,
    spentShare: planned && spent !== null ? round2((spent / planned) * 100) : null,
    reached,
    reachedBasis: effective !== null ? 'effective' : legal !== null ? 'legal' : null,
    reachedPer1000: reached !== null && spent ? round2((reached / spent) * 1000) : null,
  };
}

/** Figures of one indicator of one project, and the warnings they call for. */
export function indicatorFigures(i: Partial<Indicator>, spent: number | null): IndicatorFigures {
  const baseline = num(i.baseline);
  const target = num(i.target);
  const actual = num(i.actual);
  const change = actual !== null && baseline !== null ? round2(actual - baseline) : null;
  const targetReached = change !== null && target !== null && target !== baseline ? round2(((actual! - baseline!) / (target - baseline!)) * 100) : null;
  return {
    unit: i.unit ?? '',
    baseline,
    target,
    actual,
    ...(i.baselineDate ? { baselineDate: i.baselineDate } : {}),
    ...(i.targetDate ? { targetDate: i.targetDate } : {}),
    change,
    targetReached,
    perThousandSpent: change !== null && spent && PEOPLE_UNITS.test(matchKey(i.unit)) ? round2((change / spent) * 1000) : null,
  };
}

export function compareProjects(a: ProjectInput, b: ProjectInput, lang: Lang): ProjectComparison {
  const sides = { a: side(a), b: side(b) };
  const warnings: ClinicWarning[] = [];
  if (sides.a.currency && sides.b.currency && sides.a.currency !== sides.b.currency) {
    warnings.push(warning('currency-differs', lang, { unitA: sides.a.currency, unitB: sides.b.currency }));
  }
  for (const s of ['a', 'b'] as const) if (!sides[s].spent) warnings.push(warning('no-budget', lang, { side: s.toUpperCase() }));

  /** First indicator of each name (a repeated name is warned about, not compared twice). */
  const byName = (p: ProjectInput, s: 'A' | 'B') => {
    const map = new Map<string, Partial<Indicator>>();
    for (const i of p.indicators ?? []) {
      const k = matchKey(i.name);
      if (!k) continue;
      if (map.has(k)) warnings.push(warning('duplicate-indicator', lang, { side: s }, i.name));
      else map.set(k, i);
    }
    return map;
  };
  const inA = byName(a, 'A');
  const inB = byName(b, 'B');

  const matched: MatchedIndicator[] = [];
  const unmatched: UnmatchedIndicator[] = [];
  for (const [k, ia] of inA) {
    const ib = inB.get(k);
    if (!ib) {
      unmatched.push({ name: ia.name!, reason: 'only-in-a', message: warning('only-in-a', lang).message, unitA: ia.unit ?? '' });
      continue;
    }
    if (matchKey(ia.unit) !== matchKey(ib.unit)) {
      unmatched.push({
        name: ia.name!,
        reason: 'unit-differs',
        message: warning('unit-differs', lang, { unitA: ia.unit || '—', unitB: ib.unit || '—' }).message,
        unitA: ia.unit ?? '',
        unitB: ib.unit ?? '',
      });
      continue;
    }
    const fa = indicatorFigures(ia, sides.a.spent);
    const fb = indicatorFigures(ib, sides.b.spent);
    const w: ClinicWarning[] = [];
    for (const [s, f] of [['A', fa], ['B', fb]] as const) {
      if (f.baseline === null || f.actual === null || f.target === null) w.push(warning('missing-indicator-figure', lang, { figure: figureNames(f, lang) }, `${ia.name} (${s})`));
      else if (f.target === f.baseline) w.push(warning('no-target-change', lang, { side: s }, ia.name));
    }
    matched.push({
      name: ia.name!,
      unit: ia.unit ?? '',
      ...(ia.sdgSeries || ib.sdgSeries ? { sdgSeries: ia.sdgSeries ?? ib.sdgSeries } : {}),
      a: fa,
      b: fb,
      targetReached: { a: fa.targetReached, b: fb.targetReached },
      warnings: w,
    });
  }
  for (const [k, ib] of inB) if (!inA.has(k)) unmatched.push({ name: ib.name!, reason: 'only-in-b', message: warning('only-in-b', lang).message, unitB: ib.unit ?? '' });
  return { projects: sides, matched, unmatched, warnings };
}

const FIGURE_NAMES: Record<'baseline' | 'target' | 'actual', Record<Lang, string>> = {
  baseline: { fr: 'la valeur de référence', en: 'the baseline', pt: 'o valor de referência' },
  target: { fr: 'la cible', en: 'the target', pt: 'a meta' },
  actual: { fr: 'la valeur atteinte', en: 'the actual value', pt: 'o valor alcançado' },
};

function figureNames(f: IndicatorFigures, lang: Lang): string {
  return (['baseline', 'target', 'actual'] as const)
    .filter((k) => f[k] === null)
    .map((k) => FIGURE_NAMES[k][lang])
    .join(', ');
}
