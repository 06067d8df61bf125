/**
 * Skills clinics in the browser: a coverage sheet filled in whose SDG 1.3.1 series change as the
 * figures are typed, then downloaded as XLSX (and the file read back); two projects compared side
 * by side; a logframe edited with the keyboard only; and the Dakar programme's clinic sessions
 * leading to their worked examples, plainly marked as illustrative. Every wait is on what the
 * page shows (data-ready, values, status), never a sleep.
 */
import { promises as fs } from 'node:fs';
import readXlsxFile from 'read-excel-file/node';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';

test('fill a coverage sheet, watch the series change while typing, save it and download it as XLSX', async ({ page, hub, api }) => {
  await hub.goto(page, '#/clinics');
  await expect(page.locator('.screen.clinics-home[data-ready="true"]')).toBeVisible();
  await page.getByRole('link', { name: 'Nouvelle fiche de couverture' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle fiche de couverture' })).toBeVisible();

  const children = page.locator('tr[data-series="children"] td.clinic-series-value');
  await expect(children).toHaveText('—');
  await expect(page.locator('tr[data-series="children"] [data-warning="missing-denominator"]')).toBeVisible();

  await page.getByLabel('Titre', { exact: true }).fill('Sénégal 2024 (atelier)');
  await page.getByLabel('Année', { exact: true }).fill('2024');
  await page.getByLabel('Population totale').fill('10 000');
  await page.getByLabel('Enfants', { exact: true }).fill('4000');
  await page.getByRole('button', { name: 'Ajouter un régime' }).click();
  // The new row's name field has the focus.
  await page.keyboard.type('Allocations familiales');
  await page.getByLabel('Fonction de « Allocations familiales »').selectOption('children');
  // The scheme has no figure yet: unknown, not zero.
  await expect(page.locator('tr[data-series="children"] [data-warning="missing-figure"]')).toBeVisible();
  await expect(children).toHaveText('—');
  await page.getByLabel('Bénéficiaires de « Allocations familiales »').pressSequentially('1000');
  await expect(children).toHaveText('25 %');
  await expect(page.locator('tr[data-series="children"]')).toContainText('Bénéficiaires de prestations pour enfants ou aux familles ÷ nombre d’enfants × 100');
  // Typing on changes the series at once; no unduplicated count: "at least one" is an upper bound.
  await page.getByLabel('Bénéficiaires de « Allocations familiales »').pressSequentially('0');
  await expect(children).toHaveText('250 %');
  await expect(page.locator('tr[data-series="children"] [data-warning="above-100"]')).toBeVisible();
  await expect(page.locator('tr[data-series="atLeastOne"] td.clinic-series-value')).toHaveText('≤ 100 %');
  await expect(page.locator('tr[data-series="atLeastOne"] [data-warning="upper-bound"]')).toBeVisible();
  await page.getByLabel('Bénéficiaires de « Allocations familiales »').fill('1 200');
  await expect(children).toHaveText('30 %');
  // The strip kept in view while typing says the same.
  await expect(page.locator('[data-live-series="children"] strong')).toHaveText('30 %');
  await expect(page.getByRole('img', { name: /Couverture par série/ })).toBeVisible();

  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Fiche enregistrée.' })).toBeVisible();
  await expect(page).toHaveURL(/#\/coverage\/coverage-/);
  const id = decodeURIComponent(page.url().split('#/coverage/')[1]!);
  const saved = await api('get', { id });
  expect(saved.ok && saved.value.type === 'coverage' && saved.value.schemes[0]).toMatchObject({ name: 'Allocations familiales', function: 'children', recipients: 1200 });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en XLSX' }).click()]);
  expect(download.suggestedFilename()).toBe('couverture-sn-2024-senegal-2024-atelier.xlsx');
  const sheets = await readXlsxFile(await fs.readFile((await download.path())!));
  expect(sheets.map((s) => s.sheet)).toEqual(['Séries ODD 1.3.1', 'Régimes', 'Contexte']);
  expect(sheets[0]!.data.find((r) => r[0] === 'children')!.slice(2, 5)).toEqual([30, 1200, 4000]);
  expect(sheets[1]!.data[1]!.slice(0, 4)).toEqual(['Allocations familiales', 'Enfants et familles', 'non', 1200]);
  await expect(page.getByRole('status').filter({ hasText: 'Téléchargé : couverture-sn-2024-senegal-2024-atelier.xlsx' })).toBeVisible();
});

test('compare the two worked-example projects side by side, and see an edit made elsewhere', async ({ page, hub, api }) => {
  await hub.goto(page, '#/compare');
  await expect(page.locator('.screen.clinic-compare[data-ready="true"]')).toBeVisible();
  await expect(page.getByText('Choisissez deux projets.')).toBeVisible();
  await page.getByLabel('Projet A').selectOption('clinic-example-project-past');
  await page.getByLabel('Projet B').selectOption('clinic-example-project-new');
  await expect(page).toHaveURL(/a=clinic-example-project-past&b=clinic-example-project-new/);
  const row = page.locator('tr[data-matched="Travailleurs de l\'économie informelle affiliés"]');
  await expect(row).toContainText('89,47 %');
  await expect(row).toContainText('25,23 %');
  await expect(row).toContainText('+34\u202f000');
  await expect(page.locator('[data-side="a"] [data-per1000]')).toHaveText('20');
  await expect(page.locator('[data-side="b"] [data-per1000]')).toHaveText('46,67');
  await expect(page.locator('[data-unmatched="unit-differs"]')).toContainText('Unités différentes (« jours » et « heures »)');
  await expect(page.locator('[data-unmatched="only-in-a"]')).toContainText('Agents des guichets formés');
  await expect(page.locator('[data-unmatched="only-in-b"]')).toContainText('Cotisations payées par téléphone mobile');
  await expect(page.locator('.clinic-illustrative')).toHaveCount(2);
  await expect(page.getByRole('img', { name: /Part de la cible atteinte/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Personnes atteintes pour 1 000 dépensés/ })).toBeVisible();

  // Another window (here: the API) corrects project A's actual figure: the comparison follows.
  const past = await api('get', { id: 'clinic-example-project-past' });
  if (!past.ok || past.value.type !== 'project') throw new Error('no past project');
  const indicators = past.value.indicators.map((i, n) => (n === 0 ? { ...i, actual: 40000 } : i));
  const updated = await api('update', { id: past.value.id, rev: past.value.rev, changes: { indicators } });
  expect(updated.ok).toBe(true);
  await expect(row).toContainText('100 %'); // (40,000 − 2,000) / (40,000 − 2,000)
  await expect(row).toContainText('+38\u202f000');
});

test('build a logframe with the keyboard: add, reorder and remove rows, then save', async ({ page, hub, api }) => {
  await hub.goto(page, '#/project/new?phase=new');
  await expect(page.locator('.screen.clinic-project[data-ready="true"]')).toBeVisible();
  await page.getByLabel('Titre', { exact: true }).fill('Extension de la pension sociale');
  await expect(page.getByLabel('Nouveau projet')).toBeChecked();
  const add = page.getByRole('button', { name: 'Ajouter un indicateur' });
  for (const name of ['Bénéficiaires', 'Délai de paiement', 'Plaintes traitées']) {
    await add.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type(name); // the new row's name has the focus
  }
  // Move "Plaintes traitées" to the top with the keyboard: the focus follows the row.
  await page.getByRole('button', { name: 'Monter « Plaintes traitées »' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Monter « Plaintes traitées »' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Descendre « Plaintes traitées »' })).toBeFocused();
  await expect(page.locator('.clinic-status')).toContainText('« Plaintes traitées » déplacé en position 1.');
  // Remove "Délai de paiement": the focus goes to the next row's remove button.
  await page.getByRole('button', { name: 'Retirer « Délai de paiement »' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Retirer « Délai de paiement »' })).toHaveCount(0);
  await expect(page.locator('[data-indicator-row]')).toHaveCount(2);
  await page.getByLabel('Unité de « Bénéficiaires »').fill('personnes');
  await page.getByLabel('Valeur de référence de « Bénéficiaires »').fill('0');
  await page.getByLabel('Cible de « Bénéficiaires »', { exact: true }).fill('5 000');
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('status').filter({ hasText: 'Projet enregistré.' })).toBeVisible();
  const id = decodeURIComponent(page.url().split('#/project/')[1]!);
  const saved = await api('get', { id });
  expect(saved.ok && saved.value.type === 'project' && saved.value.indicators.map((i) => [i.name, i.target ?? null])).toEqual([
    ['Plaintes traitées', null],
    ['Bénéficiaires', 5000],
  ]);
});

test('the Dakar programme links each clinic to its worked example, marked as illustrative figures', async ({ page, hub }) => {
  await hub.goto(page, '#/workshop/dakar-2017');
  const link = page.getByRole('link', { name: "Exemple d'exercice : fiche de couverture ODD 1.3.1 (chiffres fictifs)" });
  await expect(link).toBeVisible();
  await expect(page.getByRole('link', { name: /pilote d'affiliation.*projet passé/ })).toBeVisible();
  await link.click();
  await expect(page.locator('.screen.clinic-coverage[data-ready="true"]')).toBeVisible();
  await expect(page.locator('.clinic-illustrative').first()).toHaveText('CHIFFRES FICTIFS À DES FINS D’ILLUSTRATION, PAS DES STATISTIQUES RÉELLES');
  await expect(page.locator('tr[data-series="atLeastOne"] td.clinic-series-value')).toHaveText('21 %');
  await expect(page.locator('tr[data-series="olderPersons"] [data-warning="different-years"]')).toBeVisible();
  // The same sheet in English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('.clinic-illustrative').first()).toHaveText('ILLUSTRATIVE FIGURES, NOT REAL STATISTICS');
  await expect(page.locator('tr[data-series="vulnerable"]')).toContainText('Recipients of social assistance ÷ (total population − people covered by contributory schemes) × 100');
});

test('the clinic screens have no serious or critical accessibility violation (axe)', async ({ page, hub }) => {
  test.setTimeout(150_000); // four axe runs over long forms, on a shared 2-core machine
  const check = async (screen: string) => {
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), screen).toEqual([]);
  };
  await hub.goto(page, '#/clinics');
  await expect(page.locator('.screen.clinics-home[data-ready="true"]')).toBeVisible();
  await check('clinics home');
  await hub.goto(page, '#/coverage/clinic-example-coverage');
  await expect(page.locator('tr[data-series="atLeastOne"] td.clinic-series-value')).toHaveText('21 %');
  await page.locator('.ws-chart-data summary').first().click();
  await check('coverage sheet');
  await hub.goto(page, '#/project/clinic-example-project-new');
  await expect(page.locator('[data-indicator-row]')).toHaveCount(4);
  await check('project');
  await hub.goto(page, '#/compare?a=clinic-example-project-past&b=clinic-example-project-new');
  await expect(page.locator('.clinic-comparison')).toBeVisible();
  await check('comparison');
});

test('a project form follows a version saved elsewhere, offers it when something is typed here, and refuses a record of another type', async ({ page, hub, api }) => {
  const id = 'clinic-example-project-new';
  await hub.goto(page, `#/project/${id}`);
  await expect(page.locator('.screen.clinic-project[data-ready="true"]')).toBeVisible();
  const title = page.getByLabel('Titre', { exact: true });
  const original = await title.inputValue();

  // Nothing typed here: another window's save is taken at once.
  const v1 = await api('get', { id });
  if (!v1.ok) throw new Error('no example project');
  expect((await api('update', { id, rev: v1.value.rev, changes: { title: `${original} (revu)` } })).ok).toBe(true);
  await expect(title).toHaveValue(`${original} (revu)`);
  await expect(page.getByRole('status').filter({ hasText: 'Version enregistrée ailleurs chargée.' })).toBeVisible();

  // Something typed here: the other version is offered, never forced on the user.
  await title.fill('Titre saisi ici');
  const v2 = await api('get', { id });
  if (!v2.ok) throw new Error('no example project');
  expect((await api('update', { id, rev: v2.value.rev, changes: { title: 'Titre enregistré ailleurs' } })).ok).toBe(true);
  const alert = page.getByRole('alert').filter({ hasText: 'modifiée ailleurs' });
  await expect(alert).toBeVisible();
  await expect(title).toHaveValue('Titre saisi ici');
  await alert.getByRole('button', { name: "Charger l'autre version" }).click();
  await expect(title).toHaveValue('Titre enregistré ailleurs');

  // A project's id on the coverage screen: one clear line, no form.
  await hub.goto(page, `#/coverage/${id}`);
  await expect(page.getByText(`« ${id} » est un enregistrement de type project, pas une fiche de couverture.`)).toBeVisible();
  await expect(page.getByLabel('Titre', { exact: true })).toHaveCount(0);
});
