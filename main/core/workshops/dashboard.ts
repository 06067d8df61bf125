/**
 * The results dashboard: everything the groups produced during a workshop, compiled under the
 * headings of the agenda's closing session (Dakar 2017, day 3: country strategies, resource
 * mobilisation, partnerships including South-South cooperation, results and impact measurement,
 * communication and awareness, technical support requested, candidate South-South pilots), with
 * the counts the charts need. Pure: the service hands it the workshop, its plans and its notes.
 *
 * Every item says why it is where it is (`reasons`), so a facilitator can fix a misfiled note by
 * adding a #tag, or an action by ticking a heading, rather than guessing at a black box:
 * - plan actions: their `headings` field ("heading"); every live action under country strategies
 *   ("plan"); sstcPilot -> pilots ("sstc-pilot"); supportRequested -> technical support
 *   ("support-requested"); partners -> partnerships ("partners"); keywords of resource
 *   mobilisation, results or communication in the description ("keyword:<word>").
 * - notes: a #tag naming the heading ("tag:<tag>"); keywords in the text ("keyword:<word>"); when
 *   neither files it anywhere, keywords in its session's title ("session"); notes of country
 *   groups also go under country strategies ("country-group"). Notes no heading claims are listed
 *   at the end, so no group work is left out.
 */
import type { Coverage, Group, Lang, Note, Plan, PlanAction, Project, Session, Step, Workshop } from '../model';
import { countryName } from '../labels';
import { dateOfDay } from './now';
import { HEADING_KEYWORDS, HEADING_LABELS, HEADING_TAGS, PARTNER_LABELS, headingRole, partnerKey, type BuiltinPartner, type HeadingRole } from './keywords';
import { MatchText, fold, stripTags, titleFromText } from './text';

export type DashboardLang = 'fr' | 'en';

export interface DashboardAction {
  kind: 'action';
  planId: string;
  actionId: string;
  country: string;
  countryName: string;
  step: Step;
  description: string;
  /** Partner labels in the dashboard's language (built-in partners translated, others as typed). */
  partners: string[];
  status: PlanAction['status'];
  from?: string;
  to?: string;
  sstcPilot: boolean;
  supportRequested: string;
  reasons: string[];
}

export interface DashboardNote {
  kind: 'note';
  noteId: string;
  title: string;
  /** The note's text as typed (Markdown). */
  body: string;
  tags: string[];
  country?: string;
  countryName?: string;
  step?: Step;
  groupId?: string;
  groupName?: string;
  sessionId?: string;
  sessionTitle?: string;
  createdAt: string;
  reasons: string[];
}

export interface DashboardSection {
  id: string;
  role?: HeadingRole;
  title: string;
  actions: DashboardAction[];
  notes: DashboardNote[];
}

export interface Dashboard {
  lang: DashboardLang;
  generatedAt: string;
  workshop: { id: string; title: string; place: string; startDate: string; endDate: string; lang: Lang };
  sections: DashboardSection[];
  /** Notes that no heading claimed. */
  otherNotes: DashboardNote[];
  plans: { id: string; title: string; country: string; countryName: string; actions: number; pilots: number }[];
  charts: {
    /** Live actions per country and step ([step 1, step 2, step 3]). */
    actionsByCountryStep: { country: string; label: string; steps: [number, number, number]; total: number }[];
    /** Partner -> number of live actions that name it, overall and by country. */
    partners: { key: string; label: string; total: number; byCountry: Record<string, number> }[];
    /** Notes per session, in programme order (sessions without notes included when groups work in them). */
    notesBySession: { sessionId?: string; title: string; day?: number; date?: string; start?: string; count: number }[];
  };
  totals: { notes: number; actions: number; plans: number; pilots: number; supportRequests: number; partners: number };
  /** Skills-clinic sheets made during the workshop (records whose workshopId is this workshop). */
  clinics: {
    coverage: { id: string; title: string; country: string; countryName: string; year: number; illustrative: boolean }[];
    projects: { id: string; title: string; country: string; countryName: string; phase: 'past' | 'new'; illustrative: boolean }[];
  };
}

