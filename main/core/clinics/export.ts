/**
 * A coverage sheet as CSV and as XLSX, so its figures can be carried into the ILO's SSI
 * questionnaire or a spreadsheet. XLSX is written by `write-excel-file` (its "universal" build:
 * no Node APIs, one dependency, fflate; see docs/architecture.md for why this library).
 * Both files say plainly when the figures are illustrative.
 */
import type { Coverage, Lang } from '../model';
import { slugify } from '../markdown';
import type { CoverageReport } from './coverage';
import { CONTEXT_KEYS, CONTEXT_LABELS, FUNCTION_LABELS, ILLUSTRATIVE_NOTICE } from './text';

type L = Record<Lang, string>;

const H: Record<string, L> = {
  series: { fr: 'Série', en: 'Series', pt: 'Série' },
  key: { fr: 'Clé', en: 'Key', pt: 'Chave' },
  value: { fr: 'Valeur (%)', en: 'Value (%)', pt: 'Valor (%)' },
  numerator: { fr: 'Numérateur', en: 'Numerator', pt: 'Numerador' },
  denominator: { fr: 'Dénominateur', en: 'Denominator', pt: 'Denominador' },
  formula: { fr: 'Formule', en: 'Formula', pt: 'Fórmula' },
  upperBound: { fr: 'Borne supérieure', en: 'Upper bound', pt: 'Limite superior' },
  warnings: { fr: 'Avertissements', en: 'Warnings', pt: 'Avisos' },
  scheme: { fr: 'Régime', en: 'Scheme', pt: 'Regime' },
  function: { fr: 'Fonction', en: 'Function', pt: 'Função' },
  contributory: { fr: 'Contributif', en: 'Contributory', pt: 'Contributivo' },
  recipients: { fr: 'Bénéficiaires', en: 'Recipients', pt: 'Beneficiários' },
  contributors: { fr: 'Cotisants', en: 'Contributors', pt: 'Contribuintes' },
  year: { fr: 'Année', en: 'Year', pt: 'Ano' },
  figure: { fr: 'Chiffre de contexte', en: 'Context figure', pt: 'Número de contexto' },
  country: { fr: 'Pays', en: 'Country', pt: 'País' },
  title: { fr: 'Titre', en: 'Title', pt: 'Título' },
  yes: { fr: 'oui', en: 'yes', pt: 'sim' },
  no: { fr: 'non', en: 'no', pt: 'não' },
  sheetSeries: { fr: 'Séries ODD 1.3.1', en: 'SDG 1.3.1 series', pt: 'Séries ODS 1.3.1' },
  sheetSchemes: { fr: 'Régimes', en: 'Schemes', pt: 'Regimes' },
  sheetContext: { fr: 'Contexte', en: 'Context', pt: 'Contexto' },
  sources: { fr: 'Sources', en: 'Sources', pt: 'Fontes' },
};

export type ExportFormat = 'csv' | 'xlsx';

export const MIME_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const FILE_PREFIX: L = { fr: 'couverture', en: 'coverage', pt: 'cobertura' };

export function exportFileName(sheet: Pick<Coverage, 'country' | 'year' | 'title'>, format: ExportFormat, lang: Lang): string {
  const slug = slugify(sheet.title).slice(0, 60).replace(/-+$/, '');
  return `${FILE_PREFIX[lang]}-${sheet.country.toLowerCase()}-${sheet.year}${slug && slug !== 'section' ? `-${slug}` : ''}.${format}`;
}

type Cell = string | number | null;

