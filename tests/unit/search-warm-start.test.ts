/**
 * Search from the index files alone (core/search/warm-start.ts: `socle search` and the warm start):
 * the same answers as the hub, and the hub's path whenever the files may not hold the records' state.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Hub } from '../../main/core/hub';
import { RECORD_TYPES } from '../../main/core/model';
import { buildLibrary } from '../../main/core/library/build';
import { openWarmIndex, type WarmIndex } from '../../main/core/search/warm-start';
import { decodeUserIndex, encodeUserIndex, readUserIndexSync } from '../../main/core/search/user-index';
import { SearchEngine, revisionKey } from '../../main/core/search/engine';
import { SegmentIndex } from '../../main/core/search/segment';
import { searchDoc } from './search-helpers';
import { IndexFileError, decodeIndexFile, encodeIndexFile, segmentSections } from '../../main/core/search/index-file';
import { INDEX_VERSION } from '../../main/core/version';
import { libraryStamp, libraryUnchanged, parsePrebuilt } from '../../main/core/search/prebuilt';
import { libraryFilePaths, readLibraryFiles } from '../../main/core/library/files';
import { libraryDir } from '../../main/platform/paths';
import { practiceDraft, tempDir } from './helpers';

const QUERIES = [
  { q: 'protection sociale' },
  { q: 'tisserands' },
  { q: 'registre social' },
  { q: 'santé maternelle', lang: ['fr' as const] },
  { q: 'pension', type: ['practice' as const] },
  { q: 'retrai' },
  { q: 'cotisatoins' },
  { q: '' , type: ['practice' as const] },
  { q: 'informal economy' },
  { q: 'mutuelle', country: ['SN'] },
];

/** Sets the record folders' times 10 s back, so that a cache written now has a stamp that is not racy. */
async function settle(dir: string): Promise<void> {
  const past = new Date(Date.now() - 10_000);
  for (const rel of [...RECORD_TYPES.map((t) => `records/${t}`), 'trash']) await fs.utimes(path.join(dir, rel), past, past).catch(() => undefined);
}

async function warmOf(dir: string, prebuiltFile: string): Promise<WarmIndex> {
  const opened = await openWarmIndex({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile });
  if (!opened.ok) throw new Error(opened.reason);
  return opened.warm;
}

