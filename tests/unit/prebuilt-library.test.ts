import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Hub } from '../../main/core/hub';
import { buildLibrary } from '../../main/core/library/build';
import { libraryDir } from '../../main/platform/paths';
import { tempDir } from './helpers';

// Start-up uses the prebuilt library (validated records + index) only when it was built from
// exactly the library files on disk; any change to them falls back to parsing and indexing.
describe('prebuilt library', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let lib: string;
  let prebuilt: string;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    lib = path.join(dir, 'library');
    prebuilt = path.join(dir, 'out', 'library.json');
    await fs.cp(libraryDir(), lib, { recursive: true });
    await buildLibrary(lib, prebuilt);
  });
  afterAll(() => cleanup());

  const open = async (data: string) => Hub.open({ dataDir: path.join(dir, data), libraryDir: lib, prebuiltFile: prebuilt, compactAfterMs: 0 });

  it('is used when current, and gives the same records and search results', async () => {
    const hub = await open('a');
    expect((await hub.info()).library.prebuiltIndex).toBe(true);
    expect((await hub.get({ id: 'c102-old-age-fr' })).title).toMatch(/Partie V/);
    const hits = (await hub.search({ q: 'Novissi', limit: 5, offset: 0 })).hits.map((h) => h.id);
    expect(hits[0]).toBe('tg-novissi');
    await hub.close();
  });

  it('is ignored as soon as a library file changes, and the change shows', async () => {
    const file = path.join(lib, 'guides', 'c102-old-age.fr.md');
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, text.replace(/^title: .*$/m, 'title: "Vieillesse : guide révisé"'));
    const hub = await open('b');
    expect((await hub.info()).library.prebuiltIndex).toBe(false);
    expect((await hub.get({ id: 'c102-old-age-fr' })).title).toBe('Vieillesse : guide révisé');
    expect((await hub.search({ q: 'révisé', limit: 5, offset: 0 })).hits.map((h) => h.id)).toContain('c102-old-age-fr');
    await hub.close();
  });

  it('is ignored when damaged', async () => {
    await fs.writeFile(prebuilt, '{"indexVersion": 2, "contentHash": "tru');
    const hub = await open('c');
    expect((await hub.info()).library.prebuiltIndex).toBe(false);
    expect((await hub.get({ id: 'tg-novissi' })).type).toBe('practice');
    await hub.close();
  });
});
