/**
 * Screenshots of the sharing screens (export, import preview, conflict) at 1280x800 for
 * docs/screenshots/. Only with SOCLE_SCREENSHOTS=1, like tests/e2e/screenshots.spec.ts: they
 * rewrite files in the repository.
 *
 *   SOCLE_SCREENSHOTS=1 npx playwright test tests/e2e/bundles-screenshots.spec.ts
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from './fixtures';
import { call, chooseExport, downloadExport, expect, pickBundle, test } from './bundles-helpers';

const OUT = path.join(ROOT, 'docs', 'screenshots');

test.skip(
  process.env.SOCLE_SCREENSHOTS !== '1',
  'Screenshots rewrite docs/screenshots/*.png in the repository; set SOCLE_SCREENSHOTS=1 to refresh them on purpose (CI leaves them alone).',
);
test.use({ viewport: { width: 1280, height: 800 } });

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // A full-page capture of a scrolled page would paint the sticky header halfway down.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(OUT, `${name}.png`), animations: 'disabled', fullPage });
}

const HEALTH = ['social-health-protection'];

test('sharing screens', async ({ page, hub, hubB, files }) => {
  test.setTimeout(180_000);
  const a = <M extends Parameters<typeof call>[1]>(m: M, input: Parameters<typeof call<M>>[2]) => call(hub.url, m, input);
  const mutuelle = await a('create', {
    record: {
      type: 'practice',
      title: 'Cameroun : mutuelles de santé du marché de Mokolo',
      country: 'CM',
      themes: HEALTH,
      summary: 'Les vendeuses du marché cotisent chaque semaine à une mutuelle qui prend en charge les consultations.',
      body: 'Une mutuelle gérée par les commerçantes du marché.',
    },
  });
  await a('create', { record: { type: 'practice', title: 'Cameroun : chèque santé pour la maternité', country: 'CM', themes: HEALTH, summary: 'Un forfait prépayé couvre le suivi de la grossesse et l’accouchement.' } });
  await a('create', { record: { type: 'note', body: 'Rencontrer la CNPS sur l’extension de la couverture santé aux travailleurs indépendants.', country: 'CM', tags: HEALTH } });
  await a('create', { record: { type: 'practice', title: 'Cameroun : budget interne du programme', country: 'CM', themes: HEALTH, sensitivity: 'internal' } });
  await a('create', { record: { type: 'practice', title: 'Sénégal : couverture maladie universelle', country: 'SN', themes: HEALTH } });

  // First bundle, imported by B, then both sides change the same practice and A adds one.
  await hub.goto(page, '#/export');
  await chooseExport(page, { countries: ['Cameroun'], publisher: 'Ministère de la Santé publique', organisation: 'MINSANTE', expectTotal: 3 });
  const first = await downloadExport(page, files, 'first.socle');
  await hubB.goto(page, '#/import');
  await pickBundle(page, first.file);
  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  await expect(page.locator('[data-applied="true"]')).toBeVisible();
  await a('update', { id: mutuelle.id, rev: mutuelle.rev, changes: { summary: 'Les vendeuses cotisent chaque semaine ; la commune complète les cotisations des plus pauvres.' } });
  const inB = await hubB.call('get', { id: mutuelle.id });
  await hubB.call('update', { id: mutuelle.id, rev: inB.rev, changes: { body: 'Une mutuelle gérée par les commerçantes du marché, suivie par le district sanitaire.' } });
  await a('create', { record: { type: 'practice', title: 'Cameroun : couverture santé des moto-taximen', country: 'CM', themes: HEALTH, summary: 'Une assurance volontaire adaptée aux revenus journaliers.' } });

  // The export screen, with its choices and preview.
  await hub.goto(page, '#/export');
  await chooseExport(page, { countries: ['Cameroun'], expectTotal: 4 });
  await page.getByRole('checkbox', { name: 'Protection sociale de la santé' }).check();
  await expect(page.locator('.screen.bundles-export[data-ready="true"][data-total="4"]')).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'bundle-export');
  const second = await downloadExport(page, files, 'second.socle');

  // B's preview: publisher, signature, and records by status.
  await hubB.goto(page, '#/import');
  await pickBundle(page, second.file);
  await expect(page.locator('.screen.bundles-preview[data-state="ready"]')).toBeVisible();
  await shoot(page, 'bundle-preview');
  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  await page.locator('[data-conflicts-link="true"]').click();
  await expect(page.locator('.screen.bundles-conflicts[data-ready="true"]')).toBeVisible();
  await page.getByRole('link', { name: 'Cameroun : mutuelles de santé du marché de Mokolo' }).click();
  await expect(page.locator('.screen.bundles-conflict[data-ready="true"] [data-conflict="true"]')).toBeVisible();
  await page.getByRole('group', { name: 'Résumé' }).getByRole('radio', { name: /Leur version/ }).check();
  await shoot(page, 'bundle-conflict', true);
});
