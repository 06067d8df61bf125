/**
 * Country implementation plans, the pure part: operations on a plan's actions (kept grouped by
 * Flagship step, in the order the group chose within each step) and the comparison of a plan
 * with the country's opportunity brief.
 */
import { STEPS, THEMES, planActionSchema, type Lang, type PlanAction, type Step } from '../model';
import { HubFailure, invalidFromZod } from '../result';
import { STEP_LABELS, THEME_LABELS } from '../labels';
import { BUILTIN_PARTNERS, PARTNER_KEYWORDS, PARTNER_LABELS, STEP_KEYWORDS, THEME_KEYWORDS, partnerKey } from './keywords';
import { MatchText, fold } from './text';

/** Stable sort by step: the plan reads step 1, then 2, then 3. */
export function byStep(actions: PlanAction[]): PlanAction[] {
  return actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.step - y.a.step || x.i - y.i)
    .map((x) => x.a);
}

function findAction(actions: PlanAction[], actionId: string): PlanAction {
  const a = actions.find((x) => x.id === actionId);
  if (!a) throw new HubFailure('not-found', `The plan has no action "${actionId}".`, { field: 'actionId' });
  return a;
}

/** Inserts `action` at `index` among the actions of its step (at the end when omitted). */
function insertInStep(actions: PlanAction[], action: PlanAction, index?: number): PlanAction[] {
  const rest = byStep(actions.filter((a) => a.id !== action.id));
  const same = rest.filter((a) => a.step === action.step);
  const pos = index === undefined ? same.length : Math.max(0, Math.min(index, same.length));
  same.splice(pos, 0, action);
  return [...rest.filter((a) => a.step < action.step), ...same, ...rest.filter((a) => a.step > action.step)];
}

function parseAction(value: unknown): PlanAction {
  const parsed = planActionSchema.safeParse(value);
  if (!parsed.success) throw invalidFromZod(parsed.error, 'plan action');
  return parsed.data;
}

export function newActionId(existing: PlanAction[], random: () => string): string {
  for (;;) {
    const id = `a-${random()}`;
    if (!existing.some((a) => a.id === id)) return id;
  }
}

export function addAction(actions: PlanAction[], input: Record<string, unknown>, opts: { id: string; index?: number }): PlanAction[] {
  const id = typeof input.id === 'string' && input.id ? input.id : opts.id;
  if (actions.some((a) => a.id === id)) throw new HubFailure('conflict', `The plan already has an action "${id}".`, { field: 'action.id' });
  return insertInStep(actions, parseAction({ ...input, id }), opts.index);
}

export function updateAction(actions: PlanAction[], actionId: string, changes: Record<string, unknown>): PlanAction[] {
  const current = findAction(actions, actionId);
  const merged: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete merged[k]; // null clears an optional field (a quarter)
    else if (v !== undefined) merged[k] = v;
  }
  const next = parseAction({ ...merged, id: actionId });
  if (next.step === current.step) return actions.map((a) => (a.id === actionId ? next : a));
  return insertInStep(actions, next);
}

export function removeAction(actions: PlanAction[], actionId: string): PlanAction[] {
  findAction(actions, actionId);
  return actions.filter((a) => a.id !== actionId);
}

/** Moves an action to another step and/or position (index among that step's actions). */
export function moveAction(actions: PlanAction[], actionId: string, to: { step?: Step; index?: number }): PlanAction[] {
  const current = findAction(actions, actionId);
  return insertInStep(actions, { ...current, step: to.step ?? current.step }, to.index);
}

// ---- comparison with the opportunity brief ---------------------------------------------------

export interface CompareItem {
  /** Step number as a string, theme id, or partner key (built-in id or "custom:<name>"). */
  id: string;
  label: string;
  /** Keywords found in the brief (empty: the brief does not mention it). */
  brief: string[];
  /** Why the plan covers it: action ids, keywords, or "sstcPilot" (empty: it does not). */
  plan: string[];
}

export interface PlanComparison {
  /** False when there was no brief text to compare with (then every brief list is empty). */
  hasBrief: boolean;
  steps: CompareItem[];
  themes: CompareItem[];
  partners: CompareItem[];
  /** Mentioned in the brief, not covered by the plan: what the group may have forgotten. */
  briefOnly: { steps: string[]; themes: string[]; partners: string[] };
  /** Covered by the plan, not mentioned in the brief: new ideas, or a brief to update. */
  planOnly: { steps: string[]; themes: string[]; partners: string[] };
}

/**
 * Compares a plan's actions with a brief by keyword matching (accents folded, French and English
 * keywords per step, theme and partner: see ./keywords.ts). Dropped actions do not count.
 */
export function comparePlanWithBrief(actions: PlanAction[], briefText: string, lang: Lang): PlanComparison {
  const l = lang === 'en' ? 'en' : 'fr';
  const live = actions.filter((a) => a.status !== 'dropped');
  const brief = new MatchText(briefText);
  const actionTexts = live.map((a) => ({ a, m: new MatchText(`${a.description}\n${a.supportRequested}`) }));

  const steps: CompareItem[] = STEPS.map((s) => ({
    id: String(s),
    label: STEP_LABELS[s][lang] ?? STEP_LABELS[s].fr,
    brief: brief.find(STEP_KEYWORDS[s]),
    plan: live.filter((a) => a.step === s).map((a) => a.id),
  }));

  const themes: CompareItem[] = THEMES.map((t) => {
    const plan = new Set<string>();
    for (const { a, m } of actionTexts) if (m.has(THEME_KEYWORDS[t])) plan.add(a.id);
    if (t === 'south-south') for (const a of live) if (a.sstcPilot) plan.add(a.id);
    return { id: t, label: THEME_LABELS[t]?.[lang] ?? t, brief: brief.find(THEME_KEYWORDS[t]), plan: [...plan] };
  });

  const partners = new Map<string, CompareItem>();
  for (const p of BUILTIN_PARTNERS) {
    partners.set(p, { id: p, label: PARTNER_LABELS[p][l], brief: brief.find(PARTNER_KEYWORDS[p]), plan: [] });
  }
  for (const { a, m } of actionTexts) {
    for (const name of a.partners) {
      const { key, label } = partnerKey(name, l);
      const item = partners.get(key) ?? { id: key, label, brief: brief.find({ words: [name] }), plan: [] };
      if (!item.plan.includes(a.id)) item.plan.push(a.id);
      partners.set(key, item);
    }
    for (const p of BUILTIN_PARTNERS) {
      const item = partners.get(p)!;
      if (m.has(PARTNER_KEYWORDS[p]) && !item.plan.includes(a.id)) item.plan.push(a.id);
    }
  }
  const partnerList = [...partners.values()];
  const only = (items: CompareItem[], side: 'brief' | 'plan') =>
    items.filter((i) => i[side].length > 0 && i[side === 'brief' ? 'plan' : 'brief'].length === 0).map((i) => i.id);
  const hasBrief = fold(briefText).length > 0;
  return {
    hasBrief,
    steps,
    themes,
    partners: partnerList,
    briefOnly: { steps: only(steps, 'brief'), themes: only(themes, 'brief'), partners: only(partnerList, 'brief') },
    planOnly: hasBrief
      ? { steps: only(steps, 'plan'), themes: only(themes, 'plan'), partners: only(partnerList, 'plan') }
      : { steps: [], themes: [], partners: [] },
  };
}
