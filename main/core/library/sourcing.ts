/**
 * The bundled library's sourcing rules as code (explained in docs/content-format.md, "Sourcing
 * rules"): what counts as a document-level source, and what counts as a figure in a text. Pure
 * functions; the loader's cross-record checks (./load.ts) and the content tests use them.
 */
import type { Source } from '../model';

/** Path segments that still designate a site's front page: "", "fr", "pt-br", "index.html"... */
const ROOT_SEGMENT = /^(?:|[a-z]{2}(?:[-_][a-z]{2})?|index\.(?:html?|php))$/i;

/**
 * A source is document-level when its link points at a page or file below a site's front page
 * (a path beyond the language prefix, or a query). A source cited by title alone is allowed as a
 * further reference (a law in the official gazette, a printed report) but does not make a
 * validated practice checkable on its own.
 */
export function isDocumentSource(source: Source): boolean {
  if (!source.url) return false;
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    return false;
  }
  if (url.search.length > 1) return true;
  return !url.pathname.split('/').every((segment) => ROOT_SEGMENT.test(segment));
}

export interface Figure {
  /** The text as written, e.g. "52,4 %". */
  raw: string;
  /** Language-neutral form, e.g. "52.4%", "26 weeks", "25000 FCFA", "2.4 million", "119275". */
  key: string;
}

const NUM = String.raw`\d+(?:[.,]\d+)*`;
const SEP = String.raw`[ \u00a0\u202f.,]`;
const UNITS: Record<string, string> = {
  semaine: 'weeks', semaines: 'weeks', week: 'weeks', weeks: 'weeks', semana: 'weeks', semanas: 'weeks',
  jour: 'days', jours: 'days', day: 'days', days: 'days', dia: 'days', dias: 'days',
  mois: 'months', month: 'months', months: 'months', mês: 'months', meses: 'months',
  an: 'years', ans: 'years', année: 'years', années: 'years', year: 'years', years: 'years', ano: 'years', anos: 'years',
  million: 'million', millions: 'million', milhão: 'million', milhões: 'million',
  milliard: 'billion', milliards: 'billion', billion: 'billion', billions: 'billion',
};
const CURRENCY: Record<string, string> = {
  fcfa: 'FCFA', 'f cfa': 'FCFA', 'francs cfa': 'FCFA', cve: 'CVE', escudos: 'CVE', usd: 'USD', dollars: 'USD', $: 'USD', euros: 'EUR', '€': 'EUR',
};
// One pass, left to right; the first alternative that matches at a position wins.
const FIGURE = new RegExp(
  [
    String.raw`(?<pct>${NUM})\s?(?:%|per\s?cent\b|pour\s?cent\b|por\s?cento\b)`,
    String.raw`(?:USD|US\$|\$)\s?(?<usd>${NUM})(?:\s(?<usdscale>millions?|billions?))?`,
    String.raw`(?<money>\d{1,3}(?:${SEP}\d{3})+|${NUM})\s?(?<cur>FCFA|F\s?CFA|francs\sCFA|CVE|escudos|dollars|euros|€)`,
    String.raw`(?<qty>${NUM})\s(?<unit>semaines?|weeks?|semanas?|jours?|days?|dias?|mois|months?|m[eê]s(?:es)?|ans?|années?|years?|anos?|millions?|milh(?:ão|ões)|milliards?|billions?)\b`,
    String.raw`(?<count>\b\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+)(?![.,]?\d)`,
  ].join('|'),
  'giu',
);

/** "119 275" -> "119275"; "52,4" -> "52.4"; "5.500" -> "5500". */
export function normaliseNumber(text: string): string {
  const t = text.trim();
  if (/^\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+$/.test(t)) return t.replace(/[^\d]/g, '');
  return t.replace(/[ \u00a0\u202f]/g, '').replace(',', '.');
}

/**
 * The figures a text states: percentages, amounts of money, durations and ages, quantities in
 * millions or billions, and counts of a thousand or more written with separators. Years, article
 * and paragraph numbers, Convention numbers and SDG targets are references, not figures.
 */
export function figuresIn(text: string): Figure[] {
  const out: Figure[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const g = m.groups ?? {};
    let key: string;
    if (g.pct) key = `${normaliseNumber(g.pct)}%`;
    else if (g.usd) key = `${normaliseNumber(g.usd)}${g.usdscale ? ` ${UNITS[g.usdscale.toLowerCase()]}` : ''} USD`;
    else if (g.money) key = `${normaliseNumber(g.money)} ${CURRENCY[g.cur!.toLowerCase().replace(/\s+/g, ' ')] ?? g.cur!.toUpperCase()}`;
    else if (g.qty) key = `${normaliseNumber(g.qty)} ${UNITS[g.unit!.toLowerCase()] ?? g.unit!.toLowerCase()}`;
    else key = normaliseNumber(g.count!);
    out.push({ raw: m[0], key });
  }
  return out;
}
