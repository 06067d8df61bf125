/**
 * "Cite this": a guide or a practice as a plain-text reference (in the reader's language), a
 * BibTeX entry and an RIS record, so a ministry note can cite what it used. Pure: the record,
 * the language and the access date in, three strings out.
 */
import type { Guide, Lang, Practice } from '../model';
import { countryName } from '../labels';

export interface Citation {
  text: string;
  bibtex: string;
  ris: string;
  /** A safe file stem for a downloaded .bib / .ris (the record id). */
  key: string;
}

const WORDS = {
  fr: { guide: 'Guide de référence', practice: 'Fiche de bonne pratique', library: 'Socle, bibliothèque hors ligne sur les socles de protection sociale', rev: 'révision', id: 'identifiant', accessed: 'consulté le', sources: 'Sources' },
  en: { guide: 'Reference guide', practice: 'Good practice', library: 'Socle, offline library on social protection floors', rev: 'revision', id: 'identifier', accessed: 'accessed', sources: 'Sources' },
  pt: { guide: 'Guia de referência', practice: 'Ficha de boa prática', library: 'Socle, biblioteca offline sobre pisos de proteção social', rev: 'revisão', id: 'identificador', accessed: 'consultado em', sources: 'Fontes' },
} as const;

const BIB_LANG: Record<Lang, string> = { fr: 'french', en: 'english', pt: 'portuguese' };

/** The author of a record: the publisher of an imported bundle, else the library itself. */
function authorOf(r: Guide | Practice): string {
  return r.origin.kind === 'bundle' && r.origin.publisher.trim() ? r.origin.publisher.trim() : 'Socle';
}

/** One line, no control characters (a title or summary may hold newlines or tabs). */
function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Escapes the characters BibTeX gives a meaning to; accents stay UTF-8 (biblatex, bibtex8 and Zotero read them). */
export function bibtexEscape(s: string): string {
  return oneLine(s).replace(/[\\{}%&$#_^~]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\textbackslash{}';
      case '^':
        return '\\textasciicircum{}';
      case '~':
        return '\\textasciitilde{}';
      default:
        return `\\${c}`;
    }
  });
}

function formatDay(iso: string, lang: Lang): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang === 'pt' ? 'pt-PT' : 'fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/**
 * Cites `record` (a guide or practice) in `lang`; `accessed` is the day it was read
 * (YYYY-MM-DD). A practice's title is cited in the language asked when it has a translation.
 */
export function citeRecord(record: Guide | Practice, lang: Lang, accessed: string): Citation {
  const w = WORDS[lang];
  const translated = record.type === 'practice' && record.lang !== lang ? record.translations[lang] : undefined;
  const title = oneLine(translated?.title || record.title);
  const titleLang = translated?.title ? lang : record.lang;
  const author = authorOf(record);
  const year = record.updatedAt.slice(0, 4);
  const updated = record.updatedAt.slice(0, 10);
  const kind = record.type === 'guide' ? w.guide : w.practice;
  const where = record.type === 'practice' ? countryName(record.country, lang) : undefined;
  const kindLine = where ? `${kind} (${where})` : kind;
  const version = `${w.rev} ${record.rev}, ${formatDay(updated, lang)}`;
  const sources = record.sources.map((s) => oneLine(s.title)).filter(Boolean);
  const quoted = lang === 'fr' ? `« ${title} »` : lang === 'pt' ? `«${title}»` : `“${title}”`;

  const text = `${author} (${year}). ${quoted}. ${kindLine}. ${w.library}, ${version}, ${w.id} ${record.id}; ${w.accessed} ${formatDay(accessed, lang)}.`;

  const key = `socle-${record.id}-${year}`.replace(/[^a-z0-9:_-]/gi, '-');
  const note = `${kindLine}; ${w.rev} ${record.rev} (${updated}); ${w.id} ${record.id}${sources.length ? `. ${w.sources}: ${sources.join('; ')}` : ''}`;
  const bibFields: [string, string][] = [
    ['title', title],
    ['author', `{${bibtexEscape(author)}}`], // braces: an institution, not "Last, First"
    ['year', year],
    ['howpublished', w.library],
    ['note', note],
    ['language', BIB_LANG[titleLang]],
    ['urldate', accessed],
  ];
  const bibtex =
    `@misc{${key},\n` +
    bibFields.map(([k, v]) => `  ${k.padEnd(12)} = {${k === 'author' ? v : bibtexEscape(v)}}`).join(',\n') +
    '\n}\n';

  const risLines: [string, string][] = [
    ['TY', 'GEN'],
    ['TI', title],
    ['AU', author],
    ['PY', year],
    ['DA', updated.replace(/-/g, '/')],
    ['M3', kindLine],
    ['PB', w.library],
    ['ET', `${w.rev} ${record.rev}`],
    ['ID', record.id],
    ['LA', BIB_LANG[titleLang]],
    ...(where ? ([['CY', where]] as [string, string][]) : []),
    ...sources.map((s): [string, string] => ['N1', `${w.sources}: ${s}`]),
    ['Y2', accessed.replace(/-/g, '/')],
    ['ER', ''],
  ];
  // RIS: "XX  - value", CRLF line ends; ER ends the record.
  const ris = risLines.map(([k, v]) => `${k}  - ${oneLine(v)}`).join('\r\n') + '\r\n';

  return { text, bibtex, ris, key };
}
