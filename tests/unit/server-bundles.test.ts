/**
 * The browser mode's bundle download (`POST /download/bundle`, main/server/bundle-download.ts):
 * a valid scope gives a .socle attachment that another library's importPreview accepts; refused
 * choices are JSON Results with the API's status codes; the API's request guards apply; and the
 * temporary copy of the bundle does not outlive the request.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../main/core/hub';
import type { MethodOutputs } from '../../main/core/contract';
import { startServer, type RunningServer } from '../../main/server/server';
import { bundleFileName, prepareBundleDownload } from '../../main/server/bundle-download';
import { call, openHub } from '../fixtures/bundles/helpers';
import { practiceDraft, tempDir } from './helpers';

let root: string;
let cleanup: () => Promise<void>;
let cm: Hub;
let tg: Hub;
let server: RunningServer;
let practiceId: string;
let internalId: string;

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir('socle-server-bundles-'));
  const rendererDir = path.join(root, 'renderer');
  await fs.mkdir(rendererDir, { recursive: true });
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  cm = await openHub(path.join(root, 'cm'));
  tg = await openHub(path.join(root, 'tg'));
  practiceId = (await call(cm, 'create', { record: practiceDraft({ title: 'Mutuelles de santé de Mokolo', country: 'CM', themes: ['social-health-protection'] }) })).id;
  internalId = (await call(cm, 'create', { record: practiceDraft({ title: 'Budget interne', country: 'CM', sensitivity: 'internal' }) })).id;
  server = await startServer({ hub: cm, dataDir: path.join(root, 'cm'), port: 0, rendererDir, warn: () => undefined });
});

afterAll(async () => {
  await server?.close();
  await cm?.close();
  await tg?.close();
  await cleanup?.();
});

const PUBLISHER = { name: 'Ministère du Travail', organisation: 'MINTSS', country: 'CM' };

function download(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}download/bundle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /download/bundle', () => {
  it('sends the bundle of a valid scope as an attachment that another library can preview and import', async () => {
    const res = await download({ scope: { countries: ['CM'], themes: ['social-health-protection'] }, publisher: PUBLISHER });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="socle-CM-\d{4}-\d{2}-\d{2}\.socle"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-socle-bundle-count')).toBe('1');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(Number(res.headers.get('content-length')));
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    const preview: MethodOutputs['importPreview'] = await call(tg, 'importPreview', { bytes: bytes.toString('base64') });
    expect(preview.bundle.publisher).toMatchObject(PUBLISHER);
    // Never signed over HTTP: the installation's key signs only in the desktop app or the CLI.
    expect(preview.bundle.signed).toBe(false);
    expect(res.headers.get('x-socle-bundle-fingerprint')).toBeNull();
    expect(preview.bundle.sha256).toBe(res.headers.get('x-socle-bundle-sha256'));
    expect(preview.items).toEqual([expect.objectContaining({ id: practiceId, status: 'new' })]);
    // Internal records stay out unless asked for.
    expect(preview.items.some((i) => i.id === internalId)).toBe(false);

    const applied = await call(tg, 'importApply', { bytes: bytes.toString('base64'), expectPreviewId: preview.previewId });
    expect(applied.written.records).toBe(1);
    expect((await call(tg, 'get', { id: practiceId })).title).toBe('Mutuelles de santé de Mokolo');
  });

  it('remembers the publisher, so a later download may leave it out', async () => {
    const res = await download({ scope: { countries: ['CM'], includeInternal: true } });
    expect(res.status).toBe(200);
    const preview = await call(tg, 'importPreview', { bytes: Buffer.from(await res.arrayBuffer()).toString('base64') });
    expect(preview.bundle.publisher.name).toBe(PUBLISHER.name);
    expect(preview.bundle.signed).toBe(false);
    expect(preview.items.map((i) => i.id)).toContain(internalId);
  });

  it('refuses an invalid scope with 400 and a JSON error naming the field', async () => {
    for (const scope of [{ countries: ['cameroun'] }, { types: ['guide'] }, { since: '2026-12-01', until: '2026-01-01' }, { colour: 'blue' }]) {
      const res = await download({ scope, publisher: PUBLISHER });
      expect(res.status, JSON.stringify(scope)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('content-disposition')).toBeNull();
      const json = (await res.json()) as { ok: boolean; error: { code: string; field?: string; message: string } };
      expect(json).toMatchObject({ ok: false, error: { code: 'invalid' } });
      expect(json.error.field).toMatch(/^scope/);
    }
  });

  it('refuses the file fields: the page never names a path on the server', async () => {
    for (const extra of [{ outFile: '/tmp/x.socle' }, { overwrite: true }]) {
      const res = await download({ scope: {}, publisher: PUBLISHER, ...extra });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const res = await download({ scope: {}, publisher: PUBLISHER, progressToken: 'x' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('refuses to sign over HTTP, and makes no key', async () => {
    const res = await download({ scope: { countries: ['CM'] }, sign: true, publisher: PUBLISHER });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'sign' } });
    expect((await call(cm, 'identity', {})).exists).toBe(false);
  });

  it('refuses a body that is not JSON, a request that is not a POST, and other content types', async () => {
    expect((await download('{"scope": ')).status).toBe(400);
    const get = await fetch(`${server.url}download/bundle`, { headers: { authorization: `Bearer ${server.token}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const form = await fetch(`${server.url}download/bundle`, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.token}` }, body: '{}' });
    expect(form.status).toBe(415);
  });

  it('refuses a cross-origin request with 403, before exporting anything', async () => {
    const res = await download({ scope: {}, publisher: PUBLISHER }, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/Cross-origin/) } });
    // The page's own origin is fine.
    const same = await download({ scope: { countries: ['CM'] } }, { origin: server.url.replace(/\/$/, '') });
    expect(same.status).toBe(200);
    await same.arrayBuffer();
  });

  it('refuses a body larger than the default API limit', async () => {
    const res = await download({ scope: {}, publisher: { name: 'x'.repeat(2 * 1024 * 1024) } });
    expect(res.status).toBe(413);
  });
});

describe('prepareBundleDownload', () => {
  it('writes into a private temporary folder and removes it', async () => {
    const { dir: tmpRoot, cleanup: rmTmp } = await tempDir('socle-dl-root-');
    try {
      const prepared = await prepareBundleDownload(cm.api, { scope: { countries: ['CM'] } }, tmpRoot);
      if (!prepared.ok) throw new Error(prepared.result.ok ? '' : prepared.result.error.message);
      expect(path.dirname(path.dirname(prepared.file))).toBe(tmpRoot);
      if (os.platform() !== 'win32') expect((await fs.stat(path.dirname(prepared.file))).mode & 0o077).toBe(0);
      await prepared.cleanup();
      expect(await fs.readdir(tmpRoot)).toEqual([]);

      const refused = await prepareBundleDownload(cm.api, { scope: { types: ['guide'] } }, tmpRoot);
      expect(refused.ok).toBe(false);
      expect(await fs.readdir(tmpRoot)).toEqual([]);
    } finally {
      await rmTmp();
    }
  });

  it('names the file after the country and the day', () => {
    const day = new Date(2026, 10, 29, 12);
    expect(bundleFileName(['CM'], day)).toBe('socle-CM-2026-11-29.socle');
    expect(bundleFileName(['CM', 'TG'], day)).toBe('socle-CM-TG-2026-11-29.socle');
    expect(bundleFileName([], day)).toBe('socle-2026-11-29.socle');
    expect(bundleFileName(['CM', 'TG', 'SN', 'CI'], day)).toBe('socle-2026-11-29.socle');
  });
});
