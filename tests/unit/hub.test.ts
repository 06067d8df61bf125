import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Hub, INDEX_VERSION } from '../../main/core/hub';
import { decodeUserIndex, userIndexFile } from '../../main/core/search/user-index';
import { IndexFileError, decodeIndexFile, encodeIndexFile, readSegments, segmentSections } from '../../main/core/search/index-file';
import { dispatch } from '../../main/core/dispatch';
import { libraryDir } from '../../main/platform/paths';
import { tempDir, practiceDraft } from './helpers';

describe('Hub over the real bundled library', () => {
  let hub: Hub;
  let cleanup: () => Promise<void>;
  let dir: string;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    hub = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), compactAfterMs: 0 });
  });
  afterAll(async () => {
    await hub.close();
    await cleanup();
  });

  it('validates input at the boundary and names the field', async () => {
    const res = await dispatch(hub.api, 'create', { record: practiceDraft({ country: 'Togo' }) });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('invalid');
      expect(res.error.field).toBe('record.country');
      expect(res.error.message).toMatch(/country.*ISO 3166-1/);
    }
    const unknown = await dispatch(hub.api, 'nope', {});
    expect(unknown.ok || unknown.error.code).toBe('not-found');
    const extra = await dispatch(hub.api, 'search', { q: 'x', surprise: 1 });
    expect(extra.ok).toBe(false);
  });

  it('makes a new practice searchable at once, an edit replaces it, a delete hides it', async () => {
    const created = await hub.create({ record: practiceDraft({ body: 'Expérience pilote de microassurance agricole à Kara.' }) as never });
    let found = await hub.search({ q: 'microassurance', limit: 20, offset: 0 });
    expect(found.hits.map((h) => h.id)).toContain(created.id);

    const edited = await hub.update({ id: created.id, rev: 1, changes: { body: 'Guichet unique pour les cotisations des artisans.' } });
    expect(edited.rev).toBe(2);
    found = await hub.search({ q: 'microassurance', limit: 20, offset: 0 });
    expect(found.hits.map((h) => h.id)).not.toContain(created.id);
    found = await hub.search({ q: 'artisans', limit: 20, offset: 0 });
    expect(found.hits.map((h) => h.id)).toContain(created.id);

    await hub.delete({ id: created.id, rev: 2 });
    found = await hub.search({ q: 'artisans', limit: 20, offset: 0 });
    expect(found.hits.map((h) => h.id)).not.toContain(created.id);
    await expect(hub.get({ id: created.id })).rejects.toMatchObject({ code: 'not-found' });

    await hub.restore({ id: created.id });
    found = await hub.search({ q: 'artisans', limit: 20, offset: 0 });
    expect(found.hits.map((h) => h.id)).toContain(created.id);
  });

  it('refuses a stale update and returns the current record in the error', async () => {
    const created = await hub.create({ record: practiceDraft() as never });
    await hub.update({ id: created.id, rev: 1, changes: { title: 'Première modification' } });
    const res = await dispatch(hub.api, 'update', { id: created.id, rev: 1, changes: { title: 'Modification concurrente' } });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('conflict');
      expect((res.error.details as { current: { title: string; rev: number } }).current).toMatchObject({ title: 'Première modification', rev: 2 });
    }
  });

  it('keeps bundled guides read-only', async () => {
    const res = await dispatch(hub.api, 'update', { id: 'c102-overview-fr', rev: 1, changes: { title: 'x' } });
    expect(res.ok || res.error.code).toBe('read-only');
    const del = await dispatch(hub.api, 'delete', { id: 'c102-overview-fr' });
    expect(del.ok || del.error.code).toBe('read-only');
  });

  it('lists the library by instrument with guides in the asked language', async () => {
    const { shelves } = await hub.shelves({ lang: 'en' });
    const c102 = shelves.find((s) => s.instrument === 'c102');
    expect(c102?.guides[0]?.id).toBe('c102-overview-en');
    expect(c102?.guides.every((g) => g.lang === 'en')).toBe(true);
  });

  it('gives the other language version and related records of a guide', async () => {
    const rel = await hub.related({ id: 'c102-old-age-fr' });
    expect(rel.versions.map((v) => v.id).sort()).toEqual(['c102-old-age-en', 'c102-old-age-fr']);
    expect(rel.related.some((r) => r.id === 'c102-overview-fr')).toBe(true);
    const back = await hub.related({ id: 'c102-overview-fr' });
    expect(back.backlinks.some((r) => r.id === 'c102-old-age-fr')).toBe(true);
  });

  it('keeps history of edits', async () => {
    const created = await hub.create({ record: practiceDraft() as never });
    const v2 = await hub.update({ id: created.id, rev: 1, changes: { summary: 'v2' } });
    await hub.update({ id: created.id, rev: v2.rev, changes: { summary: 'v3' } });
    const history = await hub.history({ id: created.id });
    expect(history.map((r) => r.rev)).toEqual([2, 1]);
    expect(history[0]!.type === 'practice' && history[0]!.summary).toBe('v2');
  });

  it('serves searches from a cached index after a restart, including edits made before it', async () => {
    const created = await hub.create({ record: practiceDraft({ body: 'Caisse villageoise de solidarité à Sokodé.' }) as never });
    await hub.close();
    hub = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), compactAfterMs: 0 });
    const found = await hub.search({ q: 'Sokodé', limit: 20, offset: 0 });
    expect(found.hits.map((h) => h.id)).toContain(created.id);
  });
});

