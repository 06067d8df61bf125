/**
 * The workshop room's e2e fixture (room.spec.ts, room-screenshots.spec.ts): `socle serve --room
 * --host 127.0.0.1` on a throwaway data folder (loopback only), its first JSON line (facilitator
 * URL, join URL, code), API and room calls as the facilitator (Bearer token), and joining as a
 * participant in a phone-sized browser context.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { startHubServer, stopHubServer, type StartedServer } from './fixtures';

export interface Room extends StartedServer {
  facilitatorUrl: string;
  joinUrl: string;
  code: string;
  dataDir: string;
  call<T = unknown>(method: string, input: unknown): Promise<T>;
  room<T = unknown>(route: string, body?: unknown): Promise<T>;
}

export const test = base.extend<{ room: Room }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern for the fixture's dependencies.
  room: async ({}, use) => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'socle-e2e-room-'));
    const server = await startHubServer(dataDir, ['--room', '--host', '127.0.0.1']);
    const auth = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    const call = async <T,>(method: string, input: unknown): Promise<T> => {
      const r = (await (await fetch(new URL(`api/${method}`, server.url), { method: 'POST', headers: auth, body: JSON.stringify(input) })).json()) as { ok: boolean; value: T; error?: { message: string } };
      if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
      return r.value;
    };
    const room = async <T,>(route: string, body?: unknown): Promise<T> => {
      const res = await fetch(new URL(`room/${route}`, server.url), { method: body === undefined ? 'GET' : 'POST', headers: auth, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return ((await res.json()) as { value: T }).value;
    };
    try {
      await use({ ...server, ...(server.ready as { facilitatorUrl: string; joinUrl: string; code: string }), dataDir, call, room });
    } finally {
      await stopHubServer(server.child);
      await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
    }
  },
});

export async function joinAs(browser: Browser, room: Room, name: string, groupName: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(room.joinUrl);
  await expect(page.getByRole('heading', { name: 'Rejoindre l’atelier' })).toBeVisible();
  await expect(page.getByLabel('Code de la salle')).toHaveValue(room.code);
  await page.getByLabel('Votre nom').fill(name);
  await page.getByRole('button', { name: 'Rejoindre' }).click();
  await expect(page.getByRole('heading', { name: 'Choisissez votre groupe' })).toBeVisible();
  await page.getByLabel('Groupe').selectOption({ label: groupName });
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(page.locator('.screen.capture[data-ready="true"]')).toBeVisible();
  // The code has left the address bar.
  expect(page.url()).not.toContain(room.code);
  return page;
}

export { expect };
