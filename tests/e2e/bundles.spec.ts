/**
 * Sharing between two libraries, in the browser mode (two `socle serve`, two data folders): A
 * (Yaoundé) exports through the UI, the file goes to B (Lomé) through the UI's file input, B's
 * preview shows it, B imports it and finds it. Then both edit the same practice; A's next bundle
 * raises a conflict in B, resolved field by field in the conflicts view, and nothing is lost on
 * either side. Also: hostile files are refused with a clear message and nothing imported, a file
 * dropped on the window opens the preview, and axe finds no serious violation on these screens.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { HubRecord } from '../../main/core/model';
import { BUNDLE_FIXTURES, call, chooseExport, downloadExport, expect, expectNoSeriousViolations, pickBundle, test } from './bundles-helpers';

const TITLE = 'Cameroun : mutuelles de santé du marché de Mokolo';

test('a practice goes from Yaoundé to Lomé, and a conflict is merged field by field without losing anything', async ({ page, hub, hubB, files }) => {
  test.setTimeout(180_000);
  // The download (fetch, blob: URL, <a download>) and the file input must work under the strict CSP.
  const cspViolations: string[] = [];
  page.on('console', (msg) => {
    if (/Content.Security.Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
  page.on('pageerror', (e) => cspViolations.push(`page error: ${e.message}`));

  // ---- A: a practice on health protection in Cameroon, and one from elsewhere that stays home.
  const created = await call(hub.url, 'create', {
    record: {
      type: 'practice',
      title: TITLE,
      country: 'CM',
      themes: ['social-health-protection'],
      summary: 'Les vendeuses cotisent chaque semaine.',
      body: 'Une mutuelle gérée par les commerçantes du marché.',
    },
  });
  const id = created.id;
  await call(hub.url, 'create', { record: { type: 'practice', title: 'Sénégal : bourses de sécurité familiale', country: 'SN' } });

  // ---- A exports Cameroon's records through the UI: a download.
  await hub.goto(page, '#/export');
  await expect(page.locator('.screen.bundles-export[data-ready="true"][data-total="2"]')).toBeVisible();
  await chooseExport(page, { countries: ['Cameroun'], publisher: 'Ministère de la Santé publique', organisation: 'MINSANTE', expectTotal: 1 });
  await expect(page.locator('[data-export-total="1"]')).toHaveText('1 fiche sera exportée');
  await expectNoSeriousViolations(page, 'export screen');
  // The internal-records switch warns clearly, and is left off.
  await page.getByRole('checkbox', { name: 'Inclure les fiches à usage interne' }).check();
  await expect(page.locator('[data-internal-warning="true"]')).toContainText('Toute personne qui recevra ce fichier pourra lire ces fiches');
  await expectNoSeriousViolations(page, 'export screen with the internal-records warning');
  await page.getByRole('checkbox', { name: 'Inclure les fiches à usage interne' }).uncheck();
  const first = await downloadExport(page, files, 'first.socle');
  expect(first.suggested).toMatch(/^socle-CM-\d{4}-\d{2}-\d{2}\.socle$/);
  // Never signed in the browser (the server refuses it): the page says so, offers no key, and makes none.
  const identityA = await call(hub.url, 'identity', {});
  expect(identityA.exists).toBe(false);
  await expect(page.locator('[data-export-done="true"]')).toContainText('Paquet non signé.');
  await expect(page.locator('[data-sign-desktop-only="true"]')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Signer le paquet avec ma clé' })).toBeDisabled();
  await expect(page.locator('[data-identity="none"] button')).toHaveCount(0);

  // ---- B imports it through the file input: the preview shows who and what, nothing is written yet.
  await hubB.goto(page, '#/import');
  await pickBundle(page, first.file);
  const preview = page.locator('.screen.bundles-preview[data-state="ready"]');
  await expect(preview).toBeVisible();
  await expect(preview.locator('[data-publisher="true"]')).toHaveText('Ministère de la Santé publique');
  await expect(preview.locator('[data-unsigned="true"]')).toBeVisible();
  await expect(preview.locator(`[data-item="${id}"][data-status="new"]`)).toContainText(TITLE);
  expect(await hubB.call('search', { q: 'Mokolo' }).then((r) => r.hits.map((h) => h.id))).not.toContain(id);
  await expectNoSeriousViolations(page, 'import preview');
  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  await expect(page.locator('[data-applied="true"]')).toContainText('1 fiche enregistrée.');

  // B's search finds it, in the API and in the UI.
  expect((await hubB.call('search', { q: 'Mokolo' })).hits.map((h) => h.id)).toContain(id);
  await hubB.goto(page, '#/search?q=Mokolo');
  await expect(page.locator('.screen.search[data-ready="true"][data-query="Mokolo"]')).toBeVisible();
  await expect(page.getByRole('link', { name: TITLE })).toBeVisible();

  // ---- Both sides edit the same practice, different fields.
  const inB = await hubB.call('get', { id });
  expect(inB.origin).toMatchObject({ kind: 'bundle', publisher: 'Ministère de la Santé publique, MINSANTE (CM)' });
  await call(hub.url, 'update', { id, rev: created.rev, changes: { summary: 'Les vendeuses cotisent chaque semaine ; la commune complète.' } });
  await hubB.call('update', { id, rev: inB.rev, changes: { body: 'Une mutuelle gérée par les commerçantes du marché, suivie par le district de Lomé.' } });
  const beforeB = await hubB.call('get', { id });

  // ---- A exports again (the publisher is remembered), B previews: a conflict, nothing overwritten.
  await hub.goto(page, '#/export');
  await expect(page.getByRole('textbox', { name: /Nom de l’éditeur/ })).toHaveValue('Ministère de la Santé publique');
  await chooseExport(page, { countries: ['Cameroun'], expectTotal: 1 });
  const second = await downloadExport(page, files, 'second.socle');

  await hubB.goto(page, '#/import');
  await pickBundle(page, second.file);
  const conflictItem = page.locator(`[data-item="${id}"][data-status="conflict"]`);
  await expect(conflictItem).toContainText('Champs différents : Description, Résumé');
  await expect(conflictItem).toContainText('modifiée chez vous et par l’éditeur');
  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  await expect(page.locator('[data-applied="true"]')).toContainText('1 fiche en conflit a été mise de côté');
  expect(await hubB.call('get', { id })).toEqual(beforeB);
  // The navigation shows the conflict waiting.
  await expect(page.getByRole('navigation', { name: 'Navigation principale' }).locator('[data-conflict-count="1"]')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Partager (1 conflit à résoudre)' })).toBeVisible();

  // ---- The conflicts view: their summary, my description.
  await page.locator('[data-conflicts-link="true"]').click();
  await expect(page.locator('.screen.bundles-conflicts[data-ready="true"]')).toBeVisible();
  await expect(page.locator(`[data-conflict-item="${id}"]`)).toContainText('de Ministère de la Santé publique, MINSANTE, Cameroun');
  await expectNoSeriousViolations(page, 'conflicts list');
  await page.getByRole('link', { name: TITLE }).click();
  await expect(page.locator('.screen.bundles-conflict[data-ready="true"] [data-conflict="true"]')).toBeVisible();
  const summary = page.getByRole('group', { name: 'Résumé' });
  const body = page.getByRole('group', { name: 'Description' });
  await expect(summary).toContainText('la commune complète');
  await expect(body).toContainText('suivie par le district de Lomé');
  await expectNoSeriousViolations(page, 'conflict, side by side');
  await summary.getByRole('radio', { name: /Leur version/ }).check();
  await expect(body.getByRole('radio', { name: /Ma version/ })).toBeChecked();
  await page.getByRole('button', { name: 'Fusionner (1 champ de leur version)' }).click();
  await expect(page.locator('[data-resolution="fields"]')).toContainText('Plus aucun conflit en attente.');
  await expect(page.getByRole('navigation', { name: 'Navigation principale' }).locator('[data-conflict-count]')).toHaveCount(0);

  // ---- Nothing lost: B has both edits, its previous version is in the history, A is untouched.
  const merged = await hubB.call('get', { id });
  expect(merged).toMatchObject({
    title: TITLE,
    summary: 'Les vendeuses cotisent chaque semaine ; la commune complète.',
    body: 'Une mutuelle gérée par les commerçantes du marché, suivie par le district de Lomé.',
  });
  expect(merged.rev).toBeGreaterThan(beforeB.rev);
  const bodyOf = (r: HubRecord) => (r.type === 'practice' ? r.body : undefined);
  expect((await hubB.call('history', { id })).some((h) => h.rev === beforeB.rev && bodyOf(h) === bodyOf(beforeB))).toBe(true);
  expect((await hubB.call('conflicts', {})).items).toEqual([]);
  expect(await call(hub.url, 'get', { id })).toMatchObject({ summary: 'Les vendeuses cotisent chaque semaine ; la commune complète.', body: 'Une mutuelle gérée par les commerçantes du marché.' });
  // The same bundle again brings no conflict back.
  const again = await hubB.call('importPreview', { bytes: (await fs.readFile(second.file)).toString('base64') });
  expect(again.counts.conflict).toBe(0);
  expect(cspViolations).toEqual([]);
});

/** Everything a refused import could have touched in a library. */
async function libraryState(url: string) {
  const [list, conflicts] = await Promise.all([call(url, 'list', { type: 'practice', limit: 1000 }), call(url, 'conflicts', {})]);
  return { practices: list.items.map((i) => `${i.id}@${i.rev}`).sort(), conflicts: conflicts.items.length };
}

