/**
 * Skills clinics: the nine SDG 1.3.1 series and the project comparison against figures computed
 * by hand (in the comments), with their warnings and edge cases; the records through the hub,
 * the CLI, bundles, the library's worked examples, and the CSV/XLSX exports read back.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import readXlsxFile from 'read-excel-file/node';
import { computeCoverage, type CoverageInput } from '../../main/core/clinics/coverage';
import { compareProjects, type ProjectInput } from '../../main/core/clinics/compare';
import { formatNumber } from '../../main/core/clinics/text';
import { dispatch } from '../../main/core/dispatch';
import type { Hub } from '../../main/core/hub';
import type { MethodInput } from '../../main/core/contract';
import { loadLibrary } from '../../main/core/library/load';
import { libraryDir } from '../../main/platform/paths';
import { DEFAULT_LIMITS, readBundle } from '../../main/core/bundles/index';
import { openZip } from '../../main/core/bundles/zip-read';

/** The manifest of a bundle file exactly as written (before the reader applies defaults). */
async function rawManifest(file: string): Promise<{ counts: Record<string, number> }> {
  const zip = await openZip(await fs.readFile(file), DEFAULT_LIMITS);
  try {
    return JSON.parse((await zip.read('manifest.json', 1e6)).toString('utf8')) as { counts: Record<string, number> };
  } finally {
    zip.close();
  }
}
import { call, openHub } from '../fixtures/bundles/helpers';
import { cli, tempDir } from './helpers';

/** A small sheet whose every series is easy to work out by hand. */
const sheet: CoverageInput = {
  title: 'Test',
  country: 'SN',
  year: 2024,
  context: {
    population: 1000,
    children: 400,
    births: 50,
    severeDisability: 20,
    unemployed: 80,
    employed: 300,
    aboveRetirementAge: 60,
    poor: 250,
    coveredAtLeastOne: 420,
  },
  schemes: [
    { name: 'Allocations familiales', contributory: true, function: 'children', recipients: 90, contributors: 100 },
    { name: 'Bourses familiales', contributory: false, function: 'children', recipients: 30 },
    { name: 'Maternité', contributory: true, function: 'maternity', recipients: 10 },
    { name: 'Invalidité', contributory: true, function: 'disability', recipients: 3 },
    { name: 'Chômage', contributory: true, function: 'unemployment', recipients: 8 },
    { name: 'Accidents du travail', contributory: true, function: 'employment-injury', recipients: 2, contributors: 120 },
    { name: 'Retraites', contributory: true, function: 'old-age', recipients: 15, contributors: 150 },
    { name: 'Pension sociale', contributory: false, function: 'old-age', recipients: 12 },
    { name: 'Transferts monétaires', contributory: false, function: 'social-assistance', recipients: 100 },
  ],
};

const codes = (ws: { code: string }[]) => ws.map((w) => w.code);

