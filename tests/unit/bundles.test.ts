import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { Hub } from '../../main/core/hub';
import { dispatch } from '../../main/core/dispatch';
import type { MethodInput, MethodName, MethodOutputs } from '../../main/core/contract';
import type { HubError } from '../../main/core/result';
import type { HubRecord } from '../../main/core/model';
import { applyImport, buildBundle, onBundleProgress, planImport, readBundle, type BundleProgress } from '../../main/core/bundles/index';
import { SimulatedCrash } from '../../main/core/bundles/import';
import { contentHash } from '../../main/core/bundles/hash';
import { practiceDraft, tempDir } from './helpers';
import { call, openHub, snapshotDir } from '../fixtures/bundles/helpers';

async function failure<M extends MethodName>(hub: Hub, method: M, input: MethodInput<M> | Record<string, unknown>): Promise<HubError> {
  const r = await dispatch(hub.api, method, input);
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('expected a failure');
  expect(r.error.message).not.toMatch(/\n\s+at /); // never a stack trace
  return r.error;
}
const content = (r: HubRecord) => {
  const { origin: _origin, ...rest } = r;
  return rest;
};
const bodyOf = (r: HubRecord | null | undefined) => (r && 'body' in r ? r.body : undefined);
const statusOf = (p: MethodOutputs['importPreview'], id: string) => p.items.find((i) => i.id === id);

const health = { countries: ['CM'], themes: ['social-health-protection'] };

