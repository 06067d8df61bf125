// The browse feature: country and theme pages, the C102 matrix, reading lists in the data
// directory, and "cite this" - through dispatch over the real bundled library, plus the pure
// citation and reading-list functions on their own.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Hub } from '../../main/core/hub';
import type { MethodInput, MethodName, MethodOutputs } from '../../main/core/contract';
import type { Guide, Practice } from '../../main/core/model';
import { libraryDir } from '../../main/platform/paths';
import { bibtexEscape, citeRecord } from '../../main/core/browse/cite';
import { MATRIX_CELL_LIMIT, c102Matrix, c102StatusOf } from '../../main/core/browse/aggregate';
import { MAX_ITEMS_PER_LIST, MAX_LISTS, edits, type ReadingListsFile } from '../../main/core/browse/reading-lists';
import { callHub, cli, hubFailure, practiceDraft, tempDir } from './helpers';

let hub: Hub;
let dir: string;
let cleanup: () => Promise<void>;

/** Calls a method through dispatch, as IPC, HTTP and the CLI do; throws the HubError on failure. */
const call = <M extends MethodName>(method: M, input: MethodInput<M>, on: Hub = hub) => callHub(on, method, input);
const failure = (method: MethodName, input: unknown) => hubFailure(hub, method, input);

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('socle-browse-'));
  hub = await Hub.open({ dataDir: dir, libraryDir: libraryDir(), compactAfterMs: 0 });
});
afterAll(async () => {
  await hub?.close();
  await cleanup();
});

describe('country pages', () => {
  it('gathers a country\'s practices, partner practices, plans, workshops and C102 status', async () => {
    const tg = await call('countryPage', { country: 'TG', lang: 'fr' });
    const ids = tg.practices.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['tg-novissi', 'tg-amu', 'tg-inam', 'tg-c102-ratification']));
    expect(tg.practices.every((p) => p.country === 'TG')).toBe(true);
    // The ILO Flagship practice names Togo as a partner: listed apart, not as a Togolese practice.
    expect(tg.partnerPractices.map((p) => p.id)).toContain('ilo-flagship-phase-2');
    expect(ids).not.toContain('ilo-flagship-phase-2');
    // The Dakar 2017 template has a Togo country group and plan.
    expect(tg.workshops.map((w) => w.id)).toContain('dakar-2017');
    expect(tg.plans.length).toBeGreaterThan(0);
    expect(tg.plans.every((p) => p.country === 'TG')).toBe(true);
    // Togo's section of the C102 status guide, and only that section.
    expect(tg.c102).toMatchObject({ guideId: 'c102-country-status-fr', section: 'togo' });
    expect(tg.c102!.markdown).toContain('2013');
    expect(tg.c102!.markdown).not.toContain('1962'); // Senegal's date
    expect(tg.branches.find((b) => b.branch === 'medical-care')!.count).toBeGreaterThanOrEqual(2);
  });

  it('takes the C102 section from the guide in the asked language, and titles from translations', async () => {
    const cm = await call('countryPage', { country: 'CM', lang: 'en' });
    expect(cm.c102).toMatchObject({ guideId: 'c102-country-status-en', section: 'cameroon', lang: 'en' });
    expect(cm.c102!.markdown).toMatch(/2015/);
    const tg = await call('countryPage', { country: 'TG', lang: 'en' });
    expect(tg.practices.find((p) => p.id === 'tg-novissi')!.title).toBe('Togo: Novissi, a digital cash transfer in response to COVID-19');
  });

  it('follows the user\'s edits and notes at once, and refuses a code that is not a country', async () => {
    // São Tomé e Príncipe: no practice of its own in the library, and no section in the status guide.
    const mine = await call('create', { record: practiceDraft({ country: 'ST', title: 'São Tomé e Príncipe: caixa de previdência', branches: ['old-age'] }) });
    await call('create', { record: { type: 'note', body: 'Note sur Sao Tomé-et-Principe', country: 'ST' } });
    const gw = await call('countryPage', { country: 'ST', lang: 'pt' });
    expect(gw.practices.map((p) => p.id)).toEqual([mine.id]);
    expect(gw.notes.total).toBe(1);
    expect(gw.c102).toMatchObject({ markdown: '' }); // the guide has no section for it: no status invented
    expect(gw.c102!.section).toBeUndefined();
    const matrix = await call('c102Matrix', { lang: 'fr' });
    expect(matrix.cells.find((c) => c.branch === 'old-age' && c.country === 'ST')!.practices.map((p) => p.id)).toEqual([mine.id]);
    await call('delete', { id: mine.id });
    expect((await call('countryPage', { country: 'ST', lang: 'pt' })).practices).toEqual([]);
    expect((await failure('countryPage', { country: 'togo' })).field).toBe('country');
  });

  it('c102StatusOf finds a country section by its name in the guide\'s language and stops at the next heading', () => {
    const guide = {
      id: 'g-pt', lang: 'pt', body: '## Porquê\n\ntexto\n\n## Camarões\n\n- Projeto de lei em 2015.\n\n## Togo\n\n- 2013',
    } as unknown as Guide;
    expect(c102StatusOf(guide, 'CM')).toEqual({ guideId: 'g-pt', section: 'camaroes', markdown: '- Projeto de lei em 2015.', lang: 'pt' });
    expect(c102StatusOf(undefined, 'CM')).toBeNull();
  });
});