function sortSessions(w: Workshop): Session[] {
  return [...w.sessions].sort((a, b) => a.day - b.day || a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
}

function sectionTitle(h: { id: string; title: string }, role: HeadingRole | undefined, w: Workshop, lang: DashboardLang): string {
  if (w.lang === lang || !role) return h.title;
  return HEADING_LABELS[role][lang];
}

/**
 * Compiles the dashboard. `plans` and `notes` are those of the workshop (the caller filters by
 * workshopId); dropped actions are left out of the lists and the counts.
 */
export function compileDashboard(input: {
  workshop: Workshop;
  plans: Plan[];
  notes: Note[];
  /** Coverage sheets and projects of the workshop (skills clinics). */
  clinics?: (Coverage | Project)[];
  lang: DashboardLang;
  now?: Date;
}): Dashboard {
  const { workshop: w, lang } = input;
  const sessions = sortSessions(w);
  const sessionOrder = new Map(sessions.map((s, i) => [s.id, i]));
  const groups = new Map<string, Group>(w.groups.map((g) => [g.id, g]));
  const sessionsById = new Map(w.sessions.map((s) => [s.id, s]));
  const headings = w.dashboardHeadings.map((h) => ({ ...h, role: headingRole(h) }));
  const sections: DashboardSection[] = headings.map((h) => ({
    id: h.id,
    ...(h.role ? { role: h.role } : {}),
    title: sectionTitle(h, h.role, w, lang),
    actions: [],
    notes: [],
  }));
  const sectionByRole = (role: HeadingRole) => sections.find((s) => s.role === role);

  // ---- plan actions
  const plans = [...input.plans].sort((a, b) => countryName(a.country, lang).localeCompare(countryName(b.country, lang), lang) || a.id.localeCompare(b.id));
  for (const plan of plans) {
    for (const a of plan.actions) {
      if (a.status === 'dropped') continue;
      const reasons = new Map<DashboardSection, string[]>();
      const file = (s: DashboardSection | undefined, why: string) => {
        if (!s) return;
        const list = reasons.get(s) ?? [];
        if (!list.includes(why)) list.push(why);
        reasons.set(s, list);
      };
      for (const s of sections) if (a.headings.includes(s.id)) file(s, 'heading');
      file(sectionByRole('country-strategies'), 'plan');
      if (a.sstcPilot) file(sectionByRole('sstc-pilots'), 'sstc-pilot');
      if (a.supportRequested.trim()) file(sectionByRole('technical-support'), 'support-requested');
      if (a.partners.length) file(sectionByRole('partnerships'), 'partners');
      const text = new MatchText(a.description);
      for (const role of ['resource-mobilisation', 'results-measurement', 'communication'] as const) {
        for (const k of text.find(HEADING_KEYWORDS[role])) file(sectionByRole(role), `keyword:${k}`);
      }
      const base = {
        kind: 'action' as const,
        planId: plan.id,
        actionId: a.id,
        country: plan.country,
        countryName: countryName(plan.country, lang),
        step: a.step,
        description: a.description,
        partners: a.partners.map((p) => partnerKey(p, lang).label),
        status: a.status,
        ...(a.from ? { from: a.from } : {}),
        ...(a.to ? { to: a.to } : {}),
        sstcPilot: a.sstcPilot,
        supportRequested: a.supportRequested,
      };
      for (const [s, why] of reasons) s.actions.push({ ...base, reasons: why });
    }
  }
  for (const s of sections) s.actions.sort((x, y) => x.countryName.localeCompare(y.countryName, lang) || x.step - y.step);

  // ---- notes
  const notes = [...input.notes].sort(
    (a, b) =>
      (sessionOrder.get(a.sessionId ?? '') ?? 1e6) - (sessionOrder.get(b.sessionId ?? '') ?? 1e6) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
  const otherNotes: DashboardNote[] = [];
  for (const n of notes) {
    const group = n.groupId ? groups.get(n.groupId) : undefined;
    const session = n.sessionId ? sessionsById.get(n.sessionId) : undefined;
    const reasons = new Map<DashboardSection, string[]>();
    const file = (s: DashboardSection | undefined, why: string) => {
      if (!s) return;
      const list = reasons.get(s) ?? [];
      if (!list.includes(why)) list.push(why);
      reasons.set(s, list);
    };
    const foldedTags = n.tags.map((t) => ({ t, f: fold(t) }));
    // Keywords are looked for in the prose only: a #tag is a reason of its own ("tag:…").
    const text = new MatchText(`${n.title}\n${stripTags(n.body)}`);
    for (const s of sections) {
      for (const { t, f } of foldedTags) {
        if (f === fold(s.id) || (s.role && HEADING_TAGS[s.role].some((x) => fold(x) === f))) file(s, `tag:${t}`);
      }
      if (s.role) for (const k of text.find(HEADING_KEYWORDS[s.role])) file(s, `keyword:${k}`);
    }
    if (!reasons.size && session) {
      const st = new MatchText(session.title);
      for (const s of sections) if (s.role && st.has(HEADING_KEYWORDS[s.role])) file(s, 'session');
    }
    if (group?.kind === 'country') file(sectionByRole('country-strategies'), 'country-group');
    const country = n.country ?? group?.country;
    const item: Omit<DashboardNote, 'reasons'> = {
      kind: 'note',
      noteId: n.id,
      title: n.title || titleFromText(n.body),
      body: n.body,
      tags: n.tags,
      ...(country ? { country, countryName: countryName(country, lang) } : {}),
      ...(n.step ? { step: n.step } : group?.step ? { step: group.step } : {}),
      ...(group ? { groupId: group.id, groupName: group.name } : n.groupId ? { groupId: n.groupId } : {}),
      ...(session ? { sessionId: session.id, sessionTitle: session.title } : n.sessionId ? { sessionId: n.sessionId } : {}),
      createdAt: n.createdAt,
    };
    if (!reasons.size) otherNotes.push({ ...item, reasons: [] });
    for (const [s, why] of reasons) s.notes.push({ ...item, reasons: why });
  }

  // ---- counts
  const live = plans.flatMap((p) => p.actions.filter((a) => a.status !== 'dropped').map((a) => ({ p, a })));
  const byCountry = new Map<string, [number, number, number]>();
  for (const p of plans) if (!byCountry.has(p.country)) byCountry.set(p.country, [0, 0, 0]);
  for (const { p, a } of live) byCountry.get(p.country)![a.step - 1]!++;
  const actionsByCountryStep = [...byCountry].map(([country, steps]) => ({
    country,
    label: countryName(country, lang),
    steps,
    total: steps[0] + steps[1] + steps[2],
  }));

  const partners = new Map<string, { key: string; label: string; total: number; byCountry: Record<string, number> }>();
  for (const { p, a } of live) {
    const seen = new Set<string>();
    for (const name of a.partners) {
      const { key, label: typed } = partnerKey(name, lang);
      // A built-in partner's bar counts the whole group ("Luxembourg" counts as bilateral partners).
      const label = key in PARTNER_LABELS ? PARTNER_LABELS[key as BuiltinPartner][lang] : typed;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = partners.get(key) ?? { key, label, total: 0, byCountry: {} };
      entry.total++;
      entry.byCountry[p.country] = (entry.byCountry[p.country] ?? 0) + 1;
      partners.set(key, entry);
    }
  }

  const noteCounts = new Map<string, number>();
  let noSession = 0;
  for (const n of input.notes) {
    if (n.sessionId && sessionsById.has(n.sessionId)) noteCounts.set(n.sessionId, (noteCounts.get(n.sessionId) ?? 0) + 1);
    else noSession++;
  }
  const notesBySession: Dashboard['charts']['notesBySession'] = sessions
    .filter((s) => noteCounts.has(s.id) || s.groupIds.length > 0)
    .map((s) => ({ sessionId: s.id, title: s.title, day: s.day, date: dateOfDay(w, s.day), start: s.start, count: noteCounts.get(s.id) ?? 0 }));
  if (noSession) notesBySession.push({ title: lang === 'en' ? 'Outside a session' : 'Hors séance', count: noSession });

  const lastDay = Math.max(1, ...w.days.map((d) => d.day), ...w.sessions.map((s) => s.day));
  const partnerList = [...partners.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label, lang));
  return {
    lang,
    generatedAt: (input.now ?? new Date()).toISOString(),
    workshop: { id: w.id, title: w.title, place: w.place, startDate: w.startDate, endDate: dateOfDay(w, lastDay), lang: w.lang },
    sections,
    otherNotes,
    plans: plans.map((p) => ({
      id: p.id,
      title: p.title,
      country: p.country,
      countryName: countryName(p.country, lang),
      actions: p.actions.filter((a) => a.status !== 'dropped').length,
      pilots: p.actions.filter((a) => a.status !== 'dropped' && a.sstcPilot).length,
    })),
    charts: { actionsByCountryStep, partners: partnerList, notesBySession },
    totals: {
      notes: input.notes.length,
      actions: live.length,
      plans: plans.length,
      pilots: live.filter(({ a }) => a.sstcPilot).length,
      supportRequests: live.filter(({ a }) => a.supportRequested.trim()).length,
      partners: partnerList.length,
    },
    clinics: {
      coverage: (input.clinics ?? [])
        .filter((r): r is Coverage => r.type === 'coverage')
        .sort((a, b) => a.title.localeCompare(b.title, lang) || a.id.localeCompare(b.id))
        .map((r) => ({ id: r.id, title: r.title, country: r.country, countryName: countryName(r.country, lang), year: r.year, illustrative: r.illustrative })),
      projects: (input.clinics ?? [])
        .filter((r): r is Project => r.type === 'project')
        .sort((a, b) => a.phase.localeCompare(b.phase) || a.title.localeCompare(b.title, lang) || a.id.localeCompare(b.id))
        .map((r) => ({ id: r.id, title: r.title, country: r.country, countryName: countryName(r.country, lang), phase: r.phase, illustrative: r.illustrative })),
    },
  };
}
