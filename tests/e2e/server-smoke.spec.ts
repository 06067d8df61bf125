/**
 * Proves the e2e harness itself: a per-test server starts, the UI loads under the strict CSP, and
 * the API helper reaches the same hub. Real UI behaviour is tested in the renderer's specs.
 */
import { test, expect } from './fixtures';

test('the UI loads from socle serve without CSP violations', async ({ page, hub, api }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content.Security.Policy/i.test(msg.text())) violations.push(msg.text());
  });
  page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));

  await hub.goto(page);
  await expect(page).toHaveTitle(/Socle/);
  await expect(page.locator('body')).not.toBeEmpty();
  expect(violations).toEqual([]);

  const info = await api('info', {});
  expect(info.ok).toBe(true);
  if (info.ok) expect(info.value.dataDir).toBe(hub.dataDir);
});

test('a client route reloads to the UI (SPA fallback) and unknown API methods are 404', async ({ page, hub }) => {
  // Without the token the page gets the UI but the API refuses it.
  expect((await page.request.post(new URL('api/info', hub.url).href, { data: {} })).status()).toBe(401);
  await hub.goto(page, 'some/deep/route');
  expect(page.url()).toBe(new URL('some/deep/route', hub.url).href);
  const res = await page.reload();
  expect(res?.status()).toBe(200);
  await expect(page).toHaveTitle(/Socle/);
  const api = await page.request.post(new URL('api/noSuchMethod', hub.url).href, { data: {} });
  expect(api.status()).toBe(404);
});