describe('the browse index and theme pages', () => {
  it('lists the four workshop countries first, then others with content', async () => {
    const index = await call('browseIndex', { lang: 'fr' });
    expect(index.countries.slice(0, 4).map((c) => c.country)).toEqual(['SN', 'CV', 'CM', 'TG']);
    expect(index.countries.map((c) => c.country)).toContain('BR');
    const sn = index.countries.find((c) => c.country === 'SN')!;
    expect(sn.practices).toBeGreaterThanOrEqual(5);
    expect(index.themes.find((t) => t.theme === 'social-health-protection')!.practices).toBeGreaterThan(0);
  });

  it('gives a theme\'s guides (one per language pair) and practices', async () => {
    const page = await call('themePage', { theme: 'social-health-protection', lang: 'en' });
    expect(page.guides.map((g) => g.id)).toContain('theme-social-health-protection-en');
    expect(page.guides.some((g) => g.id === 'theme-social-health-protection-fr')).toBe(false);
    expect(page.practices.map((p) => p.id)).toEqual(expect.arrayContaining(['sn-cmu']));
    expect(page.countries.find((c) => c.country === 'SN')!.count).toBeGreaterThan(0);
    expect((await failure('themePage', { theme: '../etc' })).code).toBe('invalid');
  });
});

describe('the C102 matrix', () => {
  it('has the nine branches as rows, the focus countries first, practices in their cells', async () => {
    const m = await call('c102Matrix', { lang: 'fr' });
    expect(m.branches.map((b) => b.branch)).toHaveLength(9);
    expect(m.branches.find((b) => b.branch === 'maternity')!.guideId).toBe('c102-maternity-fr');
    expect(m.countries.slice(0, 4)).toEqual(['SN', 'CV', 'CM', 'TG']);
    expect(m.countries).toContain('BR');
    const cell = (b: string, c: string) => m.cells.find((x) => x.branch === b && x.country === c)?.practices.map((p) => p.id) ?? [];
    expect(cell('maternity', 'SN')).toEqual(['sn-gratuite']);
    expect(cell('maternity', 'TG')).toEqual(['tg-c102-ratification']);
    expect(cell('medical-care', 'TG')).toEqual(expect.arrayContaining(['tg-amu', 'tg-inam']));
    expect(cell('unemployment', 'SN')).toEqual([]);
    expect(cell('old-age', 'CV')).toEqual(['cv-social-pensions']);
  });
});

describe('the C102 matrix at scale', () => {
  it('lists at most MATRIX_CELL_LIMIT practices per cell, validated first, and counts the rest', () => {
    const practices = Array.from({ length: 30 }, (_, i) => ({
      type: 'practice', id: `p-${String(i).padStart(2, '0')}`, lang: 'fr', title: `Pratique ${String(i).padStart(2, '0')}`,
      country: 'SN', branches: ['maternity'], status: i % 3 === 0 ? 'validated' : 'draft', summary: 'x'.repeat(4000),
    })) as unknown as Practice[];
    const m = c102Matrix(
      { records: practices, summarize: (r) => ({ id: r.id, title: (r as Practice).title }) as never, guide: () => undefined },
      'fr',
    );
    const cell = m.cells.find((c) => c.branch === 'maternity' && c.country === 'SN')!;
    expect(cell.total).toBe(30);
    expect(cell.practices).toHaveLength(MATRIX_CELL_LIMIT);
    expect(cell.practices.slice(0, 10).every((p) => p.status === 'validated')).toBe(true);
    expect(cell.practices[0]).toEqual({ id: 'p-00', title: 'Pratique 00', status: 'validated' }); // no summary carried
  });
});