/** The three tables both formats hold: series, schemes, context figures. */
function tables(sheet: Coverage, report: CoverageReport, lang: Lang): { head: Cell[][]; series: Cell[][]; schemes: Cell[][]; context: Cell[][] } {
  const h = (k: string) => H[k]![lang];
  const head: Cell[][] = [
    [h('title'), sheet.title],
    [h('country'), sheet.country],
    [h('year'), sheet.year],
    ...(sheet.illustrative ? [[ILLUSTRATIVE_NOTICE[lang], null] as Cell[]] : []),
    ...(sheet.sources.length ? [[h('sources'), sheet.sources.map((s) => (s.url ? `${s.title} <${s.url}>` : s.title)).join(' ; ')] as Cell[]] : []),
  ];
  const series: Cell[][] = [
    [h('key'), h('series'), h('value'), h('numerator'), h('denominator'), h('upperBound'), h('formula'), h('warnings')],
    ...Object.values(report.series).map((s) => [
      s.key,
      s.label,
      s.value,
      s.numerator,
      s.denominator,
      s.upperBound ? h('yes') : h('no'),
      s.formula,
      s.warnings.map((w) => w.message).join(' | '),
    ]),
  ];
  const schemes: Cell[][] = [
    [h('scheme'), h('function'), h('contributory'), h('recipients'), h('contributors'), h('year')],
    ...sheet.schemes.map((s) => [
      s.name,
      s.function ? FUNCTION_LABELS[s.function][lang] : null,
      s.contributory ? h('yes') : h('no'),
      s.recipients ?? null,
      s.contributors ?? null,
      s.year ?? null,
    ]),
  ];
  const context: Cell[][] = [
    [h('figure'), 'key', h('value')],
    ...CONTEXT_KEYS.map((k) => [CONTEXT_LABELS[k][lang], k, sheet.context[k] ?? null] as Cell[]),
    [h('year'), 'year', sheet.context.year ?? sheet.year],
  ];
  return { head, series, schemes, context };
}

function csvCell(c: Cell): string {
  if (c === null) return '';
  const s = String(c);
  // Quote what needs it; neutralise a leading formula character so a spreadsheet never runs it.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof c === 'string' ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV (RFC 4180, comma-separated, UTF-8 with a BOM so spreadsheet programs read the accents). */
export function coverageCsv(sheet: Coverage, report: CoverageReport, lang: Lang): string {
  const t = tables(sheet, report, lang);
  const rows = [...t.head, [], ...t.series, [], [H.sheetSchemes![lang]], ...t.schemes, [], [H.sheetContext![lang]], ...t.context];
  return '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** XLSX bytes: one worksheet per table, the header rows in bold, the percentage to 2 decimals. */
export async function coverageXlsx(sheet: Coverage, report: CoverageReport, lang: Lang): Promise<Uint8Array> {
  const t = tables(sheet, report, lang);
  const bold = (row: Cell[]) => row.map((v) => ({ value: v ?? undefined, fontWeight: 'bold' as const }));
  const plain = (row: Cell[]) => row.map((v) => (v === null ? null : typeof v === 'number' ? { value: v, type: Number } : { value: v, type: String }));
  // Loaded on first use: every process that opens a hub would otherwise load the XLSX writer.
  const { default: writeXlsxFile } = await import('write-excel-file/universal');
  const blob = await writeXlsxFile([
    {
      sheet: H.sheetSeries![lang].slice(0, 31),
      data: [...t.head.map((r) => [bold([r[0]!])[0]!, ...plain(r.slice(1))]), [], bold(t.series[0]!), ...t.series.slice(1).map(plain)],
      columns: [{ width: 18 }, { width: 44 }, { width: 12 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 70 }, { width: 90 }],
    },
    { sheet: H.sheetSchemes![lang].slice(0, 31), data: [bold(t.schemes[0]!), ...t.schemes.slice(1).map(plain)], columns: [{ width: 40 }, { width: 24 }, { width: 12 }, { width: 14 }, { width: 14 }, { width: 8 }] },
    { sheet: H.sheetContext![lang].slice(0, 31), data: [bold(t.context[0]!), ...t.context.slice(1).map(plain)], columns: [{ width: 60 }, { width: 20 }, { width: 16 }] },
  ]).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}