describe('a bundle from Cameroon imported in Togo', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let cm: Hub; // the exporting library (Yaoundé)
  let tg: Hub; // the importing library (Lomé)
  const ids: Record<string, string> = {};
  let first: string; // the first bundle file

  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir('socle-bundles-'));
    cm = await openHub(path.join(root, 'cm'));
    tg = await openHub(path.join(root, 'tg'));
    const make = async (key: string, record: MethodInput<'create'>['record']) => {
      ids[key] = (await call(cm, 'create', { record })).id;
    };
    await make('p1', practiceDraft({ title: 'Mutuelles de santé du marché de Mokolo', country: 'CM', themes: ['social-health-protection'], body: 'Les vendeuses cotisent chaque semaine.' }));
    await make('p2', practiceDraft({ title: 'Chèque santé maternité', country: 'CM', themes: ['social-health-protection'] }));
    await make('internal', practiceDraft({ title: 'Note interne sur le budget', country: 'CM', themes: ['social-health-protection'], sensitivity: 'internal' }));
    await make('togo', practiceDraft({ title: 'Registre social au Togo', country: 'TG', themes: ['social-health-protection'] }));
    await make('cash', practiceDraft({ title: 'Transferts monétaires', country: 'CM', themes: ['cash-transfers'] }));
    await make('n1', { type: 'note', lang: 'fr', body: 'Rencontrer la CNPS sur la couverture santé.', country: 'CM', tags: ['social-health-protection'] });
    first = path.join(root, 'cm-sante.socle');
  });
  afterAll(async () => {
    await cm.close();
    await tg.close();
    await cleanup();
  });

  it('previews what will go in, leaving out internal records and library records never changed', async () => {
    const preview = await call(cm, 'exportPreview', { scope: health });
    expect(preview.records.map((r) => r.id)).toEqual([ids.p1, ids.p2].sort().concat(ids.n1!));
    expect(preview.counts).toEqual({ practice: 2, note: 1, workshop: 0, plan: 0, coverage: 0, project: 0, total: 3 });
    expect(preview.excluded.internal).toBe(1);

    const withInternal = await call(cm, 'exportPreview', { scope: { ...health, includeInternal: true } });
    expect(withInternal.records.map((r) => r.id)).toContain(ids.internal);
    expect(withInternal.includedInternal).toBe(1);

    const wholeCountry = await call(cm, 'exportPreview', { scope: { countries: ['CM'] } });
    expect(wholeCountry.excluded.library).toBeGreaterThan(0); // the bundled cm-* practices
    expect(wholeCountry.records.every((r) => r.origin !== 'library')).toBe(true);
    expect(wholeCountry.records.map((r) => r.id)).toContain(ids.cash);

    expect((await call(cm, 'exportPreview', { scope: { ...health, types: ['note'] } })).records.map((r) => r.id)).toEqual([ids.n1]);
    expect((await call(cm, 'exportPreview', { scope: { ...health, since: '2999-01-01' } })).counts.total).toBe(0);
    expect((await call(cm, 'exportPreview', { scope: { ...health, until: '2000-01-01' } })).counts.total).toBe(0);
    const everything = await call(cm, 'exportPreview', { scope: {} });
    expect(everything.records.some((r) => (r.type as string) === 'guide')).toBe(false);
  });

  it('exports a signed bundle and imports it elsewhere with the same records', async () => {
    expect((await call(cm, 'identity', {})).exists).toBe(false);
    const result = await call(cm, 'exportBundle', {
      scope: health,
      outFile: first,
      sign: true,
      publisher: { name: 'Ministère du Travail et de la Sécurité Sociale', organisation: 'MINTSS' },
    });
    expect(result).toMatchObject({ file: first, count: 3, signed: true, counts: { practice: 2, note: 1, total: 3 } });
    expect((await fs.stat(first)).size).toBe(result.bytes);
    const identity = await call(cm, 'identity', {});
    expect(identity).toMatchObject({ exists: true, fingerprint: result.fingerprint, publisher: { name: 'Ministère du Travail et de la Sécurité Sociale' } });

    const preview = await call(tg, 'importPreview', { file: first });
    expect(preview.bundle).toMatchObject({
      bundleId: result.bundleId,
      signed: true,
      fingerprint: result.fingerprint,
      publisher: { name: 'Ministère du Travail et de la Sécurité Sociale', organisation: 'MINTSS', country: 'CM' },
      fromThisInstall: false,
    });
    expect(preview.counts).toMatchObject({ new: 3, updated: 0, unchanged: 0, conflict: 0, rejected: 0, total: 3 });
    expect(preview.changes).toBe(true);

    const summary = await call(tg, 'importApply', { file: first, expectPreviewId: preview.previewId });
    expect(summary).toMatchObject({ changed: true, written: { records: 3, conflicts: 0 }, conflicts: [] });
    for (const key of ['p1', 'p2', 'n1']) {
      const mine = await call(cm, 'get', { id: ids[key]! });
      const theirs = await call(tg, 'get', { id: ids[key]! });
      expect(content(theirs)).toEqual(content(mine));
      expect(theirs.origin).toEqual({
        kind: 'bundle',
        bundleId: result.bundleId,
        publisher: 'Ministère du Travail et de la Sécurité Sociale, MINTSS (CM)',
        importedAt: summary.importedAt,
        fingerprint: preview.bundle.fingerprint, // the key that signed it, shown by the reader
      });
    }
    await expect(call(tg, 'get', { id: ids.internal! })).rejects.toThrow(/not-found/);
    const found = await call(tg, 'search', { q: 'vendeuses' });
    expect(found.hits.map((h) => h.id)).toContain(ids.p1);
  });

  it('changes nothing, byte for byte, when the same bundle is imported twice', async () => {
    const before = await snapshotDir(tg.store.dataDir);
    const preview = await call(tg, 'importPreview', { file: first });
    expect(preview.counts).toMatchObject({ new: 0, updated: 0, unchanged: 3, conflict: 0 });
    expect(preview.changes).toBe(false);
    const summary = await call(tg, 'importApply', { file: first });
    expect(summary.changed).toBe(false);
    expect(await snapshotDir(tg.store.dataDir)).toEqual(before);
  });

  it('takes a newer revision of a record not changed here as an update', async () => {
    const p1 = await call(cm, 'get', { id: ids.p1! });
    await call(cm, 'update', { id: p1.id, rev: p1.rev, changes: { title: 'Mutuelles de santé de Mokolo et de Mvog-Mbi' } });
    const file = path.join(root, 'cm-2.socle');
    await call(cm, 'exportBundle', { scope: health, outFile: file });
    const preview = await call(tg, 'importPreview', { file });
    expect(statusOf(preview, ids.p1!)).toMatchObject({ status: 'updated', fields: ['title'], incomingRev: 2, localRev: 1 });
    expect(statusOf(preview, ids.p2!)?.status).toBe('unchanged');
    await call(tg, 'importApply', { file, expectPreviewId: preview.previewId });
    const updated = await call(tg, 'get', { id: ids.p1! });
    expect(updated).toMatchObject({ title: 'Mutuelles de santé de Mokolo et de Mvog-Mbi', rev: 2, origin: { kind: 'bundle', bundleId: preview.bundle.bundleId } });
    const provenance = await call(tg, 'provenance', { id: ids.p1! });
    expect(provenance.lines).toEqual([
      expect.objectContaining({ line: preview.bundle.line, rev: 2, bundleId: preview.bundle.bundleId, current: true, publisher: expect.objectContaining({ organisation: 'MINTSS' }) }),
    ]);
    expect((await call(tg, 'history', { id: ids.p1! })).map((r) => r.rev)).toEqual([1]);
  });

  it('keeps both versions of a record changed on both sides, and merges them field by field', async () => {
    const local = await call(tg, 'get', { id: ids.p2! });
    await call(tg, 'update', { id: local.id, rev: local.rev, changes: { body: 'Version de Lomé: le chèque couvre aussi les enfants.' } });
    const remote = await call(cm, 'get', { id: ids.p2! });
    await call(cm, 'update', { id: remote.id, rev: remote.rev, changes: { title: 'Chèque santé mère-enfant' } });
    const file = path.join(root, 'cm-3.socle');
    await call(cm, 'exportBundle', { scope: health, outFile: file });

    const shard = tg.store.filesOf('practice', ids.p2!).record;
    const shardBefore = await fs.readFile(shard);
    const preview = await call(tg, 'importPreview', { file });
    expect(statusOf(preview, ids.p2!)).toMatchObject({ status: 'conflict', fields: ['body', 'title'], localRev: 2, incomingRev: 2 });
    const summary = await call(tg, 'importApply', { file, expectPreviewId: preview.previewId });
    expect(summary.conflicts).toEqual([ids.p2]);
    expect(await fs.readFile(shard)).toEqual(shardBefore); // the local record is untouched

    const list = await call(tg, 'conflicts', {});
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: ids.p2, localRev: 2, incomingRev: 2, localDeleted: false, publisher: { name: 'Ministère du Travail et de la Sécurité Sociale' } });
    const detail = await call(tg, 'conflict', { id: ids.p2! });
    expect(bodyOf(detail.mine)).toMatch(/Version de Lomé/);
    expect(detail.theirs.title).toBe('Chèque santé mère-enfant');
    expect(detail.diff.map((d) => d.field)).toEqual(['body', 'title']);

    // The same bundle again: the conflict is already waiting, nothing is written.
    const before = await snapshotDir(tg.store.dataDir);
    expect((await call(tg, 'importApply', { file })).changed).toBe(false);
    expect(await snapshotDir(tg.store.dataDir)).toEqual(before);

    const stale = await failure(tg, 'resolveConflict', { id: ids.p2!, choice: 'mine', rev: 1 });
    expect(stale.code).toBe('conflict');
    const unknownField = await failure(tg, 'resolveConflict', { id: ids.p2!, choice: 'fields', fields: { rev: 'theirs' } });
    expect(unknownField).toMatchObject({ code: 'invalid', field: 'fields.rev' });

    const resolved = await call(tg, 'resolveConflict', { id: ids.p2!, choice: 'fields', fields: { title: 'theirs', body: 'mine' }, rev: 2 });
    expect(resolved.record).toMatchObject({ title: 'Chèque santé mère-enfant', body: 'Version de Lomé: le chèque couvre aussi les enfants.' });
    expect(resolved.record!.rev).toBeGreaterThan(2);
    expect((await call(tg, 'conflicts', {})).items).toEqual([]);
    // Seen and dealt with: importing the bundle again neither overwrites the merge nor re-opens the conflict.
    const again = await call(tg, 'importPreview', { file });
    expect(statusOf(again, ids.p2!)).toMatchObject({ status: 'unchanged' });
  });

  it('resolves by keeping mine or taking theirs', async () => {
    for (const key of ['n1', 'p1']) {
      const here = await call(tg, 'get', { id: ids[key]! });
      await call(tg, 'update', { id: here.id, rev: here.rev, changes: { body: `Modifié à Lomé (${key})` } });
      const there = await call(cm, 'get', { id: ids[key]! });
      await call(cm, 'update', { id: there.id, rev: there.rev, changes: { body: `Modifié à Yaoundé (${key})` } });
    }
    const file = path.join(root, 'cm-4.socle');
    await call(cm, 'exportBundle', { scope: health, outFile: file });
    const summary = await call(tg, 'importApply', { file });
    expect(summary.conflicts.sort()).toEqual([ids.n1, ids.p1].sort());

    const kept = await call(tg, 'resolveConflict', { id: ids.n1!, choice: 'mine' });
    expect(kept.record).toMatchObject({ body: 'Modifié à Lomé (n1)' });
    const taken = await call(tg, 'resolveConflict', { id: ids.p1!, choice: 'theirs' });
    const remote = await call(cm, 'get', { id: ids.p1! });
    expect(contentHash(taken.record!)).toBe(contentHash(remote));
    expect(bodyOf(await call(tg, 'get', { id: ids.p1! }))).toBe('Modifié à Yaoundé (p1)');

    const again = await call(tg, 'importPreview', { file });
    expect(statusOf(again, ids.n1!)?.status).toBe('unchanged');
    expect(statusOf(again, ids.p1!)?.status).toBe('unchanged');
    expect(again.changes).toBe(false);
  });

  it('treats a record deleted here but changed by the publisher as a conflict; taking theirs restores it', async () => {
    const here = await call(tg, 'get', { id: ids.p1! });
    await call(tg, 'delete', { id: here.id, rev: here.rev });
    const there = await call(cm, 'get', { id: ids.p1! });
    await call(cm, 'update', { id: there.id, rev: there.rev, changes: { summary: 'Mise à jour après la suppression à Lomé.' } });
    const file = path.join(root, 'cm-5.socle');
    await call(cm, 'exportBundle', { scope: health, outFile: file });
    const preview = await call(tg, 'importPreview', { file });
    expect(statusOf(preview, ids.p1!)).toMatchObject({ status: 'conflict', reason: expect.stringMatching(/deleted here/) });
    await call(tg, 'importApply', { file });
    await expect(call(tg, 'get', { id: ids.p1! })).rejects.toThrow(/not-found/); // still deleted: importing never resurrects silently
    expect((await call(tg, 'conflicts', {})).items[0]).toMatchObject({ id: ids.p1, localDeleted: true, localRev: 0 });
    const restored = await call(tg, 'resolveConflict', { id: ids.p1!, choice: 'theirs' });
    expect(restored.record).toMatchObject({ summary: 'Mise à jour après la suppression à Lomé.' });
    expect((await call(tg, 'trash', {})).map((t) => t.record.id)).not.toContain(ids.p1);
  });

  it('sends an edit back: a record changed only in Togo updates the original in Cameroon', async () => {
    // p2 was merged in Lomé (title from Yaoundé, body from Lomé): Yaoundé's copy is an ancestor of it.
    const file = path.join(root, 'tg-retour.socle');
    await call(tg, 'exportBundle', { scope: health, outFile: file, publisher: { name: 'Ministère de la Fonction publique', organisation: 'MFPTRS', country: 'TG' } });
    const preview = await call(cm, 'importPreview', { file });
    expect(statusOf(preview, ids.p2!)).toMatchObject({ status: 'updated', fields: ['body'] });
    await call(cm, 'importApply', { file });
    const back = await call(cm, 'get', { id: ids.p2! });
    expect(bodyOf(back)).toBe('Version de Lomé: le chèque couvre aussi les enfants.');
    // Its content now comes from Lomé's bundle: the origin says so (Yaoundé's own versions stay in history).
    expect(back.origin).toMatchObject({ kind: 'bundle', publisher: 'Ministère de la Fonction publique, MFPTRS (TG)' });
    expect((await call(cm, 'provenance', { id: ids.p2! })).lines[0]).toMatchObject({ publisher: { organisation: 'MFPTRS', country: 'TG' }, current: true });
  });

  it('rejects a record that is another kind of record here, with the reason', async () => {
    await call(tg, 'create', { record: { type: 'note', id: 'shared-id', lang: 'fr', body: 'Une note de Lomé.' } });
    await call(cm, 'create', { record: practiceDraft({ id: 'shared-id', title: 'Homonyme', country: 'CM', themes: ['social-health-protection'] }) });
    const file = path.join(root, 'cm-6.socle');
    await call(cm, 'exportBundle', { scope: health, outFile: file });
    const preview = await call(tg, 'importPreview', { file });
    expect(statusOf(preview, 'shared-id')).toMatchObject({ status: 'rejected', reason: '"shared-id" is a note here, not a practice' });
    await call(tg, 'importApply', { file });
    expect((await call(tg, 'get', { id: 'shared-id' })).type).toBe('note');
  });

  it('refuses to apply when the library changed since the preview', async () => {
    const there = await call(cm, 'get', { id: ids.n1! });
    await call(cm, 'update', { id: there.id, rev: there.rev, changes: { title: 'Réunion CNPS' } });
    const file = path.join(root, 'cm-7.socle');
    await call(cm, 'exportBundle', { scope: health, outFile: file });
    const preview = await call(tg, 'importPreview', { file });
    expect(statusOf(preview, ids.n1!)?.status).toBe('updated');
    const here = await call(tg, 'get', { id: ids.n1! });
    await call(tg, 'update', { id: here.id, rev: here.rev, changes: { title: 'Modifié entre-temps' } });
    const before = await snapshotDir(tg.store.dataDir);
    const err = await failure(tg, 'importApply', { file, expectPreviewId: preview.previewId });
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/preview the bundle again/);
    expect(await snapshotDir(tg.store.dataDir)).toEqual(before);
  });

  it('imports from bytes (the browser mode) exactly as from a file', async () => {
    const dir = path.join(root, 'browser');
    const hub = await openHub(dir);
    try {
      const bytes = (await fs.readFile(first)).toString('base64');
      const preview = await call(hub, 'importPreview', { bytes });
      expect(preview.counts.new).toBe(3);
      expect((await call(hub, 'importApply', { bytes, expectPreviewId: preview.previewId })).written.records).toBe(3);
    } finally {
      await hub.close();
    }
  });

  it('validates paths and inputs given over the API, naming the field', async () => {
    expect(await failure(cm, 'exportBundle', { outFile: 'relative.socle' })).toMatchObject({ code: 'invalid', field: 'outFile' });
    expect(await failure(cm, 'exportBundle', { outFile: path.join(root, 'x.zip') })).toMatchObject({ code: 'invalid', field: 'outFile' });
    expect(await failure(cm, 'exportBundle', { outFile: path.join(cm.store.dataDir, 'x.socle') })).toMatchObject({ code: 'invalid', field: 'outFile' });
    expect(await failure(cm, 'exportBundle', { outFile: path.join(root, 'nope', 'x.socle') })).toMatchObject({ code: 'not-found', field: 'outFile' });
    expect(await failure(cm, 'exportBundle', { outFile: first })).toMatchObject({ code: 'conflict', field: 'outFile' });
    expect(await failure(cm, 'exportPreview', { scope: { countries: ['Cameroun'] } })).toMatchObject({ code: 'invalid', field: 'scope.countries.0' });
    expect(await failure(cm, 'exportPreview', { scope: { since: '2025-02-01', until: '2025-01-01' } })).toMatchObject({ code: 'invalid', field: 'scope.since' });
    expect(await failure(tg, 'importPreview', { file: path.join(root, 'missing.socle') })).toMatchObject({ code: 'not-found', field: 'file' });
    expect(await failure(tg, 'importPreview', { file: 'cm-sante.socle' })).toMatchObject({ code: 'invalid', field: 'file' });
    expect(await failure(tg, 'importPreview', { file: root })).toMatchObject({ code: 'invalid', field: 'file' });
    expect(await failure(tg, 'importPreview', {})).toMatchObject({ code: 'invalid', field: 'file' });
    expect(await failure(tg, 'importPreview', { file: first, bytes: 'AAAA' })).toMatchObject({ code: 'invalid' });
    expect(await failure(tg, 'resolveConflict', { id: ids.p2!, choice: 'theirs' })).toMatchObject({ code: 'not-found' });
    const fresh = await openHub(path.join(root, 'nobody'));
    try {
      expect(await failure(fresh, 'exportBundle', { outFile: path.join(root, 'anon.socle') })).toMatchObject({ code: 'invalid', field: 'publisher.name' });
    } finally {
      await fresh.close();
    }
  });

  it('reports progress through the callback and, for API calls, to listeners by token', async () => {
    const events: BundleProgress[] = [];
    const built = await buildBundle(cm, {
      scope: { countries: ['CM'], workshops: [], types: [], themes: [], includeInternal: false },
      publisher: { name: 'Test', organisation: '' },
      sign: false,
      onProgress: (p) => events.push(p),
    });
    expect(events.some((e) => e.phase === 'hash' && e.done === e.total && e.total === built.manifest.counts.total)).toBe(true);
    expect(events.at(-1)).toMatchObject({ op: 'export', phase: 'compress' });

    const seen: BundleProgress[] = [];
    const off = onBundleProgress(tg, (p) => seen.push(p));
    try {
      await call(tg, 'importPreview', { file: first, progressToken: 'ui-42' });
    } finally {
      off();
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.token === 'ui-42' && p.op === 'import')).toBe(true);
    expect(seen.map((p) => p.phase)).toEqual(expect.arrayContaining(['verify', 'plan']));
  });
});

