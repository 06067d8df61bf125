/**
 * The practice editor: validation beside the fields, creating a practice and finding it by a
 * word of its body, autosave, and a stale save resolved in the conflict view without losing
 * anyone's work.
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const saveStatus = (page: Page) => page.locator('p.save-status[role="status"]');

test('create a practice through the editor, then find it by a word of its body', async ({ page, hub, api }) => {
  await hub.goto(page, '#/new/practice');
  await expect(page.locator('.screen.editor[data-ready="true"]')).toBeVisible();
  const title = page.getByRole('textbox', { name: 'Titre (obligatoire)' });

  // Saving an empty form: the messages appear beside the fields, and in a summary.
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-title-error')).toHaveText(/Donnez un titre à la pratique/);
  await expect(page.locator('#f-country-error')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Corrigez ces' })).toBeVisible();

  await title.fill('Guinée : un guichet unique de protection sociale à Kindia');
  await expect(title).toHaveAttribute('aria-invalid', 'false');
  await page.getByRole('combobox', { name: 'Pays (obligatoire)' }).selectOption('GN');
  await page.getByRole('textbox', { name: 'Résumé', exact: true }).fill('Un guichet où les familles déposent une seule demande pour plusieurs programmes.');
  await page.getByRole('textbox', { name: 'Description' }).fill(
    '## Contexte\n\nLes agents du guichet tiennent un registre **tontinophone** des demandes, relié au registre social.',
  );
  // The Markdown preview renders the body.
  await page.getByRole('tab', { name: 'Aperçu' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Aperçu' }).getByRole('heading', { name: 'Contexte' })).toBeVisible();
  await page.getByRole('tab', { name: 'Écrire' }).click();

  await page.getByRole('checkbox', { name: 'Étape 3 : mise en œuvre opérationnelle' }).check();
  await page.getByRole('checkbox', { name: 'Prestations aux familles (Partie VII)' }).check();
  await page.getByRole('checkbox', { name: 'Registre social' }).check();
  await page.getByRole('textbox', { name: 'Cibles ODD' }).fill('1.3');

  // A bad URL is caught beside its field, before anything is sent.
  const url = page.getByRole('textbox', { name: 'Adresse web de la source 1' });
  await page.getByRole('textbox', { name: 'Titre de la source 1' }).fill('Rapport du ministère, 2024');
  await url.fill('pas une adresse');
  await url.blur();
  await expect(page.locator('#f-source-0-url-error')).toBeVisible();
  await url.fill('https://example.org/rapport-kindia');

  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(saveStatus(page)).toHaveAttribute('data-save-state', 'saved');
  await expect(page).toHaveURL(/#\/edit\/[a-z0-9][a-z0-9._-]*$/);
  const id = decodeURIComponent(page.url().split('#/edit/')[1]!);
  await expect(saveStatus(page)).toHaveAttribute('data-rev', '1');

  // Autosave: a change is saved about a second after typing stops, with no click.
  await page.getByRole('textbox', { name: 'Contact' }).fill('Direction de la protection sociale, Kindia');
  await expect(saveStatus(page)).toHaveAttribute('data-rev', '2');
  await expect(saveStatus(page)).toHaveAttribute('data-save-state', 'saved');
  const stored = await api('get', { id });
  expect(stored.ok && stored.value).toMatchObject({ type: 'practice', country: 'GN', rev: 2, steps: [3], branches: ['family'], contact: 'Direction de la protection sociale, Kindia' });

  // Find it by a distinctive word of its body.
  const box = page.getByRole('searchbox', { name: 'Rechercher dans la bibliothèque' });
  await box.fill('tontinophone');
  await expect(page.locator('.screen.search[data-ready="true"][data-query="tontinophone"]')).toBeVisible();
  await page.getByRole('list', { name: 'Résultats' }).getByRole('link', { name: 'Guinée : un guichet unique de protection sociale à Kindia' }).click();
  // (the result link carries the matched word for the reader to highlight)
  await expect(page).toHaveURL(new RegExp(`#/record/${id}\\?hl=tontinophone$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Guinée : un guichet unique de protection sociale à Kindia');
  await expect(page.locator('dl.fields')).toContainText('Guinée');
  await expect(page.locator('dl.fields')).toContainText('Prestations aux familles (Partie VII)');
  await expect(page.getByRole('link', { name: /Rapport du ministère, 2024/ })).toHaveAttribute('rel', /noopener/);
});

test('a stale save opens the conflict view; "keep my changes" saves on top and loses nothing', async ({ page, hub, api }) => {
  const created = await api('create', {
    record: {
      type: 'practice',
      title: 'Togo : registre social unifié',
      country: 'TG',
      summary: 'Résumé de départ.',
      lessons: 'Enseignements de départ.',
      sources: [{ title: 'Note du ministère', url: 'https://example.org/rsu' }],
    },
  });
  if (!created.ok) throw new Error(created.error.message);
  const id = created.value.id;

  await hub.goto(page, `#/edit/${id}`);
  await expect(page.locator('.screen.editor[data-ready="true"]')).toBeVisible();
  await expect(saveStatus(page)).toHaveAttribute('data-save-state', 'saved');

  // Someone else saves the same record behind the editor's back (revision 2).
  const theirs = await api('update', { id, rev: 1, changes: { summary: 'Résumé changé par une collègue.', lessons: 'Enseignements ajoutés par une collègue.' } });
  expect(theirs.ok && theirs.value.rev).toBe(2);

  // Meanwhile, in the editor still at revision 1:
  await page.getByRole('textbox', { name: 'Titre (obligatoire)' }).fill('Togo : le registre social unifié (RSU)');
  await page.getByRole('textbox', { name: 'Résumé', exact: true }).fill('Mon résumé, rédigé pendant ce temps.');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();

  const conflict = page.getByRole('region', { name: 'Cette fiche a été modifiée pendant que vous la rédigiez' });
  await expect(conflict).toBeVisible();
  await expect(saveStatus(page)).toHaveAttribute('data-save-state', 'conflict');
  // Side by side, field by field: the summary changed on both sides.
  const summary = conflict.getByRole('group', { name: /Résumé.*modifié des deux côtés/ });
  await expect(summary).toContainText('Mon résumé, rédigé pendant ce temps.');
  await expect(summary).toContainText('Résumé changé par une collègue.');
  await expect(conflict.getByRole('group', { name: /Enseignements.*modifié dans l’autre version/ })).toBeVisible();

  await conflict.getByRole('button', { name: 'Garder mes modifications' }).click();
  await expect(conflict).toBeHidden();
  await expect(saveStatus(page)).toHaveAttribute('data-save-state', 'saved');
  await expect(saveStatus(page)).toHaveAttribute('data-rev', '3');

  const now = await api('get', { id });
  if (!now.ok) throw new Error(now.error.message);
  expect(now.value).toMatchObject({
    rev: 3,
    title: 'Togo : le registre social unifié (RSU)', // mine
    summary: 'Mon résumé, rédigé pendant ce temps.', // mine, where both changed
    lessons: 'Enseignements ajoutés par une collègue.', // theirs, which I did not touch
    sources: [{ title: 'Note du ministère', url: 'https://example.org/rsu' }],
  });
  // And their summary is still in the history.
  const history = await api('history', { id });
  expect(history.ok && history.value.some((r) => r.type === 'practice' && r.summary === 'Résumé changé par une collègue.')).toBe(true);
});

test('per-field choices in the conflict view', async ({ page, hub, api }) => {
  const created = await api('create', { record: { type: 'practice', title: 'Cabo Verde : pension sociale', country: 'CV', contact: 'CNPS' } });
  if (!created.ok) throw new Error(created.error.message);
  const id = created.value.id;
  await hub.goto(page, `#/edit/${id}`);
  await expect(page.locator('.screen.editor[data-ready="true"]')).toBeVisible();

  await api('update', { id, rev: 1, changes: { title: 'Cabo Verde : la pension sociale minimale', contact: 'Centro Nacional de Pensões Sociais' } });
  await page.getByRole('textbox', { name: 'Titre (obligatoire)' }).fill('Cabo Verde : pension sociale (mon titre)');
  await page.getByRole('textbox', { name: 'Contact' }).fill('Mon contact');
  // No click: the autosave meets the conflict by itself.
  const conflict = page.getByRole('region', { name: 'Cette fiche a été modifiée pendant que vous la rédigiez' });
  await expect(conflict).toBeVisible();

  await conflict.getByRole('group', { name: /Titre/ }).getByRole('radio', { name: /Version actuelle/ }).check();
  await conflict.getByRole('group', { name: /Contact/ }).getByRole('radio', { name: /Ma version/ }).check();
  await conflict.getByRole('button', { name: 'Enregistrer mes choix' }).click();
  await expect(saveStatus(page)).toHaveAttribute('data-rev', '3');
  await expect(page.getByRole('textbox', { name: 'Titre (obligatoire)' })).toHaveValue('Cabo Verde : la pension sociale minimale');

  const now = await api('get', { id });
  expect(now.ok && now.value).toMatchObject({ rev: 3, title: 'Cabo Verde : la pension sociale minimale', contact: 'Mon contact' });
});

test('delete from the reader, restore from the trash', async ({ page, hub, api }) => {
  const created = await api('create', { record: { type: 'practice', title: 'Sénégal : fiche à supprimer', country: 'SN' } });
  if (!created.ok) throw new Error(created.error.message);
  await hub.goto(page, `#/record/${created.value.id}`);
  await expect(page.locator('.screen.reader[data-ready="true"]')).toBeVisible();
  await page.getByRole('button', { name: 'Supprimer' }).click();
  await page.getByRole('button', { name: 'Oui, mettre à la corbeille' }).click();
  await expect(page).toHaveURL(/#\/trash$/);
  await expect(page.locator('.screen.trash[data-ready="true"]')).toBeVisible();
  await page.getByRole('button', { name: 'Restaurer « Sénégal : fiche à supprimer »' }).click();
  await page.getByRole('status').getByRole('link', { name: 'Sénégal : fiche à supprimer' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sénégal : fiche à supprimer');
});