test('hostile files are refused with a clear message, and nothing is imported', async ({ page, hub, api }) => {
  await api('create', { record: { type: 'practice', title: 'Pratique locale', country: 'TG' } });
  const before = await libraryState(hub.url);
  await hub.goto(page, '#/import');

  // A path that climbs out of the archive.
  await pickBundle(page, path.join(BUNDLE_FIXTURES, 'path-dotdot.socle'));
  const refused = page.locator('.screen.bundles-preview[data-state="error"] [data-refused="true"]');
  await expect(refused.getByRole('heading', { name: 'Ce paquet ne peut pas être importé' })).toBeVisible();
  await expect(refused.getByRole('alert')).toContainText('Le paquet contient des éléments interdits ou non conformes');
  // The core's English words are folded under the French sentence, for whoever helps.
  await expect(refused.getByText(/has "\.\." in its path/)).toBeHidden();
  await refused.getByText('Détail technique (en anglais)').click();
  await expect(refused.getByText(/has "\.\." in its path/)).toBeVisible();
  await expect(refused).toContainText('Rien n’a été importé ni modifié.');
  await expect(page.getByRole('button', { name: 'Importer', exact: true })).toHaveCount(0);
  await expectNoSeriousViolations(page, 'preview of a refused bundle');

  // A zip bomb.
  await refused.getByRole('link', { name: 'Choisir un autre fichier' }).click();
  await pickBundle(page, path.join(BUNDLE_FIXTURES, 'zip-bomb-ratio.socle'));
  await expect(refused.getByRole('alert')).toContainText('« bombe » de compression');
  await expect(refused.getByRole('alert')).toContainText('a zip bomb?');

  // Not a bundle at all: refused before anything is sent.
  await hub.goto(page, '#/import');
  await page.getByLabel('Choisir un fichier .socle').setInputFiles(path.join(BUNDLE_FIXTURES, 'helpers.ts'));
  await expect(page.locator('[data-pick-problem="not-bundle"]')).toContainText('« helpers.ts » n’est pas un paquet Socle');

  expect(await libraryState(hub.url)).toEqual(before);
});

