/**
 * The browser-mode server (main/server/server.ts) over a real hub: status codes for each kind of
 * failure, the request guards, and that no path ever escapes the renderer folder.
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hub } from '../../main/core/hub';
import { libraryDir } from '../../main/platform/paths';
import { startServer, statusOf, type RunningServer } from '../../main/server/server';

let tmp: string;
let rendererDir: string;
let hub: Hub;
let server: RunningServer;
const warnings: string[] = [];

const INDEX_HTML = '<!doctype html><html><head><title>Socle test UI</title></head><body><div id="root"></div></body></html>';
const SECRET = 'TOP-SECRET-OUTSIDE-RENDERER';

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'socle-server-test-'));
  rendererDir = path.join(tmp, 'renderer');
  await fs.mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await fs.writeFile(path.join(rendererDir, 'index.html'), INDEX_HTML);
  await fs.writeFile(path.join(rendererDir, 'assets', 'index-AbCd1234.js'), 'console.log("ui");');
  await fs.writeFile(path.join(rendererDir, '.env'), SECRET);
  // Files right beside the renderer folder: the first thing a traversal would reach.
  await fs.writeFile(path.join(tmp, 'secret.txt'), SECRET);
  await fs.writeFile(path.join(tmp, 'package.json'), JSON.stringify({ secret: SECRET }));
  await fs.symlink(path.join(tmp, 'secret.txt'), path.join(rendererDir, 'link.txt')).catch(() => undefined);
  hub = await Hub.open({ dataDir: path.join(tmp, 'data'), libraryDir: libraryDir(), compactAfterMs: 0 });
  server = await startServer({ hub, dataDir: path.join(tmp, 'data'), port: 0, rendererDir, warn: (m) => warnings.push(m) });
});

afterAll(async () => {
  await server?.close();
  await hub?.close();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

/** The facilitator's calls carry the token as a Bearer header (tests/unit/server-auth.test.ts covers the cookie). */
const auth = () => ({ authorization: `Bearer ${server.token}` });

async function post(method: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(`${server.url}api/${method}`, { method: 'POST', headers: { ...auth(), ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, json: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string; field?: string } } };
}

