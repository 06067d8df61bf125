import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Hub } from '../../main/core/hub';
import { dispatch } from '../../main/core/dispatch';
import type { ErrorCode } from '../../main/core/result';
import { runCli } from '../../main/cli/main';
import { practiceDraft, tempDir } from './helpers';
import { call, fixture, openHub, snapshotDir } from '../fixtures/bundles/helpers';
import { HOSTILE, PUBLISHER_FINGERPRINT, VALID } from '../fixtures/bundles/make-fixtures';

/** Why each hostile fixture must be refused: the error code and the message the user sees. */
const REFUSED: Record<string, { code: ErrorCode; message: RegExp }> = {
  'path-dotdot.socle': { code: 'invalid', message: /^Refused: the entry "records\/\.\.\/\.\.\/\.\.\/evil\.json" has "\.\." in its path/ },
  'path-absolute.socle': { code: 'invalid', message: /^Refused: the entry "\/etc\/evil\.json" has an absolute path\.$/ },
  'path-drive.socle': { code: 'invalid', message: /^Refused: the entry "C:\/Windows\/evil\.json" has a drive-letter path\.$/ },
  'path-backslash.socle': { code: 'invalid', message: /^Refused: the entry "records\\\\evil\.json" uses a backslash in its path/ },
  'path-control-char.socle': { code: 'invalid', message: /^Refused: the entry .* has control characters in its name\.$/ },
  'symlink.socle': { code: 'invalid', message: /^Refused: the entry "records\/link\.json" is a symbolic link\.$/ },
  'directory-entry.socle': { code: 'invalid', message: /^Refused: the entry "records\/" is a directory\.$/ },
  'duplicate-entry.socle': { code: 'invalid', message: /^Refused: the entry "records\/fixture-cm-health-1\.json" appears twice in the bundle\.$/ },
  'too-many-entries.socle': { code: 'too-large', message: /^Refused: the bundle has 65534 entries; at most 50002 are allowed\.$/ },
  'zip-bomb-declared-size.socle': { code: 'too-large', message: /^Refused: the bundle would expand to more than 268435456 bytes .*zip bomb/ },
  'zip-bomb-ratio.socle': { code: 'too-large', message: /^Refused: the entry "records\/fixture-cm-health-1\.json" would expand \d+ times \(at most 100\): a zip bomb\?$/ },
  'zip-bomb-lying-size.socle': { code: 'too-large', message: /^Refused: the entry "records\/fixture-cm-health-1\.json" inflates to more than the 4096 bytes it declares/ },
  'compressed-larger-than-content.socle': { code: 'corrupt', message: /^Refused: the entry "records\/fixture-cm-health-1\.json" has more compressed data/ },
  'encrypted-entry.socle': { code: 'unsupported', message: /^Refused: the entry "records\/fixture-cm-health-1\.json" is encrypted/ },
  'compression-method.socle': { code: 'unsupported', message: /uses compression method 12; only stored \(0\) and deflate \(8\) are read\.$/ },
  'local-name-mismatch.socle': { code: 'corrupt', message: /is described differently in two places of the archive\.$/ },
  'crc-mismatch.socle': { code: 'corrupt', message: /^Refused: the entry "records\/fixture-cm-health-1\.json" is damaged \(CRC mismatch\)\.$/ },
  'not-a-zip.socle': { code: 'corrupt', message: /^Refused: this is not a Socle bundle \(not a readable zip archive/ },
  'truncated.socle': { code: 'corrupt', message: /^Refused: this is not a Socle bundle \(not a readable zip archive/ },
  'no-manifest.socle': { code: 'corrupt', message: /^Refused: this is not a Socle bundle \(it has no manifest\.json\)\.$/ },
  'unexpected-entry.socle': { code: 'corrupt', message: /^Refused: unexpected entry "setup\.exe"/ },
  'unlisted-record.socle': { code: 'corrupt', message: /^Refused: the bundle holds records\/fixture-extra\.json, which its manifest does not list\.$/ },
  'missing-record.socle': { code: 'corrupt', message: /^Refused: the manifest lists records\/fixture-cm-health-1\.json, which is missing from the bundle\.$/ },
  'format-version-unknown.socle': { code: 'unsupported', message: /^Refused: this bundle uses format version 2; this Socle reads version 1\. Update Socle to import it\.$/ },
  'format-name-unknown.socle': { code: 'unsupported', message: /^Refused: this is not a Socle bundle \(manifest\.json says its format is "zip-of-things"\)\.$/ },
  'manifest-invalid-json.socle': { code: 'corrupt', message: /^Refused: manifest\.json is not valid JSON/ },
  'manifest-schema.socle': { code: 'invalid', message: /^Refused: manifest\.json: bundleId: / },
  'manifest-counts.socle': { code: 'corrupt', message: /^Refused: the counts in the manifest do not match its entries\.$/ },
  'manifest-constructor-key.socle': { code: 'invalid', message: /^Refused: manifest\.json contains the forbidden key "constructor" \(at scope\.constructor\)\.$/ },
  'record-invalid-json.socle': { code: 'corrupt', message: /^Refused: records\/fixture-cm-health-1\.json is not valid JSON/ },
  'record-not-utf8.socle': { code: 'corrupt', message: /^Refused: records\/fixture-cm-health-1\.json is not UTF-8 text\.$/ },
  'record-schema.socle': { code: 'invalid', message: /^Refused: records\/fixture-cm-health-1\.json: country: must be an ISO 3166-1 alpha-2 code/ },
  'record-proto-key.socle': { code: 'invalid', message: /^Refused: records\/fixture-cm-health-1\.json contains the forbidden key "__proto__" \(at translations\.__proto__\)\.$/ },
  'record-prototype-key.socle': { code: 'invalid', message: /contains the forbidden key "prototype" \(at sources\.0\.prototype\)\.$/ },
  'record-oversized-field.socle': { code: 'too-large', message: /^Refused: records\/fixture-cm-health-1\.json: the field body is 250000 characters long \(at most 200000\)\.$/ },
  'record-deep-nesting.socle': { code: 'too-large', message: /^Refused: records\/fixture-cm-health-1\.json is nested more than 32 levels deep/ },
  'record-id-mismatch.socle': { code: 'corrupt', message: /holds practice "fixture-someone-else" r1, not what the manifest lists \(practice "fixture-cm-health-1" r1\)\.$/ },
  'checksum-mismatch.socle': { code: 'corrupt', message: /^Refused: records\/fixture-cm-health-1\.json does not match its checksum in the manifest/ },
  'signature-bad.socle': { code: 'corrupt', message: /^Refused: the signature does not match manifest\.json: the bundle was changed after it was signed/ },
  'signature-wrong-key.socle': { code: 'corrupt', message: /^Refused: the signature names a fingerprint that is not the one of its key\.$/ },
  'signature-other-signer.socle': { code: 'corrupt', message: /^Refused: the manifest names another key than the one that signed it\.$/ },
  'signature-missing.socle': { code: 'corrupt', message: /^Refused: the manifest says the bundle is signed, but it carries no signature\.$/ },
};

describe('hostile bundles', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let hub: Hub;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('socle-hostile-'));
    hub = await openHub(dir);
    // A library with something to lose: own records, an earlier import (provenance), a signing key.
    await dispatch(hub.api, 'create', { record: practiceDraft({ title: 'Pratique locale', country: 'TG' }) });
    const imported = await dispatch(hub.api, 'importApply', { file: fixture('valid-signed.socle') });
    expect(imported.ok).toBe(true);
    await dispatch(hub.api, 'identity', { create: true });
  });
  afterAll(async () => {
    await hub.close();
    await cleanup();
  });

  it('has an expected refusal for every hostile fixture, and a fixture for every expectation', async () => {
    expect(Object.keys(REFUSED).sort()).toEqual(Object.keys(HOSTILE).sort());
    const onDisk = (await fs.readdir(path.dirname(fixture('x')))).filter((n) => n.endsWith('.socle'));
    expect(onDisk.sort()).toEqual([...Object.keys(HOSTILE), ...Object.keys(VALID)].sort());
  });

  for (const [name, expected] of Object.entries(REFUSED)) {
    it(`refuses ${name} and leaves the data directory byte-for-byte unchanged`, async () => {
      const before = await snapshotDir(dir);
      for (const method of ['importPreview', 'importApply'] as const) {
        const result = await dispatch(hub.api, method, { file: fixture(name) });
        expect(result.ok, `${method} should refuse ${name}`).toBe(false);
        if (result.ok) continue;
        expect(result.error.code).toBe(expected.code);
        expect(result.error.message).toMatch(expected.message);
        expect(result.error.message).not.toMatch(/\n\s+at /);
      }
      // The same bytes uploaded (browser mode) are refused the same way.
      const bytes = (await fs.readFile(fixture(name))).toString('base64');
      const uploaded = await dispatch(hub.api, 'importApply', { bytes });
      expect(uploaded.ok || uploaded.error.message).toMatch(expected.message);
      expect(await snapshotDir(dir)).toEqual(before);
    });
  }

  it('refuses on the command line with exit code 2, one clear line, and nothing changed', async () => {
    const io = { out: () => undefined, err: () => undefined, env: process.env };
    // A first run opens the library from the CLI once (opening may write the search cache), then look.
    expect(await runCli(['--data', dir, 'info'], io)).toBe(0);
    const before = await snapshotDir(dir);
    for (const name of ['path-dotdot.socle', 'zip-bomb-lying-size.socle', 'signature-bad.socle']) {
      let err = '';
      const code = await runCli(['--data', dir, 'import', fixture(name)], { out: () => undefined, err: (t) => (err += t + '\n'), env: { ...process.env, NO_COLOR: '1' } });
      expect(code).toBe(2);
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toMatch(new RegExp(`^socle import: ${REFUSED[name]!.message.source.replace(/^\^/, '')}`));
    }
    expect(await snapshotDir(dir)).toEqual(before);
  });
});

