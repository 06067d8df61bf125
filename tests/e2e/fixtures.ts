/**
 * Playwright fixtures for the browser mode. Every test gets its own `socle serve` on a free port
 * and a throwaway data folder, so tests never share records and can run in parallel. Readiness
 * is the server's own first line (`socle --json serve` prints `{"url","port"}`), never a sleep.
 * The browser mode needs its secret token: `hub.goto` opens pages with `?token=` (the server
 * turns it into a session cookie and redirects to the clean URL, keeping the #route), and API
 * calls from the test send it as `Authorization: Bearer` (see `authHeaders`).
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
/** An upper bound only (the server signals readiness): opening the hub indexes the library. */
const START_TIMEOUT_MS = 60_000;

export interface HubServer {
  /** e.g. http://127.0.0.1:41234/ (needs a session: use goto, or authHeaders for fetch) */
  url: string;
  /** The server's secret token (the `?token=` of the URL it printed). */
  token: string;
  /** The server's data folder (removed after the test). */
  dataDir: string;
  /** Everything the server printed on stderr so far (warnings, errors). */
  stderr(): string;
  /** Opens the UI, optionally at a route such as `#/trash`. */
  goto(page: Page, route?: string): Promise<void>;
}

export type ApiCall = <M extends MethodName>(method: M, input?: MethodInput<M>) => ReturnType<HubApi[M]>;

const TOKENS = new Map<string, string>();

/** The header that signs a test's own API call in to the server at `url` (a server this file started). */
export function authHeaders(url: string): Record<string, string> {
  const token = TOKENS.get(new URL(url).origin);
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** `route` (e.g. `#/trash`) on the server, with the token that signs the page in. */
export function signedUrl(url: string, token: string, route = ''): string {
  const u = new URL(route, url);
  u.searchParams.set('token', token);
  return u.href;
}

export interface StartedServer {
  url: string;
  token: string;
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  /** The whole first line (in a room: facilitatorUrl, joinUrl, code, expiresAt). */
  ready: Record<string, string>;
}

/** Starts `socle --json serve --port 0 --data <dataDir>` (plus `extra`) and resolves once it prints its first line. */
export async function startHubServer(dataDir: string, extra: string[] = []): Promise<StartedServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.SOCLE_DATA;
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'socle.js'), '--json', 'serve', '--port', '0', '--data', dataDir, ...extra], { cwd: ROOT, env });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ready = await new Promise<Record<string, string>>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => fail(`did not print its ready line within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    function fail(why: string) {
      clearTimeout(timer);
      lines.close();
      child.kill('SIGKILL');
      reject(new Error(`socle serve ${why}.\n--- its stderr ---\n${stderr.trim() || '(empty)'}`));
    }
    lines.on('line', (line) => {
      let first: Record<string, string>;
      try {
        first = JSON.parse(line) as Record<string, string>;
      } catch {
        return;
      }
      clearTimeout(timer);
      // Keep draining stdout so a chatty server never blocks on a full pipe.
      lines.removeAllListeners('line');
      resolve(first);
    });
    child.once('exit', (code, signal) => fail(`exited before it was ready (${signal ?? `code ${code}`})`));
    child.once('error', (e) => fail(`could not be started: ${e.message}`));
  });
  child.removeAllListeners('exit');
  const signed = new URL(ready.facilitatorUrl ?? ready.url!);
  const token = signed.searchParams.get('token') ?? '';
  signed.search = '';
  const url = signed.href;
  TOKENS.set(signed.origin, token);
  return { url, token, child, stderr: () => stderr, ready };
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
        headers: { 'content-type': 'application/json', ...authHeaders(hub.url) },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as Result<unknown>;
    };
    await use(call as ApiCall);
  },
});

export { expect };
