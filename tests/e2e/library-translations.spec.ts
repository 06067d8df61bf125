/**
 * The library in the reader's language: a bundled practice, written in French, shows its English
 * body to an English-speaking reader, and a key guide offers its Portuguese version.
 */
import { test, expect } from './fixtures';

test('an English reader gets the practice body in English, and a key guide links to its Portuguese version', async ({ page, hub }) => {
  await hub.goto(page);
  await expect(page.locator('.screen.home[data-ready="true"]')).toBeVisible();
  await page.getByRole('group', { name: 'Langue de l’interface' }).getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await hub.goto(page, '#/record/tg-novissi');
  await expect(page.locator('.screen.reader[data-ready="true"][data-record-id="tg-novissi"]')).toBeVisible();
  const translation = page.getByRole('region', { name: 'Translation (English)' });
  await expect(translation).toBeVisible();
  await expect(translation).toHaveAttribute('lang', 'en');
  await expect(translation.getByRole('heading', { name: 'Background' })).toBeVisible();
  await expect(translation).toContainText('about 920,000 people were paid');
  // Internal links in the English body lead to records, like the French ones.
  await translation.getByRole('link', { name: "Senegal's National Single Registry" }).click();
  await expect(page.locator('.screen.reader[data-ready="true"][data-record-id="sn-rnu"]')).toBeVisible();

  await hub.goto(page, '#/record/c102-overview-pt');
  await expect(page.locator('.screen.reader[data-ready="true"][data-record-id="c102-overview-pt"]')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('A Convenção n.º 102 em resumo');
  await expect(page.locator('article.reader-main')).toHaveAttribute('lang', 'pt');
});