describe('valid bundles written by another program', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let hub: Hub;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('socle-valid-'));
    hub = await openHub(dir);
  });
  afterAll(async () => {
    await hub.close();
    await cleanup();
  });

  it('imports a minimal bundle written from the documentation alone, filling defaults', async () => {
    const preview = await call(hub, 'importPreview', { file: fixture('valid-minimal.socle') });
    expect(preview.bundle).toMatchObject({ signed: false, publisher: { name: 'Ministère du Travail et de la Sécurité Sociale', organisation: 'MINTSS', country: 'CM' } });
    expect(preview.counts).toMatchObject({ new: 3, total: 3 });
    await call(hub, 'importApply', { file: fixture('valid-minimal.socle'), expectPreviewId: preview.previewId });
    const record = hub.resolve('fixture-cm-health-2');
    expect(record).toMatchObject({ type: 'practice', rev: 3, title: 'Chèque santé', partnerCountries: [], status: 'draft', sensitivity: 'shareable' });
    expect(record?.origin).toMatchObject({ kind: 'bundle', bundleId: '6f1c2a9e-5b3d-4c1a-9e7f-000000000001', publisher: 'Ministère du Travail et de la Sécurité Sociale, MINTSS (CM)' });
  });

  it('shows the publisher and fingerprint of a signed bundle', async () => {
    const preview = await call(hub, 'importPreview', { file: fixture('valid-signed.socle') });
    expect(preview.bundle).toMatchObject({ signed: true, fingerprint: PUBLISHER_FINGERPRINT });
    expect(preview.counts).toMatchObject({ unchanged: 3 }); // same records as valid-minimal
  });

  it('keeps script and HTML in Markdown as text', async () => {
    const applied = await dispatch(hub.api, 'importApply', { file: fixture('valid-markdown-script.socle') });
    expect(applied.ok).toBe(true);
    const record = hub.resolve('fixture-cm-script');
    expect(record && 'body' in record ? record.body : '').toBe('Texte <script>alert("x")</script> et <img src=x onerror="alert(1)"> et [lien](javascript:alert(1)).\n');
  });

  it('rejects a guide in a bundle (guides ship with Socle) and imports the rest', async () => {
    const guideBefore = hub.resolve('c102-overview-fr');
    const preview = await call(hub, 'importPreview', { file: fixture('valid-with-guide.socle') });
    expect(preview.items.find((i) => i.id === 'c102-overview-fr')).toMatchObject({ status: 'rejected', reason: 'guides ship with Socle and are never imported' });
    expect(preview.counts).toMatchObject({ rejected: 1, unchanged: 1 });
    await call(hub, 'importApply', { file: fixture('valid-with-guide.socle') });
    expect(hub.resolve('c102-overview-fr')).toBe(guideBefore);
  });
});
