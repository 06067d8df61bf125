/**
 * "Open the workshop room" from the desktop app's menu (main/app/room.ts): the same room as
 * `socle serve --room` over the window's hub; the facilitator's panel opens in the browser; a
 * second click shows the same room, a busy port 4317 falls back to a free one, closing stops it.
 * Electron is mocked (its binary is absent in CI); the room itself is real, on loopback only.
 */
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

const opened: string[] = [];
let locale = 'fr-SN';
vi.mock('electron', () => ({
  app: { getLocale: () => locale, name: 'Socle' },
  Menu: { buildFromTemplate: (t: unknown) => t },
  shell: { openExternal: async (url: string) => void opened.push(url) },
  dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn() },
}));

const { Hub } = await import('../../main/core/hub');
const { libraryDir } = await import('../../main/platform/paths');
const { DEFAULT_PORT } = await import('../../main/server/server');
const { DesktopRoom, roomHostFromArgs } = await import('../../main/app/room');
const { buildMenu } = await import('../../main/app/menu');

let tmp: string;
let hub: Awaited<ReturnType<typeof Hub.open>>;
let rendererDir: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'socle-app-room-'));
  rendererDir = path.join(tmp, 'renderer');
  await fs.mkdir(rendererDir, { recursive: true });
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  hub = await Hub.open({ dataDir: path.join(tmp, 'data'), libraryDir: libraryDir(), compactAfterMs: 0 });
}, 60_000);

afterAll(async () => {
  await hub?.close();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

/** Holds 127.0.0.1:4317 when it is free, so the room must fall back (if something else holds it, same thing). */
function holdDefaultPort(): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(undefined));
    s.listen(DEFAULT_PORT, '127.0.0.1', () => resolve(s));
  });
}

describe('the desktop app opens a workshop room', () => {
  it('serves the room on a free port, opens the facilitator panel, reuses it, and stops on close', async () => {
    const blocker = await holdDefaultPort();
    let changes = 0;
    const room = new DesktopRoom({ hub, dataDir: path.join(tmp, 'data'), rendererDir, host: '127.0.0.1', onChange: () => changes++ });
    try {
      expect(room.isOpen).toBe(false);
      await room.open();
      expect(room.isOpen).toBe(true);
      expect(changes).toBe(1);
      expect(opened).toHaveLength(1);
      const url = new URL(opened[0]!);
      expect(url.hostname).toBe('127.0.0.1');
      expect(Number(url.port)).not.toBe(DEFAULT_PORT);
      expect(url.searchParams.get('token')).toBeTruthy();

      // The secret URL signs the browser in as the facilitator, who sees the join code.
      const signIn = await fetch(url, { redirect: 'manual' });
      const cookie = signIn.headers.get('set-cookie')!.split(';', 1)[0]!;
      const state = ((await (await fetch(new URL('/room/state', url), { headers: { cookie } })).json()) as { value: { code: string } }).value;
      expect(state.code).toMatch(/^[A-Z0-9]{6}$/);
      // A participant joins with that code; without a session the API is closed, loopback included.
      const joined = await fetch(new URL('/room/join', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: state.code, name: 'Awa' }) });
      expect(joined.status).toBe(200);
      const anonymous = await fetch(new URL('/api/search', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"q":"retraite"}' });
      expect(anonymous.status).toBe(401);

      // The menu's second click shows the same room rather than opening another.
      await room.open();
      expect(opened).toHaveLength(2);
      expect(opened[1]).toBe(opened[0]);

      await room.close();
      expect(room.isOpen).toBe(false);
      expect(changes).toBe(2);
      await expect(fetch(new URL('/room/ping', url))).rejects.toThrow();
    } finally {
      await room.close();
      await new Promise((r) => (blocker ? blocker.close(r) : r(undefined)));
    }
  });

  it('listens on every interface unless --room-host or SOCLE_ROOM_HOST names one', () => {
    expect(roomHostFromArgs(['electron', 'main.js'], {})).toBe('0.0.0.0');
    expect(roomHostFromArgs(['electron', 'main.js', '--room-host', '192.168.1.20'], {})).toBe('192.168.1.20');
    expect(roomHostFromArgs(['electron', 'main.js', '--room-host=127.0.0.1'], {})).toBe('127.0.0.1');
    expect(roomHostFromArgs(['electron'], { SOCLE_ROOM_HOST: '10.0.0.5' })).toBe('10.0.0.5');
  });

  it('the File menu offers to open the room, then to show or close it, in the system language', () => {
    const fileItems = (isOpen: boolean) => {
      const open = vi.fn();
      const template = buildMenu(() => undefined, { dev: false, room: { isOpen, open, close: vi.fn() } }) as unknown as MenuItemConstructorOptions[];
      const file = template.find((m) => m.label === 'Fichier' || m.label === 'File')!;
      return { items: (file.submenu as MenuItemConstructorOptions[]).filter((i) => i.id?.startsWith('room-')), open };
    };
    locale = 'fr-SN';
    const closed = fileItems(false);
    expect(closed.items.map((i) => i.label)).toEqual(['Ouvrir la salle d’atelier…']);
    (closed.items[0]!.click as () => void)();
    expect(closed.open).toHaveBeenCalledOnce();
    expect(fileItems(true).items.map((i) => i.label)).toEqual(['Afficher le panneau de la salle', 'Fermer la salle']);
    locale = 'en-GB';
    expect(fileItems(false).items.map((i) => i.label)).toEqual(['Open the workshop room…']);
  });
});