/** Drops files on the page the way a file manager does (a DataTransfer carrying File objects). */
async function dropFiles(page: Page, files: { name: string; base64: string }[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name));
    return dt;
  }, files);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.locator('.bundle-drop-overlay')).toBeVisible();
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}

test('a .socle file dropped anywhere on the window opens its preview; other files are turned away', async ({ page, hub }) => {
  await hub.goto(page, '#/');
  await expect(page.locator('.screen.home[data-ready="true"]')).toBeVisible();

  await dropFiles(page, [{ name: 'photo.png', base64: Buffer.from('not a bundle').toString('base64') }]);
  await expect(page.locator('[data-drop-problem="not-bundle"]')).toContainText('« photo.png » n’est pas un paquet Socle');
  await expect(page.locator('.bundle-drop-overlay')).toHaveCount(0);
  await expect(page.locator('.screen.home')).toBeVisible();

  const valid = (await fs.readFile(path.join(BUNDLE_FIXTURES, 'valid-signed.socle'))).toString('base64');
  await dropFiles(page, [{ name: 'cm-sante.socle', base64: valid }]);
  await expect(page).toHaveURL(/#\/import\/preview$/);
  const preview = page.locator('.screen.bundles-preview[data-state="ready"]');
  await expect(preview).toContainText('cm-sante.socle');
  await expect(preview.locator('[data-signed="true"]')).toBeVisible();
  await expect(preview.locator('[data-status="new"]').first()).toBeVisible();
});

test('an unsigned bundle is shown with a clear warning', async ({ page, hub, hubB, files }) => {
  await call(hub.url, 'create', { record: { type: 'practice', title: 'Togo : registre social unifié', country: 'TG' } });
  await hub.goto(page, '#/export');
  await chooseExport(page, { countries: ['Togo'], publisher: 'Ministère du Développement à la base', expectTotal: 1 });
  await page.getByRole('checkbox', { name: 'Signer le paquet avec ma clé' }).uncheck();
  const { file } = await downloadExport(page, files, 'unsigned.socle');
  await expect(page.locator('[data-export-done="true"]')).toContainText('Paquet non signé.');

  await hubB.goto(page, '#/import');
  await pickBundle(page, file);
  await expect(page.locator('[data-unsigned="true"]')).toContainText('Rien ne garantit qui a produit ce fichier');
  await expect(page.locator('[data-signed="false"]')).toBeVisible();
});