describe('Hub start-up from its caches', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const open = () => Hub.open({ dataDir: dir, libraryDir: libraryDir(), compactAfterMs: 0 });
  const ids = async (hub: Hub, q: string) => (await hub.search({ q, limit: 50, offset: 0 })).hits.map((h) => h.id);
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it('keeps no document text in the index cache and still makes snippets after a restart', async () => {
    let hub = await open();
    const body = 'La caisse villageoise de solidarité de Sokodé mutualise les cotisations des tisserands.';
    const created = await hub.create({ record: practiceDraft({ body }) as never });
    await hub.compact(); // (close compacts, and so rewrites the cache, only after many edits)
    await hub.close();
    const bytes = await fs.readFile(userIndexFile(dir));
    const cache = decodeUserIndex(bytes);
    expect(cache.docs.map((d) => Object.keys(d).filter((k) => ['summary', 'body', 'keywords'].includes(k)))).toEqual([[]]);
    expect(bytes.toString('utf8')).not.toContain('mutualise les cotisations');

    hub = await open();
    const found = await hub.search({ q: 'tisserands', limit: 20, offset: 0 });
    expect(found.hits.map((h) => h.id)).toEqual([created.id]);
    expect(found.hits[0]!.snippet).toContain('<mark>tisserands</mark>');
    await hub.close();
  });

  it('indexes again a record whose file was changed behind its back, at the same revision', async () => {
    let hub = await open();
    const created = await hub.create({ record: practiceDraft({ body: 'Un guichet pour les xylophonistes.' }) as never });
    await hub.compact();
    await hub.close();
    const file = path.join(dir, 'records', 'practice', `${created.id}.json`);
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('xylophonistes', 'forgerons'));
    hub = await open();
    expect(hub.store.get(created.id)?.rev).toBe(1);
    expect(await ids(hub, 'forgerons')).toContain(created.id);
    expect(await ids(hub, 'xylophonistes')).not.toContain(created.id);
    await hub.close();
  });

  it('keeps a deleted library practice hidden, and a corrupt shard quarantined, across restarts', async () => {
    let hub = await open();
    const practices = async (h: Hub) => (await h.search({ q: '', type: ['practice'], limit: 500, offset: 0 })).hits.map((x) => x.id);
    const lib = (await hub.list({ type: 'practice', limit: 500, offset: 0 })).items.find((r) => r.origin === 'library')!;
    expect(await practices(hub)).toContain(lib.id);
    await hub.delete({ id: lib.id, rev: lib.rev });
    const kept = await hub.create({ record: practiceDraft({ body: 'Mutuelle des vanniers.' }) as never });
    await hub.compact();
    await hub.close();
    await fs.writeFile(path.join(dir, 'records', 'practice', 'broken.json'), '{"record": {"id": "broken"');
    for (let i = 0; i < 2; i++) {
      hub = await open();
      expect(await practices(hub)).not.toContain(lib.id);
      await expect(hub.get({ id: lib.id })).rejects.toMatchObject({ code: 'not-found' });
      expect(await ids(hub, 'vanniers')).toEqual([kept.id]);
      expect((await hub.info()).problems.map((p) => path.basename(p.file))).toEqual(i === 0 ? ['broken.json'] : []);
      await hub.close();
    }
  });

  it('rebuilds an index cache that is damaged, truncated or of another version instead of misreading it', async () => {
    let hub = await open();
    const created = await hub.create({ record: practiceDraft({ body: 'Assurance des cordonniers.' }) as never });
    await hub.compact();
    await hub.close();
    const file = userIndexFile(dir);
    const good = await fs.readFile(file);
    expect(decodeUserIndex(good).docs.map((d) => d.id)).toEqual([created.id]);
    // A cache of the JSON format (index versions 1-3) left behind is never read.
    await fs.writeFile(path.join(dir, 'index', 'user-index.json'), JSON.stringify({ indexVersion: 3, segments: [], docs: [{ id: created.id, body: 'autre chose' }], revs: {} }));
    const flipped = Buffer.from(good);
    flipped[flipped.length - 40]! ^= 0xff;
    const olderVersion = encodeIndexFile(INDEX_VERSION - 1, { kind: 'user-index', stamp: null }, {});
    // The previous format (index version 4: the documents as JSON rows, no columns), as it was written.
    const [segment] = readSegments(decodeIndexFile(good, INDEX_VERSION));
    const meta = decodeUserIndex(good).docs[0]!;
    const rows = JSON.stringify([[meta.id, meta.type, meta.lang, meta.title, meta.countries, meta.steps, meta.branches, meta.guarantees, meta.themes, null, meta.updatedAt, meta.rev]]);
    const version4 = encodeIndexFile(4, { kind: 'user-index', stamp: null }, { ...segmentSections([segment!]), docRows: rows, revs: '' });
    // This version's layout with the columns left out: sound checksum, inconsistent content.
    const noColumns = encodeIndexFile(INDEX_VERSION, { kind: 'user-index', stamp: null }, { ...segmentSections([segment!]), revs: '' });
    const damaged: [string, Uint8Array][] = [
      ['truncated', good.subarray(0, Math.floor(good.length / 2))],
      ['one byte changed', flipped],
      ['older version', olderVersion],
      ['version 4 with document rows', version4],
      ['no document columns', noColumns],
      ['not an index', Buffer.from('{"indexVersion": 4}')],
      ['empty', new Uint8Array(0)],
    ];
    for (const [what, bytes] of damaged) {
      expect(() => decodeUserIndex(bytes), what).toThrow(IndexFileError);
      await fs.writeFile(file, bytes);
      hub = await open();
      expect(await ids(hub, 'cordonniers'), what).toEqual([created.id]);
      await hub.close();
      // Rebuilt: a sound cache of this version again.
      expect(decodeUserIndex(await fs.readFile(file)).docs.map((d) => d.id), what).toEqual([created.id]);
    }
  });
});