describe('SDG 1.3.1 series', () => {
  it('computes all nine series as the SDG metadata defines them', () => {
    const r = computeCoverage(sheet, 'en');
    const v = Object.fromEntries(Object.values(r.series).map((s) => [s.key, [s.value, s.numerator, s.denominator]]));
    expect(v).toEqual({
      atLeastOne: [42, 420, 1000], // 420 / 1000
      children: [30, 120, 400], // (90 + 30) / 400
      mothers: [20, 10, 50], // 10 / 50
      disability: [15, 3, 20], // 3 / 20
      unemployed: [10, 8, 80], // 8 / 80
      employmentInjury: [40, 120, 300], // contributors 120 / employed 300
      olderPersons: [45, 27, 60], // (15 + 12) / 60, contributory or not
      // contributory covered = 90+100 + 10 + 3 + 8 + 2+120 + 15+150 = 498; 100 / (1000 − 498) = 19.92…
      vulnerable: [19.92, 100, 502],
      poor: [40, 100, 250], // 100 / 250
    });
    for (const s of Object.values(r.series)) {
      expect(s.warnings).toEqual([]);
      expect(s.upperBound).toBe(false);
      expect(s.formula).toMatch(/÷/);
    }
    expect(Object.keys(r.series)).toEqual(['atLeastOne', 'children', 'mothers', 'disability', 'unemployed', 'employmentInjury', 'olderPersons', 'vulnerable', 'poor']);
  });

  it('gives the formulas in words in French, English and Portuguese', () => {
    expect(computeCoverage(sheet, 'fr').series.poor.formula).toBe('Bénéficiaires de l’assistance sociale ÷ personnes sous le seuil national de pauvreté × 100');
    expect(computeCoverage(sheet, 'en').series.olderPersons.formula).toContain('contributory or not');
    expect(computeCoverage(sheet, 'pt').series.children.label).toBe('Crianças');
  });

  it('shows "at least one" without the unduplicated count only as a flagged upper bound', () => {
    const r = computeCoverage({ ...sheet, context: { ...sheet.context, coveredAtLeastOne: undefined } }, 'en');
    const s = r.series.atLeastOne;
    // every scheme's recipients + contributors: 90+100+30+10+3+8+2+120+15+150+12+100 = 640
    expect([s.value, s.numerator, s.denominator, s.upperBound]).toEqual([64, 640, 1000, true]);
    expect(codes(s.warnings)).toEqual(['upper-bound']);
    expect(s.warnings[0]!.message).toMatch(/upper bound, not the indicator/i);
  });

  it('warns about a ratio above 100 % and keeps the value as computed', () => {
    const r = computeCoverage({ ...sheet, context: { ...sheet.context, births: 8 } }, 'en');
    expect(r.series.mothers.value).toBe(125); // 10 / 8
    expect(codes(r.series.mothers.warnings)).toEqual(['above-100']);
    expect(r.series.mothers.warnings[0]!.message).toContain('125 %');
  });

  it('gives no value for a missing or zero denominator, and says which figure to enter', () => {
    const r = computeCoverage({ ...sheet, context: { ...sheet.context, poor: undefined, unemployed: 0 } }, 'fr');
    expect(r.series.poor.value).toBeNull();
    expect(r.series.poor.denominator).toBeNull();
    expect(codes(r.series.poor.warnings)).toEqual(['missing-denominator']);
    expect(r.series.poor.warnings[0]!.message).toContain('Personnes sous le seuil national de pauvreté');
    expect(r.series.unemployed.value).toBeNull();
    expect(codes(r.series.unemployed.warnings)).toEqual(['zero-denominator']);
    // No population: neither "at least one" nor "vulnerable" can be computed.
    const noPop = computeCoverage({ ...sheet, context: { ...sheet.context, population: undefined } }, 'en');
    expect(noPop.series.atLeastOne.value).toBeNull();
    expect(noPop.series.vulnerable.value).toBeNull();
    expect(codes(noPop.series.vulnerable.warnings)).toContain('missing-denominator');
  });

  it('treats a contributory population larger than the whole as a non-positive denominator', () => {
    const r = computeCoverage({ ...sheet, context: { ...sheet.context, population: 400 } }, 'en');
    expect(r.series.vulnerable.denominator).toBe(-98); // 400 − 498
    expect(r.series.vulnerable.value).toBeNull();
    expect(codes(r.series.vulnerable.warnings)).toEqual(['zero-denominator']);
  });

  it('leaves a missing figure out of its numerator, with a warning that the series is understated', () => {
    const schemes = sheet.schemes!.map((s) => (s.name === 'Bourses familiales' ? { ...s, recipients: undefined } : s));
    const r = computeCoverage({ ...sheet, schemes }, 'en');
    expect([r.series.children.value, r.series.children.numerator]).toEqual([22.5, 90]); // 90 / 400
    expect(codes(r.series.children.warnings)).toEqual(['missing-figure']);
    expect(r.series.children.warnings[0]!.subject).toBe('Bourses familiales');
    // Every scheme of the function without the figure: no numerator, no value.
    const none = computeCoverage({ ...sheet, schemes: schemes.filter((s) => s.name !== 'Allocations familiales') }, 'en');
    expect(none.series.children.numerator).toBeNull();
    expect(none.series.children.value).toBeNull();
  });

  it('says 0 % with a warning when no scheme serves a function', () => {
    const r = computeCoverage({ ...sheet, schemes: sheet.schemes!.filter((s) => s.function !== 'unemployment') }, 'en');
    expect([r.series.unemployed.value, r.series.unemployed.numerator]).toEqual([0, 0]);
    expect(codes(r.series.unemployed.warnings)).toEqual(['no-scheme']);
  });

  it('warns about a scheme with no function, which then counts only in the upper bound', () => {
    const schemes = [...sheet.schemes!, { name: 'Cantines scolaires', contributory: false, recipients: 200 }];
    const r = computeCoverage({ ...sheet, schemes, context: { ...sheet.context, coveredAtLeastOne: undefined } }, 'en');
    expect(codes(r.warnings)).toEqual(['no-function']);
    expect(r.warnings[0]!.subject).toBe('Cantines scolaires');
    expect(r.series.atLeastOne.numerator).toBe(840); // 640 + 200
    expect(r.series.children.numerator).toBe(120); // unchanged
  });

  it('warns about figures from different years on the sheet and on the series that use them', () => {
    const schemes = sheet.schemes!.map((s) => (s.name === 'Pension sociale' ? { ...s, year: 2022 } : s));
    const r = computeCoverage({ ...sheet, schemes }, 'en');
    expect(codes(r.warnings)).toEqual(['different-years']);
    expect(r.warnings[0]!.message).toBe('Figures from different years: “Pension sociale” is from 2022, the sheet from 2024.');
    expect(codes(r.series.olderPersons.warnings)).toEqual(['different-years']);
    expect(r.series.children.warnings).toEqual([]);
    // Context figures of another year touch every series.
    const ctx = computeCoverage({ ...sheet, context: { ...sheet.context, year: 2021 } }, 'en');
    for (const s of Object.values(ctx.series)) expect(codes(s.warnings)).toContain('different-years');
  });

  it('treats anything but a finite figure ≥ 0 as unknown (a half-typed form)', () => {
    const r = computeCoverage({ year: 2024, context: { population: Number.NaN, children: -5 }, schemes: [{ name: '', function: 'children', recipients: Number.POSITIVE_INFINITY }] }, 'en');
    expect(r.series.children.value).toBeNull();
    expect(codes(r.series.children.warnings)).toEqual(['missing-denominator', 'missing-figure']);
    expect(r.series.children.warnings[1]!.subject).toBe('#1');
  });

  it('formats numbers the way each language writes them', () => {
    expect(formatNumber(1234567.891, 'en')).toBe('1,234,567.89');
    expect(formatNumber(1234567.5, 'fr')).toBe('1\u202f234\u202f567,5');
    expect(formatNumber(-40, 'pt')).toBe('−40');
  });
});

