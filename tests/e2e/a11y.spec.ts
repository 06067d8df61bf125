/**
 * axe-core on the main screens, in the states users see them: no serious or critical violation
 * is allowed. One test per group of screens keeps each under the timeout on a busy two-core
 * machine (every test starts its own server).
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

test('home and search results', async ({ page, hub }) => {
  await hub.goto(page);
  await expect(page.locator('.screen.home[data-ready="true"]')).toBeVisible();
  await expectNoSeriousViolations(page, 'home');

  await hub.goto(page, '#/search?q=retraite');
  await expect(page.locator('.screen.search[data-ready="true"][data-query="retraite"]')).toBeVisible();
  await expectNoSeriousViolations(page, 'search results');
});

test('search: empty state and before typing', async ({ page, hub }) => {
  await hub.goto(page, '#/search?q=xyzzyqqwv&type=practice');
  await expect(page.locator('.screen.search[data-ready="true"][data-query="xyzzyqqwv"]')).toBeVisible();
  await expectNoSeriousViolations(page, 'search, empty state');

  await hub.goto(page, '#/search');
  await expect(page.locator('.screen.search[data-ready="true"][data-query=""]')).toBeVisible();
  await expectNoSeriousViolations(page, 'search, before typing');
});

test('reader: a guide, and a practice with its history', async ({ page, hub }) => {
  await hub.goto(page, '#/record/c102-old-age-fr');
  await expect(page.locator('.screen.reader[data-ready="true"]')).toBeVisible();
  await expectNoSeriousViolations(page, 'reader (guide)');

  await hub.goto(page, '#/record/sn-pnbsf');
  await expect(page.locator('.screen.reader[data-ready="true"]')).toBeVisible();
  await expectNoSeriousViolations(page, 'reader (practice)');
  await page.getByRole('button', { name: 'Afficher les versions précédentes' }).click();
  await expect(page.getByText('Aucune version précédente.')).toBeVisible();
  await page.getByRole('button', { name: 'Supprimer' }).click();
  await expectNoSeriousViolations(page, 'reader (practice, history and delete confirmation open)');
});

test('editor (empty, with validation errors) and trash', async ({ page, hub }) => {
  await hub.goto(page, '#/new/practice');
  await expect(page.locator('.screen.editor[data-ready="true"]')).toBeVisible();
  await expectNoSeriousViolations(page, 'editor');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.locator('#f-title-error')).toBeVisible();
  await page.getByRole('tab', { name: 'Aperçu' }).click();
  await expectNoSeriousViolations(page, 'editor with validation errors, preview tab');

  await hub.goto(page, '#/trash');
  await expect(page.locator('.screen.trash[data-ready="true"]')).toBeVisible();
  await expectNoSeriousViolations(page, 'trash');
});

test('the conflict view, and the reader in English', async ({ page, hub, api }) => {
  const created = await api('create', { record: { type: 'practice', title: 'Cameroun : assurance volontaire', country: 'CM' } });
  if (!created.ok) throw new Error(created.error.message);
  const id = created.value.id;
  await hub.goto(page, `#/edit/${id}`);
  await expect(page.locator('.screen.editor[data-ready="true"]')).toBeVisible();
  await api('update', { id, rev: 1, changes: { summary: 'Changé ailleurs.' } });
  await page.getByRole('textbox', { name: 'Résumé', exact: true }).fill('Changé ici.');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.locator('[data-conflict="true"]')).toBeVisible();
  await expectNoSeriousViolations(page, 'conflict view');

  await page.getByRole('button', { name: 'English' }).click();
  await hub.goto(page, '#/record/c102-old-age-en');
  await expect(page.locator('.screen.reader[data-ready="true"]')).toBeVisible();
  await expectNoSeriousViolations(page, 'reader in English');
});
