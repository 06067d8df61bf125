// The workshop feature through the hub and its one boundary (dispatch), over the real bundled
// library and its Dakar 2017 example: creating workshops, quick capture (idempotent), undo,
// promotion to a practice, plan operations with revision checks, the brief comparison, the
// dashboard and its HTML export, the persisted timer, and the CLI commands.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Hub } from '../../main/core/hub';
import type { MethodInput, MethodName } from '../../main/core/contract';
import type { Note, Plan, Workshop } from '../../main/core/model';
import { libraryDir } from '../../main/platform/paths';
import { WorkshopService } from '../../main/core/workshops/service';
import { callHub, cli as runShared, hubFailure, tempDir } from './helpers';

let hub: Hub;
let dir: string;
let cleanup: () => Promise<void>;

/** Calls a method through dispatch, as IPC, HTTP and the CLI do; throws the HubError on failure. */
const call = <M extends MethodName>(method: M, input: MethodInput<M>, on: Hub = hub) => callHub(on, method, input);
const failure = (method: MethodName, input: unknown) => hubFailure(hub, method, input);

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('socle-workshop-'));
  hub = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), compactAfterMs: 0 });
});
afterAll(async () => {
  await hub?.close();
  await cleanup();
});

describe('workshops from the Dakar 2017 template', () => {
  it('ships the Dakar example as a template with its country plans', async () => {
    const dakar = (await call('get', { id: 'dakar-2017' })) as Workshop;
    expect(dakar).toMatchObject({ type: 'workshop', template: true, startDate: '2017-05-23' });
    expect(dakar.dashboardHeadings.map((h) => h.id)).toEqual([
      'country-strategies',
      'resource-mobilisation',
      'partnerships',
      'results-measurement',
      'communication',
      'technical-support',
      'sstc-pilots',
    ]);
    expect((await call('workshopPlans', { workshopId: 'dakar-2017' })).map((p) => p.country)).toEqual(['CM', 'CV', 'SN', 'TG']);
  });

  it('duplicates it: new ids, dates shifted to the start date, template=false, plans copied', async () => {
    const { workshop, plans } = await call('createWorkshop', { from: 'dakar-2017', start: '2026-03-02', title: 'Atelier de Lomé 2026', place: 'Lomé' });
    expect(workshop).toMatchObject({ id: 'atelier-de-lome-2026', title: 'Atelier de Lomé 2026', place: 'Lomé', startDate: '2026-03-02', template: false, rev: 1 });
    expect(workshop.origin.kind).toBe('local');
    expect(workshop.days.map((d) => d.date)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    const dakar = (await call('get', { id: 'dakar-2017' })) as Workshop;
    expect(workshop.sessions).toEqual(dakar.sessions);
    expect(workshop.groups).toEqual(dakar.groups);
    expect(workshop.participants).toEqual(dakar.participants);
    expect(plans.map((p) => [p.id, p.workshopId, p.groupId])).toEqual([
      ['atelier-de-lome-2026-plan-cm', 'atelier-de-lome-2026', 'g-cm'],
      ['atelier-de-lome-2026-plan-cv', 'atelier-de-lome-2026', 'g-cv'],
      ['atelier-de-lome-2026-plan-sn', 'atelier-de-lome-2026', 'g-sn'],
      ['atelier-de-lome-2026-plan-tg', 'atelier-de-lome-2026', 'g-tg'],
    ]);
    // The template is untouched and a second copy with the same title gets its own ids.
    expect((await call('get', { id: 'dakar-2017' })).rev).toBe(1);
    const again = await call('createWorkshop', { from: 'dakar-2017', start: '2026-09-07', title: 'Atelier de Lomé 2026' });
    expect(again.workshop.id).toBe('atelier-de-lome-2026-2');
    expect(again.plans[0]!.id).toBe('atelier-de-lome-2026-2-plan-cm');
  });

  it('creates one from scratch, with a plan per country group, and checks its programme', async () => {
    const { workshop, plans } = await call('createWorkshop', {
      title: 'Revue annuelle du socle',
      start: '2026-06-15',
      days: 2,
      groups: [
        { id: 'g-bj', name: 'Bénin', kind: 'country', country: 'BJ' },
        { id: 'g-s1', name: 'Étape 1', kind: 'step', step: 1 },
      ],
      sessions: [{ id: 's1', day: 1, start: '09:00', end: '10:00', title: 'Groupes', kind: 'group-work', groupIds: ['g-bj', 'g-s1'] }],
    });
    expect(workshop).toMatchObject({ id: 'revue-annuelle-du-socle', template: false, days: [{ day: 1, date: '2026-06-15' }, { day: 2, date: '2026-06-16' }] });
    expect(workshop.dashboardHeadings).toHaveLength(7);
    expect(plans).toMatchObject([{ country: 'BJ', groupId: 'g-bj', workshopId: workshop.id, actions: [] }]);

    const badGroup = await failure('createWorkshop', {
      title: 'X',
      start: '2026-06-15',
      sessions: [{ id: 's1', day: 1, start: '09:00', end: '10:00', title: 'G', kind: 'group-work', groupIds: ['nope'] }],
    });
    expect(badGroup).toMatchObject({ code: 'invalid', field: 'sessions.0.groupIds' });
    expect(await failure('createWorkshop', { from: 'dakar-2017', start: '2026-02-30' })).toMatchObject({ code: 'invalid', field: 'start' });
    expect(await failure('createWorkshop', { from: 'no-such-workshop', start: '2026-02-02' })).toMatchObject({ code: 'not-found' });
    expect(await failure('createWorkshop', { start: '2026-02-02' })).toMatchObject({ code: 'invalid', field: 'title' });
  });

  it('answers "what is on now" at a given instant and time zone', async () => {
    const v = await call('workshopNow', { workshopId: 'atelier-de-lome-2026', at: '2026-03-03T11:30:00Z', timeZone: 'Africa/Lome' });
    expect(v).toMatchObject({ status: 'session', current: { id: 'd2-rotation-1' }, next: { id: 'd2-rotation-2' }, rotation: { index: 0, count: 3 } });
    expect(v.groups.map((g) => g.id)).toEqual(['g-step-1', 'g-step-2', 'g-step-3', 'g-sstc']);
    expect((await call('workshopNow', { workshopId: 'atelier-de-lome-2026', at: '2026-03-03T13:15:00Z', timeZone: 'Africa/Lome' })).status).toBe('break');
    expect(await failure('workshopNow', { workshopId: 'atelier-de-lome-2026', timeZone: 'Mars/Olympus' })).toMatchObject({ code: 'invalid', field: 'timeZone' });
  });
});

describe('quick capture', () => {
  const W = 'atelier-de-lome-2026';

  it('tags a note with workshop, the running session, group and step, and its #tags', async () => {
    const { note, created } = await call('captureNote', {
      workshopId: W,
      groupId: 'g-step-1',
      text: 'Le Togo partage le #RegistreSocial unifié et la plateforme #Novissi #novissi',
      at: '2026-03-03T11:20:00Z',
    });
    expect(created).toBe(true);
    expect(note).toMatchObject({ workshopId: W, groupId: 'g-step-1', step: 1, lang: 'fr', tags: ['registre-social', 'novissi'] });
    expect(note.body).toBe('Le Togo partage le #RegistreSocial unifié et la plateforme #Novissi #novissi');
    // The session is the one running at `at` on this machine's clock (the facilitator's laptop is in the room).
    const expected = (await call('workshopNow', { workshopId: W, at: '2026-03-03T11:20:00Z' })).current?.id;
    expect(note.sessionId).toBe(expected);

    const country = await call('captureNote', { workshopId: W, groupId: 'g-cm', sessionId: 'd2-country-plans', text: 'Le Cameroun veut un #pilote' });
    expect(country.note).toMatchObject({ groupId: 'g-cm', sessionId: 'd2-country-plans', country: 'CM', tags: ['pilote'] });
    expect(country.note.step).toBeUndefined();
  });

  it('is idempotent on clientId: retries and races never duplicate a note', async () => {
    const input = { workshopId: W, groupId: 'g-sn', sessionId: 'd2-country-plans', text: 'Mutuelles de santé communautaires à Thiès', clientId: 'pane-7f3a' };
    const first = await call('captureNote', input);
    const retry = await call('captureNote', input);
    expect(first.created).toBe(true);
    expect(retry).toMatchObject({ created: false, inTrash: false, note: { id: first.note.id, rev: first.note.rev } });
    const race = await Promise.all(Array.from({ length: 5 }, () => call('captureNote', { ...input, clientId: 'pane-race' })));
    expect(new Set(race.map((r) => r.note.id)).size).toBe(1);
    expect(race.filter((r) => r.created)).toHaveLength(1);
    const notes = await call('workshopNotes', { workshopId: W, groupId: 'g-sn' });
    expect(notes.filter((n) => n.body === input.text)).toHaveLength(2); // one per clientId
  });

  it('makes notes searchable like any record', async () => {
    await call('captureNote', { workshopId: W, groupId: 'g-tg', sessionId: 'd2-country-plans', text: 'Le guichet ambulant de Sokodé inscrit les zémidjans #informel' });
    const found = await call('search', { q: 'zémidjans', type: 'note' });
    expect(found.hits.map((h) => h.title)).toContain('Le guichet ambulant de Sokodé inscrit les zémidjans #informel');
    const byCountry = await call('search', { q: 'guichet ambulant', country: 'TG' });
    expect(byCountry.total).toBeGreaterThan(0);
  });

  it('rejects notes outside the workshop programme or empty ones, naming the field', async () => {
    expect(await failure('captureNote', { workshopId: W, groupId: 'g-nope', text: 'x' })).toMatchObject({ code: 'invalid', field: 'groupId' });
    expect(await failure('captureNote', { workshopId: W, sessionId: 'd9-x', text: 'x' })).toMatchObject({ code: 'invalid', field: 'sessionId' });
    expect(await failure('captureNote', { workshopId: W, text: '   ' })).toMatchObject({ code: 'invalid', field: 'text' });
    expect(await failure('captureNote', { workshopId: 'nope', text: 'x' })).toMatchObject({ code: 'not-found' });
  });

  it('updates text and tags with revision checks; a retried save is not a conflict', async () => {
    const { note } = await call('captureNote', { workshopId: W, groupId: 'g-cv', text: 'Première idée #jumelage', tags: ['Cabo-Verde'] });
    expect(note.tags).toEqual(['jumelage', 'cabo-verde']);
    const saved = await call('updateNote', { id: note.id, rev: note.rev, text: 'Première idée, précisée #pension-sociale' });
    expect(saved).toMatchObject({ rev: 2, tags: ['pension-sociale', 'cabo-verde'], body: 'Première idée, précisée #pension-sociale' });
    // The same save again (its answer was lost): the note as it is, no conflict, no new revision.
    expect(await call('updateNote', { id: note.id, rev: note.rev, text: 'Première idée, précisée #pension-sociale' })).toMatchObject({ rev: 2 });
    const stale = await failure('updateNote', { id: note.id, rev: 1, text: 'Autre chose' });
    expect(stale.code).toBe('conflict');
    expect((stale.details as { current: Note }).current.rev).toBe(2);
    const moved = await call('updateNote', { id: note.id, rev: 2, groupId: 'g-step-2', sessionId: null });
    expect(moved).toMatchObject({ groupId: 'g-step-2', step: 2, rev: 3 });
    expect(moved.country).toBeUndefined();
    expect(moved.sessionId).toBeUndefined();
  });
});

describe('undo', () => {
  it('reverts created, edited and deleted notes, last first', async () => {
    const { workshop } = await call('createWorkshop', { from: 'dakar-2017', start: '2026-05-04', title: 'Atelier undo' });
    const W = workshop.id;
    const { note } = await call('captureNote', { workshopId: W, groupId: 'g-sn', text: 'Le Sénégal' });
    let n = await call('updateNote', { id: note.id, rev: 1, text: 'Le Sénégal étend' });
    n = await call('updateNote', { id: note.id, rev: n.rev, text: 'Le Sénégal étend la CMU' }); // same typing burst
    await call('deleteNote', { id: note.id, rev: n.rev });
    expect(await call('undoLog', { workshopId: W })).toMatchObject([
      { op: 'delete', recordId: note.id },
      { op: 'update', recordId: note.id, label: 'Le Sénégal étend la CMU' },
      { op: 'create', recordId: note.id },
    ]);

    let u = await call('undo', { workshopId: W });
    expect(u).toMatchObject({ undone: { op: 'delete' }, record: { id: note.id, body: 'Le Sénégal étend la CMU' }, remaining: 2, next: { op: 'update' } });
    u = await call('undo', { workshopId: W });
    expect(u).toMatchObject({ undone: { op: 'update' }, record: { body: 'Le Sénégal' } }); // back to before the burst
    u = await call('undo', { workshopId: W });
    expect(u).toMatchObject({ undone: { op: 'create' }, record: null, remaining: 0, next: null });
    expect((await call('trash', {})).map((e) => e.record.id)).toContain(note.id);
    expect(await call('undo', { workshopId: W })).toEqual({ undone: null, record: null, next: null, remaining: 0 });
  });

  it('keeps separate steps for edits far apart, and refuses to undo over an edit made elsewhere', async () => {
    let now = Date.parse('2026-05-05T10:00:00Z');
    const service = new WorkshopService(hub, () => new Date(now));
    const { workshop } = await service.createWorkshop({ from: 'dakar-2017', start: '2026-05-04', title: 'Atelier undo 2' });
    const { note } = await service.captureNote({ workshopId: workshop.id, groupId: 'g-tg', text: 'a', clientId: 'c1' });
    let n = await service.updateNote({ id: note.id, rev: 1, text: 'ab' });
    now += 1_000;
    n = await service.updateNote({ id: note.id, rev: n.rev, text: 'abc' });
    now += 60_000; // a pause: a new step
    await service.updateNote({ id: note.id, rev: n.rev, text: 'abcd' });
    expect((await service.undoLog({ workshopId: workshop.id })).map((e) => e.op)).toEqual(['update', 'update', 'create']);
    expect((await service.undo({ workshopId: workshop.id })).record).toMatchObject({ body: 'abc' });
    // Someone edits the note outside the capture screen: the next undo would overwrite it.
    const current = (await call('get', { id: note.id })) as Note;
    await call('update', { id: note.id, rev: current.rev, changes: { body: 'édité ailleurs' } });
    await expect(service.undo({ workshopId: workshop.id })).rejects.toMatchObject({ code: 'conflict' });
    expect(((await call('get', { id: note.id })) as Note).body).toBe('édité ailleurs');
    expect((await service.undoLog({ workshopId: workshop.id })).map((e) => e.op)).toEqual(['create']);
    // The capture retried with the same clientId after the note is gone reports it is in the trash.
    await call('delete', { id: note.id });
    expect(await service.captureNote({ workshopId: workshop.id, groupId: 'g-tg', text: 'a', clientId: 'c1' })).toMatchObject({ created: false, inTrash: true });
  });
});

describe('promotion to a good practice', () => {
  it('prefills a draft from the note, and creates it when asked', async () => {
    const { note } = await call('captureNote', {
      workshopId: 'atelier-de-lome-2026',
      groupId: 'g-sn',
      sessionId: 'd2-country-plans',
      text: 'Bourses familiales et registre unique #transferts-monétaires #registre-social #sénégal\nLe PNBSF cible 300 000 ménages.',
    });
    const { draft, practice } = await call('promoteNote', { id: note.id });
    expect(practice).toBeUndefined();
    expect(draft).toMatchObject({
      type: 'practice',
      title: 'Bourses familiales et registre unique',
      body: note.body,
      country: 'SN',
      themes: ['cash-transfers', 'social-registry'],
      status: 'draft',
      related: [note.id],
    });
    expect(draft.sources![0]!.title).toMatch(/Atelier de Lomé 2026.*Utilisation de la méthodologie foresight/);
    const created = await call('promoteNote', { id: note.id, create: true });
    expect(created.practice).toMatchObject({ type: 'practice', country: 'SN', status: 'draft', rev: 1 });
    const related = await call('related', { id: note.id });
    expect(related.backlinks.map((b) => b.id)).toContain(created.practice!.id);

    const { note: stepNote } = await call('captureNote', { workshopId: 'atelier-de-lome-2026', groupId: 'g-step-2', text: 'Étude actuarielle partagée' });
    expect(await failure('promoteNote', { id: stepNote.id, create: true })).toMatchObject({ code: 'invalid', field: 'country' });
    expect((await call('promoteNote', { id: stepNote.id, create: true, country: 'CV' })).practice).toMatchObject({ country: 'CV', steps: [2] });
  });
});

describe('country plans', () => {
  const P = 'atelier-de-lome-2026-plan-sn';

  it('adds, updates, moves and removes actions with revision checks', async () => {
    let plan = await call('planAddAction', { planId: P, rev: 1, action: { step: 1, description: 'Adopter la stratégie nationale de protection sociale', partners: ['BIT', 'UNICEF'] } });
    expect(plan.rev).toBe(2);
    const a1 = plan.actions[0]!;
    expect(a1).toMatchObject({ step: 1, status: 'proposed', id: expect.stringMatching(/^a-[0-9a-f]{8}$/) });
    await call('planAddAction', { planId: P, rev: 2, action: { id: 'pilot', step: 3, description: 'Guichet unique avec l’Algérie', sstcPilot: true, partners: ['Partenaires Sud-Sud'] } });
    plan = await call('planAddAction', { planId: P, rev: 3, action: { step: 1, description: 'Cartographie des régimes' }, index: 0 });
    expect(plan.actions.map((a) => a.step)).toEqual([1, 1, 3]);
    expect(plan.actions[0]!.description).toBe('Cartographie des régimes');

    plan = await call('planUpdateAction', { planId: P, rev: 4, actionId: a1.id, changes: { from: '2026-Q2', to: '2026-Q4', status: 'planned', supportRequested: 'Appui de SOCPRO' } });
    expect(plan.actions.find((a) => a.id === a1.id)).toMatchObject({ from: '2026-Q2', status: 'planned', supportRequested: 'Appui de SOCPRO', partners: ['BIT', 'UNICEF'] });
    plan = await call('planMoveAction', { planId: P, rev: 5, actionId: a1.id, step: 2 });
    expect(plan.actions.map((a) => `${a.step}:${a.id}`)).toEqual([`1:${plan.actions[0]!.id}`, `2:${a1.id}`, '3:pilot']);

    const stale = await failure('planUpdateAction', { planId: P, rev: 5, actionId: a1.id, changes: { status: 'done' } });
    expect(stale.code).toBe('conflict');
    expect((stale.details as { current: Plan }).current.rev).toBe(6);
    expect(await failure('planRemoveAction', { planId: P, rev: 6, actionId: 'nope' })).toMatchObject({ code: 'not-found' });
    expect(await failure('planAddAction', { planId: P, rev: 6, action: { step: 4, description: 'x' } })).toMatchObject({ code: 'invalid' });
    expect(await failure('planUpdateAction', { planId: P, rev: 6, actionId: a1.id, changes: { colour: 'red' } })).toMatchObject({ code: 'invalid' });

    const cartography = plan.actions[0]!.id;
    plan = await call('planRemoveAction', { planId: P, rev: 6, actionId: cartography });
    expect(plan.actions.map((a) => a.id)).toEqual([a1.id, 'pilot']);
    // Plan operations are undoable too.
    const u = await call('undo', { workshopId: 'atelier-de-lome-2026' });
    expect(u.undone).toMatchObject({ recordType: 'plan', recordId: P });
    expect((u.record as Plan).actions.map((a) => a.id)).toEqual([cartography, a1.id, 'pilot']);
    expect((await call('history', { id: P })).length).toBeGreaterThan(5);
  });

  it('compares a plan with the pasted opportunity brief', async () => {
    const c = await call('comparePlan', {
      planId: P,
      briefText:
        "Fiche d'opportunité Sénégal. Étape 1 : stratégie nationale. Étape 3 : mise en œuvre du registre national unifié (RNU). Partenaires : BIT, Banque mondiale. Thème : économie informelle.",
    });
    expect(c).toMatchObject({ planId: P, country: 'SN', hasBrief: true });
    expect(c.briefOnly.partners).toEqual(['world-bank']);
    expect(c.briefOnly.themes).toEqual(expect.arrayContaining(['informal-economy', 'social-registry']));
    expect(c.planOnly.partners).toEqual(expect.arrayContaining(['unicef', 'south-south']));
    expect(c.steps.find((s) => s.id === '1')!.plan).toHaveLength(1);
    expect(c.briefOnly.steps).toEqual([]);
    expect(c.planOnly.steps).toEqual(['2']);
  });

  it('offers built-in partners plus the user’s own, stored in the data directory', async () => {
    let list = await call('addPartner', { name: '  Fondation   Sahel ' });
    expect(list.custom).toEqual(['Fondation Sahel']);
    list = await call('addPartner', { name: 'fondation sahel' });
    expect(list.custom).toEqual(['Fondation Sahel']);
    list = await call('addPartner', { name: 'Banque mondiale' }); // built in already
    expect(list.custom).toEqual(['Fondation Sahel']);
    expect(list.builtIn.map((p) => p.id)).toEqual(['ilo', 'unicef', 'world-bank', 'afdb', 'african-union', 'oecd', 'jica', 'bilateral', 'south-south']);
    const stored = JSON.parse(await fs.readFile(path.join(dir, 'workshops', '_partners.json'), 'utf8'));
    expect(stored.partners).toEqual(['Fondation Sahel']);
    const plan = (await call('get', { id: 'atelier-de-lome-2026-plan-tg' })) as Plan;
    await call('planAddAction', { planId: plan.id, rev: plan.rev, action: { step: 2, description: 'Étude', partners: ['EN3S'] } });
    expect((await call('listPartners', { workshopId: 'atelier-de-lome-2026' })).used).toEqual(['EN3S']);
    expect((await call('removePartner', { name: 'FONDATION SAHEL' })).custom).toEqual([]);
  });
});

describe('rotation timer through the hub', () => {
  it('starts from the running session, pauses, and survives a restart', async () => {
    const W = 'atelier-de-lome-2026';
    expect(await call('workshopTimer', { workshopId: W })).toMatchObject({ state: null, view: null });
    const started = await call('workshopTimer', { workshopId: W, action: 'start', sessionId: 'd2-rotation-2', at: '2026-03-03T12:00:00Z' });
    expect(started.view).toMatchObject({ status: 'running', index: 1, rotations: 3, remainingMs: 3_600_000 });
    expect(started.view!.blocks[0]).toEqual({ block: 0, groupId: 'g-step-2', nextGroupId: 'g-step-3' });
    // Pressing start again with the same session does not reset a running rotation.
    const again = await call('workshopTimer', { workshopId: W, action: 'start', sessionId: 'd2-rotation-2', at: '2026-03-03T12:10:00Z' });
    expect(again.view).toMatchObject({ status: 'running', remainingMs: 50 * 60_000 });
    await call('workshopTimer', { workshopId: W, action: 'pause', at: '2026-03-03T12:40:00Z' });

    const reopened = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), compactAfterMs: 0 });
    try {
      // Paused over lunch: 20 minutes of rotation 2 were left when the app closed.
      const r = await call('workshopTimer', { workshopId: W, action: 'get', at: '2026-03-03T14:00:00Z' }, reopened);
      expect(r.view).toMatchObject({ status: 'paused', index: 1, remainingMs: 20 * 60_000 });
      const resumed = await call('workshopTimer', { workshopId: W, action: 'resume', at: '2026-03-03T14:00:00Z' }, reopened);
      expect(resumed.view).toMatchObject({ status: 'running', index: 1 });
      const later = await call('workshopTimer', { workshopId: W, at: '2026-03-03T14:25:00Z' }, reopened);
      expect(later.view).toMatchObject({ status: 'running', index: 2, remainingMs: 55 * 60_000 });
      const reset = await call('workshopTimer', { workshopId: W, action: 'reset', at: '2026-03-03T14:26:00Z' }, reopened);
      expect(reset.view).toMatchObject({ status: 'idle', index: 0 });
    } finally {
      await reopened.close();
    }
  });
});

