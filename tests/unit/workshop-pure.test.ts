// The workshop feature's pure parts: the "now" view, the rotation timer, #tag parsing,
// auto-tagging, template duplication, plan action operations, the brief comparison and the
// dashboard compilation. No disk, no hub: every test states its clock.
import { describe, it, expect } from 'vitest';
import { noteSchema, planSchema, workshopSchema, type Note, type Plan, type Workshop } from '../../main/core/model';
import { nowView, rotationPlan } from '../../main/core/workshops/now';
import { newTimer, timerReduce, timerView, type TimerState } from '../../main/core/workshops/timer';
import { compiledAtLabel, fold, normalizeTag, parseTags, titleFromText, workshopDatesLabel } from '../../main/core/workshops/text';
import { contextFields, extraTags, noteTags, practiceFromNote } from '../../main/core/workshops/capture';
import { duplicateWorkshop, shiftQuarter } from '../../main/core/workshops/template';
import { addAction, comparePlanWithBrief, moveAction, removeAction, updateAction } from '../../main/core/workshops/plans';
import { canonicalPartner, headingRole, partnerKey, themeForTag } from '../../main/core/workshops/keywords';
import { compileDashboard } from '../../main/core/workshops/dashboard';
import { dashboardToHtml, escapeHtml } from '../../main/core/workshops/dashboard-html';
import { THEME_LABELS } from '../../main/core/labels';