const projectA: ProjectInput = {
  id: 'a',
  title: 'Pilote',
  country: 'SN',
  phase: 'past',
  budget: { planned: 200_000, spent: 160_000, currency: 'XOF' },
  reached: { legal: 5000, effective: 4000 },
  indicators: [
    { name: 'Ménages inscrits', unit: 'personnes', baseline: 100, target: 1100, actual: 900 },
    { name: 'Délai de paiement', unit: 'jours', baseline: 30, target: 10, actual: 15 },
    { name: 'Taux de réclamations traitées', unit: '%', baseline: 50, target: 50, actual: 60 },
    { name: 'Agents formés', unit: 'personnes', baseline: 0, target: 10, actual: 12 },
  ],
};
const projectB: ProjectInput = {
  id: 'b',
  title: 'Extension',
  country: 'SN',
  phase: 'new',
  budget: { planned: 1_000_000, spent: 250_000, currency: 'USD' },
  reached: { legal: 20_000 },
  indicators: [
    { name: '  ménages INSCRITS ', unit: 'Personnes', baseline: 900, target: 5900, actual: 2150 },
    { name: 'Délai de paiement', unit: 'heures', baseline: 360, target: 48, actual: 120 },
    { name: 'Taux de réclamations traitées', unit: '%', baseline: 60, target: 90 },
    { name: 'Paiements mobiles', unit: '%', baseline: 0, target: 80, actual: 20 },
  ],
};