describe('results dashboard on a workshop made from the Dakar 2017 example', () => {
  let W = '';

  it('refuses notes and plan actions on the template itself: they go to a copy', async () => {
    expect(await failure('captureNote', { workshopId: 'dakar-2017', groupId: 'g-step-1', text: 'Une note sur le modèle' })).toMatchObject({
      code: 'read-only',
      message: expect.stringContaining('duplicate it'),
    });
    const template = (await call('get', { id: 'dakar-2017-plan-sn' })) as Plan;
    expect(await failure('planAddAction', { planId: template.id, rev: template.rev, action: { step: 1, description: 'x' } })).toMatchObject({ code: 'read-only' });
    expect((await call('workshopNotes', { workshopId: 'dakar-2017' })).length).toBe(0);
    expect(((await call('get', { id: 'dakar-2017-plan-sn' })) as Plan).actions).toEqual(template.actions);
  });

  beforeAll(async () => {
    const { workshop, plans } = await call('createWorkshop', { from: 'dakar-2017', start: '2027-05-23', title: 'Atelier de Dakar 2027', place: 'Dakar' });
    W = workshop.id;
    const planOf = (country: string) => plans.find((p) => p.country === country)!;
    // A few actions in two country plans...
    let sn = planOf('SN');
    sn = await call('planAddAction', { planId: sn.id, rev: sn.rev, action: { step: 1, description: 'Stratégie nationale de protection sociale révisée', partners: ['BIT', 'UNICEF'] } });
    sn = await call('planAddAction', { planId: sn.id, rev: sn.rev, action: { step: 3, description: 'Campagne de sensibilisation des travailleurs informels', partners: ['BIT'], sstcPilot: true } });
    await call('planAddAction', { planId: sn.id, rev: sn.rev, action: { step: 2, description: 'Étude actuarielle de la CMU', supportRequested: 'SOCPRO : modèle actuariel', headings: ['resource-mobilisation'] } });
    const tg = planOf('TG');
    await call('planAddAction', { planId: tg.id, rev: tg.rev, action: { step: 2, description: 'Extension de l’AMU', partners: ['Banque mondiale', 'Banque africaine de développement'] } });
    // ...and notes from the group sessions, one of them hostile and one internal.
    await call('captureNote', { workshopId: W, groupId: 'g-step-1', sessionId: 'd2-rotation-1', text: 'Le Cabo Verde propose un #pilote de pension sociale' });
    await call('captureNote', { workshopId: W, groupId: 'g-tg', sessionId: 'd3-clinic-communication', text: 'Spots radio en éwé et kabyè' });
    await call('captureNote', {
      workshopId: W,
      groupId: 'g-cm',
      sessionId: 'd2-country-plans',
      text: 'Attention <script>alert("x")</script> **gras** <img src="https://evil.example/x.png" onerror="alert(1)"> [guide du BIT](https://www.ilo.org/secsoc) #financement',
    });
    await call('captureNote', { workshopId: W, groupId: 'g-sn', sessionId: 'd2-country-plans', text: 'Interne : chiffres provisoires du ministère', sensitivity: 'internal' });
  });

  it('compiles the group work under the closing session headings, with counts', async () => {
    const d = await call('dashboard', { workshopId: W, lang: 'fr' });
    expect(d.sections.map((s) => s.id)).toEqual([
      'country-strategies',
      'resource-mobilisation',
      'partnerships',
      'results-measurement',
      'communication',
      'technical-support',
      'sstc-pilots',
    ]);
    const s = (id: string) => d.sections.find((x) => x.id === id)!;
    expect(s('country-strategies').actions.map((a) => a.country)).toEqual(['SN', 'SN', 'SN', 'TG']);
    expect(s('sstc-pilots').actions.map((a) => a.description)).toEqual(['Campagne de sensibilisation des travailleurs informels']);
    expect(s('sstc-pilots').notes.map((n) => n.body)).toEqual(['Le Cabo Verde propose un #pilote de pension sociale']);
    expect(s('technical-support').actions.map((a) => a.supportRequested)).toEqual(['SOCPRO : modèle actuariel']);
    expect(s('resource-mobilisation').actions.map((a) => a.reasons)).toEqual([['heading']]);
    expect(s('resource-mobilisation').notes.map((n) => n.reasons)).toEqual([['tag:financement']]);
    expect(s('communication').notes.map((n) => n.body)).toEqual(['Spots radio en éwé et kabyè']);
    expect(s('partnerships').actions).toHaveLength(3);
    expect(d.charts.actionsByCountryStep).toEqual([
      { country: 'CV', label: 'Cabo Verde', steps: [0, 0, 0], total: 0 }, // by name in the dashboard's language
      { country: 'CM', label: 'Cameroun', steps: [0, 0, 0], total: 0 },
      { country: 'SN', label: 'Sénégal', steps: [1, 1, 1], total: 3 },
      { country: 'TG', label: 'Togo', steps: [0, 1, 0], total: 1 },
    ]);
    expect(d.charts.partners.map((p) => [p.key, p.total])).toEqual([
      ['ilo', 2],
      ['afdb', 1], // Banque africaine de développement
      ['world-bank', 1], // Banque mondiale
      ['unicef', 1],
    ]);
    const bySession = Object.fromEntries(d.charts.notesBySession.map((x) => [x.sessionId, x.count]));
    expect(bySession).toMatchObject({ 'd2-rotation-1': 1, 'd2-country-plans': 1, 'd3-clinic-communication': 1, 'd2-rotation-2': 0 });
    // Internal notes stay out of what is sent to ministries unless asked for.
    expect(d.totals).toMatchObject({ notes: 3, actions: 4, plans: 4, pilots: 1, supportRequests: 1 });
    expect((await call('dashboard', { workshopId: W, lang: 'fr', includeInternal: true })).totals.notes).toBe(4);
  });

  it('exports a standalone, script-free, printable HTML document in French and English', async () => {
    const fr = await call('dashboardHtml', { workshopId: W, lang: 'fr' });
    const en = await call('dashboardHtml', { workshopId: W, lang: 'en' });
    expect(fr.fileName).toBe(`tableau-de-bord-${W}.html`);
    expect(en.fileName).toBe(`dashboard-${W}.html`);
    const dakar = (await call('get', { id: W })) as Workshop;
    for (const h of dakar.dashboardHeadings) expect(fr.html).toContain(h.title.replace(/'/g, '&#39;'));
    for (const t of [
      'Strategies to implement the Flagship Programme in the countries and regional hubs',
      'Resource mobilisation strategies',
      'Developing partnerships, including South-South cooperation',
      'Implementing the results and impact measurement tool',
      'Communication and awareness raising',
      'Technical support requested',
      'Pilots that South-South cooperation could support',
    ]) {
      expect(en.html).toContain(t);
    }
    expect(fr.html).toContain('<html lang="fr">');
    expect(en.html).toContain('<html lang="en">');
    expect(fr.html).toContain('Tableau de bord des résultats');
    expect(en.html).toContain('Results dashboard');
    expect(en.html).toContain("Partners&#39; involvement");

    for (const { html } of [fr, en]) {
      // Charts are inline SVG; printing gets page breaks between headings.
      expect(html.match(/<svg class="chart"/g)!.length).toBe(3);
      expect(html).toMatch(/@media print\s*{[^}]*[\s\S]*break-before: page/);
      // The hostile note is neutralised; its Markdown is rendered.
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/onerror/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).toContain('<strong>gras</strong>');
      expect(html).not.toContain('Interne : chiffres provisoires');
      // Nothing is fetched: no src, stylesheet link, CSS url() or @import; http(s) only in anchors.
      expect(html).not.toMatch(/\ssrc\s*=/i);
      expect(html).not.toMatch(/<link\b/i);
      expect(html).not.toMatch(/url\(/i);
      expect(html).not.toMatch(/@import/i);
      expect(html).not.toMatch(/<(iframe|object|embed|base|form)\b/i);
      expect(html).not.toMatch(/xlink:href|javascript:/i);
      const urls = new Set([...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]));
      expect([...urls]).toEqual(['https://www.ilo.org/secsoc']);
      expect(html).toContain('<a href="https://www.ilo.org/secsoc">guide du BIT</a>');
    }
  });
});

describe('CLI', () => {
  const cli = (args: string[]) => runShared(['--data', dir, ...args]);

  it('lists, creates from a template, says what is on, captures a note and exports the dashboard', async () => {
    // The hub above keeps a copy in memory; the CLI opens the data directory afresh each time.
    const created = await cli(['workshop', 'create', '--from', 'dakar-2017', '--start', '2027-01-11', '--title', 'Atelier CLI']);
    expect(created.code, created.err).toBe(0);
    expect(created.out).toMatch(/Created workshop atelier-cli: Atelier CLI/);
    const listed = await cli(['workshop', 'list']);
    expect(listed.out).toMatch(/atelier-cli\s+2027-01-11\s+Atelier CLI/);
    expect(listed.out).toMatch(/dakar-2017\s+2017-05-23\s+\[template\]/);

    const now = await cli(['--json', 'workshop', 'now', 'atelier-cli', '--at', '2027-01-12T12:15:00Z', '--tz', 'Africa/Dakar']);
    expect(JSON.parse(now.out)).toMatchObject({ status: 'session', current: { id: 'd2-rotation-2' } });
    const nowText = await cli(['workshop', 'now', 'atelier-cli', '--at', '2027-01-12T12:15:00Z', '--tz', 'Africa/Dakar']);
    expect(nowText.out).toMatch(/Rotation 2 of 3/);

    const noted = await cli(['--json', 'note', 'atelier-cli', '--group', 'g-sn', '--session', 'd2-country-plans', 'Caisse unique pour les #Mutuelles #santé']);
    expect(noted.code, noted.err).toBe(0);
    expect(JSON.parse(noted.out).note).toMatchObject({ groupId: 'g-sn', country: 'SN', tags: ['mutuelles', 'santé'] });

    const out = path.join(dir, 'tableau.html');
    const exported = await cli(['dashboard', 'atelier-cli', '--lang', 'en', '--out', out]);
    expect(exported.code, exported.err).toBe(0);
    const html = await fs.readFile(out, 'utf8');
    expect(html).toContain('Caisse unique pour les #Mutuelles #santé');
    expect(html).toContain('Results dashboard');

    const bad = await cli(['note', 'atelier-cli', '--group', 'g-zz', 'texte']);
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toMatch(/^socle note: .*no group "g-zz"/);
    expect((await cli(['workshop', 'frobnicate'])).code).toBe(2);
  });
});
