import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, tempDir } from './helpers';


describe('socle CLI', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it('prints search results as one JSON object', async () => {
    const r = await cli(['--data', dir, '--json', 'search', 'vieillesse', '--lang', 'fr']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.query).toBe('vieillesse');
    expect(json.total).toBeGreaterThan(0);
    expect(json.hits[0]).toEqual(expect.objectContaining({ id: expect.any(String), type: expect.any(String), title: expect.any(String), lang: 'fr', score: expect.any(Number), snippet: expect.any(String) }));
    expect(Object.keys(json.facets)).toEqual(expect.arrayContaining(['type', 'lang', 'country', 'step', 'branch', 'guarantee', 'theme']));
  });

  it('adds a practice from Markdown with front matter, finds it, deletes and restores it', async () => {
    const file = path.join(dir, 'pratique.md');
    await fs.writeFile(
      file,
      `---\ntitle: "Guichet mobile de l'assurance maladie"\ncountry: CM\nthemes: [social-health-protection]\nsteps: [3]\nsources:\n  - title: Atelier de Yaoundé\n---\nUn guichet itinérant inscrit les vendeuses du marché de Mokolo.\n`,
    );
    const added = await cli(['--data', dir, '--json', 'add', file]);
    expect(added.code).toBe(0);
    const record = JSON.parse(added.out);
    expect(record).toMatchObject({ type: 'practice', country: 'CM', rev: 1, body: expect.stringContaining('Mokolo') });

    const found = JSON.parse((await cli(['--data', dir, '--json', 'search', 'vendeuses', '--country', 'cm'])).out);
    expect(found.hits.map((h: { id: string }) => h.id)).toContain(record.id);

    const shown = await cli(['--data', dir, 'show', record.id]);
    expect(shown.out).toMatch(/Guichet mobile/);

    expect((await cli(['--data', dir, 'delete', record.id])).code).toBe(0);
    expect((await cli(['--data', dir, 'show', record.id])).code).toBe(2);
    expect((await cli(['--data', dir, 'restore', record.id])).code).toBe(0);
    const listed = JSON.parse((await cli(['--data', dir, '--json', 'list', '--type', 'practice', '--country', 'CM'])).out);
    expect(listed.items.map((i: { id: string }) => i.id)).toContain(record.id);
  });

  it('adds a note from JSON', async () => {
    const file = path.join(dir, 'note.json');
    await fs.writeFile(file, JSON.stringify({ type: 'note', body: 'Le groupe Cabo Verde propose un jumelage avec le Togo.', tags: ['jumelage'] }));
    const r = await cli(['--data', dir, '--json', 'add', file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ type: 'note', tags: ['jumelage'] });
  });

  it('exits 2 with one clear line and no stack trace on bad input', async () => {
    const bad = path.join(dir, 'bad.md');
    await fs.writeFile(bad, `---\ntitle: Sans pays\n---\ncorps\n`);
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['show'], /Missing record id/],
      [['search', 'x', '--step', 'deux'], /--step must be a whole number/],
      [['search', 'x', '--colour'], /Unknown option '--colour'/],
      [['add', bad], /country/],
      [['add', path.join(dir, 'missing.md')], /no such file/],
      [['show', 'does-not-exist'], /No record "does-not-exist"/],
      [['search', 'x', '--lang', 'de'], /--lang: must be one of fr, en, pt$/m],
      // says which values are valid, not zod's bare "Invalid input"
      [['search', 'x', '--step', '9'], /--step: must be 1, 2 or 3/],
      // names the flag to add, not the contract's field path
      [['export', '--country', 'CM', '--out', path.join(dir, 'out.socle')], /--publisher-name: say who publishes/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['--data', dir, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 2 with one line naming the problem when --data points at a file', async () => {
    const notADir = path.join(dir, 'a-file');
    await fs.writeFile(notADir, 'x');
    const r = await cli(['--data', notADir, 'list']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^socle list: The data folder .*a-file is a file, not a folder/);
    expect(await fs.readFile(notADir, 'utf8')).toBe('x');
  });

  it('works as a real process through the socle bin', () => {
    const r = spawnSync(process.execPath, ['bin/socle.js', '--data', dir, '--json', 'search', 'retraites'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).total).toBeGreaterThan(0);
    const bad = spawnSync(process.execPath, ['bin/socle.js', '--data', dir, 'show'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^socle show: Missing record id/);
  });
});
