/**
 * The Sync panel end to end: two Socles (each its own `socle serve` and data folder) stay in step
 * through a CouchDB-protocol server started in the test (express-pouchdb over PouchDB's memory
 * adapter, 127.0.0.1, a free port). Library A is driven through the UI, B through its API. The
 * same practice edited on both sides becomes a conflict, reached from the panel's conflicts link,
 * merged field by field in the existing conflicts view, and closed on B after one more pass.
 */
import { test, expect, expectNoSeriousViolations } from './bundles-helpers';
import { startCouch, type CouchFixture } from '../fixtures/sync/couch-server';

let couch: CouchFixture;
test.beforeAll(async () => {
  couch = await startCouch();
});
test.afterAll(async () => {
  await couch.close();
});

test('the Sync panel keeps two Socles in step, and a conflict made on both sides is merged and closed everywhere', async ({ page, hub, api, hubB }) => {
  await couch.createDb('e2e-sync');
  const url = couch.url('e2e-sync');
  const created = await api('create', { record: { type: 'practice', lang: 'fr', title: 'Guichet unique de Dakar', summary: 'Un guichet pour tout.', body: 'Texte.', country: 'SN', sources: [{ title: 'Atelier' }] } });
  if (!created.ok) throw new Error(created.error.message);
  const id = created.value.id;

  // ---- A: set the server up from the panel, then sync now.
  await hub.goto(page, '#/sync');
  await expect(page.locator('.screen.sync[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Synchronisation avec un serveur');
  await expect(page.getByTestId('sync-last')).toHaveText('jamais');
  await page.getByLabel('Adresse de la base').fill(url);
  await page.getByRole('button', { name: 'Vérifier et enregistrer' }).click();
  await expect(page.getByText('Serveur vérifié et enregistré.')).toBeVisible();
  await expect(page.getByTestId('sync-server')).toHaveText(url);
  await expectNoSeriousViolations(page, 'sync panel');
  await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
  await expect(page.getByText('Synchronisé : 1 envoyée(s), 0 reçue(s), 0 conflit(s).')).toBeVisible();
  await expect(page.getByTestId('sync-last')).toContainText('1 envoyée(s), 0 reçue(s)');

  // ---- B pulls it.
  await hubB.call('syncConfigure', { url });
  expect(await hubB.call('syncNow', {})).toMatchObject({ pulled: 1, conflicts: 0 });
  const onB = await hubB.call('get', { id });
  expect(onB).toMatchObject({ title: 'Guichet unique de Dakar' });

  // ---- Both edit it: A's title, B's summary and title.
  const onA = await api('get', { id });
  if (!onA.ok) throw new Error(onA.error.message);
  await api('update', { id, rev: onA.value.rev, changes: { title: 'Guichet unique (A)' } });
  await hubB.call('update', { id, rev: onB.rev, changes: { title: 'Guichet unique (B)', summary: 'Résumé de B.' } });
  await hubB.call('syncNow', {});
  await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
  await expect(page.getByText(/Synchronisé : 1 envoyée\(s\), 1 reçue\(s\), 1 conflit\(s\)\./)).toBeVisible();
  const link = page.getByRole('link', { name: '1 conflit(s) à trancher' });
  await expect(link).toBeVisible();

  // ---- The existing conflicts screen: keep A's title, take B's summary.
  await link.click();
  await expect(page.locator('.screen.bundles-conflicts[data-ready="true"]')).toBeVisible();
  await expect(page.locator(`[data-conflict-item="${id}"]`)).toBeVisible();
  await page.getByRole('link', { name: 'Guichet unique (A)' }).click();
  await expect(page.locator('.screen.bundles-conflict[data-ready="true"] [data-conflict="true"]')).toBeVisible();
  await page.getByRole('group', { name: 'Résumé' }).getByRole('radio', { name: /Leur version/ }).check();
  await page.getByRole('button', { name: /Fusionner/ }).click();
  await expect(page.locator('[data-resolution="fields"]')).toContainText('Plus aucun conflit en attente.');

  // ---- One more pass each: closed on both sides, the same merged record everywhere.
  await hub.goto(page, '#/sync');
  await expect(page.locator('.screen.sync[data-ready="true"]')).toBeVisible();
  await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
  // The merged revision and the removal of the losing one.
  await expect(page.getByText(/Synchronisé : 2 envoyée\(s\), 0 reçue\(s\), 0 conflit\(s\)\./)).toBeVisible();
  await expect(page.getByTestId('sync-conflicts')).toHaveText('aucun');
  await hubB.call('syncNow', {});
  expect((await hubB.call('conflicts', {})).items).toEqual([]);
  expect(await hubB.call('get', { id })).toMatchObject({ title: 'Guichet unique (A)', summary: 'Résumé de B.' });

  // ---- Continuous sync from the panel: B's next edit shows up in A without a click.
  await page.getByRole('button', { name: 'Synchroniser en continu' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText('synchronisation continue');
  const latest = await hubB.call('get', { id });
  await hubB.call('update', { id, rev: latest.rev, changes: { summary: 'Revu à Praia.' } });
  await hubB.call('syncNow', {});
  await expect.poll(async () => ((await api('get', { id })) as { ok: true; value: { summary: string } }).value.summary, { timeout: 20_000 }).toBe('Revu à Praia.');
  await page.getByRole('button', { name: 'Arrêter la synchronisation continue' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText("à l'arrêt");
});

test('a wrong address is refused in one sentence and nothing is saved', async ({ page, hub }) => {
  await hub.goto(page, '#/sync');
  await expect(page.locator('.screen.sync[data-ready="true"]')).toBeVisible();
  await page.getByLabel('Adresse de la base').fill(couch.url('no-such-db'));
  await page.getByRole('button', { name: 'Vérifier et enregistrer' }).click();
  await expect(page.getByRole('alert')).toContainText('No database at');
  await expect(page.getByTestId('sync-server')).toHaveText('aucun');
  await expect(page.getByRole('button', { name: 'Synchroniser maintenant' })).toBeDisabled();
});
