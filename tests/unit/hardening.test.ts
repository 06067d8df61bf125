/**
 * Defects a security and reliability review reproduced (issue 10), each with the check that
 * failed before its fix: ids never reused through the trash, safe source links, Windows
 * reserved names refused as ids.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Hub } from '../../main/core/hub';
import { dispatch } from '../../main/core/dispatch';
import { idSchema, sourceSchema } from '../../main/core/model';
import { libraryDir } from '../../main/platform/paths';
import { renderMarkdownNode } from '../../main/core/markdown-node';
import { safeExternalUrl } from '../../main/core/markdown';
import { JSDOM } from 'jsdom';
import { writeZip } from '../../main/core/bundles/zip-write';
import { openZip } from '../../main/core/bundles/zip-read';
import { DEFAULT_LIMITS } from '../../main/core/bundles/format';
import { buildBundle, planImport, previewOf, readBundle } from '../../main/core/bundles/index';
import { call, openHub } from '../fixtures/bundles/helpers';
import { tempDir, practiceDraft } from './helpers';

describe('hub hardening', () => {
  let hub: Hub;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    hub = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), compactAfterMs: 0 });
  });
  afterAll(async () => {
    await hub.close();
    await cleanup();
  });

  it('refuses to create a record with the id of a trashed one, and the trashed record survives', async () => {
    const first = await hub.create({ record: practiceDraft({ id: 'guichet-mobile', title: 'Guichet mobile (original)' }) as never });
    await hub.delete({ id: first.id });
    const again = await dispatch(hub.api, 'create', { record: practiceDraft({ id: 'guichet-mobile', title: 'Un autre' }) });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('conflict');
      expect(again.error.field).toBe('id');
      expect(again.error.message).toMatch(/trash/);
      expect(again.error.message).toContain('Guichet mobile (original)');
    }
    // Still restorable, with its content.
    expect((await hub.trash()).map((t) => t.record.id)).toContain('guichet-mobile');
    const restored = await hub.restore({ id: 'guichet-mobile' });
    expect(restored).toMatchObject({ title: 'Guichet mobile (original)', rev: 1 });
    expect(JSON.parse(await fs.readFile(path.join(dir, 'records', 'practice', 'guichet-mobile.json'), 'utf8')).record.title).toBe('Guichet mobile (original)');
  });

  it('accepts only http, https and mailto links as sources', async () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'vbscript:msgbox(1)', 'JavaScript:alert(1)']) {
      expect(sourceSchema.safeParse({ title: 'x', url }).success, url).toBe(false);
      const res = await dispatch(hub.api, 'create', { record: practiceDraft({ sources: [{ title: 'Piège', url }] }) });
      expect(res.ok, url).toBe(false);
      if (!res.ok) expect(res.error.field).toBe('record.sources.0.url');
    }
    for (const url of ['https://www.ilo.org/fr', 'http://example.org/a?b=c', 'mailto:bureau@example.org']) {
      expect(sourceSchema.safeParse({ title: 'x', url }).success, url).toBe(true);
    }
  });

  it('refuses Windows reserved device names as ids, with or without an extension', async () => {
    for (const id of ['con', 'nul', 'aux', 'prn', 'com1', 'com9', 'lpt1', 'lpt9', 'con.txt', 'nul.json', 'aux.tar.gz', 'com1.md']) {
      expect(idSchema.safeParse(id).success, id).toBe(false);
      expect(idSchema.safeParse(id.toUpperCase()).success, id.toUpperCase()).toBe(false); // upper case is refused anyway (ids are lower case)
    }
    const res = await dispatch(hub.api, 'create', { record: practiceDraft({ id: 'nul' }) });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.field).toBe('record.id');
      expect(res.error.message).toMatch(/reserved/);
    }
    for (const id of ['console', 'com10', 'lpt0', 'nullify', 'auxiliaire', 'con-cameroun', 'a.con']) expect(idSchema.safeParse(id).success, id).toBe(true);
  });
});

describe('Reader markdown', () => {
  it('never gives an element an id that shadows a global of the page (window.socle, socleHost, main-content)', () => {
    const { html, headings } = renderMarkdownNode('# socle\n\n## socleHost\n\n<span id="main-content">x</span> <a name="socle">y</a>\n\n[plus bas](#sochost) [ailleurs](https://www.ilo.org/)');
    const dom = new JSDOM(`<!doctype html><body>${html}</body>`);
    const ids = [...dom.window.document.querySelectorAll('[id],[name]')].map((e) => e.getAttribute('id') ?? e.getAttribute('name'));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id, String(id)).toMatch(/^user-content-/);
    expect((dom.window as unknown as Record<string, unknown>).socle).toBeUndefined();
    // The table of contents points at the same prefixed ids, and in-page links follow them.
    expect(headings.map((h) => h.id)).toEqual(['user-content-socle', 'user-content-soclehost']);
    expect(dom.window.document.querySelector('a[href^="#"]')?.getAttribute('href')).toBe('#user-content-sochost');
    expect(dom.window.document.querySelector('a[href^="https"]')?.getAttribute('href')).toBe('https://www.ilo.org/');
  });
});

describe('external links', () => {
  it('opens mailto: links with the address only, never their parameters', () => {
    // The desktop shell's openExternal (main/app/ipc.ts) and the browser mode's both use safeExternalUrl.
    for (const open of [safeExternalUrl]) {
      expect(open('mailto:bureau@example.org?attach=/home/user/.ssh/id_rsa')).toBe('mailto:bureau@example.org');
      expect(open('mailto:a@example.org?subject=x&body=y#frag')).toBe('mailto:a@example.org');
      expect(open('mailto:?to=a@example.org')).toBeUndefined();
      expect(open('https://www.ilo.org/fr?q=1')).toBe('https://www.ilo.org/fr?q=1');
      expect(open('javascript:alert(1)')).toBeUndefined();
      expect(open('https://user:pw@example.org/')).toBeUndefined();
    }
    const { html } = renderMarkdownNode('[Écrire](mailto:bureau@example.org?attach=C:/secret.txt)');
    expect(html).toContain('href="mailto:bureau@example.org"');
    expect(html).not.toContain('attach');
  });
});

describe('zip bombs made of many medium entries', () => {
  it('checks the compression ratio of every entry above a few KiB, not only of entries of 1 MiB or more', async () => {
    // 400 records of 600 KB each would come from a file of a few hundred KB.
    const bomb = await writeZip([{ name: 'records/a.json', data: Buffer.from(`{"body":"${'a'.repeat(600_000)}"}`) }], new Date());
    await expect(openZip(bomb, DEFAULT_LIMITS)).rejects.toMatchObject({ code: 'too-large', message: expect.stringMatching(/expand \d+ times/) });
    const small = await writeZip([{ name: 'records/a.json', data: Buffer.from(`{"body":"${'a'.repeat(9_000)}"}`) }], new Date());
    await expect(openZip(small, DEFAULT_LIMITS)).rejects.toMatchObject({ code: 'too-large' });
    // Ordinary text compresses a few times, far below the limit.
    const text = Array.from({ length: 2000 }, (_, i) => `Le registre social ${i} cible les ménages vulnérables du Togo (${(i * 7919) % 1000}).`).join(' ');
    const fine = await writeZip([{ name: 'records/b.json', data: Buffer.from(JSON.stringify({ body: text })) }], new Date());
    const zip = await openZip(fine, DEFAULT_LIMITS);
    zip.close();
  });
});

describe('"exported from this very Socle"', () => {
  it('is said only of a bundle signed with this installation\'s key, not of one that copies its install id', async () => {
    const { dir: hereDir, cleanup: c1 } = await tempDir();
    const { dir: elsewhereDir, cleanup: c2 } = await tempDir();
    const here = await openHub(hereDir);
    // Another installation that copied this one's install id (so its bundles carry the same line).
    await fs.copyFile(path.join(hereDir, 'install.json'), path.join(elsewhereDir, 'install.json'));
    const elsewhere = await openHub(elsewhereDir);
    try {
      expect(elsewhere.store.id).toBe(here.store.id);
      const scope = { countries: [], workshops: [], types: [], themes: [], includeInternal: false };
      const publisher = { name: 'Direction de la protection sociale', organisation: '' };
      await call(here, 'create', { record: practiceDraft({ id: 'pratique-ici' }) });
      await call(elsewhere, 'create', { record: practiceDraft({ id: 'pratique-ailleurs' }) });
      const fromHere = async (hub: Hub, sign: boolean) => {
        const built = await buildBundle(hub, { scope, publisher, sign });
        return previewOf(here, await planImport(here, await readBundle(built.bytes))).bundle.fromThisInstall;
      };
      expect(await fromHere(elsewhere, true)).toBe(false); // signed, but with another key
      expect(await fromHere(elsewhere, false)).toBe(false); // unsigned: anyone can write any line
      expect(await fromHere(here, false)).toBe(false); // even our own, unsigned: it cannot be told from a copy
      expect(await fromHere(here, true)).toBe(true);
    } finally {
      await here.close();
      await elsewhere.close();
      await c1();
      await c2();
    }
  });
});
