/**
 * Side files (state kept beside the records: partners, timer, undo log, provenance, publisher
 * profile) obey the same rules as records: their caps are enforced when they are written, and a
 * file that fails validation is moved to quarantine/ (and reported), never overwritten.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Hub } from '../../main/core/hub';
import { dispatch } from '../../main/core/dispatch';
import { ProvenanceBook } from '../../main/core/bundles/provenance';
import { loadProfile, saveProfile } from '../../main/core/bundles/identity';
import { tempDir } from './helpers';
import { call, openHub } from '../fixtures/bundles/helpers';

const partnersFile = (dir: string) => path.join(dir, 'workshops', '_partners.json');
const partnerNames = (n: number) => Array.from({ length: n }, (_, i) => `Partenaire ${String(i).padStart(3, '0')}`);

async function quarantined(dir: string): Promise<string[]> {
  return fs.readdir(path.join(dir, 'quarantine')).catch(() => []);
}

describe('side files', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let hub: Hub;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    hub = await openHub(dir);
  });
  afterEach(async () => {
    await hub.close();
    await cleanup();
  });

  it('refuses the 501st partner instead of writing a list it would then read as empty', async () => {
    await fs.mkdir(path.dirname(partnersFile(dir)), { recursive: true });
    await fs.writeFile(partnersFile(dir), JSON.stringify({ partners: partnerNames(500) }));
    const res = await dispatch(hub.api, 'addPartner', { name: 'Mutuelle de Kara' });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('too-large');
      expect(res.error.message).toMatch(/500/);
    }
    const list = await call(hub, 'listPartners', {});
    expect(list.custom).toHaveLength(500);
    expect(JSON.parse(await fs.readFile(partnersFile(dir), 'utf8')).partners).toHaveLength(500);
    // Removing one makes room again.
    await call(hub, 'removePartner', { name: 'Partenaire 000' });
    expect((await call(hub, 'addPartner', { name: 'Mutuelle de Kara' })).custom).toHaveLength(500);
  });

  it('moves an invalid partner file to quarantine, reports it, and never overwrites it', async () => {
    await fs.mkdir(path.dirname(partnersFile(dir)), { recursive: true });
    const tooMany = JSON.stringify({ partners: partnerNames(501) }); // as an older version wrote it
    await fs.writeFile(partnersFile(dir), tooMany);
    expect((await call(hub, 'listPartners', {})).custom).toEqual([]);
    await call(hub, 'addPartner', { name: 'Mutuelle de Kara' });
    const moved = await quarantined(dir);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatch(/_partners\.json$/);
    expect(await fs.readFile(path.join(dir, 'quarantine', moved[0]!), 'utf8')).toBe(tooMany);
    const info = await call(hub, 'info', {});
    expect(info.problems.some((p) => p.file.endsWith('_partners.json') && 'movedTo' in p && p.movedTo)).toBe(true);
    expect(JSON.parse(await fs.readFile(partnersFile(dir), 'utf8')).partners).toEqual(['Mutuelle de Kara']);
  });

  it('quarantines a damaged timer or undo log instead of writing over it', async () => {
    const { workshop } = await call(hub, 'createWorkshop', { from: 'dakar-2017', start: '2027-03-01' } as never);
    const folder = path.join(dir, 'workshops', workshop.id);
    await fs.mkdir(folder, { recursive: true });
    const damaged = '{"version": 1, "broken';
    await fs.writeFile(path.join(folder, 'timer.json'), damaged);
    const started = await dispatch(hub.api, 'workshopTimer', { workshopId: workshop.id, action: 'start', minutes: 20, groupIds: workshop.groups.slice(0, 2).map((g) => g.id) });
    expect(started.ok, JSON.stringify(started)).toBe(true);
    const moved = (await quarantined(dir)).find((n) => n.endsWith('timer.json'));
    expect(moved).toBeTruthy();
    expect(await fs.readFile(path.join(dir, 'quarantine', moved!), 'utf8')).toBe(damaged);
  });

  it('quarantines an unreadable provenance file instead of replacing it with a new one', async () => {
    await fs.mkdir(path.join(dir, 'provenance'), { recursive: true });
    const file = path.join(dir, 'provenance', 'line-a.json');
    await fs.writeFile(file, '{"line": "line-a", "records": ');
    const book = await ProvenanceBook.load(dir);
    expect(book.problems).toEqual(['line-a.json']);
    await expect(fs.stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await quarantined(dir)).some((n) => n.endsWith('line-a.json'))).toBe(true);
  });

  it('quarantines an unreadable publisher profile before a new one is saved', async () => {
    await fs.mkdir(path.join(dir, 'identity'), { recursive: true });
    await fs.writeFile(path.join(dir, 'identity', 'publisher.json'), '{"name": 42}');
    expect(await loadProfile(dir)).toBeUndefined();
    await saveProfile(dir, { name: 'Ministère', organisation: 'MFPTDS' });
    expect((await quarantined(dir)).some((n) => n.endsWith('publisher.json'))).toBe(true);
  });

  it('quarantines an unreadable install.json instead of writing a new id over it', async () => {
    await hub.close();
    await fs.writeFile(path.join(dir, 'install.json'), '{"installId": ');
    hub = await openHub(dir);
    expect(hub.store.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await quarantined(dir)).some((n) => n.endsWith('install.json'))).toBe(true);
    expect((await call(hub, 'info', {})).problems.some((p) => p.file.endsWith('install.json'))).toBe(true);
  });
});