describe('search from the index files (no hub)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let prebuiltFile: string;
  let edited: string;
  let created: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    prebuiltFile = path.join(dir, 'library.json');
    await buildLibrary(libraryDir(), prebuiltFile);
    const hub = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile, compactAfterMs: 0 });
    // User records, a user copy of a library practice, and a library practice in the trash.
    created = (await hub.create({ record: practiceDraft({ body: 'La mutuelle des tisserands de Kara cotise pour la santé maternelle.' }) as never })).id;
    await hub.create({ record: practiceDraft({ title: 'Pension sociale des aînés', country: 'SN', body: 'Une mutuelle de santé et une pension sociale.' }) as never });
    const lib = (await hub.list({ type: 'practice', limit: 500, offset: 0 })).items.filter((r) => r.origin === 'library');
    edited = lib[0]!.id;
    await hub.update({ id: edited, rev: lib[0]!.rev, changes: { summary: 'Résumé revu par les tisserands.' } });
    await hub.delete({ id: lib[1]!.id, rev: lib[1]!.rev });
    await hub.close();
    await settle(dir);
    const again = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile, compactAfterMs: 0 });
    await again.persistSearchIndex();
    await again.close();
  });
  afterAll(() => cleanup());

  it('gives the hub\'s results: same ids, order, totals, facets and snippets', async () => {
    const warm = await warmOf(dir, prebuiltFile);
    const hub = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile, compactAfterMs: 0 });
    try {
      for (const q of QUERIES) {
        const query = { limit: 20, offset: 0, ...q };
        const mine = warm.search(query);
        const theirs = await hub.search(query);
        expect(mine, q.q).toEqual(theirs);
      }
      expect(warm.search({ q: 'tisserands', limit: 20 }).hits.map((h) => h.id)).toEqual(expect.arrayContaining([created, edited]));
      expect(warm.verifyShown()).toBe(true);
    } finally {
      await hub.close();
    }
  });

  it('does not apply once a record was saved since the cache, and the hub then writes the cache again', async () => {
    const hub = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile, compactAfterMs: 0 });
    const added = await hub.create({ record: practiceDraft({ body: 'Les vanniers de Sokodé.' }) as never });
    await hub.close();
    const stale = await openWarmIndex({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile });
    expect(stale.ok).toBe(false);
    expect(stale.ok ? '' : stale.reason).toMatch(/records changed/);
    // What `socle search` does then: the hub answers (with the new record) and saves the cache.
    await settle(dir);
    const next = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile, compactAfterMs: 0 });
    expect((await next.search({ q: 'vanniers', limit: 20, offset: 0 })).hits.map((h) => h.id)).toEqual([added.id]);
    await next.persistSearchIndex();
    await next.close();
    const warm = await warmOf(dir, prebuiltFile);
    expect(warm.search({ q: 'vanniers', limit: 20 }).hits.map((h) => h.id)).toEqual([added.id]);
  });

  it('is not trusted when written by a hub that did not see another process\'s change', async () => {
    await settle(dir);
    const reader = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile, compactAfterMs: 0 });
    const writer = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile, compactAfterMs: 0 });
    const other = await writer.create({ record: practiceDraft({ body: 'Les potiers de Kpalimé.' }) as never });
    await writer.close();
    const mine = await reader.create({ record: practiceDraft({ body: 'Les vanniers de Kpalimé.' }) as never });
    await settle(dir); // even once the folders look settled
    await reader.persistSearchIndex(); // its index has its own record, not the other process's
    await reader.close();
    expect(readUserIndexSync(dir)!.stamp?.racy).toBe(true);
    const opened = await openWarmIndex({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile });
    expect(opened.ok).toBe(false);
    // The next hub sees every record and writes a trusted cache.
    const next = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile, compactAfterMs: 0 });
    await next.delete({ id: mine.id, rev: mine.rev });
    await next.close();
    await settle(dir);
    const next2 = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile, compactAfterMs: 0 });
    await next2.persistSearchIndex();
    await next2.close();
    expect((await warmOf(dir, prebuiltFile)).search({ q: 'potiers', limit: 20 }).hits.map((h) => h.id)).toEqual([other.id]);
  });

  it('notices a record file edited in place (the folder stamp cannot) through the hits it shows', async () => {
    const idx = readUserIndexSync(dir)!;
    const own = idx.docs.find((d) => d.id === created)!;
    const file = path.join(dir, 'records', own.type, `${created}.json`);
    const before = await fs.readFile(file, 'utf8');
    const folder = await fs.stat(path.dirname(file));
    await fs.writeFile(file, before.replace('tisserands', 'potiers'));
    await fs.utimes(path.dirname(file), folder.atime, folder.mtime); // as if nothing happened in the folder
    const warm = await warmOf(dir, prebuiltFile);
    warm.search({ q: 'tisserands', limit: 20 });
    expect(warm.verifyShown()).toBe(false);
    await fs.writeFile(file, before);
  });

  it('hands its engine to Hub.open, which completes it: answers stay the same, edits are searchable', async () => {
    const warm = await warmOf(dir, prebuiltFile);
    const before = warm.search({ q: 'tisserands', limit: 20 });
    const hub = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile, compactAfterMs: 0, warm });
    try {
      expect(hub.engine).toBe(warm.engine);
      expect(hub.prebuiltIndex).toBe(true);
      expect(await hub.search({ q: 'tisserands', limit: 20, offset: 0 })).toEqual(before);
      const added = await hub.create({ record: practiceDraft({ body: 'Les forgerons de Bassar et les tisserands.' }) as never });
      expect((await hub.search({ q: 'forgerons', limit: 20, offset: 0 })).hits.map((h) => h.id)).toEqual([added.id]);
      await hub.delete({ id: added.id, rev: added.rev });
    } finally {
      await hub.close();
    }
  });

  it('does not apply without a prebuilt library, or with a damaged cache', async () => {
    expect((await openWarmIndex({ dataDir: dir, libraryDir: libraryDir() })).ok).toBe(false);
    const file = path.join(dir, 'index', 'user-index.bin');
    const good = await fs.readFile(file);
    await fs.writeFile(file, good.subarray(0, good.length - 100));
    const opened = await openWarmIndex({ dataDir: dir, libraryDir: libraryDir(), prebuiltFile });
    expect(opened.ok ? '' : opened.reason).toMatch(/truncated/);
    await fs.writeFile(file, good);
  });
});

