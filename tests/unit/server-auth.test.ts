/**
 * The browser mode's defences that are not about one method (issue 10, items 1-3 and 10; issue 9's
 * room sessions): the launch token and its cookie, the Host check, the room's join code (wrong,
 * too many, rotated), revocation, forged cookies, sessions across a restart, the event stream's
 * resume, paths and signing refused over HTTP, and the slow-client limits. Loopback only.
 */
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Hub } from '../../main/core/hub';
import { libraryDir } from '../../main/platform/paths';
import { startServer, type RunningServer, type ServerOptions } from '../../main/server/server';
import { CODE_ALPHABET } from '../../main/server/auth';

let tmp: string;
let dataDir: string;
let rendererDir: string;
let hub: Hub;
const running: RunningServer[] = [];

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'socle-auth-test-'));
  dataDir = path.join(tmp, 'data');
  rendererDir = path.join(tmp, 'renderer');
  await fs.mkdir(rendererDir, { recursive: true });
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  hub = await Hub.open({ dataDir, libraryDir: libraryDir(), compactAfterMs: 0 });
}, 60_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await hub?.close();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

async function start(over: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const s = await startServer({ hub, dataDir, host: '127.0.0.1', port: 0, rendererDir, warn: () => undefined, ...over });
  running.push(s);
  return s;
}

