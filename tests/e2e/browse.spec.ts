/**
 * Browsing: a country page from the home screen, the C102 matrix (a cell leads to a practice, the
 * arrow keys move between cells), a bookmark that survives a reload, "cite this" copying BibTeX,
 * the Portuguese interface, and axe on the new screens.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  expect(serious, `${screen}:\n${report}`).toEqual([]);
}

test('home -> a country page: C102 status, practices, plans, workshops; it follows changes made elsewhere', async ({ page, hub, api }) => {
  await hub.goto(page);
  await expect(page.locator('.screen.home[data-ready="true"]')).toBeVisible();
  await page.getByRole('region', { name: 'Parcourir par pays' }).getByRole('link', { name: 'Togo' }).click();
  await expect(page).toHaveURL(/#\/country\/TG$/);
  await expect(page.locator('.screen.browse-country[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Togo');
  const c102 = page.getByRole('region', { name: 'Convention n° 102 : où en est le pays' });
  await expect(c102).toContainText('ratifié la Convention en 2013');
  await expect(c102).not.toContainText('1962');
  await expect(page.getByRole('region', { name: 'Bonnes pratiques', exact: true }).getByRole('link', { name: /Novissi/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Ateliers' }).getByRole('link')).not.toHaveCount(0);
  await expectNoSeriousViolations(page, 'country page');

  // The browse index and a theme page (reached from the country's themes).
  await hub.goto(page, '#/browse');
  await expect(page.locator('.screen.browse-index[data-ready="true"]')).toBeVisible();
  await expectNoSeriousViolations(page, 'browse index');
  await page.getByRole('region', { name: 'Par thème' }).getByRole('link', { name: 'Protection sociale de la santé' }).click();
  await expect(page.locator('.screen.browse-theme[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Bonnes pratiques' }).getByRole('link', { name: /Couverture maladie universelle|CMU/ }).first()).toBeVisible();
  await expectNoSeriousViolations(page, 'theme page');
  await page.goBack();
  await page.goBack();
  await expect(page.locator('.screen.browse-country[data-ready="true"]')).toBeVisible();

  // Another client (the CLI, a colleague in the workshop room) adds a Togolese practice: the open page shows it.
  const created = await api('create', { record: { type: 'practice', title: 'Togo : guichet unique de test', country: 'TG', sources: [{ title: 'Test' }] } });
  expect(created.ok).toBe(true);
  await expect(page.getByRole('region', { name: 'Bonnes pratiques', exact: true }).getByRole('link', { name: 'Togo : guichet unique de test' })).toBeVisible();

  // The full status guide opens at the country's section.
  await c102.getByRole('link', { name: 'Lire le point de situation complet' }).click();
  await expect(page).toHaveURL(/#\/record\/c102-country-status-fr\?s=togo$/);
});

test('the C102 matrix: arrow keys move between cells, a cell leads to its practice', async ({ page, hub }) => {
  await hub.goto(page);
  await expect(page.locator('.screen.home[data-ready="true"]')).toBeVisible();
  await page.getByRole('region', { name: 'Parcourir par pays' }).getByRole('link', { name: 'Les branches de la C102 par pays' }).click();
  await expect(page.locator('.screen.browse-matrix[data-ready="true"]')).toBeVisible();
  const table = page.getByRole('table', { name: 'Bonnes pratiques par branche de la Convention n° 102 et par pays' });
  await expect(table.getByRole('columnheader', { name: 'Sénégal' })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: /Prestations de maternité/ })).toBeVisible();
  await expectNoSeriousViolations(page, 'C102 matrix');

  // Keyboard: from Senegal's maternity cell, right is Cabo Verde (empty: the cell takes the focus), up is Senegal's family cell.
  const snMaternity = table.locator('td[data-branch="maternity"][data-country="SN"]');
  await snMaternity.getByRole('link').first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(table.locator('td[data-branch="maternity"][data-country="CV"]')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowUp');
  await expect(table.locator('td[data-branch="family"][data-country="SN"]').getByRole('link').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(snMaternity.getByRole('link').first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/record\/sn-gratuite$/);
  await expect(page.locator('.screen.reader[data-ready="true"][data-record-id="sn-gratuite"]')).toBeVisible();
});

test('bookmark a practice, find it in the reading list after a reload, and cite it as BibTeX', async ({ page, hub, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(hub.url).origin });
  await hub.goto(page, '#/record/tg-novissi');
  await expect(page.locator('.screen.reader[data-ready="true"]')).toBeVisible();
  const save = page.getByRole('button', { name: 'Ajouter à ma liste' });
  await expect(save).toHaveAttribute('aria-pressed', 'false');
  await save.click();
  await expect(page.getByRole('button', { name: 'Dans ma liste' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('status').filter({ hasText: 'Ajoutée à « Ma liste de lecture »' })).toBeVisible();

  await page.reload();
  await expect(page.locator('.screen.reader[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Dans ma liste' })).toHaveAttribute('aria-pressed', 'true');

  // Cite: the panel shows three formats; the BibTeX one is copied to the clipboard.
  await page.getByRole('button', { name: 'Citer', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Citer cette fiche' });
  await expect(panel.locator('pre[data-format="text"]')).toContainText('« Togo : Novissi, un transfert monétaire numérique face à la COVID-19 »');
  await expectNoSeriousViolations(page, 'reader with the cite panel');
  await panel.getByRole('button', { name: 'Copier (BibTeX)' }).click();
  await expect(panel.getByRole('status')).toHaveText('Référence BibTeX copiée dans le presse-papiers.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^@misc\{socle-tg-novissi-\d{4},\n/);
  expect(copied).toContain('title        = {Togo : Novissi, un transfert monétaire numérique face à la COVID-19}');

  await page.getByRole('link', { name: 'Mes listes de lecture' }).first().click();
  await expect(page.locator('.screen.browse-lists[data-ready="true"]')).toBeVisible();
  const list = page.getByRole('region', { name: /Ma liste de lecture/ });
  await expect(list.getByRole('link', { name: /Novissi/ })).toBeVisible();
  await expectNoSeriousViolations(page, 'reading lists');
  await list.getByRole('button', { name: /Retirer « Togo : Novissi/ }).click();
  await expect(list.getByRole('link', { name: /Novissi/ })).toHaveCount(0);
});

test('switch the interface to Portuguese: labels, a country page and the matrix in Portuguese', async ({ page, hub }) => {
  await hub.goto(page);
  await expect(page.locator('.screen.home[data-ready="true"]')).toBeVisible();
  await page.getByRole('group', { name: 'Langue de l’interface' }).getByRole('button', { name: 'Português' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt');
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await expect(nav.getByRole('link', { name: 'Início' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Explorar' })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Pesquisar na biblioteca' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bem-vindo ao Socle');

  await page.getByRole('region', { name: 'Explorar por país' }).getByRole('link', { name: 'Camarões' }).click();
  await expect(page.locator('.screen.browse-country[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Camarões');
  await expect(page.getByRole('heading', { name: 'Convenção n.º 102: em que ponto está o país' })).toBeVisible();
  await expectNoSeriousViolations(page, 'country page in Portuguese');

  await page.reload(); // the choice is remembered
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt');
  await hub.goto(page, '#/c102');
  await expect(page.getByRole('table', { name: 'Boas práticas por ramo da Convenção n.º 102 e por país' }).getByRole('rowheader', { name: /Prestações de maternidade/ })).toBeVisible();
});