/** A request with the path sent byte for byte (fetch would normalise `..` and `%2e%2e` away). */
function rawRequest(rawPath: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { port } = server;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: options.method ?? 'GET', headers: { ...auth(), ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('API', () => {
  it('answers a valid call with 200 and the Result', async () => {
    const r = await post('info', {});
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(true);
    expect(r.json.value).toMatchObject({ version: expect.any(String), counts: expect.any(Object) });
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('treats an empty body as no input', async () => {
    const r = await post('info', '');
    expect(r.status).toBe(200);
  });

  it('rejects invalid input with 400, naming the field', async () => {
    const r = await post('search', { q: 'retraite', limit: 0 });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'invalid', field: 'limit' } });
    expect(r.json.error?.message).toContain('limit');
  });

  it('rejects a body that is not JSON with 400', async () => {
    const r = await post('search', '{"q": ');
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'invalid', message: expect.stringContaining('not valid JSON') });
  });

  it('answers an unknown method with 404', async () => {
    const r = await post('dropDatabase', {});
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('answers a missing record with 404 and a stale revision with 409', async () => {
    expect((await post('get', { id: 'no-such-record' })).status).toBe(404);
    const created = await post('create', { record: { type: 'note', body: 'Une note de test' } });
    expect(created.status).toBe(200);
    const note = created.json.value as { id: string; rev: number };
    const first = await post('update', { id: note.id, rev: note.rev, changes: { body: 'Première modification' } });
    expect(first.status).toBe(200);
    const stale = await post('update', { id: note.id, rev: note.rev, changes: { body: 'Modification concurrente' } });
    expect(stale.status).toBe(409);
    expect(stale.json.error?.code).toBe('conflict');
  });

  it('maps every error code to its HTTP status', () => {
    const err = (code: string) => statusOf({ ok: false, error: { code: code as never, message: '' } });
    expect(statusOf({ ok: true, value: 1 })).toBe(200);
    expect([err('invalid'), err('not-found'), err('conflict'), err('read-only'), err('too-large'), err('internal')]).toEqual([400, 404, 409, 403, 413, 500]);
    expect([err('unauthorized'), err('forbidden'), err('busy')]).toEqual([401, 403, 503]);
  });

  it('refuses GET on a method with 405', async () => {
    const res = await fetch(`${server.url}api/search`, { headers: auth() });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });

  it('refuses a body that is not declared as JSON with 415', async () => {
    const r = await post('search', JSON.stringify({ q: 'x' }), { 'content-type': 'text/plain' });
    expect(r.status).toBe(415);
    expect(r.json.error?.message).toContain('application/json');
  });

  it('accepts a charset in the content type', async () => {
    const r = await post('info', {}, { 'content-type': 'application/json; charset=utf-8' });
    expect(r.status).toBe(200);
  });

  it('refuses a body over the limit with 413 and a clear JSON error', async () => {
    const r = await post('search', { q: 'x'.repeat(1024 * 1024 + 10) });
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'too-large', message: expect.stringContaining('1 MB') } });
  });

  it('lets a bundle upload (base64 in the body) past the 1 MB limit, and only that', async () => {
    const upload = await post('importPreview', { bytes: 'A'.repeat(2 * 1024 * 1024) });
    expect(upload.status).not.toBe(413);
    expect(upload.json.ok).toBe(false); // not a real bundle: the core says why
    const small = await startServer({ hub, dataDir: path.join(tmp, 'data'), port: 0, rendererDir, maxBodyBytes: 1000, bodyLimits: {}, warn: () => undefined });
    try {
      const res = await fetch(`${small.url}api/importPreview`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth() }, body: JSON.stringify({ bytes: 'A'.repeat(2000) }) });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('1 KB');
    } finally {
      await small.close();
    }
  });

  it('answers the health check', async () => {
    const res = await fetch(`${server.url}api/health`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('refuses cross-origin API calls and foreign Host headers', async () => {
    const cross = await post('info', {}, { 'content-type': 'application/json', origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    const rebound = await rawRequest('/api/health', { headers: { host: `evil.example:${server.port}` } });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain('"ok":true');
  });
});

describe('static files', () => {
  it('serves index.html with the security headers', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX_HTML);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it('sends the security headers on API answers and errors too', async () => {
    for (const res of [await fetch(`${server.url}api/health`, { headers: auth() }), await fetch(`${server.url}missing.css`)]) {
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves assets with their MIME type and long caching', async () => {
    const res = await fetch(`${server.url}assets/index-AbCd1234.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('falls back to index.html for client routes, not for missing files', async () => {
    const route = await fetch(`${server.url}record/some-id`);
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(INDEX_HTML);
    expect((await fetch(`${server.url}assets/missing-12345678.js`)).status).toBe(404);
  });

  it('answers HEAD without a body and refuses POST on static paths', async () => {
    const head = await rawRequest('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await rawRequest('/index.html', { method: 'POST' })).status).toBe(405);
  });

  const attacks = [
    '/../package.json',
    '/../secret.txt',
    '/%2e%2e/package.json',
    '/%2E%2E/secret.txt',
    '/..%2fpackage.json',
    '/..%2Fsecret.txt',
    '/assets/../../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/%00',
    '/index.html%00.js',
    '/%',
    '/.env',
    '/link.txt',
    '//etc/passwd',
    '/etc/passwd',
  ];
  it.each(attacks)('never serves a file outside the renderer folder: %s', async (attack) => {
    const res = await rawRequest(attack);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('"name": "socle"');
    if (res.status === 200) expect(res.body).toBe(INDEX_HTML); // an extension-less path may only get the SPA page
    else expect([400, 404]).toContain(res.status);
  });

  it('refuses NUL bytes and encoded slashes with 400', async () => {
    expect((await rawRequest('/%00')).status).toBe(400);
    expect((await rawRequest('/..%2fpackage.json')).status).toBe(400);
  });
});

describe('without a built renderer', () => {
  it('explains how to build the interface, and the API still works', async () => {
    const other = await startServer({ hub, dataDir: path.join(tmp, 'data'), port: 0, rendererDir: path.join(tmp, 'not-built'), warn: () => undefined });
    try {
      const page = await fetch(other.url);
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('npm run build');
      const api = await fetch(`${other.url}api/info`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${other.token}` }, body: '{}' });
      expect(api.status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('binding', () => {
  it('refuses to listen beyond this computer unless it serves a workshop room (nothing is bound)', async () => {
    expect(warnings).toEqual([]);
    await expect(startServer({ hub, dataDir: path.join(tmp, 'data'), host: '0.0.0.0', port: 0, rendererDir, warn: () => undefined })).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('--room'),
    });
  });

  it('rejects with EADDRINUSE when the port is taken', async () => {
    await expect(startServer({ hub, dataDir: path.join(tmp, 'data'), port: server.port, rendererDir, warn: () => undefined })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