describe('all-or-nothing imports', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let bundleFile: string;
  let ids: string[];

  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir('socle-bundles-atomic-'));
    const source = await openHub(path.join(root, 'source'));
    try {
      ids = [];
      for (let i = 0; i < 12; i++) {
        ids.push((await call(source, 'create', { record: practiceDraft({ title: `Pratique ${i}`, body: `Texte unique zorglub${i}.`, country: 'CM' }) })).id);
      }
      for (let i = 0; i < 3; i++) ids.push((await call(source, 'create', { record: { type: 'note', lang: 'fr', body: `Note zorglub${i}`, country: 'CM' } })).id);
      bundleFile = path.join(root, 'twelve.socle');
      await call(source, 'exportBundle', { scope: { countries: ['CM'] }, outFile: bundleFile, publisher: { name: 'Source', organisation: '' } });
    } finally {
      await source.close();
    }
  });
  afterAll(() => cleanup());

  it('puts every file back when a write fails midway', async () => {
    const hub = await openHub(path.join(root, 'failing'));
    try {
      // A file where the notes' folder must go: the bundle's practices are written first, then
      // writing the first note fails (a full disk or a permission problem would look the same).
      await fs.mkdir(path.join(hub.store.dataDir, 'records'), { recursive: true });
      await fs.writeFile(path.join(hub.store.dataDir, 'records', 'note'), 'in the way');
      const before = await snapshotDir(hub.store.dataDir);
      let written = 0;
      const saveBatch = hub.store.saveBatch.bind(hub.store);
      hub.store.saveBatch = (items, opts = {}) =>
        saveBatch(items, {
          ...opts,
          onSaved: (n) => {
            written = n;
            opts.onSaved?.(n);
          },
        });
      const err = await failure(hub, 'importApply', { file: bundleFile });
      expect(written).toBeGreaterThan(0); // the failure really came midway, after some writes
      expect(err.code).toBe('internal');
      expect(err.message).toMatch(/^Nothing was imported: writing failed .*every file written was put back\.$/);
      expect(await snapshotDir(hub.store.dataDir)).toEqual(before);
      for (const id of ids) expect(hub.resolve(id)).toBeUndefined();
      expect((await call(hub, 'search', { q: 'zorglub3' })).hits).toEqual([]);
    } finally {
      await hub.close();
    }
  });

  it('rolls back an import cut short by a crash when the hub opens again', async () => {
    const dir = path.join(root, 'crashing');
    let hub = await openHub(dir);
    const before = await snapshotDir(dir, { skip: ['index'] });
    const plan = await planImport(hub, await readBundle(await fs.readFile(bundleFile)));
    await expect(applyImport(hub, plan, { crashAfterWrites: 4 })).rejects.toBeInstanceOf(SimulatedCrash);
    expect((await fs.readdir(path.join(dir, 'import-journal'))).length).toBeGreaterThan(0);
    expect((await fs.readdir(path.join(dir, 'records', 'practice'))).length).toBeGreaterThanOrEqual(4); // half an import on disk
    await hub.close();

    hub = await openHub(dir);
    try {
      const info = await call(hub, 'info', {});
      expect(info.problems.map((p) => p.message).join()).toMatch(/interrupted bundle import was rolled back/);
      expect(await snapshotDir(dir, { skip: ['index'] })).toEqual(before);
      for (const id of ids) expect(hub.resolve(id)).toBeUndefined();
      // and the import then goes through whole
      expect((await call(hub, 'importApply', { file: bundleFile })).written.records).toBe(15);
    } finally {
      await hub.close();
    }
  });

  it('leaves alone the journal of an import still running in another process, and waits for it', async () => {
    const dir = path.join(root, 'busy');
    const journal = path.join(dir, 'import-journal', 'journal.jsonl');
    await fs.mkdir(path.dirname(journal), { recursive: true });
    const header = { journal: 1, pid: process.ppid, host: os.hostname(), startedAt: new Date().toISOString(), bundleId: 'someone-elses-import', dirs: [] };
    await fs.writeFile(journal, JSON.stringify(header) + '\n');
    const hub = await openHub(dir);
    try {
      expect(await fs.readFile(journal, 'utf8')).toContain('someone-elses-import'); // not rolled back under the other process
      const err = await failure(hub, 'importApply', { file: bundleFile });
      expect(err).toMatchObject({ code: 'conflict', message: expect.stringMatching(/Another import is running/) });
      for (const id of ids) expect(hub.resolve(id)).toBeUndefined();
    } finally {
      await hub.close();
    }
  });
});
