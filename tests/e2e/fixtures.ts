/**
 * Playwright fixtures for the browser mode. Every test gets its own `socle serve` on a free port
 * and a throwaway data folder, so tests never share records and can run in parallel. Readiness
 * is the server's own "Socle is ready at URL" line, never a sleep.
 *
 *   import { test, expect } from './fixtures';
 *   test('...', async ({ page, hub, api }) => {
 *     await api('create', { record: { type: 'note', body: 'x' } });  // prepare data
 *     await hub.goto(page, '#/search?q=retraite');                    // open the UI
 *   });
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import type { HubApi, MethodInput, MethodName } from '../../main/core/contract';
import type { Result } from '../../main/core/result';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const READY = /^Socle is ready at (http:\/\/\S+)$/;
/** An upper bound only (the server signals readiness): opening the hub indexes the library. */
const START_TIMEOUT_MS = 60_000;

export interface HubServer {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  /** The server's data folder (removed after the test). */
  dataDir: string;
  /** Everything the server printed on stderr so far (warnings, errors). */
  stderr(): string;
  /** Opens the UI, optionally at a route such as `#/trash`. */
  goto(page: Page, route?: string): Promise<void>;
}

export type ApiCall = <M extends MethodName>(method: M, input?: MethodInput<M>) => ReturnType<HubApi[M]>;

/** Starts `socle serve --port 0 --data <dataDir>` and resolves once it prints its ready line. */
export async function startHubServer(dataDir: string): Promise<{ url: string; child: ChildProcessWithoutNullStreams; stderr: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.SOCLE_DATA;
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'socle.js'), 'serve', '--port', '0', '--data', dataDir], { cwd: ROOT, env });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => fail(`did not print its ready line within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    function fail(why: string) {
      clearTimeout(timer);
      lines.close();
      child.kill('SIGKILL');
      reject(new Error(`socle serve ${why}.\n--- its stderr ---\n${stderr.trim() || '(empty)'}`));
    }
    lines.on('line', (line) => {
      const m = READY.exec(line.trim());
      if (!m) return;
      clearTimeout(timer);
      // Keep draining stdout so a chatty server never blocks on a full pipe.
      lines.removeAllListeners('line');
      resolve(m[1]!);
    });
    child.once('exit', (code, signal) => fail(`exited before it was ready (${signal ?? `code ${code}`})`));
    child.once('error', (e) => fail(`could not be started: ${e.message}`));
  });
  child.removeAllListeners('exit');
  return { url, child, stderr: () => stderr };
}

/** SIGTERM (the server closes the hub and exits 0), SIGKILL if it hangs. */
export async function stopHubServer(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export const test = base.extend<{ hub: HubServer; api: ApiCall }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern for the fixture's dependencies, even when there are none.
  hub: async ({}, use, testInfo) => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'socle-e2e-'));
    const { url, child, stderr } = await startHubServer(dataDir);
    try {
      await use({
        url,
        dataDir,
        stderr,
        async goto(page, route = '') {
          await page.goto(new URL(route, url).href);
        },
      });
    } finally {
      await stopHubServer(child);
      if (testInfo.status !== testInfo.expectedStatus && stderr().trim()) {
        await testInfo.attach('socle-serve-stderr', { body: stderr(), contentType: 'text/plain' });
      }
      await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
    }
  },
  api: async ({ hub }, use) => {
    const call = async (method: MethodName, input?: unknown): Promise<Result<unknown>> => {
      const res = await fetch(new URL(`api/${method}`, hub.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as Result<unknown>;
    };
    await use(call as ApiCall);
  },
});

export { expect };
