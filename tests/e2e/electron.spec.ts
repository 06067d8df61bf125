/**
 * The desktop shell under Playwright's Electron driver: the window opens on app://socle/, the
 * preload exposes exactly the contract's methods, the page has no Node, and navigation away is
 * blocked. Needs the Electron binary and `npx electron-vite build` (npm run test:e2e does both
 * checks); skipped where the binary could not be downloaded.
 */
import { existsSync, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { METHODS } from '../../main/core/contract-methods';
import { ROOT } from './fixtures';

function electronBinary(): string | undefined {
  try {
    // The electron package exports its binary's path, and throws when the download was skipped.
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const mainEntry = path.join(ROOT, 'out', 'main', 'index.js');

test.describe('desktop shell', () => {
  test.skip(
    !binary,
    'Electron binary not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD); the desktop shell is type-checked and this spec runs where the binary exists',
  );

  let app: ElectronApplication;
  let win: Page;
  let dataDir: string;

  test.beforeEach(async () => {
    expect(existsSync(mainEntry), `${mainEntry} is missing: run "npx electron-vite build" (npm run test:e2e does it)`).toBe(true);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'socle-electron-'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    delete env.ELECTRON_RUN_AS_NODE;
    delete env.ELECTRON_RENDERER_URL; // the built UI on app://socle/, never a dev server
    env.SOCLE_ROOM_HOST = '127.0.0.1'; // a room opened from the menu stays on loopback in tests
    app = await electron.launch({
      executablePath: binary,
      // Chromium refuses to start as root without --no-sandbox (CI containers); the renderer
      // stays context-isolated and Node-free either way.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), mainEntry, '--data', dataDir],
      env,
    });
    win = await app.firstWindow();
    await win.waitForLoadState('domcontentloaded');
  });

  test.afterEach(async () => {
    await app?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
  });

  test('opens the UI from app://socle/ with the contract on window.socle', async () => {
    expect(win.url()).toMatch(/^app:\/\/socle\//);
    const methods = await win.evaluate(() => Object.keys((window as unknown as { socle?: object }).socle ?? {}));
    expect(methods.sort()).toEqual([...METHODS].sort());
    const info = await win.evaluate(() => (window as unknown as { socle: { info(i: object): Promise<{ ok: boolean }> } }).socle.info({}));
    expect(info.ok).toBe(true);
    const host = await win.evaluate(() => {
      const h = (window as unknown as { socleHost?: Record<string, unknown> }).socleHost;
      return h ? { kind: h.kind, focus: typeof h.onFocusSearch, open: typeof h.openExternal } : null;
    });
    expect(host).toEqual({ kind: 'desktop', focus: 'function', open: 'function' });
  });

  test('the page has no Node: no require, no process, no ipcRenderer', async () => {
    const globals = await win.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { require: typeof w.require, process: typeof w.process, module: typeof w.module, ipcRenderer: typeof w.ipcRenderer, electron: typeof w.electron };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined', electron: 'undefined' });
  });

  test('navigation to an external site and new windows are blocked', async () => {
    // Resolves when the main process sees the navigation attempt (after the shell's own handler).
    const attempted = app.evaluate(
      ({ BrowserWindow }) =>
        new Promise<string>((resolve) => BrowserWindow.getAllWindows()[0]!.webContents.once('will-navigate', (event) => resolve(event.url))),
    );
    await win.evaluate(() => {
      (window as unknown as { __stillHere: boolean }).__stillHere = true;
      window.location.href = 'https://example.com/';
    });
    expect(await attempted).toBe('https://example.com/');
    // Same page, same JavaScript context: the navigation never happened.
    expect(await win.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere)).toBe(true);
    expect(win.url()).toMatch(/^app:\/\/socle\//);

    const opened = await win.evaluate(() => window.open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  test('openExternal hands the system only web links', async () => {
    // page.evaluate runs with a user gesture, so this exercises the main process's URL check
    // (the preload's gesture check is what stops a page calling it unprompted).
    const refused = await win.evaluate(async () => {
      const h = (window as unknown as { socleHost: { openExternal(u: string): Promise<boolean> } }).socleHost;
      return Promise.all(['file:///etc/passwd', 'javascript:alert(1)', 'app://socle/', 'smb://host/share', 'https://user:pw@example.com/'].map((u) => h.openExternal(u)));
    });
    expect(refused).toEqual([false, false, false, false, false]);
  });

  test('File > Open the workshop room serves the room and opens the facilitator panel in the browser', async () => {
    // The system browser is replaced by a list, so the test sees the URL the user would get.
    await app.evaluate(({ shell }) => {
      const g = globalThis as unknown as { __opened: string[] };
      g.__opened = [];
      shell.openExternal = async (url: string) => void g.__opened.push(url);
    });
    const opened = () => app.evaluate(() => (globalThis as unknown as { __opened: string[] }).__opened);
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('room-open')?.click());
    await expect.poll(async () => (await opened()).length).toBe(1);
    const url = new URL((await opened())[0]!);
    expect(url.hostname).toBe('127.0.0.1');
    const signIn = await fetch(url, { redirect: 'manual' });
    const cookie = signIn.headers.get('set-cookie')!.split(';', 1)[0]!;
    const state = (await (await fetch(new URL('/room/state', url), { headers: { cookie } })).json()) as { value: { code: string } };
    expect(state.value.code).toMatch(/^[A-Z0-9]{6}$/);
    // Closing the room from the menu stops it.
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('room-close')?.click());
    await expect.poll(() => fetch(new URL('/room/ping', url)).then(() => 'up', () => 'down')).toBe('down');
  });
});