describe('the index cache of a user base in several segments per language (built by two workers)', () => {
  it('keeps every document: a warm load indexes none from text and answers as the engine did', async () => {
    const docs = Array.from({ length: 40 }, (_, i) =>
      searchDoc({ id: `p-${String(i).padStart(2, '0')}`, lang: i % 4 === 0 ? 'en' : 'fr', title: i % 2 ? 'Mutuelle des tisserands' : 'Social pension', body: `Cotisation ${i} santé maternelle pension` }),
    );
    // Two halves, each its own segment per language, as two index workers return them.
    const halves = [docs.slice(0, 20), docs.slice(20)];
    const segments = halves.flatMap((half) =>
      (['fr', 'en'] as const).map((lang) => {
        const mine = half.filter((d) => d.lang === lang);
        return { lang, index: SegmentIndex.build(lang, mine), refs: Object.fromEntries(mine.map((d) => [d.id, revisionKey(d)])) };
      }),
    );
    const source = new SearchEngine();
    source.loadBase(segments, docs, { layer: 'user' });
    const { segments: out, docs: metas } = source.exportUserMeta();
    expect(out.filter((s) => s.lang === 'fr').length).toBe(2);
    const decoded = decodeUserIndex(encodeUserIndex(out, metas, new Map(), null));
    const byId = new Map(docs.map((d) => [d.id, d]));
    const warm = new SearchEngine({ docOf: (id) => byId.get(id) });
    // The segments carry their documents' metadata (columns): no document list, as the hub loads them.
    warm.loadBase(decoded.segments, [], { layer: 'user' });
    expect(warm.stats().lastLoad).toMatchObject({ rejected: 0, indexedFromText: 0 });
    expect(warm.size()).toBe(docs.length);
    for (const q of ['tisserands', 'pension', 'santé', 'cotisation 7']) {
      const query = { q, limit: 50, offset: 0 };
      expect(warm.search(query), q).toEqual(source.search(query));
    }
    expect(warm.search({ q: 'cotisation', limit: 50 }).total).toBe(40);
  });
});

