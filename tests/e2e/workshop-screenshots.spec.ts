/**
 * Screenshots of the workshop screens at 1280x800 for docs/screenshots/ (same rules as
 * screenshots.spec.ts: only with SOCLE_SCREENSHOTS=1, since they rewrite files in the repository).
 *
 *   SOCLE_SCREENSHOTS=1 npx playwright test tests/e2e/workshop-screenshots.spec.ts
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, ROOT, type ApiCall } from './fixtures';
import type { PlanAction } from '../../main/core/model';

const OUT = path.join(ROOT, 'docs', 'screenshots');

test.skip(
  process.env.SOCLE_SCREENSHOTS !== '1',
  'Screenshots rewrite docs/screenshots/*.png in the repository; set SOCLE_SCREENSHOTS=1 to refresh them on purpose (CI leaves them alone).',
);
test.use({ viewport: { width: 1280, height: 800 } });

async function shoot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: path.join(OUT, `${name}.png`), animations: 'disabled', ...opts });
}

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function seed(api: ApiCall): Promise<string> {
  // Yesterday was day 1: the "now" panel shows day 2 (group work from 11:00 to 18:00).
  const d = new Date(Date.now() - 86_400_000);
  const start = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const { workshop } = await ok(api('createWorkshop', { from: 'dakar-2017', start, title: 'Atelier sous-régional de Lomé', place: 'Lomé' }));
  const id = workshop.id;
  const notes: [string, string, string][] = [
    ['g-step-1', 'd2-rotation-1', 'Le Togo a validé sa politique nationale de protection sociale en 2020 ; la stratégie de financement reste à écrire. #strategie'],
    ['g-step-1', 'd2-rotation-1', 'Cabo Verde : le dialogue national a réuni syndicats et employeurs avant chaque réforme — à documenter comme bonne pratique.'],
    ['g-step-1', 'd2-rotation-2', 'Idée : une cartographie commune des régimes pour les quatre pays, avec l’appui du BIT. #cartographie'],
    ['g-step-2', 'd2-rotation-1', 'Le Cameroun envisage une étude actuarielle avant d’étendre l’assurance volontaire aux indépendants. #economie-informelle'],
    ['g-step-3', 'd2-rotation-2', 'Le Sénégal propose un jumelage avec le Brésil sur le registre national unifié. #pilote #sud-sud'],
    ['g-sstc', 'd2-rotation-3', 'Plateforme des organisations de travailleurs : diffuser les messages clés par les radios communautaires. #communication'],
    ['g-sn', 'd2-country-plans', 'Mobiliser des ressources internes : une part des recettes minières pour la CMU. #financement'],
  ];
  for (const [groupId, sessionId, text] of notes) await ok(api('captureNote', { workshopId: id, groupId, sessionId, text }));
  const plans = await ok(api('workshopPlans', { workshopId: id }));
  const actions: Record<string, { step: 1 | 2 | 3; description: string; partners?: string[]; sstcPilot?: boolean; supportRequested?: string; from?: string; to?: string; status?: PlanAction['status'] }[]> = {
    SN: [
      { step: 1, description: 'Actualiser la stratégie nationale de protection sociale avec les partenaires sociaux', partners: ['BIT / OIT', 'UNICEF'], from: '2026-Q3', to: '2027-Q2', status: 'planned' },
      { step: 3, description: 'Jumelage avec le Brésil sur le registre national unifié', partners: ['Partenaires Sud-Sud', 'Banque mondiale'], sstcPilot: true, supportRequested: 'Appui de PARDEV pour le montage du projet', from: '2026-Q4' },
    ],
    TG: [
      { step: 2, description: 'Étude actuarielle de l’assurance maladie universelle', partners: ['BIT / OIT', 'Banque africaine de développement'], supportRequested: 'Actuaire de SOCPRO', from: '2026-Q3', to: '2026-Q4' },
      { step: 3, description: 'Campagne de sensibilisation des travailleurs de l’économie informelle', partners: ['UNICEF'] },
    ],
    CV: [
      { step: 1, description: 'Diagnostic de la couverture des travailleurs migrants', partners: ['BIT / OIT', 'Luxembourg'] },
      { step: 3, description: 'Paiement mobile des pensions sociales dans les îles', partners: ['Partenaires Sud-Sud'], sstcPilot: true, from: '2027-Q1' },
    ],
    CM: [
      { step: 2, description: 'Extension de l’assurance volontaire aux indépendants', partners: ['BIT / OIT', 'JICA'], supportRequested: 'Appui juridique du Bureau régional' },
      { step: 2, description: 'Réforme des cotisations pour financer la couverture maladie', partners: ['Banque mondiale'] },
      { step: 1, description: 'Plateforme d’engagement sur la protection sociale', partners: ['UNICEF', 'Union africaine'] },
    ],
  };
  for (const p of plans) {
    let rev = p.rev;
    for (const action of actions[p.country] ?? []) rev = (await ok(api('planAddAction', { planId: p.id, rev, action }))).rev;
  }
  return id;
}

test('workshop screens', async ({ page, hub, api }) => {
  test.setTimeout(120_000);
  const id = await seed(api);

  await hub.goto(page, '#/workshops');
  await expect(page.locator('.screen.ws-list[data-ready="true"]')).toBeVisible();
  await shoot(page, 'workshops');

  await hub.goto(page, `#/workshop/${id}`);
  await expect(page.locator('.screen.ws-home[data-ready="true"]')).toBeVisible();
  await page.locator('.ws-timer').getByRole('combobox', { name: 'Séance' }).selectOption('d2-rotation-1');
  await page.locator('.ws-timer').getByRole('button', { name: 'Démarrer' }).click();
  await expect(page.locator('.ws-timer')).toHaveAttribute('data-timer-status', 'running');
  await shoot(page, 'workshop-home');

  await hub.goto(page, `#/workshop/${id}/capture?group=g-step-1&session=d2-rotation-2`);
  await expect(page.locator('.screen.capture[data-ready="true"]')).toBeVisible();
  const box = page.locator('#ws-capture-box');
  await box.pressSequentially('La Guinée-Bissau demande un appui technique pour son premier diagnostic #appui');
  await box.press('Enter');
  await expect(page.locator('.ws-note-list > li').first()).toHaveAttribute('data-save-state', 'saved');
  await box.pressSequentially('Le Bénin partage son expérience de l’ARCH : assurance maladie, formation, crédit et retraite pour les plus pauvres #bonne-pratique');
  await expect(box).toHaveAttribute('data-save-state', 'saved');
  await shoot(page, 'workshop-capture');

  const plans = await ok(api('workshopPlans', { workshopId: id }));
  await hub.goto(page, `#/plan/${plans.find((p) => p.country === 'SN')!.id}`);
  await expect(page.locator('.screen.ws-plan[data-ready="true"]')).toBeVisible();
  await page.locator('section[data-step="3"] summary').filter({ hasText: /^Partenaires/ }).click();
  await shoot(page, 'workshop-plan');

  await hub.goto(page, `#/workshop/${id}/dashboard`);
  await expect(page.locator('.screen.ws-dash[data-ready="true"]')).toBeVisible();
  await shoot(page, 'workshop-dashboard');
  await page.locator('.ws-dash-charts').scrollIntoViewIfNeeded();
  await page.evaluate(() => document.getElementById('ws-dash-charts')?.scrollIntoView({ block: 'start' }));
  await shoot(page, 'workshop-dashboard-charts');
});
