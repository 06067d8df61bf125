/**
 * The workshop room end to end (issue 9), on loopback only: `socle serve --room --host 127.0.0.1`,
 * a facilitator page signed in with the printed facilitator URL, and three participants in their
 * own browser contexts (phone-sized) who join with the code, pick their group and capture in
 * parallel; one reloads in the middle of a note. The facilitator's panel lists the devices live,
 * the facilitator's dashboard shows every note (live, once), and a participant's attempt to
 * delete a practice is refused by the UI and the server.
 */
import type { Page } from '@playwright/test';
import { test, expect, joinAs } from './room-helpers';

async function capture(page: Page, text: string): Promise<void> {
  const box = page.locator('#ws-capture-box');
  await box.fill(text);
  await box.press('Enter');
  await expect(page.locator('li[data-note-id]').filter({ hasText: text }).first()).toHaveAttribute('data-save-state', 'saved');
}

test('three participants join with the code and capture in parallel; the facilitator sees every note once', async ({ browser, page, room }) => {
  test.setTimeout(120_000);
  const { workshop } = await room.call<{ workshop: { id: string } }>('createWorkshop', { from: 'dakar-2017', start: '2027-03-01', title: 'Atelier de Lomé' });
  await room.room('settings', { workshopId: workshop.id });

  // The facilitator opens the printed URL: the token becomes a cookie and leaves the address bar.
  await page.goto(`${room.facilitatorUrl}#/room`);
  expect(page.url()).not.toContain('token=');
  const panel = page.locator('.screen.room-panel[data-ready="true"]');
  await expect(panel).toBeVisible();
  await expect(panel.locator(`[data-room-code="${room.code}"]`)).toBeVisible();
  await expect(panel.getByRole('img', { name: 'QR code du lien pour rejoindre la salle' })).toBeVisible();
  expect(await panel.locator('img.room-qr').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  const [awa, joao, kofi] = await Promise.all([
    joinAs(browser, room, 'Awa', 'Sénégal'),
    joinAs(browser, room, 'João', 'Cabo Verde'),
    joinAs(browser, room, 'Kofi', 'Togo'),
  ]);
  // The devices appear on the facilitator's panel without a reload.
  await expect(panel.locator('li[data-device-id]')).toHaveCount(3);
  await expect(panel.locator('li[data-device-id]').filter({ hasText: 'Kofi' })).toBeVisible();

  // The facilitator keeps the dashboard open while the room captures.
  await page.goto(`${room.url}#/workshop/${workshop.id}/dashboard`);
  await expect(page.locator('.screen.ws-dash[data-ready="true"]')).toBeVisible();

  const texts = {
    awa: ['Le Sénégal étend la couverture maladie universelle #pilote', 'Mobiliser les mutuelles communautaires'],
    joao: ['Cabo Verde partage son régime non contributif', 'Former les agents des guichets'],
    kofi: ['Le Togo propose un registre social unifié'],
  };
  await Promise.all([
    (async () => {
      for (const t of texts.awa) await capture(awa, t);
    })(),
    (async () => {
      for (const t of texts.joao) await capture(joao, t);
    })(),
    (async () => {
      // Kofi reloads in the middle of a note: the draft survives and is sent once.
      await kofi.locator('#ws-capture-box').fill(texts.kofi[0]!);
      await kofi.reload();
      await expect(kofi.locator('.screen.capture[data-ready="true"]')).toBeVisible();
      await expect(kofi.locator('#ws-capture-box')).toHaveValue(texts.kofi[0]!);
      await kofi.locator('#ws-capture-box').press('Enter');
      await expect(kofi.locator('li[data-note-id]').filter({ hasText: texts.kofi[0]! })).toHaveAttribute('data-save-state', 'saved');
    })(),
  ]);

  const all = [...texts.awa, ...texts.joao, ...texts.kofi];
  // The server has every note exactly once.
  const notes = await room.call<{ id: string; body: string; groupId: string }[]>('workshopNotes', { workshopId: workshop.id });
  for (const t of all) expect(notes.filter((n) => n.body === t), t).toHaveLength(1);
  expect(notes).toHaveLength(all.length);
  // The facilitator's dashboard shows each of them, live (no reload), under one id each.
  for (const n of notes) await expect(page.locator(`.ws-dash-note[data-note-id="${n.id}"]`).first()).toBeVisible();
  const shownIds = new Set(await page.locator('.ws-dash-note[data-note-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-note-id'))));
  expect(shownIds.size).toBe(all.length);

  // On the facilitator's capture screen, a participant's note appears within about a second.
  await page.goto(`${room.url}#/workshop/${workshop.id}/capture?group=g-sn`);
  await expect(page.locator('.screen.capture[data-ready="true"]')).toBeVisible();
  const live = 'Note en direct depuis la salle';
  const sent = Date.now();
  await capture(awa, live);
  await expect(page.locator('li[data-note-id]').filter({ hasText: live })).toBeVisible({ timeout: 3000 });
  console.log(`participant note on the facilitator's screen after ${Date.now() - sent} ms (capture included)`);

  // A participant sees the other participants' notes of the group read-only, and their own editable.
  const own = awa.locator('li[data-note-id]').filter({ hasText: texts.awa[0]! });
  await expect(own).toHaveAttribute('data-own', 'true');

  // A participant cannot delete a practice: the UI shows the refusal, the server keeps it.
  const practice = await room.call<{ id: string }>('create', { record: { type: 'practice', title: 'Bourses de sécurité familiale', country: 'SN', sources: [{ title: 'Test' }] } });
  await joao.goto(`${room.url}#/record/${practice.id}`);
  await joao.getByRole('button', { name: 'Supprimer' }).click();
  await joao.getByRole('button', { name: 'Oui, mettre à la corbeille' }).click();
  await expect(joao.getByRole('alert')).toContainText('Refusé');
  expect((await room.call<{ id: string }>('get', { id: practice.id })).id).toBe(practice.id);

  // A participant proposes a practice: saved, as a draft, whatever the form said.
  await kofi.getByRole('link', { name: 'Proposer une pratique' }).click();
  await expect(kofi.locator('.screen.editor[data-ready="true"]')).toBeVisible();
  await kofi.getByRole('textbox', { name: 'Titre (obligatoire)' }).fill('Togo : cantines scolaires et registre social');
  await kofi.getByRole('combobox', { name: 'Pays (obligatoire)' }).selectOption('TG');
  await kofi.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(kofi).toHaveURL(/#\/edit\//);
  const proposed = decodeURIComponent(kofi.url().split('#/edit/')[1]!);
  expect(await room.call<{ status: string; title: string }>('get', { id: proposed })).toMatchObject({ status: 'draft', title: 'Togo : cantines scolaires et registre social' });

  await Promise.all([awa, joao, kofi].map((p) => p.context().close()));
});

test('a wrong code is refused on the join page, and a page without a session gets no data', async ({ page, room }) => {
  await page.goto(room.url);
  await expect(page.getByRole('heading', { name: 'Rejoindre l’atelier' })).toBeVisible();
  expect((await page.request.post(new URL('api/search', room.url).href, { data: { q: 'retraite' } })).status()).toBe(401);
  await page.getByLabel('Code de la salle').fill(room.code === 'AAAAAA' ? 'CCCCCC' : 'AAAAAA');
  await page.getByLabel('Votre nom').fill('Intrus');
  await page.getByRole('button', { name: 'Rejoindre' }).click();
  await expect(page.locator('[data-join-error="true"]')).toContainText('Ce code n’est pas valable');
});