describe('the prebuilt library\'s stamp (freshness without hashing the library files)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let lib: string;
  let prebuiltFile: string;
  const guideOf = async () => path.join(lib, 'guides', (await fs.readdir(path.join(lib, 'guides'))).filter((n) => n.endsWith('.md')).sort()[0]!);

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    lib = path.join(dir, 'library');
    await fs.cp(libraryDir(), lib, { recursive: true });
    // Files written more than 3 s before the build, as in a checkout built later.
    const past = new Date(Date.now() - 60_000);
    for (const f of await libraryFilePaths(lib)) await fs.utimes(f, past, past).catch(() => undefined);
    prebuiltFile = path.join(dir, 'library.json');
    await buildLibrary(lib, prebuiltFile);
    const data = path.join(dir, 'data');
    const hub = await Hub.open({ dataDir: data, libraryDir: lib, prebuiltFile, compactAfterMs: 0 });
    await hub.close();
    await settle(data);
    const again = await Hub.open({ dataDir: data, libraryDir: lib, prebuiltFile, compactAfterMs: 0 });
    await again.persistSearchIndex();
    await again.close();
  });
  afterAll(() => cleanup());

  const warm = () => openWarmIndex({ dataDir: path.join(dir, 'data'), libraryDir: lib, prebuiltFile });
  const prebuilt = async () => parsePrebuilt(await fs.readFile(prebuiltFile, 'utf8'))!;

  it('is taken at build time and says "unchanged" while no library file changed', async () => {
    const p = await prebuilt();
    expect(p.stamp?.racy).toBe(false);
    expect(p.stamp?.files.length).toBe((await readLibraryFiles(lib)).texts.size);
    expect(await libraryUnchanged(lib, p.stamp)).toBe(true);
    expect((await warm()).ok).toBe(true);
  });

  it('says "changed" for an edited, added or removed file; the content hash then decides', async () => {
    const p = await prebuilt();
    const guide = await guideOf();
    const before = await fs.readFile(guide, 'utf8');
    const st = await fs.stat(guide);
    // Same size, same content, a new time (a checkout): not "unchanged", but the hash still matches.
    await fs.utimes(guide, st.atime, new Date(st.mtimeMs + 5000));
    expect(await libraryUnchanged(lib, p.stamp)).toBe(false);
    expect((await warm()).ok).toBe(true);
    // Same size, other content: stale.
    await fs.writeFile(guide, before.replace(/[a-z]/, (c) => (c === 'a' ? 'b' : 'a')));
    expect(await libraryUnchanged(lib, p.stamp)).toBe(false);
    expect(await warm()).toMatchObject({ ok: false, reason: expect.stringMatching(/prebuilt library missing or stale/) });
    await fs.writeFile(guide, before);
    await fs.utimes(guide, st.atime, st.mtime);
    expect(await libraryUnchanged(lib, p.stamp)).toBe(true);
    // A file added, then removed.
    const extra = path.join(lib, 'practices', 'zz-extra.md');
    await fs.writeFile(extra, '---\ntitle: x\n---\n');
    expect(await libraryUnchanged(lib, p.stamp)).toBe(false);
    await fs.rm(extra);
    const last = p.stamp!.files.at(-1)![0];
    await fs.rename(path.join(lib, last), path.join(dir, 'aside'));
    expect(await libraryUnchanged(lib, p.stamp)).toBe(false);
    await fs.rename(path.join(dir, 'aside'), path.join(lib, last));
    expect(await libraryUnchanged(lib, p.stamp)).toBe(true);
  });

  it('is never trusted when a file changed within 3 s of it (racy), nor when absent', async () => {
    const newest = Math.max(...(await Promise.all((await libraryFilePaths(lib)).map(async (f) => (await fs.stat(f)).mtimeMs))));
    const racy = await libraryStamp(lib, newest + 2000); // as if taken 2 s after the last file was written
    expect(racy.racy).toBe(true);
    expect(await libraryUnchanged(lib, racy)).toBe(false);
    expect(await libraryUnchanged(lib, undefined)).toBe(false);
    const settled = await libraryStamp(lib);
    expect(await libraryUnchanged(lib, settled)).toBe(true);
  });
});

