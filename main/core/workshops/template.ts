/**
 * Duplicating a workshop as a template (the bundled Dakar 2017 example, or any past workshop):
 * the programme, groups, participants' organisations and roles, dashboard headings and country
 * plans are copied under new ids, every date is shifted so that day 1 falls on the chosen start
 * date, and the copy is a real workshop (template: false). Pure: the service saves the result.
 */
import type { DraftOf, Lang, Plan, Workshop } from '../model';
import { addDays, daysBetween } from './now';
import { defaultHeadings } from './keywords';

/** "2017-Q2" shifted by n quarters. */
export function shiftQuarter(quarter: string, n: number): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) return quarter;
  const q = Number(m[1]) * 4 + (Number(m[2]) - 1) + n;
  return `${Math.floor(q / 4)}-Q${(q % 4) + 1}`;
}

function quarterIndex(date: string): number {
  const [y, mo] = date.split('-').map(Number);
  return y! * 4 + Math.floor((mo! - 1) / 3);
}

export interface DuplicateOptions {
  /** Id of the new workshop (already checked to be free). */
  id: string;
  /** New first day, YYYY-MM-DD. */
  start: string;
  title?: string;
  place?: string;
  lang?: Lang;
  /** Ids for the copied plans, by the template plan's id (already checked to be free). */
  planIds: Record<string, string>;
}

/**
 * Drafts for the copy of `template` and its plans. Plan actions are kept (a template may carry
 * example actions) with their quarters shifted like the dates and their status back to
 * "proposed": nothing in a new workshop's plan is under way yet.
 */
export function duplicateWorkshop(
  template: Workshop,
  plans: Plan[],
  opts: DuplicateOptions,
): { workshop: DraftOf<'workshop'>; plans: DraftOf<'plan'>[] } {
  const shift = daysBetween(template.startDate, opts.start);
  const quarters = quarterIndex(opts.start) - quarterIndex(template.startDate);
  const lang = opts.lang ?? template.lang;
  const workshop: DraftOf<'workshop'> = {
    type: 'workshop',
    id: opts.id,
    lang,
    title: opts.title?.trim() || `${template.title} (${lang === 'en' ? 'copy' : 'copie'})`,
    summary: template.summary,
    place: opts.place ?? template.place,
    startDate: opts.start,
    days: template.days.map((d) => ({ ...d, date: addDays(d.date, shift) })),
    sessions: template.sessions.map((s) => ({ ...s, groupIds: [...s.groupIds] })),
    groups: template.groups.map((g) => ({ ...g })),
    participants: template.participants.map((p) => ({ ...p })),
    dashboardHeadings: template.dashboardHeadings.length ? template.dashboardHeadings.map((h) => ({ ...h })) : defaultHeadings(lang),
    template: false,
    sensitivity: template.sensitivity,
  };
  const planDrafts: DraftOf<'plan'>[] = plans.map((p) => ({
    type: 'plan',
    id: opts.planIds[p.id]!,
    lang: p.lang,
    title: p.title,
    country: p.country,
    workshopId: opts.id,
    ...(p.groupId ? { groupId: p.groupId } : {}),
    actions: p.actions.map((a) => ({
      ...a,
      partners: [...a.partners],
      headings: [...a.headings],
      ...(a.from ? { from: shiftQuarter(a.from, quarters) } : {}),
      ...(a.to ? { to: shiftQuarter(a.to, quarters) } : {}),
      status: 'proposed' as const,
    })),
    opportunityBrief: p.opportunityBrief,
    sensitivity: p.sensitivity,
  }));
  return { workshop, plans: planDrafts };
}