describe('project comparison', () => {
  it('matches indicators by name and gives change, share of target reached and people per 1,000 spent', () => {
    const c = compareProjects(projectA, projectB, 'en');
    const hh = c.matched.find((m) => m.name === 'Ménages inscrits')!;
    // A: 900 − 100 = 800; 800 / (1100 − 100) = 80 %; 800 / 160,000 × 1,000 = 5
    expect([hh.a.change, hh.a.targetReached, hh.a.perThousandSpent]).toEqual([800, 80, 5]);
    // B: 2150 − 900 = 1250; 1250 / (5900 − 900) = 25 %; 1250 / 250,000 × 1,000 = 5
    expect([hh.b.change, hh.b.targetReached, hh.b.perThousandSpent]).toEqual([1250, 25, 5]);
    expect(hh.targetReached).toEqual({ a: 80, b: 25 });
    expect(hh.warnings).toEqual([]);
    // Projects: effective coverage 4000 / 160,000 × 1,000 = 25; B has only legal: 20,000 / 250,000 × 1,000 = 80
    expect([c.projects.a.reachedPer1000, c.projects.a.reachedBasis, c.projects.a.spentShare]).toEqual([25, 'effective', 80]);
    expect([c.projects.b.reachedPer1000, c.projects.b.reachedBasis, c.projects.b.spentShare]).toEqual([80, 'legal', 25]);
  });

  it('lists apart the indicators whose units differ or that only one project has, with the reason', () => {
    const c = compareProjects(projectA, projectB, 'en');
    expect(c.unmatched.map((u) => [u.name, u.reason])).toEqual([
      ['Délai de paiement', 'unit-differs'],
      ['Agents formés', 'only-in-a'],
      ['Paiements mobiles', 'only-in-b'],
    ]);
    expect(c.unmatched[0]!.message).toBe('Units differ (“jours” and “heures”): the figures are not compared.');
    expect(c.matched.map((m) => m.name)).toEqual(['Ménages inscrits', 'Taux de réclamations traitées']);
  });

  it('warns when the target equals the baseline, a figure is missing, or the currencies differ', () => {
    const c = compareProjects(projectA, projectB, 'en');
    const rate = c.matched.find((m) => m.name === 'Taux de réclamations traitées')!;
    expect(rate.a.targetReached).toBeNull(); // target = baseline: no share of the target
    expect(rate.a.change).toBe(10);
    expect(rate.a.perThousandSpent).toBeNull(); // a percentage does not count people
    expect(rate.b.change).toBeNull(); // no actual value
    expect(codes(rate.warnings)).toEqual(['no-target-change', 'missing-indicator-figure']);
    expect(codes(c.warnings)).toEqual(['currency-differs']);
  });

  it('handles a project without budget or indicators, and a name used twice', () => {
    const c = compareProjects(
      { ...projectA, budget: {}, indicators: [...projectA.indicators!, { name: 'Agents formés', unit: 'personnes', baseline: 1, target: 2, actual: 2 }] },
      { ...projectB, indicators: [] },
      'fr',
    );
    expect(c.matched).toEqual([]);
    expect(c.unmatched.every((u) => u.reason === 'only-in-a')).toBe(true);
    expect(c.unmatched).toHaveLength(4);
    expect(codes(c.warnings)).toEqual(['no-budget', 'duplicate-indicator']);
    expect(c.projects.a.reachedPer1000).toBeNull();
    expect(c.warnings[0]!.message).toBe('Projet A : budget dépensé inconnu ou nul, pas de chiffre pour 1 000 dépensés.');
  });
});

