/**
 * Workshop mode in the browser: a workshop made from the Dakar 2017 example (and its rotation
 * timer), quick capture in a group (Enter for the next note, #tags, the global search, undo,
 * nothing lost on a reload mid-sentence, promotion into a good practice), a country plan built on
 * the three steps and compared with an opportunity brief, and the results dashboard exported as a
 * standalone HTML file. Every wait is on a signal the app emits (data-ready, data-save-state,
 * data-rev, data-timer-status) or on the hub's own answer, never a sleep.
 */
import { promises as fs } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, type ApiCall } from './fixtures';
import type { Note, Plan } from '../../main/core/model';

async function newWorkshop(api: ApiCall, title = 'Atelier de Lomé 2026'): Promise<string> {
  const r = await api('createWorkshop', { from: 'dakar-2017', start: '2026-06-09', title });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.workshop.id;
}

async function notesOf(api: ApiCall, workshopId: string): Promise<Note[]> {
  const r = await api('workshopNotes', { workshopId });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function planOf(api: ApiCall, workshopId: string, country: string): Promise<Plan> {
  const r = await api('workshopPlans', { workshopId });
  if (!r.ok) throw new Error(r.error.message);
  const p = r.value.find((x) => x.country === country);
  if (!p) throw new Error(`no plan for ${country}`);
  return p;
}

const screenStatus = (page: Page) => page.locator('.ws-capture-status [role="status"]');

test('create a workshop from the Dakar 2017 example, then drive its rotation timer', async ({ page, hub, api }) => {
  await hub.goto(page, '#/workshops');
  await expect(page.locator('.screen.ws-list[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Ateliers' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('Aucun atelier pour l’instant.')).toBeVisible();

  const template = page.locator('.ws-template[data-workshop-id="dakar-2017"]');
  await template.getByRole('button', { name: 'Dupliquer comme nouvel atelier' }).click();
  const form = template.getByRole('form');
  await expect(form.getByRole('textbox', { name: 'Titre de l’atelier' })).toBeFocused();
  await form.getByRole('textbox', { name: 'Titre de l’atelier' }).fill('Atelier de Lomé 2026');
  await form.getByLabel('Premier jour').fill('2026-06-09');
  await form.getByRole('textbox', { name: 'Lieu' }).fill('Lomé');
  await form.getByRole('button', { name: 'Créer l’atelier' }).click();

  await expect(page).toHaveURL(/#\/workshop\/atelier-de-lome-2026$/);
  await expect(page.locator('.screen.ws-home[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Atelier de Lomé 2026');
  await expect(page.getByRole('heading', { name: /Jour 2 : Partage d'expériences/ })).toBeVisible();
  await expect(page.getByRole('complementary').getByText('Cabo Verde', { exact: true })).toBeVisible();

  const created = await api('get', { id: 'atelier-de-lome-2026' });
  expect(created.ok && created.value).toMatchObject({ type: 'workshop', template: false, startDate: '2026-06-09', place: 'Lomé' });
  const plans = await api('workshopPlans', { workshopId: 'atelier-de-lome-2026' });
  expect(plans.ok && plans.value.map((p) => p.country)).toEqual(['CM', 'CV', 'SN', 'TG']);

  // The rotation timer: start (a rotation of the Dakar group work), pause, resume, reset.
  const timer = page.locator('.ws-timer');
  await expect(timer).toHaveAttribute('data-timer-status', 'idle');
  await timer.getByRole('combobox', { name: 'Séance' }).selectOption('d2-rotation-1');
  await timer.getByRole('spinbutton', { name: 'Durée d’une rotation (minutes)' }).fill('20');
  await timer.getByRole('button', { name: 'Démarrer' }).click();
  await expect(timer).toHaveAttribute('data-timer-status', 'running');
  // The rotation line itself (a live region also announces "Rotation N sur 3 commencée.").
  await expect(timer.locator('.ws-timer-rotation')).toHaveText('Rotation 1 sur 3');
  await expect(timer.locator('.ws-timer-clock [aria-hidden="true"]')).toHaveText(/^(20:00|19:[0-5]\d)$/);
  await expect(timer.getByText('Bloc 1 : Groupe 1 → ensuite Groupe 2')).toBeVisible();
  await timer.getByRole('button', { name: 'Pause' }).click();
  await expect(timer).toHaveAttribute('data-timer-status', 'paused');
  await timer.getByRole('button', { name: 'Reprendre' }).click();
  await expect(timer).toHaveAttribute('data-timer-status', 'running');
  await timer.getByRole('button', { name: 'Rotation suivante' }).click();
  await expect(timer.locator('.ws-timer-rotation')).toHaveText('Rotation 2 sur 3');
  const shared = await api('workshopTimer', { workshopId: 'atelier-de-lome-2026' });
  expect(shared.ok && shared.value.state).toMatchObject({ status: 'running', index: 1, rotationMs: 20 * 60_000, sessionId: 'd2-rotation-1' });
  await timer.getByRole('button', { name: 'Réinitialiser' }).click();
  await expect(timer).toHaveAttribute('data-timer-status', 'idle');
});

test('create a workshop from scratch: days, a country group, a session, an organisation', async ({ page, hub, api }) => {
  await hub.goto(page, '#/workshops');
  await expect(page.locator('.screen.ws-list[data-ready="true"]')).toBeVisible();
  await page.getByRole('button', { name: 'Composer un atelier' }).click();
  const form = page.getByRole('form', { name: 'Créer un atelier vierge' });
  await form.getByRole('textbox', { name: 'Titre de l’atelier (obligatoire)' }).fill('Atelier national de Praia');
  await form.getByLabel('Premier jour').fill('2026-09-14');
  await form.getByRole('spinbutton', { name: 'Nombre de jours' }).fill('2');
  await form.getByRole('button', { name: 'Ajouter un groupe' }).click();
  await expect(form.getByRole('textbox', { name: 'Nom du groupe 1' })).toBeFocused();
  await form.getByRole('textbox', { name: 'Nom du groupe 1' }).fill('Cabo Verde');
  await form.getByRole('combobox', { name: 'Type du groupe 1' }).selectOption('country');
  await form.getByRole('combobox', { name: 'Pays du groupe 1' }).selectOption('CV');
  await form.getByRole('button', { name: 'Ajouter une séance' }).click();
  await form.getByRole('textbox', { name: 'Titre de la séance 1' }).fill('Plan d’action pays');
  await form.getByRole('combobox', { name: 'Jour de la séance 1' }).selectOption('2');
  await form.getByLabel('Début de la séance 1').fill('14:00');
  await form.getByLabel('Fin de la séance 1').fill('16:00');
  await form.getByRole('combobox', { name: 'Type de la séance 1' }).selectOption('group-work');
  await form.getByRole('checkbox', { name: 'Cabo Verde' }).check();
  await form.getByRole('button', { name: 'Ajouter une organisation' }).click();
  await form.getByRole('textbox', { name: 'Organisation 1', exact: true }).fill('INPS Cabo Verde');
  await form.getByRole('textbox', { name: 'Rôle de l’organisation 1' }).fill('Délégation gouvernementale');
  await form.getByRole('button', { name: 'Créer l’atelier vierge' }).click();

  await expect(page).toHaveURL(/#\/workshop\/atelier-national-de-praia$/);
  await expect(page.locator('.screen.ws-home[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Jour 2/ })).toBeVisible();
  const w = await api('get', { id: 'atelier-national-de-praia' });
  expect(w.ok && w.value).toMatchObject({
    type: 'workshop',
    startDate: '2026-09-14',
    days: [{ day: 1, date: '2026-09-14' }, { day: 2, date: '2026-09-15' }],
    groups: [{ name: 'Cabo Verde', kind: 'country', country: 'CV' }],
    sessions: [{ day: 2, start: '14:00', end: '16:00', kind: 'group-work', title: 'Plan d’action pays', groupIds: ['g-cabo-verde'] }],
    participants: [{ organisation: 'INPS Cabo Verde', role: 'Délégation gouvernementale' }],
  });
  const plans = await api('workshopPlans', { workshopId: 'atelier-national-de-praia' });
  expect(plans.ok && plans.value.map((p) => p.country)).toEqual(['CV']);
});

test('capture notes in a group: Enter for the next note, #tags, found by the search, undo', async ({ page, hub, api }) => {
  const id = await newWorkshop(api);
  await hub.goto(page, `#/workshop/${id}/capture?group=g-step-1&session=d2-rotation-1`);
  await expect(page.locator('.screen.capture[data-ready="true"]')).toBeVisible();
  const box = page.getByRole('textbox', { name: /^Note pour Groupe 1 — Étape 1/ });
  await expect(box).toBeFocused();
  await expect(page.getByRole('combobox', { name: 'Séance' })).toHaveValue('d2-rotation-1');

  // Keyboard first: type, Shift+Enter for a new line, Enter for the next note.
  await box.pressSequentially('Le Togo étend son registre social zanzibarique #RegistreSocial');
  await box.press('Shift+Enter');
  await box.pressSequentially('avec les communes');
  await expect(page.locator('#ws-capture-context .ws-tag', { hasText: '#registre-social' })).toBeVisible();
  await box.press('Enter');
  await expect(box).toHaveValue('');
  const notes = page.locator('.ws-note-list > li');
  await expect(notes).toHaveCount(1);
  await expect(notes.first()).toHaveAttribute('data-save-state', 'saved');
  await expect(notes.first().getByRole('textbox')).toHaveValue('Le Togo étend son registre social zanzibarique #RegistreSocial\navec les communes');
  await expect(notes.first().getByRole('list', { name: 'Étiquettes' })).toHaveText('#registre-social');

  await box.fill('Deuxième note : mobiliser des ressources #financement');
  await box.press('Enter');
  await expect(notes).toHaveCount(2);
  await expect(notes.first().getByRole('textbox')).toHaveValue('Deuxième note : mobiliser des ressources #financement');
  await expect(notes.nth(0)).toHaveAttribute('data-save-state', 'saved');
  await expect(screenStatus(page)).toHaveAttribute('data-save-state', 'saved');

  // Each note is tagged with the workshop, session, group, country/step and its #tags.
  const stored = await notesOf(api, id);
  expect(stored).toHaveLength(2);
  expect(stored[0]).toMatchObject({ workshopId: id, groupId: 'g-step-1', sessionId: 'd2-rotation-1', step: 1, tags: ['registre-social'] });
  expect(stored[0]!.body).toBe('Le Togo étend son registre social zanzibarique #RegistreSocial\navec les communes');

  // An inline edit autosaves.
  await notes.nth(1).getByRole('textbox').fill('Le Togo étend son registre social zanzibarique #RegistreSocial\navec les communes et les ONG');
  await expect(notes.nth(1)).toHaveAttribute('data-save-state', 'saved');
  // The autosave waits 300-700 ms and retries a save that times out (8 s): on a loaded CI machine
  // that can take longer than expect's default 10 s, with nothing lost.
  await expect.poll(async () => (await notesOf(api, id))[0]!.body, { timeout: 25_000 }).toMatch(/les communes et les ONG$/);

  // The global search finds the note.
  await page.getByRole('searchbox', { name: 'Rechercher dans la bibliothèque' }).fill('zanzibarique');
  await expect(page.locator('.screen.search[data-ready="true"][data-query="zanzibarique"]')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Résultats' }).getByRole('link', { name: /Le Togo étend son registre social zanzibarique/ })).toBeVisible();

  // Undo (Ctrl+Z in the empty box) takes back the last action: here, the inline edit; then the second note.
  await page.goBack();
  await expect(page.locator('.screen.capture[data-ready="true"]')).toBeVisible();
  await expect(notes).toHaveCount(2);
  await expect(page.getByText(/^Dernière action : Le Togo étend/)).toBeVisible();
  await box.focus();
  await box.press('Control+z');
  await expect(page.getByText(/^Dernière action : Deuxième note/)).toBeVisible();
  await expect(notes.nth(1).getByRole('textbox')).toHaveValue(/avec les communes$/);
  await page.getByRole('button', { name: 'Annuler', exact: true }).click();
  await expect(notes).toHaveCount(1);
  await expect(notes.first().getByRole('textbox')).toHaveValue(/^Le Togo étend/);
  expect(await notesOf(api, id)).toHaveLength(1);
});

test('the Dakar template cannot take notes: its capture screen sends the user to duplicate it', async ({ page, hub }) => {
  await hub.goto(page, '#/workshop/dakar-2017/capture');
  const screen = page.locator('.screen.capture[data-ready="true"][data-workshop-id="dakar-2017"]');
  await expect(screen.getByText(/Ceci est un modèle/)).toBeVisible();
  await expect(screen.getByRole('textbox')).toHaveCount(0);
  await screen.getByRole('link', { name: 'Dupliquer ce modèle depuis la liste des ateliers' }).click();
  await expect(page.locator('.ws-template[data-workshop-id="dakar-2017"]')).toBeVisible();
});

test('a note opened from the search says where it comes from and leads back to its group', async ({ page, hub, api }) => {
  const id = await newWorkshop(api);
  const saved = await api('captureNote', { workshopId: id, groupId: 'g-step-1', sessionId: 'd2-rotation-1', text: 'Cartographier les régimes existants du Togo\navant la revue' });
  expect(saved.ok).toBe(true);
  await hub.goto(page, '#/search?q=cartographier');
  await page.getByRole('list', { name: 'Résultats' }).getByRole('link', { name: /Cartographier les régimes existants/ }).click();
  await expect(page.locator('.screen.reader[data-ready="true"]')).toBeVisible();
  // Its first line is its title (never its id), with its workshop, group and session.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cartographier les régimes existants du Togo');
  const context = page.getByRole('region', { name: 'Contexte de la note' });
  await expect(context).toContainText('Atelier de Lomé 2026');
  await expect(context).toContainText('Groupe 1 — Étape 1');
  await expect(context).toContainText(/Écrite le/);
  await context.getByRole('link', { name: /Retour aux notes du groupe Groupe 1/ }).click();
  await expect(page.locator('.screen.capture[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('textbox', { name: /^Note pour Groupe 1 — Étape 1/ })).toBeVisible();
});

test('a note typed and closed mid-sentence is not lost, nor duplicated', async ({ page, hub, api }) => {
  const id = await newWorkshop(api);
  await hub.goto(page, `#/workshop/${id}/capture?group=g-sn`);
  await expect(page.locator('.screen.capture[data-ready="true"]')).toBeVisible();
  const box = page.locator('#ws-capture-box');
  await box.fill('Le Sénégal annonce une extension de la couverture maladie universelle');
  // Reload at once, well before the 300 ms autosave: the local draft (and the keepalive send) cover it.
  await page.reload();
  await expect(page.locator('.screen.capture[data-ready="true"]')).toBeVisible();
  await expect(page.locator('#ws-capture-box, .ws-note-text').filter({ hasText: /./ }).or(page.locator('#ws-capture-box'))).toHaveCount(1);
  await expect.poll(async () => (await notesOf(api, id)).map((n) => n.body)).toEqual(['Le Sénégal annonce une extension de la couverture maladie universelle']);
  await expect(page.locator('#ws-capture-box')).toHaveAttribute('data-save-state', /saved|idle/);
  const onScreen = [(await page.locator('#ws-capture-box').inputValue()), ...(await page.locator('.ws-note-text').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value)))];
  expect(onScreen.filter((t) => t.startsWith('Le Sénégal annonce'))).toHaveLength(1);
  // The note is tagged with the country of its group.
  expect((await notesOf(api, id))[0]).toMatchObject({ groupId: 'g-sn', country: 'SN' });
});

test('a note becomes a good practice through the editor, prefilled', async ({ page, hub, api }) => {
  const id = await newWorkshop(api);
  const captured = await api('captureNote', { workshopId: id, groupId: 'g-sn', sessionId: 'd2-country-plans', text: 'Guichet unique de Kolda\nLes familles déposent une seule demande. #registre-social', clientId: 'c-1' });
  if (!captured.ok) throw new Error(captured.error.message);
  await hub.goto(page, `#/workshop/${id}/capture?group=g-sn`);
  await expect(page.locator('.screen.capture[data-ready="true"]')).toBeVisible();
  await page.locator('.ws-note-list > li').first().getByRole('button', { name: 'En faire une bonne pratique' }).click();
  await expect(page).toHaveURL(new RegExp(`#/new/practice\\?fromNote=${captured.value.note.id}$`));
  await expect(page.locator('.screen.editor[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Titre (obligatoire)' })).toHaveValue('Guichet unique de Kolda');
  await expect(page.getByRole('combobox', { name: 'Pays (obligatoire)' })).toHaveValue('SN');
  await expect(page.getByRole('checkbox', { name: 'Registre social' })).toBeChecked();
  await expect(page.getByText(/Préremplie à partir d’une note d’atelier/)).toBeVisible();
  // Opening the draft creates nothing; saving does.
  await expect(page.locator('p.save-status[role="status"]')).toHaveAttribute('data-save-state', 'new');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.locator('p.save-status[role="status"]')).toHaveAttribute('data-save-state', 'saved');
  const practiceId = decodeURIComponent(page.url().split('#/edit/')[1]!);
  const practice = await api('get', { id: practiceId });
  expect(practice.ok && practice.value).toMatchObject({ type: 'practice', country: 'SN', related: [captured.value.note.id], status: 'draft' });
});

test('build a country plan on the three steps, reload it, and compare it with the opportunity brief', async ({ page, hub, api }) => {
  const id = await newWorkshop(api);
  await hub.goto(page, `#/workshop/${id}/plans`);
  await expect(page.locator('.screen.ws-plans[data-ready="true"]')).toBeVisible();
  await page.getByRole('link', { name: 'Sénégal' }).click();
  await expect(page.locator('.screen.ws-plan[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plan de mise en œuvre : Sénégal');
  const status = page.locator('.ws-plan-status [role="status"]');
  const step1 = page.locator('section[data-step="1"]');
  const step3 = page.locator('section[data-step="3"]');

  // Step 1: an action with the ILO as partner.
  await step1.getByRole('textbox', { name: 'Nouvelle action' }).fill('Élaborer la stratégie nationale de protection sociale');
  await step1.getByRole('button', { name: 'Ajouter l’action' }).click();
  const a1 = step1.locator('li.ws-action');
  await expect(a1).toHaveCount(1);
  await a1.getByText('Partenaires (0)').click();
  await a1.getByRole('checkbox', { name: 'BIT / OIT' }).check();
  await expect(a1.getByText(/Partenaires \(1\) : BIT \/ OIT/)).toBeVisible();
  await expect(status).toHaveAttribute('data-save-state', 'saved');

  // Step 3: a South-South pilot with a partner added to the list, a quarter and support requested.
  await step3.getByRole('textbox', { name: 'Nouvelle action' }).fill('Pilote de guichet unique avec l’appui du Brésil');
  await step3.getByRole('button', { name: 'Ajouter l’action' }).click();
  const a3 = step3.locator('li.ws-action');
  await expect(a3).toHaveCount(1);
  await a3.getByText('Partenaires (0)').click();
  await a3.getByRole('textbox', { name: 'Autre partenaire (ajouté à votre liste)' }).fill('Agence brésilienne de coopération');
  await a3.getByRole('button', { name: 'Ajouter', exact: true }).click();
  await expect(a3.getByRole('checkbox', { name: 'Agence brésilienne de coopération' })).toBeChecked();
  await a3.getByRole('checkbox', { name: 'Pilote pouvant être appuyé par la coopération Sud-Sud' }).check();
  await a3.getByRole('combobox', { name: 'Début (trimestre)' }).selectOption('2026-Q3');
  await a3.getByRole('textbox', { name: /^Appui technique demandé/ }).fill('Appui de SOCPRO pour le système d’information');
  await a3.getByRole('textbox', { name: /^Appui technique demandé/ }).blur();
  await expect(a3).toHaveAttribute('data-sstc', 'true');
  await expect
    .poll(async () => (await planOf(api, id, 'SN')).actions.map((a) => ({ step: a.step, partners: a.partners, sstcPilot: a.sstcPilot, from: a.from, supportRequested: a.supportRequested })))
    .toEqual([
      { step: 1, partners: ['BIT / OIT'], sstcPilot: false, from: undefined, supportRequested: '' },
      { step: 3, partners: ['Agence brésilienne de coopération'], sstcPilot: true, from: '2026-Q3', supportRequested: 'Appui de SOCPRO pour le système d’information' },
    ]);
  await expect(status).toHaveAttribute('data-save-state', 'saved');

  // Reload: everything is there.
  await page.reload();
  await expect(page.locator('.screen.ws-plan[data-ready="true"]')).toBeVisible();
  await expect(step1.locator('li.ws-action').getByRole('textbox', { name: 'Description' })).toHaveValue('Élaborer la stratégie nationale de protection sociale');
  await expect(step1.getByText(/Partenaires \(1\) : BIT \/ OIT/)).toBeVisible();
  await expect(a3.getByRole('checkbox', { name: 'Pilote pouvant être appuyé par la coopération Sud-Sud' })).toBeChecked();
  await expect(a3.getByRole('combobox', { name: 'Début (trimestre)' })).toHaveValue('2026-Q3');
  await expect(a3.getByText(/Partenaires \(1\) : Agence brésilienne de coopération/)).toBeVisible();
  await expect(a3.getByText('Pilote Sud-Sud', { exact: true })).toBeVisible();

  // Move the pilot to step 2 and back up: the order is the plan's.
  await a3.getByRole('combobox', { name: 'Déplacer vers' }).selectOption('2');
  await expect(page.locator('section[data-step="2"] li.ws-action')).toHaveCount(1);
  await expect(step3.locator('li.ws-action')).toHaveCount(0);

  // The opportunity brief: what it mentions that the plan does not cover.
  await page.getByRole('textbox', { name: 'Texte de la fiche d’opportunité' }).fill(
    'Le Sénégal prévoit une stratégie nationale, une étude actuarielle du régime et un registre social, avec la Banque mondiale.',
  );
  await page.getByRole('button', { name: 'Comparer avec le plan' }).click();
  const missing = page.locator('.ws-compare-missing');
  await expect(missing.getByRole('heading', { name: /^Dans la fiche, absents? du plan/ })).toBeVisible();
  await expect(missing.getByText('Banque mondiale', { exact: true })).toBeVisible();
  await expect(missing.getByText('Registre social', { exact: true })).toBeVisible();
  await expect(page.locator('.ws-compare-both').getByText(/Étape 1/)).toBeVisible();
  expect((await planOf(api, id, 'SN')).opportunityBrief).toMatch(/étude actuarielle/);
});

test('stale plan revision: the conflict is reported and the plan reloaded', async ({ page, hub, api }) => {
  const id = await newWorkshop(api);
  const plan = await planOf(api, id, 'TG');
  await hub.goto(page, `#/plan/${plan.id}`);
  await expect(page.locator('.screen.ws-plan[data-ready="true"]')).toBeVisible();
  // Someone else adds an action meanwhile (another window, the CLI).
  const other = await api('planAddAction', { planId: plan.id, rev: plan.rev, action: { step: 2, description: 'Réforme du code de sécurité sociale' } });
  expect(other.ok).toBe(true);
  const step1 = page.locator('section[data-step="1"]');
  await step1.getByRole('textbox', { name: 'Nouvelle action' }).fill('Dialogue national sur le socle');
  await step1.getByRole('button', { name: 'Ajouter l’action' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Ce plan a été modifié ailleurs' })).toBeVisible();
  await expect(page.locator('.ws-plan-status [role="status"]')).toHaveAttribute('data-save-state', 'conflict');
  await expect(page.locator('section[data-step="2"] li.ws-action')).toHaveCount(1);
  // The text typed is still in the box: adding again now works.
  await expect(step1.getByRole('textbox', { name: 'Nouvelle action' })).toHaveValue('Dialogue national sur le socle');
  await step1.getByRole('button', { name: 'Ajouter l’action' }).click();
  await expect(step1.locator('li.ws-action')).toHaveCount(1);
});

test('the results dashboard: headings, charts, and an offline HTML export in French and English', async ({ page, hub, api }) => {
  const id = await newWorkshop(api);
  const note = await api('captureNote', {
    workshopId: id,
    groupId: 'g-sn',
    sessionId: 'd2-country-plans',
    text: 'Le Sénégal veut mobiliser des ressources auprès de la diaspora pour la couverture maladie #financement',
    clientId: 'c-dash',
  });
  expect(note.ok).toBe(true);
  const sn = await planOf(api, id, 'SN');
  const added = await api('planAddAction', {
    planId: sn.id,
    rev: sn.rev,
    action: { step: 3, description: 'Jumelage Sénégal–Cabo Verde sur l’immatriculation', partners: ['BIT / OIT'], sstcPilot: true, supportRequested: 'Appui de PARDEV' },
  });
  expect(added.ok).toBe(true);

  await hub.goto(page, `#/workshop/${id}/dashboard`);
  await expect(page.locator('.screen.ws-dash[data-ready="true"]')).toBeVisible();
  for (const heading of [
    'Stratégies de mobilisation des ressources',
    'Développement de partenariats, y compris la coopération Sud-Sud',
    'Identification de pilotes pouvant être appuyés par la coopération Sud-Sud',
  ]) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  }
  await expect(page.locator('[data-heading="resource-mobilisation"]')).toContainText('mobiliser des ressources auprès de la diaspora');
  await expect(page.locator('[data-heading="sstc-pilots"]')).toContainText('Jumelage Sénégal–Cabo Verde');
  await expect(page.getByRole('img', { name: /^Actions par pays et par étape/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Implication des partenaires/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Notes par séance/ })).toBeVisible();
  await page.getByText('Afficher les données (tableau)').first().click();
  await expect(page.getByRole('table', { name: 'Actions par pays et par étape' }).getByRole('row', { name: /Sénégal/ })).toContainText('1');

  // Export: a standalone HTML file with the headings and the note, and no script.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en HTML' }).click()]);
  expect(download.suggestedFilename()).toBe(`tableau-de-bord-${id}.html`);
  const html = await fs.readFile((await download.path())!, 'utf8');
  expect(html).toContain('Stratégies de mobilisation des ressources');
  expect(html).toContain('Identification de pilotes pouvant être appuyés par la coopération Sud-Sud');
  expect(html).toContain('mobiliser des ressources auprès de la diaspora');
  expect(html).not.toMatch(/<script/i);
  await expect(page.getByText(`Fichier téléchargé : tableau-de-bord-${id}.html`)).toBeVisible();

  // In English: the dashboard and its export.
  await page.getByRole('radio', { name: 'English' }).check();
  await expect(page.locator('.screen.ws-dash[data-ready="true"][data-dash-lang="en"]')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Resource mobilisation strategies' })).toBeVisible();
  const [downloadEn] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en HTML' }).click()]);
  expect(downloadEn.suggestedFilename()).toBe(`dashboard-${id}.html`);
  const htmlEn = await fs.readFile((await downloadEn.path())!, 'utf8');
  expect(htmlEn).toContain('Results dashboard');
  expect(htmlEn).toContain('Resource mobilisation strategies');
  expect(htmlEn).not.toMatch(/<script/i);

  // Print / PDF in a browser: the print dialog on a print-styled screen (no toolbar, no app chrome).
  await page.evaluate(() => {
    (window as unknown as { __printed: number }).__printed = 0;
    window.print = () => void ((window as unknown as { __printed: number }).__printed += 1);
  });
  await page.getByRole('button', { name: 'Imprimer / PDF' }).click();
  expect(await page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.ws-dash-toolbar')).toBeHidden();
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByRole('heading', { level: 2, name: 'Resource mobilisation strategies' })).toBeVisible();
});
