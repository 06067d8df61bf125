/**
 * Who may change the bundled library, and what a record says about where it came from.
 *
 * A bundle that changes a record of the bundled library (which every Socle trusts because it
 * ships with the app) needs a signature from a publisher the user accepted before; once accepted,
 * the publisher's key is remembered by fingerprint in the data folder, and a known publisher's
 * name arriving with another key is flagged in the preview. Whatever a bundle changes takes that
 * bundle as its origin: it never keeps claiming to be the library, or to have been written here.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Hub } from '../../main/core/hub';
import { dispatch } from '../../main/core/dispatch';
import type { MethodOutputs } from '../../main/core/contract';
import { cli, tempDir } from './helpers';
import { call, openHub, snapshotDir } from '../fixtures/bundles/helpers';

const LIB_ID = 'br-cadastro-unico';
const statusOf = (p: MethodOutputs['importPreview'], id: string) => p.items.find((i) => i.id === id);
const minsante = { name: 'Ministère de la Santé publique', organisation: 'MINSANTE', country: 'CM' };

describe('bundles that change the bundled library', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let here: Hub; // the importing Socle
  let publisher: Hub; // a publisher who edited a library practice
  let impostor: Hub; // someone else using the publisher's name, with another key
  const files: Record<string, string> = {};

  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir('socle-trust-'));
    here = await openHub(path.join(root, 'here'));
    publisher = await openHub(path.join(root, 'publisher'));
    impostor = await openHub(path.join(root, 'impostor'));
    const edit = async (hub: Hub, summary: string) => {
      const lib = await call(hub, 'get', { id: LIB_ID });
      await call(hub, 'update', { id: LIB_ID, rev: lib.rev, changes: { summary } });
    };
    await edit(publisher, 'Résumé revu par le MINSANTE.');
    await edit(impostor, 'Résumé réécrit par un inconnu.');
    const scope = { types: ['practice' as const] };
    for (const [name, hub, sign] of [
      ['unsigned', publisher, false],
      ['signed', publisher, true],
      ['impostor', impostor, true],
      ['impostorUnsigned', impostor, false],
    ] as const) {
      files[name] = path.join(root, `${name}.socle`);
      await call(hub, 'exportBundle', { scope, outFile: files[name]!, sign, publisher: minsante });
    }
  }, 120_000);
  afterAll(async () => {
    await here.close();
    await publisher.close();
    await impostor.close();
    await cleanup();
  });

  it('refuses an unsigned bundle that would change a bundled practice, and writes nothing', async () => {
    const before = await snapshotDir(here.store.dataDir, { skip: ['index', 'locks'] });
    const preview = await call(here, 'importPreview', { file: files.unsigned! });
    expect(statusOf(preview, LIB_ID)).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/bundled library.*signed/) });
    expect(preview.bundle.trust).toMatchObject({ status: 'unsigned' });
    await call(here, 'importApply', { file: files.unsigned!, expectPreviewId: preview.previewId });
    expect(await call(here, 'get', { id: LIB_ID })).toMatchObject({ origin: { kind: 'library' }, rev: 1 });
    expect(await snapshotDir(here.store.dataDir, { skip: ['index', 'locks'] })).toEqual(before);
  });

  it('asks to trust a signed publisher first; once trusted, the change comes in with the bundle as its origin', async () => {
    const first = await call(here, 'importPreview', { file: files.signed! });
    expect(first.bundle.trust).toMatchObject({ status: 'untrusted' });
    expect(statusOf(first, LIB_ID)).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/trust/) });
    expect(first.needsTrust).toBe(1);
    // Trusting an unsigned bundle's publisher makes no sense: refused.
    const unsignedTrust = await dispatch(here.api, 'importPreview', { file: files.unsigned!, trustPublisher: true });
    expect(unsignedTrust.ok || unsignedTrust.error.code).toBe('invalid');

    const trusted = await call(here, 'importPreview', { file: files.signed!, trustPublisher: true });
    expect(statusOf(trusted, LIB_ID)).toMatchObject({ status: 'updated' });
    await call(here, 'importApply', { file: files.signed!, trustPublisher: true, expectPreviewId: trusted.previewId });
    const record = await call(here, 'get', { id: LIB_ID });
    expect(record).toMatchObject({
      summary: 'Résumé revu par le MINSANTE.',
      origin: { kind: 'bundle', bundleId: trusted.bundle.bundleId, publisher: 'Ministère de la Santé publique, MINSANTE (CM)', fingerprint: trusted.bundle.fingerprint },
    });
    // Remembered in the data folder, by fingerprint.
    const saved = JSON.parse(await fs.readFile(path.join(here.store.dataDir, 'trust', 'publishers.json'), 'utf8'));
    expect(saved.publishers).toEqual([expect.objectContaining({ fingerprint: trusted.bundle.fingerprint, name: minsante.name })]);
    // The next preview of this publisher's bundles knows it.
    expect((await call(here, 'importPreview', { file: files.signed! })).bundle.trust).toMatchObject({ status: 'trusted' });
  });

  it('warns when a known publisher name arrives with another key (or none)', async () => {
    const known = (await call(here, 'importPreview', { file: files.signed! })).bundle.fingerprint!;
    for (const file of [files.impostor!, files.impostorUnsigned!]) {
      const preview = await call(here, 'importPreview', { file });
      expect(preview.bundle.trust.keyChanged, file).toEqual({ name: minsante.name, knownFingerprints: [known] });
      expect(preview.bundle.trust.status).not.toBe('trusted');
      expect(statusOf(preview, LIB_ID)?.status).not.toBe('updated');
    }
    expect((await call(here, 'importPreview', { file: files.signed! })).bundle.trust.keyChanged).toBeUndefined();
  });

  it('gives a record created here the origin of the bundle that changed it', async () => {
    const { dir: otherDir, cleanup: c } = await tempDir();
    const other = await openHub(otherDir);
    try {
      const mine = await call(here, 'create', { record: { type: 'note', lang: 'fr', id: 'note-partagee', body: 'Version de départ.' } });
      const out = path.join(root, 'note.socle');
      await call(here, 'exportBundle', { scope: { types: ['note'] }, outFile: out, publisher: minsante });
      await call(other, 'importApply', { file: out });
      await call(other, 'update', { id: mine.id, rev: (await call(other, 'get', { id: mine.id })).rev, changes: { body: 'Complétée à Lomé.' } });
      const back = path.join(root, 'note-back.socle');
      await call(other, 'exportBundle', { scope: { types: ['note'] }, outFile: back, publisher: { name: 'Lomé', organisation: '' } });
      const preview = await call(here, 'importPreview', { file: back });
      expect(statusOf(preview, mine.id)?.status).toBe('updated');
      await call(here, 'importApply', { file: back });
      expect((await call(here, 'get', { id: mine.id })).origin).toMatchObject({ kind: 'bundle', publisher: 'Lomé', bundleId: preview.bundle.bundleId });
    } finally {
      await other.close();
      await c();
    }
  });

  it('works the same from the command line: --dry-run says what needs trust, --trust accepts it', async () => {
    const { dir, cleanup: c } = await tempDir();
    try {
      const dry = await cli(['--data', dir, 'import', files.signed!, '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.out).toMatch(/1 change\(s\) to the bundled library need your trust.*--trust/);
      expect(dry.out).toMatch(/You have not trusted this publisher key yet/);
      const imported = await cli(['--data', dir, 'import', files.signed!, '--trust']);
      expect(imported.code, imported.err).toBe(0);
      const shown = await cli(['--data', dir, '--json', 'show', LIB_ID]);
      expect(JSON.parse(shown.out)).toMatchObject({ summary: 'Résumé revu par le MINSANTE.', origin: { kind: 'bundle' } });
      const impostor = await cli(['--data', dir, 'import', files.impostor!, '--dry-run']);
      expect(impostor.out).toMatch(/WARNING: "Ministère de la Santé publique" is known here with another key/);
    } finally {
      await c();
    }
  });
});