describe('coverage sheets and projects in the hub', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let hub: Hub;
  let sheetId: string;

  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir('socle-clinics-'));
    hub = await openHub(path.join(root, 'data'));
    const created = await call(hub, 'create', { record: { type: 'coverage', lang: 'fr', ...sheet, title: 'Sénégal 2024 (test)', country: 'SN', year: 2024 } as MethodInput<'create'>['record'] });
    sheetId = created.id;
  });
  afterAll(async () => {
    await hub.close();
    await cleanup();
  });

  it('stores a sheet, computes its series through the contract, and refuses bad figures with the field named', async () => {
    const r = await call(hub, 'coverageReport', { id: sheetId, lang: 'en' });
    expect(r.series.vulnerable.value).toBe(19.92);
    const bad = await dispatch(hub.api, 'create', { record: { type: 'coverage', title: 'x', country: 'SN', year: 2024, context: { population: -1 } } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/population.*cannot be negative/);
    const wrongKind = await dispatch(hub.api, 'coverageReport', { id: 'clinic-example-project-past' });
    expect(!wrongKind.ok && wrongKind.error.code).toBe('invalid');
    const project = await dispatch(hub.api, 'create', { record: { type: 'project', title: 'P', country: 'SN', phase: 'later', indicators: [] } });
    expect(!project.ok && project.error.field).toBe('record.phase');
  });

  it('finds sheets and projects by search, and lists them by kind', async () => {
    const hits = await call(hub, 'search', { q: 'allocations familiales', type: ['coverage'] });
    expect(hits.hits.map((h) => h.id)).toContain(sheetId);
    const projects = await call(hub, 'list', { type: 'project' });
    expect(projects.items.map((p) => p.id).sort()).toEqual(['clinic-example-project-new', 'clinic-example-project-past']);
  });

  it('exports the sheet as an XLSX that reads back with the series, schemes and context', async () => {
    const x = await call(hub, 'coverageExport', { id: sheetId, format: 'xlsx', lang: 'en' });
    expect(x.fileName).toBe('coverage-sn-2024-senegal-2024-test.xlsx');
    expect(x.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const buf = Buffer.from(x.base64, 'base64');
    expect(buf.length).toBe(x.bytes);
    const sheets = await readXlsxFile(buf);
    expect(sheets.map((s) => s.sheet)).toEqual(['SDG 1.3.1 series', 'Schemes', 'Context']);
    const rows = sheets[0]!.data;
    const poor = rows.find((r) => r[0] === 'poor')!;
    expect(poor.slice(0, 5)).toEqual(['poor', 'Poor persons (social assistance)', 40, 100, 250]);
    expect(sheets[1]!.data).toHaveLength(1 + sheet.schemes!.length);
    expect(sheets[2]!.data.find((r) => r[1] === 'population')![2]).toBe(1000);
  });

  it('exports CSV with a BOM, quoted cells and no formula injection', async () => {
    const saved = await call(hub, 'create', {
      record: { type: 'coverage', lang: 'fr', title: '=HYPERLINK("x")', country: 'SN', year: 2024, context: { population: 10 }, schemes: [{ name: 'A, "B"', function: 'children', recipients: 1 }] },
    });
    const x = await call(hub, 'coverageExport', { id: saved.id, format: 'csv' });
    const text = Buffer.from(x.base64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFFTitre,')).toBe(true);
    expect(text).toContain(`Titre,"'=HYPERLINK(""x"")"`);
    expect(text).toContain('"A, ""B""",Enfants et familles,non,1,,');
    expect(text).toContain('atLeastOne,Population couverte par au moins une prestation,10,1,10,oui,');
  });

  it('travels in a bundle: a sheet and a project exported by type arrive unchanged in another library', async () => {
    const project = await call(hub, 'create', {
      record: { type: 'project', lang: 'fr', title: 'Projet à partager', country: 'SN', phase: 'new', workshopId: 'dakar-2017', indicators: [{ name: 'Affiliés', unit: 'personnes', baseline: 0, target: 10, actual: 5 }] },
    });
    const file = path.join(root, 'clinics.socle');
    const preview = await call(hub, 'exportPreview', { scope: { types: ['coverage', 'project'], countries: ['SN'] } });
    expect(preview.counts).toMatchObject({ coverage: 2, project: 1, practice: 0, total: 3 });
    await call(hub, 'exportBundle', { scope: { types: ['coverage', 'project'], countries: ['SN'] }, outFile: file, publisher: { name: 'Test' } });
    expect((await readBundle(await fs.readFile(file))).manifest.counts).toMatchObject({ coverage: 2, project: 1, total: 3 });
    // A bundle without clinic records leaves their counts out, so older Socles still read it.
    const plain = path.join(root, 'plain.socle');
    await call(hub, 'create', { record: { type: 'note', lang: 'fr', body: 'Une note', country: 'SN' } });
    await call(hub, 'exportBundle', { scope: { types: ['note'] }, outFile: plain, publisher: { name: 'Test' } });
    expect(Object.keys((await rawManifest(plain)).counts).sort()).toEqual(['guide', 'note', 'plan', 'practice', 'total', 'workshop']);
    // A workshop's bundle carries the sheets made during it.
    expect((await call(hub, 'exportPreview', { scope: { workshops: ['dakar-2017'] } })).records.map((r) => r.id)).toContain(project.id);
    const other = await openHub(path.join(root, 'other'));
    try {
      const summary = await call(other, 'importApply', { file });
      expect(summary.written.records).toBe(3);
      const { origin: _o1, ...mine } = await call(hub, 'get', { id: sheetId });
      const { origin: _o2, ...theirs } = await call(other, 'get', { id: sheetId });
      expect(theirs).toEqual(mine);
      expect((await call(other, 'coverageReport', { id: sheetId })).series.poor.value).toBe(40);
      expect((await call(other, 'get', { id: project.id })).type).toBe('project');
    } finally {
      await other.close();
    }
  });

  it('lists on a workshop\'s dashboard (screen and HTML export) the sheets made during it', async () => {
    const d = await call(hub, 'dashboard', { workshopId: 'dakar-2017', lang: 'en' });
    expect(d.clinics.coverage.map((c) => [c.id, c.illustrative])).toEqual([['clinic-example-coverage', true]]);
    expect(d.clinics.projects.map((p) => p.phase)).toEqual(['new', 'new', 'past']);
    const html = (await call(hub, 'dashboardHtml', { workshopId: 'dakar-2017', lang: 'en' })).html;
    expect(html).toContain('<h2>Skills clinic sheets</h2>');
    expect(html).toContain('Illustrative figures, not real statistics');
    const internal = await call(hub, 'create', { record: { type: 'coverage', lang: 'fr', title: 'Interne', country: 'SN', year: 2024, workshopId: 'dakar-2017', sensitivity: 'internal' } });
    expect((await call(hub, 'dashboard', { workshopId: 'dakar-2017' })).clinics.coverage.map((c) => c.id)).not.toContain(internal.id);
    expect((await call(hub, 'dashboard', { workshopId: 'dakar-2017', includeInternal: true })).clinics.coverage.map((c) => c.id)).toContain(internal.id);
  });

  it('compares two projects through the contract and the CLI, in the JSON shape documented', async () => {
    const c = await call(hub, 'compareProjects', { a: 'clinic-example-project-past', b: 'clinic-example-project-new', lang: 'en' });
    // Hand-computed from library/clinics: A (2,000 → 36,000, target 40,000) 34,000 / 38,000 = 89.47 %;
    // B (36,000 → 90,000, target 250,000) 54,000 / 214,000 = 25.23 %.
    expect(c.matched[0]).toMatchObject({ name: "Travailleurs de l'économie informelle affiliés", targetReached: { a: 89.47, b: 25.23 } });
    expect(c.matched[0]!.a.perThousandSpent).toBe(18.89); // 34,000 / 1,800,000 × 1,000
    expect(c.unmatched.map((u) => u.reason)).toEqual(['unit-differs', 'only-in-a', 'only-in-b']);
  });
  it('removes an optional field set to null in an update (a cleared date), and refuses a stale revision', async () => {
    const p = await call(hub, 'create', { record: { type: 'project', lang: 'fr', title: 'Dates', country: 'SN', phase: 'past', start: '2019-01', end: '2020-12', indicators: [] } });
    const cleared = await call(hub, 'update', { id: p.id, rev: p.rev, changes: { end: null, title: 'Dates (sans fin)' } });
    expect(cleared.type === 'project' && [cleared.start, cleared.end, cleared.title]).toEqual(['2019-01', undefined, 'Dates (sans fin)']);
    expect('end' in cleared).toBe(false);
    const stale = await dispatch(hub.api, 'update', { id: p.id, rev: p.rev, changes: { title: 'Autre' } });
    expect(!stale.ok && stale.error.code).toBe('conflict');
    const required = await dispatch(hub.api, 'update', { id: p.id, rev: cleared.rev, changes: { title: null } });
    expect(!required.ok && required.error.field).toBe('title');
  });

});

describe('the CLI', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('socle-clinics-cli-'));
  });
  afterAll(() => cleanup());

  it('socle add accepts the issue\'s JSON form, and socle coverage prints the series or JSON', async () => {
    const file = path.join(dir, 'sn.json');
    await fs.writeFile(
      file,
      JSON.stringify({
        type: 'coverage',
        country: 'SN',
        year: 2024,
        lang: 'fr',
        title: 'Sénégal 2024',
        context: { population: 1000, children: 400, births: 0, severeDisability: 0, unemployed: 0, employed: 0, aboveRetirementAge: 0, poor: 0, coveredAtLeastOne: 0 },
        schemes: [{ name: 'Allocations', contributory: true, function: 'children', recipients: 100, contributors: 0 }],
        sources: [{ title: 'Test', url: 'https://example.org/' }],
      }),
    );
    const added = await cli(['--data', dir, '--json', 'add', file]);
    expect(added.code).toBe(0);
    const id = JSON.parse(added.out).id as string;
    const json = await cli(['--data', dir, '--json', 'coverage', id]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out);
    expect(Object.keys(report.series)).toHaveLength(9);
    expect(report.series.children).toMatchObject({ value: 25, numerator: 100, denominator: 400 });
    expect(Object.keys(report.series.children).sort()).toEqual(['denominator', 'formula', 'key', 'label', 'numerator', 'upperBound', 'value', 'warnings']);
    expect(report.series.mothers.warnings[0].code).toBe('zero-denominator'); // births: 0
    const text = await cli(['--data', dir, 'coverage', id, '--lang', 'en']);
    expect(text.out).toContain('Children: 25 %   (100 / 400)   [children]');
    const out = path.join(dir, 'sn.xlsx');
    expect((await cli(['--data', dir, 'coverage', id, '--out', out])).code).toBe(0);
    expect((await readXlsxFile(await fs.readFile(out)))[0]!.sheet).toBe('Séries ODD 1.3.1');
  });

  it('socle compare-projects prints the comparison, or JSON { matched, unmatched }', async () => {
    const r = await cli(['--data', dir, '--json', 'compare-projects', 'clinic-example-project-past', 'clinic-example-project-new']);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.out);
    expect(Object.keys(c.matched[0])).toEqual(expect.arrayContaining(['name', 'a', 'b', 'targetReached']));
    expect(c.unmatched).toHaveLength(3);
    const text = await cli(['--data', dir, 'compare-projects', 'clinic-example-project-past', 'clinic-example-project-new', '--lang', 'en']);
    expect(text.out).toContain('*** ILLUSTRATIVE FIGURES, NOT REAL STATISTICS ***');
    expect(text.out).toContain('change +34,000, target reached 89.47 %, 18.89 per 1,000 spent');
  });

  it('exits 2 with one line for bad input', async () => {
    for (const args of [['coverage'], ['coverage', 'nope'], ['coverage', 'clinic-example-project-past'], ['compare-projects', 'clinic-example-project-past'], ['coverage', 'clinic-example-coverage', '--out', 'x.pdf'], ['coverage', 'clinic-example-coverage', '--lang', 'de']]) {
      const r = await cli(['--data', dir, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('the worked examples in the library', () => {
  it('are plainly marked illustrative, for a fictional country, and linked from the Dakar clinics', async () => {
    const { library, problems } = await loadLibrary(libraryDir(), { strict: true });
    expect(problems).toEqual([]);
    const examples = library.records.filter((r) => r.type === 'coverage' || r.type === 'project');
    expect(examples.map((r) => r.id).sort()).toEqual(['clinic-example-coverage', 'clinic-example-project-new', 'clinic-example-project-past']);
    for (const r of examples) {
      if (r.type !== 'coverage' && r.type !== 'project') continue;
      expect(r.illustrative).toBe(true);
      expect(r.country).toBe('XX');
      expect(r.title).toMatch(/chiffres fictifs/);
    }
    const dakar = library.records.find((r) => r.id === 'dakar-2017');
    if (dakar?.type !== 'workshop') throw new Error('no Dakar workshop');
    expect(dakar.sessions.find((s) => s.id === 'd3-clinic-ssi')!.examples).toEqual(['clinic-example-coverage']);
    expect(dakar.sessions.find((s) => s.id === 'd3-clinic-rmt')!.examples).toEqual(['clinic-example-project-past', 'clinic-example-project-new']);
  });
});
