/**
 * Sync through CouchDB's replication protocol: two and three data directories replicate through
 * a CouchDB-protocol server run in the test (express-pouchdb over the memory adapter, on
 * 127.0.0.1). Each data directory has its own hub and its own LevelDB replica, as on a laptop.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import type { Hub } from '../../main/core/hub';
import type { HubRecord } from '../../main/core/model';
import { syncService } from '../../main/core/sync/api';
import { call, openHub } from '../fixtures/bundles/helpers';
import { startCouch, type CouchFixture } from '../fixtures/sync/couch-server';
import { practiceDraft, tempDir } from './helpers';

let couch: CouchFixture;
let root: string;
let cleanup: () => Promise<void>;
let dbCount = 0;

beforeAll(async () => {
  couch = await startCouch();
  ({ dir: root, cleanup } = await tempDir('socle-sync-'));
});
afterAll(async () => {
  await couch.close();
  await cleanup();
});

/** Opens `n` hubs on fresh data directories, all configured for one fresh database. */
async function peers(n: number): Promise<{ hubs: Hub[]; db: string; close: () => Promise<void> }> {
  const db = `socle-${++dbCount}`;
  await couch.createDb(db);
  const hubs: Hub[] = [];
  for (let i = 0; i < n; i++) {
    const hub = await openHub(path.join(root, `${db}-peer${i}`));
    await call(hub, 'syncConfigure', { url: couch.url(db) });
    hubs.push(hub);
  }
  return { hubs, db, close: async () => void (await Promise.all(hubs.map((h) => h.close()))) };
}

const pass = (hub: Hub) => call(hub, 'syncNow', {});
const create = async (hub: Hub, over: Parameters<typeof practiceDraft>[0] = {}) => (await call(hub, 'create', { record: practiceDraft(over) })) as HubRecord & { type: 'practice' };

