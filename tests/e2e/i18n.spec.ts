/** The interface language: French by default, English on request, remembered across reloads. */
import { test, expect } from './fixtures';

test('switching to English relabels the interface, and the choice survives a reload', async ({ page, hub }) => {
  await hub.goto(page);
  await expect(page.locator('.screen.home[data-ready="true"]')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bienvenue dans Socle');

  await page.getByRole('group', { name: 'Langue de l’interface' }).getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'Home' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'New practice' })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search the library' })).toBeVisible();
  // Shelves come back in English too (labels from the core's label tables).
  await expect(page.getByRole('heading', { name: 'Convention No. 102' })).toBeVisible();

  await page.reload();
  await expect(page.locator('.screen.home[data-ready="true"]')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Socle');
  await expect(page.getByRole('group', { name: 'Interface language' }).getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');

  // Facets and the editor speak English as well.
  await hub.goto(page, '#/search?q=pension');
  await expect(page.locator('.screen.search[data-ready="true"][data-query="pension"]')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Type' }).getByRole('checkbox', { name: /Good practice/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Refine' })).toBeVisible();
  await hub.goto(page, '#/new/practice');
  await expect(page.locator('.screen.editor[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Old-age benefit (Part V)' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Title (required)' })).toBeVisible();

  // And back to French, remembered as well.
  await page.getByRole('group', { name: 'Interface language' }).getByRole('button', { name: 'Français' }).click();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('textbox', { name: 'Titre (obligatoire)' })).toBeVisible();
});