const SYSTEM = { rev: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', origin: { kind: 'local', installId: 't' } };

/** A two-day workshop shaped like Dakar's day 2: rotations around lunch, then country groups. */
function smallWorkshop(over: Partial<Workshop> = {}): Workshop {
  return workshopSchema.parse({
    ...SYSTEM,
    type: 'workshop',
    id: 'ws-test',
    lang: 'fr',
    title: 'Atelier test',
    place: 'Lomé',
    startDate: '2026-03-02',
    days: [
      { day: 1, date: '2026-03-02', title: 'Jour 1' },
      { day: 2, date: '2026-03-03', title: 'Jour 2' },
    ],
    groups: [
      { id: 'g-step-1', name: 'Étape 1', kind: 'step', step: 1 },
      { id: 'g-step-2', name: 'Étape 2', kind: 'step', step: 2 },
      { id: 'g-step-3', name: 'Étape 3', kind: 'step', step: 3 },
      { id: 'g-sn', name: 'Sénégal', kind: 'country', country: 'SN' },
      { id: 'g-tg', name: 'Togo', kind: 'country', country: 'TG' },
      { id: 'g-topic', name: 'Coopération Sud-Sud', kind: 'topic', topic: 'south-south' },
    ],
    sessions: [
      { id: 'd1-open', day: 1, start: '09:00', end: '09:40', title: 'Ouverture', kind: 'plenary' },
      { id: 'd1-agenda', day: 1, start: '09:30', end: '09:35', title: "Présentation de l'agenda", kind: 'other' },
      { id: 'd1-break', day: 1, start: '09:40', end: '10:00', title: 'Pause café', kind: 'break' },
      { id: 'd1-panel', day: 1, start: '10:00', end: '12:00', title: 'Panel des partenaires', kind: 'panel' },
      { id: 'd2-rot-1', day: 2, start: '11:00', end: '12:00', title: 'Rotation 1', kind: 'group-work', groupIds: ['g-step-1', 'g-step-2', 'g-step-3'], rotationMinutes: 60 },
      { id: 'd2-rot-2', day: 2, start: '12:00', end: '13:00', title: 'Rotation 2', kind: 'group-work', groupIds: ['g-step-1', 'g-step-2', 'g-step-3'], rotationMinutes: 60 },
      { id: 'd2-lunch', day: 2, start: '13:00', end: '14:00', title: 'Déjeuner', kind: 'break' },
      { id: 'd2-rot-3', day: 2, start: '14:00', end: '15:00', title: 'Rotation 3', kind: 'group-work', groupIds: ['g-step-1', 'g-step-2', 'g-step-3'], rotationMinutes: 60 },
      { id: 'd2-plans', day: 2, start: '16:00', end: '18:00', title: "Développement de plans d'action par pays", kind: 'group-work', groupIds: ['g-sn', 'g-tg'] },
      { id: 'd2-comm', day: 2, start: '18:00', end: '18:30', title: 'Clinique : communication et sensibilisation', kind: 'skills-clinic', groupIds: ['g-sn', 'g-tg'] },
    ],
    dashboardHeadings: [
      { id: 'country-strategies', title: 'Stratégies pays' },
      { id: 'resource-mobilisation', title: 'Stratégies de mobilisation des ressources' },
      { id: 'partnerships', title: 'Partenariats, y compris la coopération Sud-Sud' },
      { id: 'results-measurement', title: "Mesure des résultats et de l'impact" },
      { id: 'communication', title: 'Communication et sensibilisation' },
      { id: 'technical-support', title: 'Appui technique requis' },
      { id: 'sstc-pilots', title: 'Pilotes Sud-Sud' },
    ],
    ...over,
  });
}

const DAKAR_TZ = { timeZone: 'Africa/Dakar' }; // UTC+0 all year
const at = (iso: string) => new Date(iso);

describe('now view', () => {
  const w = smallWorkshop();

  it('before the workshop: nothing running, the first session next', () => {
    const v = nowView(w, at('2026-03-01T10:00:00Z'), DAKAR_TZ);
    expect(v.status).toBe('before');
    expect(v.current).toBeUndefined();
    expect(v.day).toBeUndefined();
    expect(v.next?.id).toBe('d1-open');
    expect(v.minutesUntilNext).toBe(23 * 60);
  });

  it('during a session, and the later-starting one when two overlap', () => {
    let v = nowView(w, at('2026-03-02T09:10:00Z'), DAKAR_TZ);
    expect(v).toMatchObject({ status: 'session', localDate: '2026-03-02', localTime: '09:10', day: { day: 1, title: 'Jour 1' } });
    expect(v.current?.id).toBe('d1-open');
    expect(v.minutesLeft).toBe(30);
    expect(v.next?.id).toBe('d1-agenda');
    v = nowView(w, at('2026-03-02T09:32:00Z'), DAKAR_TZ);
    expect(v.current?.id).toBe('d1-agenda');
    expect(v.next?.id).toBe('d1-break');
  });

  it('during a break it says break, and what comes next', () => {
    const v = nowView(w, at('2026-03-02T09:45:00Z'), DAKAR_TZ);
    expect(v.status).toBe('break');
    expect(v.current?.id).toBe('d1-break');
    expect(v.groups).toEqual([]);
    expect(v.next).toMatchObject({ id: 'd1-panel', start: '10:00' });
    expect(v.minutesUntilNext).toBe(15);
  });

  it('between sessions and overnight: no current session, the next one', () => {
    const v = nowView(w, at('2026-03-02T20:00:00Z'), DAKAR_TZ);
    expect(v.status).toBe('between');
    expect(v.next?.id).toBe('d2-rot-1');
    const morning = nowView(w, at('2026-03-03T08:00:00Z'), DAKAR_TZ);
    expect(morning).toMatchObject({ status: 'between', day: { day: 2 } });
    expect(morning.minutesUntilNext).toBe(180);
  });

  it('during group work: the groups at work and where each block of participants goes next', () => {
    const v = nowView(w, at('2026-03-03T12:20:00Z'), DAKAR_TZ);
    expect(v.status).toBe('session');
    expect(v.current?.id).toBe('d2-rot-2');
    expect(v.groups.map((g) => g.id)).toEqual(['g-step-1', 'g-step-2', 'g-step-3']);
    // Three rotations over the series (two before lunch, one after); this is the second.
    expect(v.rotation).toMatchObject({ sessionIds: ['d2-rot-1', 'd2-rot-2', 'd2-rot-3'], index: 1, count: 3, minutesLeft: 40 });
    expect(v.rotation?.blocks).toEqual([
      { block: 0, groupId: 'g-step-2', nextGroupId: 'g-step-3' },
      { block: 1, groupId: 'g-step-3', nextGroupId: 'g-step-1' },
      { block: 2, groupId: 'g-step-1', nextGroupId: 'g-step-2' },
    ]);
    const last = nowView(w, at('2026-03-03T14:30:00Z'), DAKAR_TZ);
    expect(last.rotation?.index).toBe(2);
    expect(last.rotation?.blocks.every((b) => b.nextGroupId === undefined)).toBe(true);
    expect(rotationPlan(w, 'd2-rot-3')).toEqual({ sessionIds: ['d2-rot-1', 'd2-rot-2', 'd2-rot-3'], offset: 2, count: 3 });
  });

  it('after the last session: over', () => {
    const v = nowView(w, at('2026-03-03T18:30:00Z'), DAKAR_TZ);
    expect(v.status).toBe('after');
    expect(v.next).toBeUndefined();
    expect(nowView(w, at('2026-04-01T09:00:00Z'), DAKAR_TZ).status).toBe('after');
  });

  it('reads the clock in the workshop time zone', () => {
    // 10:20 UTC is 11:20 in Douala (UTC+1): rotation 1 is running there.
    const v = nowView(w, at('2026-03-03T10:20:00Z'), { timeZone: 'Africa/Douala' });
    expect(v.localTime).toBe('11:20');
    expect(v.current?.id).toBe('d2-rot-1');
  });

  it('a workshop without sessions is before or after its start date', () => {
    const empty = smallWorkshop({ sessions: [] });
    expect(nowView(empty, at('2026-03-01T09:00:00Z'), DAKAR_TZ).status).toBe('before');
    expect(nowView(empty, at('2026-03-05T09:00:00Z'), DAKAR_TZ).status).toBe('after');
  });
});

describe('rotation timer (pure state machine)', () => {
  const MIN = 60_000;
  const t0 = Date.parse('2026-03-03T11:00:00Z');
  const fresh = () => newTimer({ groupIds: ['a', 'b', 'c'], rotationMinutes: 60, sessionId: 'd2-rot-1' }, t0);

  it('starts idle with full time and every block at its own group', () => {
    const s = fresh();
    const v = timerView(s, t0 + 5 * MIN);
    expect(v).toMatchObject({ status: 'idle', index: 0, rotations: 3, remainingMs: 60 * MIN });
    expect(v.blocks).toEqual([
      { block: 0, groupId: 'a', nextGroupId: 'b' },
      { block: 1, groupId: 'b', nextGroupId: 'c' },
      { block: 2, groupId: 'c', nextGroupId: 'a' },
    ]);
  });

  it('start, pause, resume: paused time does not count', () => {
    let s = timerReduce(fresh(), { type: 'start', at: t0 });
    expect(timerView(s, t0 + 10 * MIN)).toMatchObject({ status: 'running', remainingMs: 50 * MIN, endsAt: t0 + 60 * MIN });
    s = timerReduce(s, { type: 'pause', at: t0 + 10 * MIN });
    expect(timerView(s, t0 + 40 * MIN)).toMatchObject({ status: 'paused', remainingMs: 50 * MIN });
    expect(timerReduce(s, { type: 'pause', at: t0 + 41 * MIN })).toBe(s); // pause while paused: unchanged
    s = timerReduce(s, { type: 'resume', at: t0 + 40 * MIN });
    expect(timerView(s, t0 + 50 * MIN)).toMatchObject({ status: 'running', index: 0, remainingMs: 40 * MIN });
  });

  it('moves participants on when the time is up, and finishes after the last rotation', () => {
    let s = timerReduce(fresh(), { type: 'start', at: t0 });
    s = timerReduce(s, { type: 'tick', at: t0 + 61 * MIN });
    expect(s).toMatchObject({ status: 'running', index: 1 });
    expect(timerView(s, t0 + 61 * MIN)).toMatchObject({ remainingMs: 59 * MIN });
    expect(timerView(s, t0 + 61 * MIN).blocks[0]).toEqual({ block: 0, groupId: 'b', nextGroupId: 'c' });
    // A restart two hours later (the state was saved): the view catches up by itself.
    const v = timerView(s, t0 + 150 * MIN);
    expect(v).toMatchObject({ status: 'running', index: 2, remainingMs: 30 * MIN });
    expect(v.blocks[0]).toEqual({ block: 0, groupId: 'c' });
    s = timerReduce(s, { type: 'tick', at: t0 + 200 * MIN });
    expect(s).toMatchObject({ status: 'finished', index: 2 });
    expect(timerView(s, t0 + 200 * MIN).remainingMs).toBe(0);
  });

  it('waits when autoAdvance is off, advance moves on, reset goes back to the start', () => {
    let s: TimerState = newTimer({ groupIds: ['a', 'b'], rotationMinutes: 30, autoAdvance: false }, t0);
    s = timerReduce(s, { type: 'start', at: t0 });
    s = timerReduce(s, { type: 'tick', at: t0 + 45 * MIN });
    expect(s).toMatchObject({ status: 'expired', index: 0 });
    expect(timerView(s, t0 + 45 * MIN).remainingMs).toBe(0);
    s = timerReduce(s, { type: 'advance', at: t0 + 46 * MIN });
    expect(s).toMatchObject({ status: 'running', index: 1, elapsedMs: 0 });
    s = timerReduce(s, { type: 'advance', at: t0 + 50 * MIN });
    expect(s.status).toBe('finished');
    s = timerReduce(s, { type: 'reset', at: t0 + 51 * MIN });
    expect(s).toMatchObject({ status: 'idle', index: 0, elapsedMs: 0 });
    expect(s.runningSince).toBeUndefined();
    expect(timerReduce(s, { type: 'advance', at: t0 })).toBe(s); // nothing to advance while idle
  });

  it('a paused timer that is advanced stays paused at the next rotation', () => {
    let s = timerReduce(fresh(), { type: 'start', at: t0 });
    s = timerReduce(s, { type: 'pause', at: t0 + 5 * MIN });
    s = timerReduce(s, { type: 'advance', at: t0 + 6 * MIN });
    expect(s).toMatchObject({ status: 'paused', index: 1, elapsedMs: 0 });
    s = timerReduce(s, { type: 'start', at: t0 + 7 * MIN });
    expect(timerView(s, t0 + 17 * MIN)).toMatchObject({ status: 'running', index: 1, remainingMs: 50 * MIN });
  });
});

describe('#tags', () => {
  it('parses Unicode letters, lowercases, makes kebab-case and de-duplicates, keeping the order', () => {
    expect(parseTags('Le #Sénégal partage son #RegistreSocial, #sécurité_sociale et #CMU. #sénégal encore #ÉCONOMIE-informelle')).toEqual([
      'sénégal',
      'registre-social',
      'sécurité-sociale',
      'cmu',
      'économie-informelle',
    ]);
  });

  it('ignores headings, URL fragments, entities, lone hashes and trailing hyphens', () => {
    expect(parseTags('# Titre\n## Sous-titre\nvoir https://ilo.org/page#section et &#39; et C# et # seul et #fin-')).toEqual(['fin']);
    expect(parseTags('(#pilote) "#csst" #ODD1.3')).toEqual(['pilote', 'csst', 'odd1']);
  });

  it('normalises decomposed accents (NFD input) to one form', () => {
    expect(normalizeTag('se\u0301curite\u0301')).toBe('sécurité');
    expect(parseTags('#se\u0301curite\u0301 #sécurité')).toEqual(['sécurité']);
  });

  it('folds accents and ligatures for matching', () => {
    expect(fold("Mise en œuvre de l'ÉTAPE 1 — Sud-Sud")).toBe('mise en oeuvre de l etape 1 sud sud');
  });

  it('takes a title from the first line without markers or tags', () => {
    expect(titleFromText('\n## Guichet #unique pour les cotisations\nsuite')).toBe('Guichet pour les cotisations');
    expect(titleFromText('- point un')).toBe('point un');
    expect(titleFromText('x'.repeat(300)).length).toBeLessThanOrEqual(120);
  });
});

describe('auto-tagging and promotion', () => {
  const w = smallWorkshop();
  const g = (id: string) => w.groups.find((x) => x.id === id)!;
  const s = (id: string) => w.sessions.find((x) => x.id === id)!;

  it('tags a note with workshop, session, group and the group country or step', () => {
    expect(contextFields({ workshop: w, session: s('d2-plans'), group: g('g-sn') })).toEqual({
      workshopId: 'ws-test',
      sessionId: 'd2-plans',
      groupId: 'g-sn',
      country: 'SN',
    });
    expect(contextFields({ workshop: w, session: s('d2-rot-1'), group: g('g-step-2') })).toEqual({
      workshopId: 'ws-test',
      sessionId: 'd2-rot-1',
      groupId: 'g-step-2',
      step: 2,
    });
    expect(contextFields({ workshop: w, group: g('g-topic') })).toEqual({ workshopId: 'ws-test', groupId: 'g-topic' });
  });

  it('keeps tags added apart from the text when the text changes', () => {
    const tags = noteTags('Idée #pilote', ['Jumelage']);
    expect(tags).toEqual(['pilote', 'jumelage']);
    expect(extraTags({ tags, body: 'Idée #pilote' })).toEqual(['jumelage']);
  });

  it('matches tags to known themes by id, label or keyword', () => {
    expect(themeForTag('financing', THEME_LABELS)).toBe('financing');
    expect(themeForTag('financement', THEME_LABELS)).toBe('financing');
    expect(themeForTag('économie-informelle', THEME_LABELS)).toBe('informal-economy');
    expect(themeForTag('santé', THEME_LABELS)).toBe('social-health-protection');
    expect(themeForTag('csst', THEME_LABELS)).toBe('south-south');
    expect(themeForTag('novissi', THEME_LABELS)).toBeUndefined();
  });

  it('prefills a practice draft from a note', () => {
    const note = noteSchema.parse({
      ...SYSTEM,
      id: 'note-1',
      type: 'note',
      lang: 'fr',
      body: "Mutuelles de santé des artisans #économie-informelle #santé #novissi\nLe Togo a étendu l'AMU aux artisans.",
      tags: ['économie-informelle', 'santé', 'novissi'],
      workshopId: 'ws-test',
      sessionId: 'd2-plans',
      groupId: 'g-tg',
      country: 'TG',
    }) as Note;
    const draft = practiceFromNote(note, { workshop: w, session: s('d2-plans'), group: g('g-tg') });
    expect(draft).toMatchObject({
      type: 'practice',
      title: 'Mutuelles de santé des artisans',
      body: note.body,
      country: 'TG',
      themes: ['informal-economy', 'social-health-protection'],
      status: 'draft',
      related: ['note-1'],
    });
    expect(draft.sources![0]!.title).toContain('Atelier test');
    expect(draft.sources![0]!.title).toContain("Développement de plans d'action par pays");
    expect(draft.sources![0]!.title).toContain('2026-03-03');
    const noCountry = practiceFromNote({ ...note, country: undefined, groupId: 'g-step-1', step: 1 } as Note, { workshop: w, group: g('g-step-1') });
    expect(noCountry.country).toBeUndefined();
    expect(noCountry.steps).toEqual([1]);
  });
});

describe('templates', () => {
  it('copies with new ids, shifted dates and quarters, template=false, actions back to proposed', () => {
    const w = smallWorkshop({ template: true, startDate: '2017-05-23', days: [{ day: 1, date: '2017-05-23', title: 'J1' }, { day: 2, date: '2017-05-24', title: 'J2' }] });
    const plan = planSchema.parse({
      ...SYSTEM,
      type: 'plan',
      id: 'ws-test-plan-sn',
      lang: 'fr',
      title: 'Plan Sénégal',
      country: 'SN',
      workshopId: 'ws-test',
      groupId: 'g-sn',
      actions: [{ id: 'a1', step: 1, description: 'Stratégie', from: '2017-Q3', to: '2018-Q1', status: 'done' }],
    }) as Plan;
    const copy = duplicateWorkshop(w, [plan], { id: 'lome-2026', start: '2026-03-02', title: 'Atelier de Lomé', planIds: { 'ws-test-plan-sn': 'lome-2026-plan-sn' } });
    expect(copy.workshop).toMatchObject({ id: 'lome-2026', title: 'Atelier de Lomé', startDate: '2026-03-02', template: false });
    expect(copy.workshop.days).toEqual([
      { day: 1, date: '2026-03-02', title: 'J1' },
      { day: 2, date: '2026-03-03', title: 'J2' },
    ]);
    expect(copy.workshop.sessions).toHaveLength(w.sessions.length);
    expect(copy.plans[0]).toMatchObject({ id: 'lome-2026-plan-sn', workshopId: 'lome-2026', groupId: 'g-sn' });
    // One quarter after the workshop stays one quarter after it (2017-Q2 -> 2026-Q1).
    expect(copy.plans[0]!.actions![0]).toMatchObject({ from: '2026-Q2', to: '2026-Q4', status: 'proposed' });
    expect(shiftQuarter('2017-Q4', 1)).toBe('2018-Q1');
    expect(shiftQuarter('2017-Q1', -1)).toBe('2016-Q4');
  });
});

describe('plan actions', () => {
  const base = [
    { id: 'a1', step: 1, description: 'Stratégie nationale' },
    { id: 'a2', step: 2, description: 'Réforme du régime' },
    { id: 'a3', step: 1, description: 'Dialogue national' },
  ].map((a) => ({ partners: [], status: 'proposed', sstcPilot: false, supportRequested: '', headings: [], ...a })) as Plan['actions'];

  it('adds in step order, at a position within the step', () => {
    const added = addAction(base, { step: 1, description: 'Cartographie' }, { id: 'a4', index: 0 });
    expect(added.map((a) => a.id)).toEqual(['a4', 'a1', 'a3', 'a2']);
    expect(added[0]).toMatchObject({ status: 'proposed', partners: [] });
    expect(() => addAction(base, { step: 1, description: '' }, { id: 'a5' })).toThrow(/description/);
    expect(() => addAction(base, { id: 'a1', step: 1, description: 'x' }, { id: 'a5' })).toThrow(/already has an action "a1"/);
  });

  it('updates, moves across steps, clears a quarter with null and removes', () => {
    let actions = updateAction(base, 'a1', { partners: ['BIT'], from: '2026-Q1' });
    expect(actions.find((a) => a.id === 'a1')).toMatchObject({ partners: ['BIT'], from: '2026-Q1' });
    actions = updateAction(actions, 'a1', { from: null });
    expect(actions.find((a) => a.id === 'a1')!.from).toBeUndefined();
    actions = moveAction(actions, 'a1', { step: 2, index: 0 });
    expect(actions.map((a) => `${a.step}:${a.id}`)).toEqual(['1:a3', '2:a1', '2:a2']);
    actions = moveAction(actions, 'a2', { index: 0 });
    expect(actions.map((a) => a.id)).toEqual(['a3', 'a2', 'a1']);
    expect(removeAction(actions, 'a2').map((a) => a.id)).toEqual(['a3', 'a1']);
    expect(() => removeAction(actions, 'zz')).toThrow(/no action "zz"/);
  });

  it('compares a plan with the opportunity brief (accents folded, fr and en keywords)', () => {
    const actions = [
      { id: 'a1', step: 1, description: 'Élaborer la stratégie nationale de protection sociale', partners: ['BIT', 'UNICEF'] },
      { id: 'a2', step: 3, description: 'Campagne radio sur la couverture maladie universelle', partners: ['Fondation X'], sstcPilot: true },
      { id: 'a3', step: 2, description: 'Abandonnée', status: 'dropped', partners: ['Banque mondiale'] },
    ].map((a) => ({ status: 'proposed', sstcPilot: false, supportRequested: '', headings: [], ...a })) as Plan['actions'];
    const brief =
      "FICHE D'OPPORTUNITE - TOGO. Etape 2 : reforme du regime d'assurance maladie (AMU) ; extension a l'economie informelle. Partenaires : Banque Mondiale, BIT, Union africaine. Financement : espace budgetaire.";
    const c = comparePlanWithBrief(actions, brief, 'fr');
    expect(c.hasBrief).toBe(true);
    expect(c.steps.find((s) => s.id === '2')).toMatchObject({ plan: [] });
    expect(c.steps.find((s) => s.id === '2')!.brief.length).toBeGreaterThan(0);
    expect(c.briefOnly.steps).toEqual(['2']); // the dropped step-2 action does not count
    expect(c.briefOnly.themes).toEqual(expect.arrayContaining(['informal-economy', 'financing']));
    expect(c.briefOnly.partners).toEqual(expect.arrayContaining(['world-bank', 'african-union']));
    expect(c.briefOnly.partners).not.toContain('ilo');
    expect(c.planOnly.partners).toEqual(expect.arrayContaining(['unicef', 'custom:fondation x']));
    expect(c.planOnly.themes).toContain('south-south'); // a South-South pilot the brief does not mention
    expect(c.themes.find((t) => t.id === 'social-health-protection')).toMatchObject({ plan: ['a2'] });
    expect(c.partners.find((p) => p.id === 'ilo')!.brief).toEqual(['BIT']);
    // "a bit" in English is not the ILO's French acronym.
    expect(comparePlanWithBrief([], 'We need a bit more funding.', 'en').partners.find((p) => p.id === 'ilo')!.brief).toEqual([]);
    const none = comparePlanWithBrief(actions, '   ', 'fr');
    expect(none).toMatchObject({ hasBrief: false, planOnly: { steps: [], themes: [], partners: [] }, briefOnly: { steps: [], themes: [], partners: [] } });
  });

  it('knows partners by their names and acronyms in French and English', () => {
    expect(canonicalPartner('BIT')).toBe('ilo');
    expect(canonicalPartner('Organisation internationale du Travail')).toBe('ilo');
    expect(canonicalPartner('Banque Africaine de Développement (BAD)')).toBe('afdb');
    expect(canonicalPartner('world-bank')).toBe('world-bank');
    expect(canonicalPartner('Fondation X')).toBeUndefined();
    expect(partnerKey('Banque mondiale', 'en')).toEqual({ key: 'world-bank', label: 'World Bank' });
    expect(partnerKey('BIT', 'en')).toEqual({ key: 'ilo', label: 'ILO' });
    // A specific name in a partner group is counted with the group but shown as typed.
    expect(partnerKey('Luxembourg', 'fr')).toEqual({ key: 'bilateral', label: 'Luxembourg' });
    expect(partnerKey('  Fondation X ', 'fr')).toEqual({ key: 'custom:fondation x', label: 'Fondation X' });
  });
});

describe('dashboard compilation', () => {
  const w = smallWorkshop();
  const plan = (country: string, actions: Record<string, unknown>[]) =>
    planSchema.parse({ ...SYSTEM, type: 'plan', id: `p-${country.toLowerCase()}`, lang: 'fr', title: `Plan ${country}`, country, workshopId: w.id, actions }) as Plan;
  const note = (id: string, body: string, extra: Record<string, unknown> = {}) =>
    noteSchema.parse({ ...SYSTEM, type: 'note', id, lang: 'fr', body, tags: parseTags(body), workshopId: w.id, ...extra }) as Note;
  const plans = [
    plan('SN', [
      { id: 'a1', step: 1, description: 'Stratégie nationale révisée', partners: ['BIT', 'UNICEF'] },
      { id: 'a2', step: 3, description: 'Campagne de sensibilisation des artisans', sstcPilot: true, partners: ['Algérie'] },
      { id: 'a3', step: 2, description: 'Étude actuarielle', supportRequested: 'Appui SOCPRO pour l’étude actuarielle', headings: ['results-measurement'] },
      { id: 'a4', step: 2, description: 'Abandonnée', status: 'dropped', partners: ['BIT'] },
    ]),
    plan('TG', [{ id: 'b1', step: 2, description: 'Mobiliser des ressources pour l’AMU', partners: ['Banque mondiale', 'BIT'] }]),
  ];
  const notes = [
    note('n1', 'Le Togo propose un #pilote de jumelage avec le Cabo Verde', { groupId: 'g-tg', country: 'TG', sessionId: 'd2-plans' }),
    note('n2', 'Créer des indicateurs de suivi communs', { groupId: 'g-step-3', step: 3, sessionId: 'd2-rot-1' }),
    note('n3', 'Les radios communautaires touchent les zones rurales', { groupId: 'g-sn', country: 'SN', sessionId: 'd2-comm' }),
    note('n4', 'Rien de spécial ici', { groupId: 'g-step-1', sessionId: 'd2-rot-2' }),
    note('n5', 'Sans séance'),
  ];
  const d = compileDashboard({ workshop: w, plans, notes, lang: 'fr', now: new Date('2026-03-04T16:00:00Z') });
  const section = (id: string) => d.sections.find((s) => s.id === id)!;
  const actionIds = (id: string) => section(id).actions.map((a) => a.actionId);
  const noteIds = (id: string) => section(id).notes.map((n) => n.noteId);

  it('keeps the workshop headings, in order', () => {
    expect(d.sections.map((s) => s.id)).toEqual(w.dashboardHeadings.map((h) => h.id));
    expect(d.sections[0]!.title).toBe('Stratégies pays');
  });

  it('files plan actions by heading field and by rule, with the reason', () => {
    expect(actionIds('country-strategies')).toEqual(['a1', 'a3', 'a2', 'b1']); // by country then step; dropped left out
    expect(actionIds('sstc-pilots')).toEqual(['a2']);
    expect(actionIds('technical-support')).toEqual(['a3']);
    expect(actionIds('partnerships')).toEqual(['a1', 'a2', 'b1']);
    expect(actionIds('results-measurement')).toEqual(['a3']);
    expect(section('results-measurement').actions[0]!.reasons).toEqual(['heading']);
    expect(actionIds('communication')).toEqual(['a2']);
    expect(section('communication').actions[0]!.reasons).toEqual(['keyword:sensibilisation', 'keyword:campagne']);
    expect(actionIds('resource-mobilisation')).toEqual(['b1']);
    expect(section('partnerships').actions.find((a) => a.actionId === 'b1')!.partners).toEqual(['Banque mondiale', 'BIT / OIT']);
  });

  it('files notes by tag, keyword, session title and country group; the rest at the end', () => {
    expect(noteIds('sstc-pilots')).toEqual(['n1']);
    expect(section('sstc-pilots').notes[0]!.reasons).toEqual(['tag:pilote']);
    expect(noteIds('country-strategies')).toEqual(['n1', 'n3']);
    expect(noteIds('results-measurement')).toEqual(['n2']);
    expect(noteIds('communication')).toEqual(['n3']); // from its session: "communication et sensibilisation"
    expect(section('communication').notes[0]!.reasons).toEqual(['session']);
    expect(d.otherNotes.map((n) => n.noteId)).toEqual(['n4', 'n5']);
  });

  it('counts actions per country and step, partners, and notes per session', () => {
    expect(d.charts.actionsByCountryStep).toEqual([
      { country: 'SN', label: 'Sénégal', steps: [1, 1, 1], total: 3 },
      { country: 'TG', label: 'Togo', steps: [0, 1, 0], total: 1 },
    ]);
    const partners = Object.fromEntries(d.charts.partners.map((p) => [p.key, p]));
    expect(partners.ilo).toMatchObject({ total: 2, byCountry: { SN: 1, TG: 1 } });
    expect(partners['south-south']).toMatchObject({ label: 'Partenaires Sud-Sud', total: 1 }); // "Algérie" counts as South-South
    expect(section('sstc-pilots').actions[0]!.partners).toEqual(['Algérie']);
    expect(d.charts.partners[0]!.key).toBe('ilo');
    const bySession = Object.fromEntries(d.charts.notesBySession.map((s) => [s.sessionId ?? 'none', s.count]));
    expect(bySession).toMatchObject({ 'd2-rot-1': 1, 'd2-rot-2': 1, 'd2-rot-3': 0, 'd2-plans': 1, 'd2-comm': 1, none: 1 });
    expect(d.totals).toEqual({ notes: 5, actions: 4, plans: 2, pilots: 1, supportRequests: 1, partners: 4 });
  });

  it('files a national assessment (ABND) under country strategies, not under results and impact', () => {
    const abnd = note('n6', 'Lancer l’évaluation (ABND) de la protection sociale au Togo', { groupId: 'g-step-1' });
    const impact = note('n7', 'Prévoir une évaluation d’impact du transfert monétaire', { groupId: 'g-step-1' });
    const dd = compileDashboard({ workshop: w, plans: [], notes: [abnd, impact], lang: 'fr' });
    const ids = (id: string) => dd.sections.find((s) => s.id === id)!.notes.map((n) => n.noteId);
    expect(ids('results-measurement')).toEqual(['n7']);
    expect(ids('country-strategies')).toEqual(['n6']);
  });

  it('uses the standard English heading titles for an English dashboard of a French workshop', () => {
    const en = compileDashboard({ workshop: w, plans, notes, lang: 'en' });
    expect(en.sections.map((s) => s.title)).toContain('Resource mobilisation strategies');
    expect(en.charts.actionsByCountryStep[0]!.label).toBe('Senegal');
    expect(headingRole({ id: 'x', title: 'Stratégies de mobilisation des ressources' })).toBe('resource-mobilisation');
    expect(headingRole({ id: 'y', title: 'Identification de pilotes pouvant être appuyés par la coopération Sud-Sud' })).toBe('sstc-pilots');
  });

  it('writes the dates as the screen does: one format for the workshop days and the compilation time', () => {
    expect(compiledAtLabel('2026-03-04T16:00:00Z', 'fr')).toBe('4 mars 2026, 16:00 UTC');
    expect(compiledAtLabel('2026-03-04T16:00:00Z', 'en')).toBe('4 March 2026, 16:00 UTC');
    expect(workshopDatesLabel('2017-05-23', '2017-05-25', 'fr')).toBe('23 mai 2017 – 25 mai 2017');
    expect(workshopDatesLabel('2017-05-23', '2017-05-23', 'en')).toBe('23 May 2017');
    const html = dashboardToHtml(d, (md) => `<p>${escapeHtml(md)}</p>`);
    expect(html).toContain(`Compilé le ${compiledAtLabel(d.generatedAt, 'fr')}`);
    expect(html).toContain(escapeHtml(workshopDatesLabel(d.workshop.startDate, d.workshop.endDate, 'fr')));
  });

  it('renders escaped, script-free HTML with the markdown renderer it is given', () => {
    const html = dashboardToHtml(d, (md) => `<p>${escapeHtml(md)}</p>`);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<svg class="chart"');
    expect(html).not.toMatch(/<script/i);
  });
});