describe('the index cache\'s document columns', () => {
  const metas = [
    { ...searchDoc({ id: 'g-1', type: 'guide', lang: 'fr', title: 'Guide « été » 🌍', countries: ['SN', 'TG'], steps: [1, 2], branches: ['old-age'], guarantees: ['health'], themes: ['financing', 'financing'], instrument: 'c102' }), rev: 'r1' },
    { ...searchDoc({ id: 'p-1', title: 'Pratique', countries: [] }), rev: 'r2' },
    { ...searchDoc({ id: 'p-2', type: 'note', title: '', countries: ['CV'], themes: ['ligne\nà la ligne'] }), rev: 'r3' },
  ].map(({ summary: _s, body: _b, keywords: _k, ...meta }) => meta);
  const seg = { lang: 'fr' as const, index: SegmentIndex.build('fr', metas.map((m) => searchDoc(m))), refs: { 'g-1': 'r1', 'p-1': 'r2', 'p-2': 'r3' } };
  const revs = new Map([['g-1', 'fp1'], ['p-1', 'fp2'], ['p-2', 'fp3']]);

  it('gives back every document\'s metadata as written (unicode, empty lists, no instrument)', () => {
    const decoded = decodeUserIndex(encodeUserIndex([seg], metas, revs, null));
    expect(decoded.docs).toEqual(metas);
    expect(decoded.docs[1]).not.toHaveProperty('instrument');
    expect(decoded.revs()).toEqual(revs);
    expect(decoded.typeOf('g-1')).toBe('guide');
    expect(decoded.typeOf('p-2')).toBe('note');
    expect(decoded.typeOf('absent')).toBeUndefined();
    // The engine shows what the columns hold, and counts their facets, as it did from documents.
    const fromDocs = new SearchEngine();
    fromDocs.loadBase([seg], metas, { layer: 'user' });
    const fromColumns = new SearchEngine();
    fromColumns.loadBase(decoded.segments, [], { layer: 'user' });
    for (const q of [{ q: '' }, { q: 'guide' }, { q: '', country: ['SN'] }, { q: '', step: [2] }, { q: '', theme: ['ligne\nà la ligne'] }]) {
      expect(fromColumns.search({ limit: 50, ...q }), JSON.stringify(q)).toEqual(fromDocs.search({ limit: 50, ...q }));
    }
  });

  it('refuses a file whose columns do not fit its segments, even with a right checksum', () => {
    const good = encodeUserIndex([seg], metas, revs, null);
    const file = decodeIndexFile(good, INDEX_VERSION);
    // The file's sections, one of them replaced, encoded again (so size and CRC are right).
    const names = ['type', 'title', 'titleEnd', 'updatedAt', 'updatedAtEnd', 'rev', 'revEnd']
      .concat(['countries', 'steps', 'branches', 'guarantees', 'themes', 'instrument'].flatMap((l) => [`${l}Values`, `${l}Start`, `${l}Codes`]))
      .map((n) => `docs.fr.${n}`);
    const typeOfSection = (n: string) => (n.endsWith('type') ? 'u8' : /End$|Start$|Codes$/.test(n) ? 'u32' : 'utf8');
    const sections = (change: Record<string, string | Uint8Array | Uint32Array | undefined>) => {
      const out: Record<string, string | Uint8Array | Uint32Array> = { ...segmentSections([seg.index]), revs: '' };
      for (const n of names) out[n] = file.get(n, typeOfSection(n) as never);
      for (const [n, v] of Object.entries(change)) {
        if (v === undefined) delete out[n];
        else out[n] = v;
      }
      return encodeIndexFile(INDEX_VERSION, { kind: 'user-index', stamp: null }, out);
    };
    expect(decodeUserIndex(sections({})).docs).toEqual(metas);
    const te = file.get('docs.fr.titleEnd', 'u32');
    const bad: [string, Record<string, string | Uint8Array | Uint32Array | undefined>][] = [
      ['no columns', { 'docs.fr.type': undefined }],
      ['a type code out of range', { 'docs.fr.type': new Uint8Array([1, 200, 1]) }],
      ['one document too few', { 'docs.fr.type': new Uint8Array([1, 1]) }],
      ['a title past the text', { 'docs.fr.titleEnd': new Uint32Array([te[0]!, te[1]!, te[2]! + 1]) }],
      ['titles out of order', { 'docs.fr.titleEnd': new Uint32Array([te[1]!, te[0]!, te[2]!]) }],
      ['a value code out of range', { 'docs.fr.countriesCodes': new Uint32Array([0, 1, 7]) }],
      ['list starts out of order', { 'docs.fr.stepsStart': new Uint32Array([0, 2, 1, 2]) }],
      ['a step that is not a number', { 'docs.fr.stepsValues': '["1","2"]' }],
      ['values that are not JSON', { 'docs.fr.themesValues': '["financing"' }],
      ['two instruments', { 'docs.fr.instrumentStart': new Uint32Array([0, 2, 2, 2]), 'docs.fr.instrumentCodes': new Uint32Array([0, 0]) }],
    ];
    for (const [what, change] of bad) expect(() => decodeUserIndex(sections(change)), what).toThrow(IndexFileError);
  });

  it('reads no file of the previous version (document rows, index version 4)', () => {
    const rows = JSON.stringify(metas.map((d) => [d.id, d.type, d.lang, d.title, d.countries, d.steps, d.branches, d.guarantees, d.themes, d.instrument ?? null, d.updatedAt, d.rev]));
    const v4 = encodeIndexFile(4, { kind: 'user-index', stamp: null }, { ...segmentSections([seg.index]), docRows: rows, revs: '' });
    expect(() => decodeUserIndex(v4)).toThrow(/index version 4/);
  });
});
