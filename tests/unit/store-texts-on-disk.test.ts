import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RecordStore, TEXTS_ON_DISK_FROM } from '../../main/core/store/store';
import { Hub } from '../../main/core/hub';
import { practiceSchema, type HubRecord, type Practice } from '../../main/core/model';
import { libraryDir } from '../../main/platform/paths';
import { practiceDraft, practiceRecord, tempDir } from './helpers';

// A large store (25,000 records and more at open, issue 13) keeps long texts in the record files
// and reads them when asked. These tests force that mode on a few records (textsOnDiskFrom: 0).

const long = (words: string) => `${words} `.repeat(40).trim();

/** A practice whose body and results are long enough to stay on disk; lessons is short and stays in memory. */
function practice(id: string, over: Partial<Practice> = {}): Practice {
  return practiceRecord(id, {
    body: long('Cotisations des travailleurs indépendants à Thiès.'),
    results: long('Trois mille affiliés en un an.'),
    lessons: 'Court.',
    ...over,
  });
}

/** The store's record as a practice (every record in these tests is one). */
const practiceOf = (store: RecordStore, id: string) => store.get(id) as Practice;
const bodyIsOnDisk = (r: HubRecord | undefined) => typeof Object.getOwnPropertyDescriptor(r ?? {}, 'body')?.get === 'function';

describe('RecordStore with texts on disk', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it('keeps texts in memory below the threshold, and only long texts on disk above it', async () => {
    // The default threshold (25,000), whatever SOCLE_STORE_TEXTS_ON_DISK_FROM says for the run.
    const small = await RecordStore.open(dir, {}, { textsOnDiskFrom: TEXTS_ON_DISK_FROM });
    await small.save(practice('a'), 0);
    expect(small.lazyTexts).toBe(false);
    expect(bodyIsOnDisk(small.get('a'))).toBe(false);

    const large = await RecordStore.open(dir, {}, { textsOnDiskFrom: 1 });
    expect(large.lazyTexts).toBe(true);
    const held = practiceOf(large, 'a');
    // What the store would otherwise hold: the long texts are read from the file, short ones stay.
    expect(bodyIsOnDisk(held)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(held, 'lessons')?.value).toBe('Court.');
    expect(Object.getOwnPropertyDescriptor(held, 'title')?.value).toBe('Pratique a');
  });

  it('gives every reader the same record as the file holds', async () => {
    const store = await RecordStore.open(dir, {}, { textsOnDiskFrom: 0 });
    const saved = await store.save(practice('a'), 0);
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, 'records', 'practice', 'a.json'), 'utf8')).record;
    const again = await RecordStore.open(dir, {}, { textsOnDiskFrom: 0 });
    const held = practiceOf(again, 'a');
    expect(bodyIsOnDisk(held)).toBe(true);
    expect(held).toEqual(onDisk);
    expect(held).toEqual(saved);
    expect(JSON.parse(JSON.stringify(held))).toEqual(onDisk);
    expect({ ...held }).toEqual(onDisk);
    expect(structuredClone(held)).toEqual(onDisk); // IPC and worker threads
    expect(practiceSchema.parse(held)).toEqual(onDisk);
    expect([...again.all()]).toEqual([onDisk]);
  });

  it('keeps what an update changes, and a text assigned on a held record', async () => {
    const store = await RecordStore.open(dir, {}, { textsOnDiskFrom: 0 });
    const a = (await store.save(practice('a'), 0)) as Practice;
    const b = (await store.save({ ...practiceOf(store, 'a'), results: long('Quatre mille affiliés.') }, a.rev)) as Practice;
    expect(b.body).toBe(a.body);
    expect(practiceOf(store, 'a').results).toBe(long('Quatre mille affiliés.'));
    expect(practiceOf(store, 'a').body).toBe(a.body);
    const held = practiceOf(store, 'a');
    held.body = 'Remplacé en mémoire.';
    expect(held.body).toBe('Remplacé en mémoire.');
    expect(JSON.parse(await fs.readFile(path.join(dir, 'records', 'practice', 'a.json'), 'utf8')).record.body).toBe(a.body);
  });

  it("re-reads a record another process changed: a held version keeps its own texts, the refresh brings the new ones", async () => {
    const here = await RecordStore.open(dir, {}, { textsOnDiskFrom: 0 });
    const v1 = (await here.save(practice('a'), 0)) as Practice;
    const held = practiceOf(here, 'a');
    // Another process saves a new revision of the same file (history keeps revision 1).
    const elsewhere = await RecordStore.open(dir);
    await elsewhere.save({ ...v1, body: long('Nouvelle version écrite ailleurs.') }, 1);
    expect(held.rev).toBe(1);
    expect(held.body).toBe(v1.body);
    expect(await here.refresh([{ id: 'a', type: 'practice' }])).toEqual(['a']);
    expect(practiceOf(here, 'a').rev).toBe(2);
    expect(practiceOf(here, 'a').body).toBe(long('Nouvelle version écrite ailleurs.'));
    // Deleted elsewhere: the held revision's texts come from the trash file.
    const current = practiceOf(here, 'a');
    await elsewhere.delete(practiceOf(elsewhere, 'a'), 2);
    expect(current.body).toBe(long('Nouvelle version écrite ailleurs.'));
  });

  it('reads a hand edit of the file once the store looks at it again', async () => {
    const store = await RecordStore.open(dir, {}, { textsOnDiskFrom: 0 });
    await store.save(practice('a'), 0);
    const file = path.join(dir, 'records', 'practice', 'a.json');
    const shard = JSON.parse(await fs.readFile(file, 'utf8'));
    shard.record.body = long('Corrigé à la main dans le fichier.');
    await fs.writeFile(file, JSON.stringify(shard));
    await store.refresh([{ id: 'a', type: 'practice' }]);
    expect(practiceOf(store, 'a').body).toBe(long('Corrigé à la main dans le fichier.'));
    const reopened = await RecordStore.open(dir, {}, { textsOnDiskFrom: 0 });
    expect(practiceOf(reopened, 'a').body).toBe(long('Corrigé à la main dans le fichier.'));
  });
});

