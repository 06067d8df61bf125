/**
 * RecordStore.saveBatch (what a bundle import and a sync pull write through): with `parsed`, it
 * trusts the record's body (already recordSchema's output) but still checks what the merge set
 * since, its revision and origin, and writes records the next open reads back unchanged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordStore } from '../../main/core/store/store';
import type { HubRecord } from '../../main/core/model';
import { practiceRecord, tempDir } from './helpers';

const origin = { kind: 'bundle' as const, bundleId: 'b1', publisher: 'Test', importedAt: '2026-01-01T00:00:00.000Z' };
const practice = (id: string): HubRecord => practiceRecord(id, { origin, createdAt: origin.importedAt, updatedAt: origin.importedAt });

describe('RecordStore.saveBatch with parsed records', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it('writes them, tells onChange instead of the store listener, and the next open reads the same records', async () => {
    const heard: string[] = [];
    const store = await RecordStore.open(dir, { onChange: (_r, id) => heard.push(`store:${id}`) });
    const records = ['a', 'b', 'c'].map(practice);
    await store.saveBatch(records.map((record) => ({ record, expectRev: 0 })), { parsed: true, onChange: (_r, id) => heard.push(`batch:${id}`) });
    expect(heard).toEqual(['batch:a', 'batch:b', 'batch:c']);
    await store.close();
    const again = await RecordStore.open(dir);
    expect([...again.all()].sort((x, y) => x.id.localeCompare(y.id))).toEqual(records);
    expect(again.problems).toEqual([]);
  });

  it('still refuses an invalid origin or revision set after parsing, writing nothing of that record', async () => {
    const store = await RecordStore.open(dir);
    const badOrigin = { ...practice('d'), origin: { kind: 'bundle', bundleId: 'x'.repeat(500), publisher: 'T', importedAt: 'hier' } } as HubRecord;
    await expect(store.saveBatch([{ record: badOrigin, expectRev: 0 }], { parsed: true })).rejects.toMatchObject({ code: 'invalid' });
    const badRev = { ...practice('e'), rev: 1.5 };
    await expect(store.saveBatch([{ record: badRev, expectRev: 0 }], { parsed: true })).rejects.toMatchObject({ code: 'invalid' });
    expect(store.get('d')).toBeUndefined();
    expect(store.get('e')).toBeUndefined();
  });
});
