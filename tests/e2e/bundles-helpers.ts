/**
 * Shared by the bundle specs: a second library (hub B, its own `socle serve` and data folder,
 * like the fixture's hub A), API calls to any hub, and the UI steps (export through the download,
 * import through the file input). Every wait is on a signal the app sets (data-ready,
 * data-state...), never a sleep.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import type { MethodInput, MethodName, MethodOutputs } from '../../main/core/contract';
import type { Result } from '../../main/core/result';
import { test as base, expect, ROOT, authHeaders, signedUrl, startHubServer, stopHubServer, type HubServer } from './fixtures';

/** tests/fixtures/bundles: the valid and hostile bundles of the core's tests. */
export const BUNDLE_FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'bundles');

/** Calls a hub's API and returns the value (throws with the hub's message otherwise). */
export async function call<M extends MethodName>(url: string, method: M, input: MethodInput<M>): Promise<MethodOutputs[M]> {
  const res = await fetch(new URL(`api/${method}`, url), { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders(url) }, body: JSON.stringify(input) });
  const r = (await res.json()) as Result<MethodOutputs[M]>;
  if (!r.ok) throw new Error(`${method} on ${url}: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

export interface SecondHub extends HubServer {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutputs[M]>;
}

/** The fixture's `hub` is library A (Yaoundé); `hubB` is a second, independent library (Lomé). `files` is a scratch folder. */
export const test = base.extend<{ hubB: SecondHub; files: string }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern for the fixture's dependencies, even when there are none.
  hubB: async ({}, use) => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'socle-e2e-b-'));
    const { url, token, child, stderr } = await startHubServer(dataDir);
    try {
      await use({
        url,
        token,
        dataDir,
        stderr,
        async goto(page, route = '') {
          await page.goto(signedUrl(url, token, route));
        },
        call: (method, input) => call(url, method, input),
      });
    } finally {
      await stopHubServer(child);
      await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
    }
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  files: async ({}, use) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'socle-e2e-files-'));
    try {
      await use(dir);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  },
});
export { expect };

export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  expect(serious, `${screen}:\n${report}`).toEqual([]);
}

/** On the export screen: ticks the countries, names the publisher, waits for the preview to count `expectTotal`. */
export async function chooseExport(page: Page, opts: { countries: string[]; publisher?: string; organisation?: string; expectTotal: number }): Promise<void> {
  await expect(page.locator('.screen.bundles-export[data-ready="true"]')).toBeVisible();
  for (const c of opts.countries) await page.getByRole('checkbox', { name: c, exact: true }).check();
  if (opts.publisher !== undefined) await page.getByRole('textbox', { name: /Nom de l’éditeur/ }).fill(opts.publisher);
  if (opts.organisation !== undefined) await page.getByRole('textbox', { name: 'Organisation', exact: true }).fill(opts.organisation);
  await expect(page.locator(`.screen.bundles-export[data-ready="true"][data-total="${opts.expectTotal}"]`)).toBeVisible();
}

/** Clicks the export button and saves the browser download into `dir`; returns the file path. */
export async function downloadExport(page: Page, dir: string, as: string): Promise<{ file: string; suggested: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Exporter et télécharger/ }).click()]);
  const file = path.join(dir, as);
  await download.saveAs(file);
  await expect(page.locator('[data-export-done="true"]')).toBeVisible();
  return { file, suggested: download.suggestedFilename() };
}

/** On the import screen: gives the file to the file input and waits for the preview to settle. */
export async function pickBundle(page: Page, file: string): Promise<void> {
  await expect(page.locator('.screen.bundles-import[data-ready="true"]')).toBeVisible();
  await page.getByLabel('Choisir un fichier .socle').setInputFiles(file);
  await expect(page.locator('.screen.bundles-preview[data-ready="true"]')).toBeVisible();
}
