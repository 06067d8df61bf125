/**
 * Skills-clinic commands: `socle coverage <id>` (the nine SDG 1.3.1 series of a coverage sheet,
 * or the sheet as CSV/XLSX with --out) and `socle compare-projects <idA> <idB>` (logframe
 * indicators side by side). Thin: one contract call each; the core computes and words everything.
 */
import path from 'node:path';
import type { Command } from '../context';
import type { Lang } from '../../core/model';
import { LANGS } from '../../core/model';
import type { CoverageReport } from '../../core/clinics/coverage';
import type { IndicatorFigures, ProjectComparison } from '../../core/clinics/compare';
import { formatNumber, ILLUSTRATIVE_NOTICE } from '../../core/clinics/text';
import { HubFailure } from '../../core/result';
import { writeFileAtomic } from '../../core/store/atomic-file';
import { need, printJson, str } from '../options';

function langOpt(value: unknown): Lang | undefined {
  const l = str(value);
  if (l === undefined) return undefined;
  if (!(LANGS as readonly string[]).includes(l)) throw new HubFailure('invalid', `--lang must be fr, en or pt (got "${l}")`);
  return l as Lang;
}

const pct = (v: number | null, lang: Lang) => (v === null ? '—' : `${formatNumber(v, lang)} %`);
const n = (v: number | null, lang: Lang) => (v === null ? '—' : formatNumber(v, lang));

export function formatCoverage(r: CoverageReport): string {
  const l = r.lang;
  const lines = [`${r.title}  (${r.country}, ${r.year})`];
  if (r.illustrative) lines.push(`*** ${ILLUSTRATIVE_NOTICE[l]} ***`);
  for (const s of Object.values(r.series)) {
    lines.push('');
    lines.push(`${s.label}: ${s.upperBound ? '≤ ' : ''}${pct(s.value, l)}   (${n(s.numerator, l)} / ${n(s.denominator, l)})   [${s.key}]`);
    lines.push(`  = ${s.formula}`);
    for (const w of s.warnings) lines.push(`  ! ${w.message}`);
  }
  if (r.warnings.length) {
    lines.push('');
    for (const w of r.warnings) lines.push(`! ${w.message}`);
  }
  return lines.join('\n');
}

const WORDS: Record<string, Record<Lang, string>> = {
  change: { fr: 'évolution', en: 'change', pt: 'evolução' },
  reached: { fr: 'cible atteinte', en: 'target reached', pt: 'meta atingida' },
  per1000: { fr: 'pour 1 000 dépensés', en: 'per 1,000 spent', pt: 'por 1 000 gastos' },
  people: { fr: 'personnes atteintes', en: 'people reached', pt: 'pessoas alcançadas' },
  apart: { fr: 'Non comparés', en: 'Not compared', pt: 'Não comparados' },
  past: { fr: 'projet passé', en: 'past project', pt: 'projeto passado' },
  new: { fr: 'nouveau projet', en: 'new project', pt: 'novo projeto' },
};

function figures(f: IndicatorFigures, l: Lang): string {
  const w = (k: string) => WORDS[k]![l];
  return `${n(f.baseline, l)} → ${n(f.actual, l)} (${n(f.target, l)})  ${w('change')} ${f.change !== null && f.change > 0 ? '+' : ''}${n(f.change, l)}, ${w('reached')} ${pct(f.targetReached, l)}${f.perThousandSpent !== null ? `, ${n(f.perThousandSpent, l)} ${w('per1000')}` : ''}`;
}

export function formatComparison(c: ProjectComparison, l: Lang): string {
  const w = (k: string) => WORDS[k]![l];
  const lines: string[] = [];
  for (const s of ['a', 'b'] as const) {
    const p = c.projects[s];
    lines.push(`${s.toUpperCase()}: ${p.title} (${p.country}, ${w(p.phase)}${p.start || p.end ? `, ${p.start ?? '?'} – ${p.end ?? '?'}` : ''})`);
    if (p.illustrative) lines.push(`   *** ${ILLUSTRATIVE_NOTICE[l]} ***`);
    lines.push(`   ${w('people')}: ${n(p.reached, l)}; ${n(p.reachedPer1000, l)} ${w('per1000')} ${p.currency ?? ''}`.trimEnd());
  }
  for (const m of c.matched) {
    lines.push('', `${m.name}${m.unit ? ` [${m.unit}]` : ''}`, `  A: ${figures(m.a, l)}`, `  B: ${figures(m.b, l)}`);
    for (const x of m.warnings) lines.push(`  ! ${x.message}`);
  }
  if (c.unmatched.length) {
    lines.push('', `${w('apart')}:`);
    for (const u of c.unmatched) lines.push(`  - ${u.name}: ${u.message}`);
  }
  for (const x of c.warnings) lines.push(`! ${x.message}`);
  return lines.join('\n');
}

export const coverage: Command = {
  name: 'coverage',
  usage: 'socle coverage <id> [--lang fr|en|pt] [--json] [--out FILE.csv|FILE.xlsx]',
  summary: 'The nine SDG 1.3.1 series of a coverage sheet (or the sheet as CSV/XLSX with --out)',
  options: { lang: { type: 'string' }, out: { type: 'string' } },
  async run(ctx) {
    const id = need(ctx.args[0], 'coverage sheet id', this.usage);
    const lang = langOpt(ctx.opts.lang);
    const out = str(ctx.opts.out);
    if (out) {
      const ext = path.extname(out).toLowerCase();
      if (ext !== '.csv' && ext !== '.xlsx') throw new HubFailure('invalid', `--out must end in .csv or .xlsx (got "${out}")`);
      const file = await ctx.call('coverageExport', { id, format: ext === '.csv' ? 'csv' : 'xlsx', ...(lang ? { lang } : {}) });
      const target = path.resolve(out);
      await writeFileAtomic(target, Buffer.from(file.base64, 'base64'));
      ctx.io.out(ctx.json ? JSON.stringify({ file: target, bytes: file.bytes }) : `Wrote ${target}`);
      return 0;
    }
    const report = await ctx.call('coverageReport', { id, ...(lang ? { lang } : {}) });
    if (ctx.json) printJson(ctx, report);
    else ctx.io.out(formatCoverage(report));
    return 0;
  },
};

export const compareProjectsCommand: Command = {
  name: 'compare-projects',
  usage: 'socle compare-projects <idA> <idB> [--lang fr|en|pt] [--json]',
  summary: 'Two projects side by side: change, share of target reached, people reached per 1,000 spent',
  options: { lang: { type: 'string' } },
  async run(ctx) {
    const a = need(ctx.args[0], 'first project id', this.usage);
    const b = need(ctx.args[1], 'second project id', this.usage);
    const lang = langOpt(ctx.opts.lang);
    const result = await ctx.call('compareProjects', { a, b, ...(lang ? { lang } : {}) });
    if (ctx.json) printJson(ctx, result);
    else ctx.io.out(formatComparison(result, lang ?? ((await ctx.call('get', { id: a })).lang as Lang)));
    return 0;
  },
};

export const CLINIC_COMMANDS: Command[] = [coverage, compareProjectsCommand];