describe('reading lists', () => {
  it('bookmarks a record in the default list, keeps it in the data directory, and survives a reopen', async () => {
    const { dir: d, cleanup: c } = await tempDir('socle-lists-');
    try {
      const h = await Hub.open({ dataDir: d, libraryDir: libraryDir(), compactAfterMs: 0 });
      const after = await call('bookmarkAdd', { id: 'tg-novissi' }, h);
      expect(after.lists[0]).toMatchObject({ id: 'saved', name: '' });
      expect(after.lists[0]!.items.map((i) => i.id)).toEqual(['tg-novissi']);
      expect(after.lists[0]!.items[0]!.record!.title).toMatch(/Novissi/);
      // Twice is once.
      expect((await call('bookmarkAdd', { id: 'tg-novissi' }, h)).lists[0]!.items).toHaveLength(1);
      const created = await call('readingListCreate', { name: '  Note au ministre  ' }, h);
      expect(created.lists.find((l) => l.id === created.created)!.name).toBe('Note au ministre');
      await call('bookmarkAdd', { id: 'c102-maternity-fr', list: created.created }, h);
      await h.close();
      const onDisk = JSON.parse(await fs.readFile(path.join(d, 'reading-lists.json'), 'utf8')) as ReadingListsFile;
      expect(onDisk.lists.map((l) => l.items.map((i) => i.id))).toEqual([['tg-novissi'], ['c102-maternity-fr']]);
      const h2 = await Hub.open({ dataDir: d, libraryDir: libraryDir(), compactAfterMs: 0 });
      const lists = await call('readingLists', { lang: 'en' }, h2);
      expect(lists.lists[0]!.items[0]!.record!.title).toBe('Togo: Novissi, a digital cash transfer in response to COVID-19');
      // Removing without a list removes it everywhere.
      await call('bookmarkAdd', { id: 'tg-novissi', list: created.created }, h2);
      const removed = await call('bookmarkRemove', { id: 'tg-novissi' }, h2);
      expect(removed.lists.flatMap((l) => l.items.map((i) => i.id))).toEqual(['c102-maternity-fr']);
      await call('readingListDelete', { list: created.created }, h2);
      expect((await call('readingLists', {}, h2)).lists.map((l) => l.id)).toEqual(['saved']);
      await h2.close();
    } finally {
      await c();
    }
  });

  it('refuses unknown records, unknown lists, the default list\'s deletion and duplicate names, with one clear line', async () => {
    expect((await failure('bookmarkAdd', { id: 'no-such-record' })).code).toBe('not-found');
    expect((await failure('bookmarkAdd', { id: 'tg-novissi', list: 'list-nope' })).code).toBe('not-found');
    expect((await failure('readingListDelete', { list: 'saved' })).code).toBe('invalid');
    expect((await failure('readingListCreate', { name: '   ' })).field).toBe('name');
    expect((await failure('readingListCreate', { name: 'x'.repeat(101) })).field).toBe('name');
    await call('readingListCreate', { name: 'Santé' });
    const dup = await failure('readingListCreate', { name: 'santé' });
    expect(dup.code).toBe('conflict');
    expect(dup.message).not.toMatch(/\n|at /);
  });

  it('marks bookmarks of deleted records as missing rather than dropping them', async () => {
    const p = await call('create', { record: practiceDraft({ title: 'À supprimer' }) });
    await call('bookmarkAdd', { id: p.id });
    await call('delete', { id: p.id });
    const item = (await call('readingLists', {})).lists[0]!.items.find((i) => i.id === p.id)!;
    expect(item).toMatchObject({ missing: true });
    expect(item.record).toBeUndefined();
  });

  it('enforces the caps when writing', () => {
    const now = '2026-12-04T10:00:00.000Z';
    let f: ReadingListsFile = { version: 1, lists: [{ id: 'saved', name: '', createdAt: now, items: [] }] };
    for (let i = 1; i < MAX_LISTS; i++) f = edits.createList(f, `L${i}`, `list-${i}`, now);
    expect(() => edits.createList(f, 'one more', 'list-x', now)).toThrow(/50 reading lists/);
    let g: ReadingListsFile = { version: 1, lists: [{ id: 'saved', name: '', createdAt: now, items: [] }] };
    for (let i = 0; i < MAX_ITEMS_PER_LIST; i++) g = edits.add(g, 'saved', `r-${i}`, now);
    expect(() => edits.add(g, 'saved', 'r-last', now)).toThrow(/1000 items/);
    // Adding what is already there is not refused by the cap.
    expect(edits.add(g, 'saved', 'r-0', now)).toBe(g);
  });

  it('keeps an invalid file aside instead of overwriting it', async () => {
    const { dir: d, cleanup: c } = await tempDir('socle-lists-bad-');
    try {
      await fs.writeFile(path.join(d, 'reading-lists.json'), '{"version":1,"lists":"nope"}');
      const h = await Hub.open({ dataDir: d, libraryDir: libraryDir(), compactAfterMs: 0 });
      const first = await call('readingLists', {}, h);
      expect(first.problem).toMatch(/not a valid reading-list file/);
      await call('bookmarkAdd', { id: 'sn-cmu' }, h);
      const files = await fs.readdir(d);
      const aside = files.find((f) => f.startsWith('reading-lists.corrupt-'));
      expect(aside).toBeDefined();
      expect(await fs.readFile(path.join(d, aside!), 'utf8')).toBe('{"version":1,"lists":"nope"}');
      expect((await call('readingLists', {}, h)).lists[0]!.items.map((i) => i.id)).toEqual(['sn-cmu']);
      await h.close();
    } finally {
      await c();
    }
  });
});