function raw(s: RunningServer, p: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: s.port, path: p, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'content-type': 'application/json' };
const api = (s: RunningServer, method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${s.url}api/${method}`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });
const join = (s: RunningServer, code: string, name = 'Fatou') =>
  fetch(`${s.url}room/join`, { method: 'POST', headers: json, body: JSON.stringify({ code, name }) });
const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';', 1)[0]!;

describe('the launch token (browser mode on loopback)', () => {
  it('refuses the API without a session, exchanges ?token= for a strict cookie and redirects to the clean URL', async () => {
    const s = await start();
    expect(s.tokenUrl).toBe(`${s.url}?token=${s.token}`);
    const none = await api(s, 'search', { q: 'x' });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    const wrong = await raw(s, '/?token=not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const ok = await raw(s, `/search?q=retraite&token=${s.token}`);
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe('/search?q=retraite');
    const cookie = ok.headers['set-cookie']![0]!;
    expect(cookie).toMatch(new RegExp(`^socle_session_${s.port}=[A-Za-z0-9_-]{40,}; `));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain(s.token);
    const authed = await api(s, 'search', { q: 'retraite' }, { cookie: cookie.split(';', 1)[0]! });
    expect(authed.status).toBe(200);
    // The static UI itself needs no session (it holds no data).
    expect((await raw(s, '/')).status).toBe(200);
  });

  it('keeps the token in the data folder, mode 0600, across restarts', async () => {
    const a = await start();
    const file = path.join(dataDir, 'server', 'token');
    expect((await fs.readFile(file, 'utf8')).trim()).toBe(a.token);
    if (process.platform !== 'win32') expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    await a.close();
    const b = await start();
    expect(b.token).toBe(a.token);
  });

  it('refuses a Bearer header with the wrong token and a forged cookie', async () => {
    const s = await start();
    expect((await api(s, 'search', {}, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await api(s, 'search', {}, { cookie: `socle_session_${s.port}=${'A'.repeat(43)}` })).status).toBe(401);
    expect((await api(s, 'search', {}, { authorization: `Bearer ${s.token}` })).status).toBe(200);
  });

  it('answers nothing to a Host header that is not one of its addresses (DNS rebinding), in both modes', async () => {
    for (const s of [await start(), await start({ room: {} })]) {
      const r = await raw(s, '/api/health', { headers: { host: `evil.example:${s.port}`, authorization: `Bearer ${s.token}` } });
      expect(r.status).toBe(403);
      expect((await raw(s, '/', { headers: { host: `evil.example:${s.port}` } })).status).toBe(403);
      expect((await raw(s, '/api/health', { headers: { host: `127.0.0.1:${s.port}`, authorization: `Bearer ${s.token}` } })).status).toBe(200);
    }
  });
});

describe('refused over HTTP, whoever asks (issue 10, items 1 and 2)', () => {
  it('file, outFile and overwrite: 403, no file written or read', async () => {
    const s = await start();
    const auth = { authorization: `Bearer ${s.token}` };
    const target = path.join(tmp, 'written-by-http.socle');
    const probe = path.join(tmp, 'probe.socle');
    await fs.writeFile(probe, 'not a bundle');
    const calls: [string, unknown][] = [
      ['exportBundle', { outFile: target, publisher: { name: 'X' } }],
      ['exportBundle', { outFile: target, overwrite: true, publisher: { name: 'X' } }],
      ['importPreview', { file: probe }],
      ['importApply', { file: probe }],
    ];
    for (const [method, input] of calls) {
      const r = await api(s, method, input, auth);
      expect(r.status, method).toBe(403);
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('forbidden');
      expect(body.error.message).not.toContain(probe);
    }
    await expect(fs.stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('identity {create: true}: 403 and no key made; reading the identity still works', async () => {
    const s = await start();
    const auth = { authorization: `Bearer ${s.token}` };
    const r = await api(s, 'identity', { create: true }, auth);
    expect(r.status).toBe(403);
    const after = (await (await api(s, 'identity', {}, auth)).json()) as { value: { exists: boolean } };
    expect(after.value.exists).toBe(false);
  });
});

describe('the workshop room', () => {
  it('gives a 6-character code without look-alikes, valid until the end of the day', async () => {
    const s = await start({ room: {} });
    expect(s.room!.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{6}$`));
    expect(s.room!.code).not.toMatch(/[01OIL5S2Z8B]/);
    const end = new Date();
    end.setHours(23, 59, 59, 999);
    expect(Date.parse(s.room!.expiresAt)).toBe(end.getTime());
    expect(s.room!.joinUrl).toBe(`${s.url}#/join?code=${s.room!.code}`);
    expect(s.room!.facilitatorUrl).toBe(s.tokenUrl);
  });

  it('joins with the code (any case), refuses a wrong one with 401 and the sixth wrong try in a minute with 429', async () => {
    let now = Date.now();
    const s = await start({ room: {}, clock: () => new Date(now) });
    const ok = await join(s, s.room!.code.toLowerCase());
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const wrongCode = s.room!.code === 'AAAAAA' ? 'CCCCCC' : 'AAAAAA';
    for (let i = 0; i < 5; i++) expect((await join(s, wrongCode)).status).toBe(401);
    const blocked = await join(s, s.room!.code);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('60');
    now += 61_000;
    expect((await join(s, s.room!.code)).status).toBe(200);
  });

  it('refuses the old code after a rotation; joined devices stay in until revoked', async () => {
    const s = await start({ room: {} });
    const facilitator = { ...json, authorization: `Bearer ${s.token}` };
    const old = s.room!.code;
    const device = cookieOf(await join(s, old, 'Rotation'));
    const rotated = (await (await fetch(`${s.url}room/rotate`, { method: 'POST', headers: facilitator, body: '{}' })).json()) as { value: { code: string; devices: { id: string; name: string }[] } };
    expect(rotated.value.code).not.toBe(old);
    expect((await join(s, old)).status).toBe(401);
    expect((await api(s, 'search', { q: 'x' }, { cookie: device })).status).toBe(200);
    const d = rotated.value.devices.find((x) => x.name === 'Rotation');
    await fetch(`${s.url}room/revoke`, { method: 'POST', headers: facilitator, body: JSON.stringify({ id: d!.id }) });
    expect((await api(s, 'search', { q: 'x' }, { cookie: device })).status).toBe(401);
    expect((await join(s, rotated.value.code)).status).toBe(200);
  });

  it('keeps sessions across a server restart', async () => {
    const a = await start({ room: {} });
    const device = cookieOf(await join(a, a.room!.code));
    const port = a.port;
    await a.close();
    const b = await start({ room: {}, port });
    expect(b.room!.code).toBe(a.room!.code);
    expect((await api(b, 'search', { q: 'x' }, { cookie: device })).status).toBe(200);
  });

  it('serves the room routes only to who may use them', async () => {
    const s = await start({ room: {} });
    const device = cookieOf(await join(s, s.room!.code));
    expect((await fetch(`${s.url}room/state`)).status).toBe(401);
    expect((await fetch(`${s.url}room/events`)).status).toBe(401);
    expect((await fetch(`${s.url}room/state`, { headers: { cookie: device } })).status).toBe(403);
    expect((await fetch(`${s.url}room/rotate`, { method: 'POST', headers: { ...json, cookie: device }, body: '{}' })).status).toBe(403);
    const qr = await fetch(`${s.url}room/qr.svg`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toBe('image/svg+xml');
    expect(await qr.text()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const who = (await (await fetch(`${s.url}room/whoami`, { headers: { cookie: device } })).json()) as { value: { role: string } };
    expect(who.value.role).toBe('participant');
    expect((await fetch(`${s.url}room/whoami`)).status).toBe(401);
  });

  it('refuses oversized notes and malformed JSON, leaving the store unchanged', async () => {
    const s = await start({ room: {} });
    const device = cookieOf(await join(s, s.room!.code));
    const before = [...hub.store.all()].length;
    const big = await api(s, 'captureNote', { workshopId: 'x', text: 'a'.repeat(1024 * 1024 + 1) }, { cookie: device });
    expect(big.status).toBe(413);
    const bad = await fetch(`${s.url}api/captureNote`, { method: 'POST', headers: { ...json, cookie: device }, body: '{"text": ' });
    expect(bad.status).toBe(400);
    expect([...hub.store.all()].length).toBe(before);
  });

  it('runs the LAN self-test against the addresses it is given (loopback here)', async () => {
    const s = await start({ room: {} });
    const r = (await (await fetch(`${s.url}room/selftest`, { headers: { authorization: `Bearer ${s.token}` } })).json()) as { value: { address: string; ok: boolean }[] };
    expect(r.value).toEqual([expect.objectContaining({ address: '127.0.0.1', ok: true })]);
  });
});

