/**
 * Screenshots of the workshop room for docs/screenshots/ (only with SOCLE_SCREENSHOTS=1, like the
 * other screenshot specs): the facilitator's room panel (QR code, code, devices) at 1280x800, and
 * the participant's join page, notes and country plan on a 360 px phone.
 *
 *   SOCLE_SCREENSHOTS=1 npx playwright test tests/e2e/room-screenshots.spec.ts
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from './fixtures';
import { test, expect, joinAs } from './room-helpers';

const OUT = path.join(ROOT, 'docs', 'screenshots');

test.skip(
  process.env.SOCLE_SCREENSHOTS !== '1',
  'Screenshots rewrite docs/screenshots/*.png in the repository; set SOCLE_SCREENSHOTS=1 to refresh them on purpose (CI leaves them alone).',
);

async function shoot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: path.join(OUT, `${name}.png`), animations: 'disabled', ...opts });
}

test('room panel and participant screens', async ({ browser, page, room }) => {
  test.setTimeout(120_000);
  const { workshop, plans } = await room.call<{ workshop: { id: string }; plans: { id: string; country: string; rev: number }[] }>('createWorkshop', {
    from: 'dakar-2017',
    start: new Date().toISOString().slice(0, 10),
    title: 'Atelier sous-régional de Lomé',
    place: 'Lomé',
  });
  await room.room('settings', { workshopId: workshop.id });
  const sn = plans.find((p) => p.country === 'SN')!;
  await room.call('planAddAction', { planId: sn.id, rev: sn.rev, action: { step: 1, description: 'Actualiser la stratégie nationale de protection sociale avec les partenaires sociaux', partners: ['BIT / OIT'] } });

  // The join page, as a phone opens it from the QR code.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const joinPage = await phone.newPage();
  await joinPage.goto(room.joinUrl);
  await joinPage.getByLabel('Votre nom').fill('Awa Ndiaye');
  await shoot(joinPage, 'room-join');
  await phone.close();

  const awa = await joinAs(browser, room, 'Awa Ndiaye', 'Sénégal');
  await Promise.all([joinAs(browser, room, 'João Tavares', 'Cabo Verde'), joinAs(browser, room, 'Kofi Mensah', 'Togo')]);
  for (const text of ['Mobiliser des ressources internes : une part des recettes minières pour la CMU. #financement', 'Le Sénégal propose un jumelage avec le Brésil sur le registre national unifié. #pilote #sud-sud']) {
    await awa.locator('#ws-capture-box').fill(text);
    await awa.locator('#ws-capture-box').press('Enter');
    await expect(awa.locator('li[data-note-id]').filter({ hasText: text }).first()).toHaveAttribute('data-save-state', 'saved');
  }
  await shoot(awa, 'room-participant-notes', { fullPage: true });
  await awa.goto(`${room.url}#/p/plan`);
  await expect(awa.locator('.screen[data-ready="true"]').first()).toBeVisible();
  await expect(awa.getByText('Actualiser la stratégie nationale').first()).toBeVisible();
  await shoot(awa, 'room-participant-plan');

  await page.setViewportSize({ width: 1280, height: 1250 });
  await page.goto(`${room.facilitatorUrl}#/room`);
  const panel = page.locator('.screen.room-panel[data-ready="true"]');
  await expect(panel.locator('li[data-device-id]')).toHaveCount(3);
  await panel.getByRole('button', { name: 'Tester le réseau' }).click();
  await expect(panel.locator('[data-selftest="done"] li[data-ok="true"]')).toHaveCount(1);
  await expect(panel.locator('li[data-device-id]').filter({ hasText: 'Awa Ndiaye' })).toContainText('Sénégal');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'room-panel');
});