describe('sync through a CouchDB-protocol server', () => {
  it('new records flow both ways', async () => {
    const { hubs: [a, b], db, close } = await peers(2);
    try {
      const fromA = await create(a!, { title: 'Pension sociale au Cabo Verde', country: 'CV' });
      const fromB = await create(b!, { title: 'Registre social au Sénégal', country: 'SN' });
      const ra = await pass(a!);
      expect(ra).toMatchObject({ pushed: 1, pulled: 0, conflicts: 0 });
      const rb = await pass(b!);
      expect(rb).toMatchObject({ pushed: 1, pulled: 1, conflicts: 0 });
      expect((await pass(a!)).pulled).toBe(1);
      expect((await call(b!, 'get', { id: fromA.id })).title).toBe('Pension sociale au Cabo Verde');
      expect((await call(a!, 'get', { id: fromB.id })).title).toBe('Registre social au Sénégal');
      // Searchable on arrival, with its provenance (which peer it came from).
      expect((await call(b!, 'search', { q: 'pension sociale' })).hits.map((h) => h.id)).toContain(fromA.id);
      const prov = await call(b!, 'provenance', { id: fromA.id });
      expect(prov.lines).toHaveLength(1);
      expect(prov.lines[0]!.line).toBe(a!.store.id);
      expect((await couch.allDocs(db)).map((r) => r.id).sort()).toEqual([fromA.id, fromB.id].sort());
      // A second pass with nothing new moves nothing.
      expect(await pass(a!)).toMatchObject({ pushed: 0, pulled: 0, conflicts: 0 });
    } finally {
      await close();
    }
  });

  it('an edit on one side updates the other; the same record edited on both sides is one conflict on each side, both versions kept; resolving on one side closes it everywhere', async () => {
    const { hubs, close } = await peers(3);
    const [a, b, c] = hubs as [Hub, Hub, Hub];
    try {
      const p = await create(a, { title: 'Assurance maladie universelle', country: 'SN' });
      await pass(a);
      await pass(b);
      await pass(c);
      // A plain edit on A reaches B and C as an update, not a conflict.
      const a2 = await call(a, 'update', { id: p.id, rev: p.rev, changes: { summary: 'Résumé revu par A' } });
      await pass(a);
      expect((await pass(b)).conflicts).toBe(0);
      expect(((await call(b, 'get', { id: p.id })) as { summary: string }).summary).toBe('Résumé revu par A');

      // Both edit the same version.
      await call(a, 'update', { id: p.id, rev: a2.rev, changes: { title: 'Titre de A' } });
      const bNow = await call(b, 'get', { id: p.id });
      await call(b, 'update', { id: p.id, rev: bNow.rev, changes: { title: 'Titre de B' } });
      await pass(a);
      const rb = await pass(b);
      expect(rb.conflicts).toBe(1);
      await pass(a);
      for (const [hub, mine, theirs] of [
        [a, 'Titre de A', 'Titre de B'],
        [b, 'Titre de B', 'Titre de A'],
      ] as const) {
        const list = await call(hub, 'conflicts', {});
        expect(list.items.map((i) => i.id)).toEqual([p.id]);
        const detail = await call(hub, 'conflict', { id: p.id });
        expect((detail.mine as { title: string }).title).toBe(mine);
        expect((detail.theirs as { title: string }).title).toBe(theirs);
        expect(detail.fields).toEqual(['title']);
        expect((await call(hub, 'get', { id: p.id })).title).toBe(mine); // the local record untouched
      }

      // Resolved on B, field by field with a value of its own.
      await call(b, 'resolveConflict', { id: p.id, choice: 'fields', fields: { title: { value: 'Titre fusionné' } } });
      expect((await call(b, 'conflicts', {})).items).toEqual([]);
      await pass(b);
      await pass(a);
      await pass(c);
      for (const hub of [a, b, c]) {
        expect((await call(hub, 'conflicts', {})).items).toEqual([]);
        expect((await call(hub, 'get', { id: p.id })).title).toBe('Titre fusionné');
        expect(((await call(hub, 'get', { id: p.id })) as { summary: string }).summary).toBe('Résumé revu par A');
      }
      // The server holds one live revision: the losing ones were removed.
      const doc = await couchDoc(hubs, p.id);
      expect(doc._conflicts ?? []).toEqual([]);
      // And it stays quiet.
      expect(await pass(a)).toMatchObject({ pushed: 0, pulled: 0, conflicts: 0 });
    } finally {
      await close();
    }
  });

  it('"keep mine" also closes the conflict on the other side', async () => {
    const { hubs: [a, b], close } = await peers(2);
    try {
      const p = await create(a!, { title: 'Cantines scolaires' });
      await pass(a!);
      await pass(b!);
      await call(a!, 'update', { id: p.id, rev: p.rev, changes: { title: 'Cantines (A)' } });
      await call(b!, 'update', { id: p.id, rev: p.rev, changes: { title: 'Cantines (B)' } });
      await pass(a!);
      await pass(b!);
      await pass(a!);
      expect((await call(a!, 'conflicts', {})).items).toHaveLength(1);
      await call(a!, 'resolveConflict', { id: p.id, choice: 'mine' });
      await pass(a!);
      await pass(b!);
      expect((await call(b!, 'conflicts', {})).items).toEqual([]);
      expect((await call(b!, 'get', { id: p.id })).title).toBe('Cantines (A)');
    } finally {
      await close();
    }
  });

  it('internal records and guides never reach the server', async () => {
    const { hubs: [a], db, close } = await peers(1);
    try {
      const shared = await create(a!, { title: 'Partageable' });
      const internal = await create(a!, { title: 'Budget interne', sensitivity: 'internal' });
      await pass(a!);
      const ids = (await couch.allDocs(db)).map((r) => r.id);
      expect(ids).toEqual([shared.id]);
      expect(ids).not.toContain(internal.id);
      // Marking a shared record internal later keeps it from travelling again.
      await call(a!, 'update', { id: shared.id, rev: shared.rev, changes: { sensitivity: 'internal', title: 'Devenu interne' } });
      await pass(a!);
      const doc = await couch.getDoc(db, shared.id);
      expect((doc.record as { title: string }).title).toBe('Partageable');
    } finally {
      await close();
    }
  });

  it('a scope limits what travels both ways', async () => {
    const { hubs: [a, b], db, close } = await peers(2);
    try {
      const sn = await create(a!, { title: 'Sénégal', country: 'SN' });
      await create(a!, { title: 'Togo', country: 'TG' });
      await call(a!, 'syncConfigure', { url: couch.url(db), scope: { countries: ['SN'] } });
      await pass(a!);
      expect((await couch.allDocs(db)).map((r) => r.id)).toEqual([sn.id]);
      await call(b!, 'syncConfigure', { url: couch.url(db), scope: { countries: ['TG'] } });
      expect((await pass(b!)).pulled).toBe(0);
    } finally {
      await close();
    }
  });

  it('deletions replicate as trash, and a restore replicates too', async () => {
    const { hubs: [a, b], db, close } = await peers(2);
    try {
      const p = await create(a!, { title: 'À supprimer' });
      await pass(a!);
      await pass(b!);
      await call(b!, 'delete', { id: p.id });
      await pass(b!);
      await pass(a!);
      expect((await call(a!, 'trash', {})).map((t) => t.record.id)).toEqual([p.id]);
      expect((await dispatchGet(a!, p.id)).ok).toBe(false);
      expect((await couch.allDocs(db)).map((r) => r.id)).toEqual([]);
      // Restored on A: back on the server and on B.
      await call(a!, 'restore', { id: p.id });
      await pass(a!);
      await pass(b!);
      expect((await call(b!, 'get', { id: p.id })).title).toBe('À supprimer');
      expect(await call(b!, 'trash', {})).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a server killed mid-pass: the pass fails with one line, the next one resumes with nothing lost or duplicated', async () => {
    const { hubs: [a, b], db, close } = await peers(2);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 60; i++) ids.push((await create(a!, { title: `Pratique ${i}`, body: `Texte ${i}` })).id);
      syncService(a!).batchSize = 10;
      let bulk = 0;
      couch.onRequest((req) => {
        if (req.method === 'POST' && req.url.includes('_bulk_docs') && ++bulk === 3) couch.kill();
      });
      await expect(pass(a!)).rejects.toThrow(/Cannot reach|internal/);
      couch.onRequest(undefined);
      await couch.start();
      const onServer = (await couch.allDocs(db)).length;
      expect(onServer).toBeGreaterThan(0);
      expect(onServer).toBeLessThan(60);
      const r = await pass(a!);
      expect(r.pushed).toBe(60 - onServer);
      const rows = await couch.allDocs(db);
      expect(rows.map((x) => x.id).sort()).toEqual([...ids].sort());
      for (const row of rows) expect(row.value.rev.startsWith('1-')).toBe(true); // written once each
      await pass(b!);
      const onB = new Set((await call(b!, 'list', { type: 'practice', limit: 1000 })).items.map((i) => i.id));
      expect(ids.filter((id) => !onB.has(id))).toEqual([]);
      expect([...b!.store.all()].length).toBe(60);
      expect((await call(b!, 'conflicts', {})).items).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('an interrupted pull', () => {
  it('keeps what arrived, and the next pass brings the rest once', async () => {
    const { hubs: [a, b], close } = await peers(2);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) ids.push((await create(a!, { title: `Reçue ${i}` })).id);
      await pass(a!);
      syncService(b!).batchSize = 10;
      let reads = 0;
      couch.onRequest((req) => {
        if (req.method === 'POST' && req.url.includes('_bulk_get') && ++reads === 3) couch.kill();
      });
      await expect(pass(b!)).rejects.toThrow(/Cannot reach/);
      couch.onRequest(undefined);
      const partial = [...b!.store.all()].length;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(50);
      await couch.start();
      const r = await pass(b!);
      expect(r.pulled).toBe(50 - partial);
      expect([...b!.store.all()].map((x) => x.id).sort()).toEqual([...ids].sort());
      for (const id of ids) expect(b!.store.get(id)!.rev).toBe(1); // written once, never twice
      expect((await call(b!, 'conflicts', {})).items).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('continuous sync', () => {
  it('an edit reaches the other peer while both run, and stopping leaves nothing pending', async () => {
    const { hubs: [a, b], close } = await peers(2);
    try {
      const started = await call(a!, 'syncStart', {});
      expect(started).toMatchObject({ continuous: true, state: 'continuous' });
      await call(b!, 'syncStart', {});
      const p = await create(a!, { title: 'Édition continue' });
      await until(() => !!b!.store.get(p.id));
      await call(b!, 'update', { id: p.id, rev: b!.store.get(p.id)!.rev, changes: { summary: 'Revu par B en direct' } });
      await until(() => (a!.store.get(p.id) as { summary?: string } | undefined)?.summary === 'Revu par B en direct');
      expect((await call(a!, 'conflicts', {})).items).toEqual([]);
      const stopped = await call(a!, 'syncStop', {});
      expect(stopped).toMatchObject({ continuous: false, state: 'idle' });
      expect((await call(a!, 'syncStatus', {})).last?.ok).toBe(true);
    } finally {
      await close();
    }
  });
});

async function until(cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function couchDoc(hubs: Hub[], id: string): Promise<{ _conflicts?: string[] }> {
  void hubs;
  const db = `socle-${dbCount}`;
  return (await couch.getDoc(db, id, '?conflicts=true')) as { _conflicts?: string[] };
}

async function dispatchGet(hub: Hub, id: string) {
  const { dispatch } = await import('../../main/core/dispatch');
  return dispatch(hub.api, 'get', { id });
}