describe('the event stream', () => {
  /** Reads SSE events from a stream until `count` named events arrived. */
  async function readEvents(s: RunningServer, headers: Record<string, string>, count: number) {
    const ctrl = new AbortController();
    const res = await fetch(`${s.url}room/events`, { headers, signal: ctrl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const events: { id: string; event: string; data: unknown }[] = [];
    let buffer = '';
    const deadline = Date.now() + 5000;
    while (events.length < count && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += Buffer.from(value).toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const f = Object.fromEntries(block.split('\n').filter((l) => /^(id|event|data):/.test(l)).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
        if (f.event) events.push({ id: f.id!, event: f.event, data: JSON.parse(f.data ?? '{}') });
      }
    }
    ctrl.abort();
    return events;
  }

  it('streams note changes and replays what a reconnecting client missed (Last-Event-ID)', async () => {
    const s = await start({ room: {} });
    const auth = { authorization: `Bearer ${s.token}` };
    const made = (await (await api(s, 'createWorkshop', { from: 'dakar-2017', start: '2027-03-01' }, auth)).json()) as { value: { workshop: { id: string } } };
    const workshopId = made.value.workshop.id;
    const listening = readEvents(s, auth, 1);
    await new Promise((r) => setTimeout(r, 100));
    const n1 = (await (await api(s, 'captureNote', { workshopId, text: 'Première' }, auth)).json()) as { value: { note: { id: string } } };
    const [first] = await listening;
    expect(first).toMatchObject({ event: 'record', data: { id: n1.value.note.id, recordType: 'note', workshopId, deleted: false } });
    // Disconnected: two more notes are captured; the reconnection gets both, in order, once.
    const n2 = (await (await api(s, 'captureNote', { workshopId, text: 'Deuxième' }, auth)).json()) as { value: { note: { id: string } } };
    const n3 = (await (await api(s, 'captureNote', { workshopId, text: 'Troisième' }, auth)).json()) as { value: { note: { id: string } } };
    const replay = await readEvents(s, { ...auth, 'last-event-id': first!.id }, 2);
    expect(replay.map((e) => (e.data as { id: string }).id)).toEqual([n2.value.note.id, n3.value.note.id]);
    // An id from another server run asks the client to reload everything.
    const reset = await readEvents(s, { ...auth, 'last-event-id': 'deadbeef-3' }, 1);
    expect(reset[0]!.event).toBe('reset');
  });
});

describe('slow and greedy clients (issue 10, item 10)', () => {
  function openSocket(port: number): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
    });
  }
  const closed = (socket: net.Socket, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (socket.destroyed) return resolve(true);
      const t = setTimeout(() => resolve(false), ms);
      socket.once('close', () => {
        clearTimeout(t);
        resolve(true);
      });
    });

  it('caps connections per address: the extra ones are closed at once, the others still served', async () => {
    const s = await start({ limits: { perAddress: 4 } });
    const sockets = await Promise.all([1, 2, 3, 4].map(() => openSocket(s.port)));
    const extra = await openSocket(s.port);
    expect(await closed(extra, 2000)).toBe(true);
    sockets.forEach((x) => x.destroy());
    await new Promise((r) => setTimeout(r, 100));
    expect((await api(s, 'search', {}, { authorization: `Bearer ${s.token}` })).status).toBe(200);
  });

  it('cuts a body that stops making progress, long before the upload timeout', async () => {
    const s = await start({ limits: { bodyIdleMs: 300 } });
    const socket = await openSocket(s.port);
    socket.write(
      `POST /api/search HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nAuthorization: Bearer ${s.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"q":`,
    );
    const t0 = Date.now();
    expect(await closed(socket, 3000)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  it('handles at most two bundle uploads at once: the third is told to retry', async () => {
    const s = await start({ limits: { uploadsInFlight: 2, bodyIdleMs: 5000 } });
    const slow = await Promise.all([1, 2].map(() => openSocket(s.port)));
    for (const socket of slow) {
      socket.write(
        `POST /api/importPreview HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nAuthorization: Bearer ${s.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"bytes":"`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
    const third = await api(s, 'importPreview', { bytes: 'AAAA' }, { authorization: `Bearer ${s.token}` });
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toBe('5');
    expect(await third.json()).toMatchObject({ ok: false, error: { code: 'busy' } });
    slow.forEach((x) => x.destroy());
    await new Promise((r) => setTimeout(r, 200));
    expect((await api(s, 'importPreview', { bytes: 'AAAA' }, { authorization: `Bearer ${s.token}` })).status).not.toBe(503);
  });
});

describe('socle serve', () => {
  it('refuses an address off this computer without --room: exit 2, one line naming --room', async () => {
    const { cli } = await import('./helpers');
    const r = await cli(['--data', path.join(tmp, 'cli-data'), 'serve', '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('--room');
    expect(r.out).toBe('');
  });
});