describe('Hub with texts on disk', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it('lists, searches, shows and links records whose texts are read from the files', async () => {
    const hub = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), compactAfterMs: 0, storeTextsOnDiskFrom: 0 });
    try {
      const target = await hub.create({ record: practiceDraft({ title: 'Guichet unique de Kara', body: long('Guichet unique pour les artisans de Kara.') }) as never });
      const linking = await hub.create({ record: practiceDraft({ title: 'Extension à Sokodé', body: long('Microassurance agricole à Sokodé.') }) as never });
      expect(bodyIsOnDisk(hub.store.get(linking.id))).toBe(true);
      expect((await hub.related({ id: target.id })).backlinks.map((b) => b.id)).not.toContain(linking.id);
      // An edit that adds a link in the text: the cached links follow the file.
      await hub.update({ id: linking.id, rev: 1, changes: { body: `${long('Microassurance agricole à Sokodé.')} Voir [Kara](socle:${target.id}).` } });
      expect((await hub.related({ id: target.id })).backlinks.map((b) => b.id)).toContain(linking.id);
      const found = await hub.search({ q: 'microassurance', limit: 20, offset: 0 });
      expect(found.hits.map((h) => h.id)).toContain(linking.id);
      const got = (await hub.get({ id: linking.id })) as Practice;
      expect(got.body).toContain(`(socle:${target.id})`);
      const listed = await hub.list({ type: 'practice', limit: 50, offset: 0 });
      expect(listed.items.map((i) => i.id)).toEqual(expect.arrayContaining([target.id, linking.id]));
    } finally {
      await hub.close();
    }
  });
});
