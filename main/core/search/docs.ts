/** Turns records into what the search engine indexes. */
import type { HubRecord } from '../model';
import { markdownToText } from '../markdown';
import { BRANCH_LABELS, GUARANTEE_LABELS, STEP_LABELS, THEME_LABELS, allLabels, countryName } from '../labels';
import type { SearchDoc } from './types';

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
      for (const t of Object.values(r.translations)) if (t) keywords.push(t.title ?? '', t.summary ?? '');
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
