/**
 * End-to-end tests: the real UI in headless Chromium against `socle serve` (one throwaway server
 * and data folder per test, see tests/e2e/fixtures.ts), plus the Electron shell where its binary
 * exists. Run with `npm run test:e2e` (builds what is missing first).
 *
 * The browser is the system Chromium (Debian's /usr/bin/chromium); Playwright's own download is
 * never needed. PLAYWRIGHT_CHROMIUM_PATH overrides it.
 */
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const chromium = process.env.PLAYWRIGHT_CHROMIUM_PATH || '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  // Each test starts its own server (a Node process) next to a browser: on a 2-core machine two
  // workers is the most that keeps timings honest.
  workers: Number(process.env.SOCLE_E2E_WORKERS) || 2,
  fullyParallel: false,
  retries: 0,
  reporter: [['list'], ['./tests/e2e/skip-reasons-reporter.ts']],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: existsSync(chromium) ? chromium : undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
  },
});
