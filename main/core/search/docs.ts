/**
 * Turns records into what the search engine indexes: one document for the record in its own
 * language, plus one per translation (`translations.en|fr|pt`: title, summary and, when present,
 * body), indexed as that language's version of the record under the id `<record id>@<lang>`, so
 * that an English query finds a French practice through its English text and the hit says which
 * language matched (the engine folds the versions of one record into one hit).
 */
import { LANGS, type Lang } from '../vocabulary';
import type { HubRecord } from '../model';
import { markdownToText } from '../markdown';
import { BRANCH_LABELS, GUARANTEE_LABELS, STEP_LABELS, THEME_LABELS, allLabels, countryName } from '../labels';
import type { SearchDoc } from './types';
import { VERSION_SEPARATOR } from './versions';

export function toSearchDoc(r: HubRecord): SearchDoc {
  const countries: string[] = [];
  const keywords: string[] = [];
  let summary = '';
  let body = '';
  let steps: number[] = [];
  let branches: string[] = [];
  let guarantees: string[] = [];
  let themes: string[] = [];
  let instrument: string | undefined;
  let title = r.title;
  switch (r.type) {
    case 'guide':
      summary = r.summary;
      body = markdownToText(r.body);
      ({ steps, branches, guarantees, themes } = r);
      instrument = r.instrument;
      break;
    case 'practice':
      summary = r.summary;
      body = [r.body, r.results, r.lessons].map(markdownToText).filter(Boolean).join('\n');
      countries.push(r.country, ...r.partnerCountries);
      ({ steps, branches, guarantees, themes } = r);
      keywords.push(r.contact);
      break;
    case 'note':
      title = r.title || r.body.split('\n')[0]!.slice(0, 120);
      body = markdownToText(r.body);
      if (r.country) countries.push(r.country);
      if (r.step) steps = [r.step];
      themes = r.tags;
      keywords.push(r.tags.join(' '));
      break;
    case 'workshop':
      summary = r.summary;
      body = [r.place, ...r.sessions.map((s) => `${s.title}. ${s.description}`), ...r.groups.map((g) => g.name)].join('\n');
      for (const p of r.participants) if (p.country) countries.push(p.country);
      break;
    case 'plan':
      summary = r.opportunityBrief.slice(0, 500);
      body = r.actions.map((a) => `${a.description} ${a.partners.join(' ')} ${a.supportRequested}`).join('\n');
      countries.push(r.country);
      steps = [...new Set(r.actions.map((a) => a.step))];
      break;
    case 'coverage':
      // Skills clinic: SDG 1.3.1 coverage sheet (main/core/clinics).
      summary = `${r.year}`;
      body = [r.notes, ...r.schemes.map((s) => s.name)].join('\n');
      countries.push(r.country);
      keywords.push('ODD SDG ODS 1.3.1');
      break;
    case 'project':
      // Skills clinic: results and impact of a project (main/core/clinics).
      body = [markdownToText(r.lessons), ...r.indicators.map((i) => i.name)].join('\n');
      countries.push(r.country);
      ({ steps, branches, guarantees } = r);
      break;
  }
  const uniqueCountries = [...new Set(countries)];
  keywords.push(
    uniqueCountries.map((c) => `${countryName(c, 'fr')} ${countryName(c, 'en')} ${countryName(c, 'pt')}`).join(' '),
    allLabels(branches, BRANCH_LABELS),
    allLabels(guarantees, GUARANTEE_LABELS),
    allLabels(steps, STEP_LABELS as Record<string, { fr: string; en: string; pt: string }>),
    allLabels(themes, THEME_LABELS),
  );
  return {
    id: r.id,
    type: r.type,
    lang: r.lang,
    title,
    summary,
    body,
    keywords: keywords.filter(Boolean).join(' '),
    countries: uniqueCountries,
    steps,
    branches,
    guarantees,
    themes,
    instrument,
    updatedAt: r.updatedAt,
  };
}

/** The record's document, then one per translation into another language that has a title or summary. */
export function toSearchDocs(r: HubRecord): SearchDoc[] {
  const main = toSearchDoc(r);
  const out = [main];
  if (r.type !== 'practice') return out;
  for (const lang of LANGS) {
    const t = r.translations[lang as Lang];
    if (lang === r.lang || !t || !(t.title || t.summary || t.body)) continue;
    out.push({
      ...main,
      id: `${r.id}${VERSION_SEPARATOR}${lang}`,
      lang,
      title: t.title || main.title,
      summary: t.summary ?? '',
      body: t.body ? markdownToText(t.body) : '',
    });
  }
  return out;
}

/** The search document with id `docId` (a record's or one of its translations') of the record `r`. */
export function searchDocOf(r: HubRecord, docId: string): SearchDoc | undefined {
  return docId === r.id ? toSearchDoc(r) : toSearchDocs(r).find((d) => d.id === docId);
}
