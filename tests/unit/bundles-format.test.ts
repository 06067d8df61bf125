import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Hub } from '../../main/core/hub';
import { dispatch } from '../../main/core/dispatch';
import { buildBundle, readBundle, DEFAULT_LIMITS } from '../../main/core/bundles/index';
import { runBundleBenchmark } from '../../bench/bundles';
import { libraryDir } from '../../main/platform/paths';
import { unsafeNameReason } from '../../main/core/bundles/zip-read';
import { parseBundleJson } from '../../main/core/bundles/safe-json';
import { canonicalJson, contentHash } from '../../main/core/bundles/hash';
import { recordSchema } from '../../main/core/model';
import { HubFailure } from '../../main/core/result';
import { practiceDraft, tempDir } from './helpers';
import { fixture, openHub } from '../fixtures/bundles/helpers';
import { DOC_FILE, makeBundle, makeFixtures, practice, renderSchemaBlocks } from '../fixtures/bundles/make-fixtures';

const REGENERATE = 'run: node --import tsx tests/fixtures/bundles/make-fixtures.ts';

describe('the bundle format', () => {
  it('committed fixtures are exactly what make-fixtures.ts makes', async () => {
    for (const [name, bytes] of makeFixtures()) {
      const onDisk = await fs.readFile(fixture(name)).catch(() => Buffer.alloc(0));
      expect(onDisk.equals(bytes), `${name} is stale: ${REGENERATE}`).toBe(true);
    }
  });

  it('docs/bundle-format.md embeds the current JSON Schemas of the manifest, the signature and the records', async () => {
    const doc = await fs.readFile(DOC_FILE, 'utf8');
    for (const name of ['manifest', 'signature', 'record']) expect(doc).toContain(`<!-- schema:${name} -->\n\`\`\`json\n{`);
    expect(renderSchemaBlocks(doc) === doc, `the schemas in docs/bundle-format.md are stale: ${REGENERATE}`).toBe(true);
  });

  it('refuses unsafe entry names and accepts the format\'s own', () => {
    for (const ok of ['manifest.json', 'signature.json', 'records/practice-1.json']) expect(unsafeNameReason(ok)).toBeUndefined();
    expect(unsafeNameReason('a/../b')).toMatch(/\.\./);
    expect(unsafeNameReason('..')).toMatch(/\.\./);
    expect(unsafeNameReason('/abs')).toMatch(/absolute/);
    expect(unsafeNameReason('c:evil')).toMatch(/drive/);
    expect(unsafeNameReason('a\\b')).toMatch(/backslash/);
    expect(unsafeNameReason('a\0b')).toMatch(/control/);
    expect(unsafeNameReason('r\u00e9sum\u00e9.json')).toMatch(/ASCII/);
    expect(unsafeNameReason('a//b')).toMatch(/empty/);
    expect(unsafeNameReason('./a')).toMatch(/empty or "\."/);
    expect(unsafeNameReason('dir/')).toMatch(/directory/);
  });

  it('parses bundle JSON defensively', () => {
    const limits = { maxDepth: 4, maxStringChars: 10 };
    const bytes = (s: string) => Buffer.from(s, 'utf8');
    expect(parseBundleJson(bytes('\uFEFF{"a":[1,{"b":"ok"}]}'), 'x.json', limits)).toEqual({ a: [1, { b: 'ok' }] });
    const refusal = (s: string | Buffer) => {
      try {
        parseBundleJson(typeof s === 'string' ? bytes(s) : s, 'x.json', limits);
      } catch (e) {
        return e instanceof HubFailure ? `${e.code}: ${e.message}` : String(e);
      }
      return 'accepted';
    };
    expect(refusal('{"a":{"__proto__":{"x":1}}}')).toBe('invalid: Refused: x.json contains the forbidden key "__proto__" (at a.__proto__).');
    expect(refusal('[{"constructor":1}]')).toMatch(/forbidden key "constructor" \(at 0\.constructor\)/);
    expect(refusal('[[[[["deep"]]]]]')).toMatch(/^too-large: .*nested more than 4 levels/);
    expect(refusal('{"s":"01234567890"}')).toMatch(/^too-large: .*the field s is 11 characters long \(at most 10\)/);
    expect(refusal('{"a":')).toMatch(/^corrupt: Refused: x\.json is not valid JSON/);
    expect(refusal(Buffer.from([0xc3, 0x28]))).toBe('corrupt: Refused: x.json is not UTF-8 text.');
    // JSON.parse keeps "__proto__" as an own key: make sure nothing leaked into Object.prototype.
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('hashes content, not storage: system fields and key order do not count, defaults do', () => {
    const a = recordSchema.parse(practice('p-1'));
    const b = recordSchema.parse({ ...practice('p-1'), rev: 9, updatedAt: '2030-01-01T00:00:00.000Z', origin: { kind: 'library' }, themes: [] });
    const reordered = recordSchema.parse(Object.fromEntries(Object.entries(practice('p-1')).reverse()));
    expect(contentHash(reordered)).toBe(contentHash(a));
    expect(contentHash(b)).not.toBe(contentHash(a)); // themes changed
    expect(contentHash({ ...b, themes: a.type === 'practice' ? a.themes : [] } as typeof a)).toBe(contentHash(a));
    expect(canonicalJson({ b: [2, { d: 1, c: undefined }], a: 'é' })).toBe('{"a":"é","b":[2,{"d":1}]}');
  });

  it('applies its limits to the bytes actually read, not only to what the archive declares', async () => {
    const bundle = makeBundle();
    const small = { ...DEFAULT_LIMITS, maxRecordBytes: 200 };
    await expect(readBundle(bundle, { limits: small })).rejects.toMatchObject({ code: 'too-large', message: /is \d+ bytes uncompressed; at most 200/ });
    await expect(readBundle(bundle, { limits: { ...DEFAULT_LIMITS, maxEntries: 2 } })).rejects.toMatchObject({ code: 'too-large', message: /has 4 entries; at most 2/ });
    await expect(readBundle(bundle, { limits: { ...DEFAULT_LIMITS, maxFileBytes: 100 } })).rejects.toMatchObject({ code: 'too-large' });
    await expect(readBundle(bundle, { limits: { ...DEFAULT_LIMITS, maxTotalBytes: 1000 } })).rejects.toMatchObject({ code: 'too-large', message: /more than 1000 bytes/ });
    expect((await readBundle(bundle)).records).toHaveLength(3);
  });
});

describe('bundles written by Socle', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let hub: Hub;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('socle-format-'));
    hub = await openHub(path.join(dir, 'data'));
    for (let i = 0; i < 3; i++) await dispatch(hub.api, 'create', { record: practiceDraft({ title: `Pratique ${i}`, country: 'SN' }) });
  });
  afterAll(async () => {
    await hub.close();
    await cleanup();
  });

  const scope = { countries: ['SN'], workshops: [], types: [], themes: [], includeInternal: false };

  it('are reproducible: the same records, date and id give the same bytes, signed or not', async () => {
    const opts = { scope, publisher: { name: 'DGPSN', organisation: '' }, sign: true, now: new Date('2025-01-02T03:04:05.000Z'), bundleId: '00000000-0000-4000-8000-000000000042' };
    const a = await buildBundle(hub, opts);
    const b = await buildBundle(hub, opts);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.manifest).toMatchObject({ format: 'socle-bundle', formatVersion: 1, counts: { practice: 3, total: 3 }, publisher: { fingerprint: a.fingerprint } });
  });

  it('pass every check of the reader, signature included', async () => {
    const built = await buildBundle(hub, { scope, publisher: { name: 'DGPSN', organisation: 'Ministère' }, sign: true });
    const read = await readBundle(built.bytes);
    expect(read).toMatchObject({ signed: true, fingerprint: built.fingerprint, sha256: built.sha256 });
    expect(read.records.map((r) => r.record.id).sort()).toEqual(built.manifest.entries.map((e) => e.id).sort());
    // entries are deflated regular files (what the symlink/directory checks expect)
    const text = built.bytes.toString('latin1');
    expect(text).toContain('manifest.json');
    expect(text.indexOf('manifest.json')).toBeLessThan(text.indexOf('records/'));
  });
});

describe('the benchmark entry point', () => {
  it('runBundleBenchmark exports and imports N practices and reports time and memory per phase', async () => {
    const { dir, cleanup } = await tempDir('socle-bench-');
    try {
      const r = await runBundleBenchmark({ workDir: dir, libraryDir: libraryDir(), count: 60 });
      expect(r).toMatchObject({ count: 60, import: { written: 60 }, reimport: { written: 0 } });
      for (const phase of [r.export, r.import, r.reimport]) {
        expect(phase.ms).toBeGreaterThanOrEqual(0);
        expect(phase.peakRssMiB).toBeGreaterThan(0);
      }
      expect(await fs.readdir(dir)).toEqual([]); // its throwaway libraries are gone
    } finally {
      await cleanup();
    }
  });
});
