/**
 * Screenshots of the main screens at 1280x800 for docs/screenshots/. Only with
 * SOCLE_SCREENSHOTS=1: they rewrite files in the repository, which a test run (and CI) must not do.
 *
 *   SOCLE_SCREENSHOTS=1 npx playwright test tests/e2e/screenshots.spec.ts
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, ROOT } from './fixtures';

const OUT = path.join(ROOT, 'docs', 'screenshots');

test.skip(
  process.env.SOCLE_SCREENSHOTS !== '1',
  'Screenshots rewrite docs/screenshots/*.png in the repository; set SOCLE_SCREENSHOTS=1 to refresh them on purpose (CI leaves them alone).',
);
test.use({ viewport: { width: 1280, height: 800 } });

async function shoot(page: Page, name: string): Promise<void> {
  // Blur whatever has the focus so no ring or caret lands in the picture.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: path.join(OUT, `${name}.png`), animations: 'disabled' });
}

test('main screens', async ({ page, hub, api }) => {
  test.setTimeout(120_000);

  await hub.goto(page);
  await expect(page.locator('.screen.home[data-ready="true"]')).toBeVisible();
  await shoot(page, 'home');

  await page.getByRole('searchbox', { name: 'Rechercher dans la bibliothèque' }).fill('retraite');
  await expect(page.locator('.screen.search[data-ready="true"][data-query="retraite"]')).toBeVisible();
  await shoot(page, 'search');

  await hub.goto(page, '#/record/c102-old-age-fr');
  await expect(page.locator('.screen.reader[data-ready="true"]')).toBeVisible();
  await shoot(page, 'reader-guide');

  await hub.goto(page, '#/record/sn-pnbsf');
  await expect(page.locator('.screen.reader[data-ready="true"]')).toBeVisible();
  await shoot(page, 'reader-practice');

  const created = await api('create', {
    record: {
      type: 'practice',
      title: 'Togo : le registre social unifié',
      country: 'TG',
      summary: 'Un registre commun aux programmes sociaux, alimenté par les communes.',
      body: '## Contexte\n\nLe Togo a engagé la construction d’un registre social unifié.',
      steps: [3],
      themes: ['social-registry'],
      sources: [{ title: 'Ministère chargé de la protection sociale', url: 'https://example.org/rsu' }],
    },
  });
  if (!created.ok) throw new Error(created.error.message);
  const id = created.value.id;
  await hub.goto(page, `#/edit/${id}`);
  await expect(page.locator('.screen.editor[data-ready="true"]')).toBeVisible();
  await shoot(page, 'editor');

  await api('update', { id, rev: 1, changes: { summary: 'Un registre commun, géré par l’agence nationale, mis à jour chaque année.' } });
  await page.getByRole('textbox', { name: 'Titre (obligatoire)' }).fill('Togo : le registre social unifié (RSU)');
  await page.getByRole('textbox', { name: 'Résumé', exact: true }).fill('Un registre commun aux programmes sociaux, alimenté par les communes et les ONG.');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.locator('[data-conflict="true"]')).toBeVisible();
  await shoot(page, 'conflict');

  await hub.goto(page, '#/');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Socle');
  await shoot(page, 'home-en');
});