describe('cite this', () => {
  it('cites a practice in plain text, BibTeX and RIS', async () => {
    const record = await call('get', { id: 'tg-novissi' });
    const updated = record.updatedAt.slice(0, 10); // the bundled library's date (library.yaml)
    const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${updated}T00:00:00Z`));
    const c = await call('cite', { id: 'tg-novissi', lang: 'fr', accessed: '2026-12-04' });
    expect(c.text).toBe(
      `Socle (${updated.slice(0, 4)}). « Togo : Novissi, un transfert monétaire numérique face à la COVID-19 ». Fiche de bonne pratique (Togo). ` +
        `Socle, bibliothèque hors ligne sur les socles de protection sociale, révision ${record.rev}, ${day}, identifiant tg-novissi; consulté le 4 décembre 2026.`,
    );
    expect(c.bibtex).toMatch(/^@misc\{socle-tg-novissi-2026,\n/);
    expect(c.bibtex).toContain('  title        = {Togo : Novissi, un transfert monétaire numérique face à la COVID-19},');
    expect(c.bibtex).toContain('  author       = {{Socle}},');
    expect(c.bibtex).toContain('  year         = {2026},');
    expect(c.bibtex).toContain('  urldate      = {2026-12-04}');
    expect(c.bibtex).toContain(`Fiche de bonne pratique (Togo); révision ${record.rev} (${updated}); identifiant tg-novissi. Sources: ${bibtexEscape((record as Practice).sources[0]!.title)}`);
    expect(c.bibtex.trimEnd().endsWith('}')).toBe(true);
    const ris = c.ris.split('\r\n');
    expect(ris[0]).toBe('TY  - GEN');
    expect(ris).toContain('TI  - Togo : Novissi, un transfert monétaire numérique face à la COVID-19');
    expect(ris).toContain('PY  - 2026');
    expect(ris).toContain('CY  - Togo');
    expect(ris).toContain('Y2  - 2026/12/04');
    expect(ris.filter((l) => l.startsWith('N1  - '))).toHaveLength((record as Practice).sources.length);
    expect(ris.at(-2)).toBe('ER  - ');
  });

  it('uses the translated title in English and a guide\'s kind for a guide', async () => {
    const en = await call('cite', { id: 'tg-novissi', lang: 'en', accessed: '2026-12-04' });
    expect(en.text).toMatch(/^Socle \(2026\)\. “Togo: Novissi, a digital cash transfer in response to COVID-19”\. Good practice \(Togo\)\./);
    expect(en.bibtex).toContain('language     = {english}');
    const guide = await call('cite', { id: 'c102-maternity-en', lang: 'pt', accessed: '2026-12-04' });
    expect(guide.text).toMatch(/Guia de referência\. Socle, biblioteca offline sobre pisos de proteção social, revisão \d+, \d{1,2} de [a-zç]+ de \d{4}, identificador c102-maternity-en; consultado em 4 de dezembro de 2026\.$/);
    expect(guide.bibtex).toContain('language     = {english}'); // the guide itself is in English
  });

  it('escapes what BibTeX would read as commands and keeps entries on one line per field', () => {
    expect(bibtexEscape('50 % & {x} #1 a_b ~ ^ \\')).toBe('50 \\% \\& \\{x\\} \\#1 a\\_b \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
    const p = {
      type: 'practice', id: 'p-1', lang: 'fr', rev: 3, title: 'Taux {100 %}\nligne', country: 'SN', translations: {},
      updatedAt: '2025-01-02T00:00:00.000Z', sources: [{ title: 'A & B' }],
      origin: { kind: 'bundle', bundleId: 'b', publisher: 'Ministère & Co', importedAt: '2025-01-02T00:00:00.000Z' },
    } as unknown as Practice;
    const c = citeRecord(p, 'fr', '2025-02-01');
    expect(c.bibtex).toContain('title        = {Taux \\{100 \\%\\} ligne}');
    expect(c.bibtex).toContain('author       = {{Ministère \\& Co}}');
    expect(c.ris).toContain('AU  - Ministère & Co\r\n');
    expect(c.ris).toContain('ET  - révision 3\r\n');
    expect(c.text.startsWith('Ministère & Co (2025).')).toBe(true);
  });

  it('refuses notes and unknown ids', async () => {
    const n = await call('create', { record: { type: 'note', body: 'une note' } });
    expect((await failure('cite', { id: n.id })).code).toBe('unsupported');
    expect((await failure('cite', { id: 'nope' })).code).toBe('not-found');
    expect((await failure('cite', { id: 'tg-novissi', accessed: '2026-02-30' })).field).toBe('accessed');
  });
});

describe('the command line', () => {
  it('prints a country page, cites in BibTeX, keeps bookmarks; bad input exits 2 with one line', async () => {
    const { dir: d, cleanup: c } = await tempDir('socle-browse-cli-');
    try {
      const tg = await cli(['--data', d, 'country', 'tg']);
      expect(tg.code).toBe(0);
      expect(tg.out).toMatch(/^# Togo/);
      expect(tg.out).toContain('2013');
      expect(tg.out).toContain('tg-novissi');
      const bib = await cli(['--data', d, 'cite', 'tg-novissi', '--format', 'bibtex']);
      expect(bib.code).toBe(0);
      expect(bib.out).toMatch(/^@misc\{socle-tg-novissi-\d{4},/);
      const file = path.join(d, 'novissi.ris');
      expect((await cli(['--data', d, 'cite', 'tg-novissi', '--format', 'ris', '--out', file])).code).toBe(0);
      expect(await fs.readFile(file, 'utf8')).toMatch(/^TY {2}- GEN\r\n/);
      expect((await cli(['--data', d, 'bookmark', 'sn-cmu'])).code).toBe(0);
      const lists = await cli(['--data', d, 'bookmarks']);
      expect(lists.out).toMatch(/sn-cmu\s+Sénégal : la Couverture maladie universelle/);
      const json = JSON.parse((await cli(['--data', d, '--json', 'unbookmark', 'sn-cmu'])).out) as MethodOutputs['bookmarkRemove'];
      expect(json.lists[0]!.items).toEqual([]);
      const bad = await cli(['--data', d, 'cite', 'tg-novissi', '--format', 'docx']);
      expect(bad.code).toBe(2);
      expect(bad.err.trim().split('\n')).toHaveLength(1);
      expect((await cli(['--data', d, 'bookmark', 'nope'])).code).toBe(2);
    } finally {
      await c();
    }
  });
});
