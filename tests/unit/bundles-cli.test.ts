import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { cli, tempDir } from './helpers';
import { openHub, snapshotDir } from '../fixtures/bundles/helpers';


describe('socle export / import', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let cm: string;
  let tg: string;
  let practiceId: string;

  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir('socle-bundles-cli-'));
    cm = path.join(root, 'cm');
    tg = path.join(root, 'tg');
    const file = path.join(root, 'p.md');
    await fs.writeFile(file, `---\ntitle: "Assurance maladie des moto-taximen"\ncountry: CM\nthemes: [social-health-protection]\n---\nLes moto-taximen de Douala cotisent par téléphone.\n`);
    practiceId = JSON.parse((await cli(['--data', cm, '--json', 'add', file])).out).id;
    await fs.writeFile(file, `---\ntitle: "Budget interne"\ncountry: CM\nsensitivity: internal\nthemes: [social-health-protection]\n---\nConfidentiel.\n`);
    expect((await cli(['--data', cm, 'add', file])).code).toBe(0);
  });
  afterAll(() => cleanup());

  it('shows what would be exported with --dry-run, and needs --out otherwise', async () => {
    const dry = await cli(['--data', cm, 'export', '--country', 'cm', '--theme', 'social-health-protection', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(practiceId);
    expect(dry.out).toMatch(/1 record would be exported \(practice 1, note 0, workshop 0, plan 0\)\./);
    expect(dry.out).toMatch(/1 record\(s\) marked internal left out \(add --include-internal/);
    const withInternal = JSON.parse((await cli(['--data', cm, '--json', 'export', '--country', 'CM', '--include-internal', '--dry-run'])).out);
    expect(withInternal.counts.practice).toBe(2);

    const noOut = await cli(['--data', cm, 'export', '--country', 'CM']);
    expect(noOut.code).toBe(2);
    expect(noOut.err).toMatch(/Missing --out FILE\.socle/);
    const badDate = await cli(['--data', cm, 'export', '--since', 'yesterday', '--dry-run']);
    expect(badDate.code).toBe(2);
    expect(badDate.err).toMatch(/scope\.since/);
  });

  it('exports a signed bundle, and a colleague previews then imports it', async () => {
    const out = path.join(root, 'cm-sante.socle');
    const exported = await cli([
      '--data', cm, 'export', '--country', 'CM', '--theme', 'social-health-protection', '--sign',
      '--publisher-name', 'Ministère du Travail', '--organisation', 'MINTSS', '--out', out,
    ]);
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/^Exported 1 record \(practice 1, note 0, workshop 0, plan 0\) to /);
    expect(exported.out).toMatch(/Signed\. Publisher key fingerprint: ([0-9a-f]{4} ){15}[0-9a-f]{4}/);
    const identity = JSON.parse((await cli(['--data', cm, '--json', 'identity'])).out);
    expect(exported.out).toContain(identity.display);

    await cli(['--data', tg, 'info']); // the receiving library exists before we look at it
    const before = await snapshotDir(tg);
    const dry = await cli(['--data', tg, '--json', 'import', out, '--dry-run']);
    expect(dry.code).toBe(0);
    const preview = JSON.parse(dry.out);
    expect(preview.counts).toMatchObject({ new: 1, total: 1 });
    expect(preview.bundle).toMatchObject({ signed: true, fingerprint: identity.fingerprint, publisher: { name: 'Ministère du Travail', organisation: 'MINTSS', country: 'CM' } });
    expect(preview.items[0]).toMatchObject({ id: practiceId, status: 'new' });
    expect(await snapshotDir(tg)).toEqual(before); // --dry-run wrote nothing

    const human = await cli(['--data', tg, 'import', out, '--dry-run']);
    expect(human.out).toMatch(/^Bundle .* by Ministère du Travail, MINTSS \(CM\)/);
    expect(human.out).toMatch(/^new {7}/m);

    const applied = await cli(['--data', tg, 'import', out]);
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/Imported bundle .*: 1 new, 0 updated, 0 unchanged, 0 in conflict, 0 rejected\./);
    const shown = JSON.parse((await cli(['--data', tg, '--json', 'show', practiceId])).out);
    expect(shown).toMatchObject({ title: 'Assurance maladie des moto-taximen', origin: { kind: 'bundle', publisher: 'Ministère du Travail, MINTSS (CM)' } });

    const again = await cli(['--data', tg, 'import', out]);
    expect(again.out).toMatch(/^Nothing to import/);
  });

  it('lists conflicts and resolves one field by field', async () => {
    const edit = async (data: string, changes: Record<string, string>) => {
      const rec = JSON.parse((await cli(['--data', data, '--json', 'show', practiceId])).out);
      const hub = await openHub(data);
      try {
        await hub.update({ id: practiceId, rev: rec.rev, changes });
      } finally {
        await hub.close();
      }
    };
    await edit(tg, { summary: 'Résumé écrit à Lomé.' });
    await edit(cm, { title: 'Assurance maladie des moto-taximen de Douala' });
    const out = path.join(root, 'cm-2.socle');
    expect((await cli(['--data', cm, 'export', '--country', 'CM', '--out', out])).code).toBe(0);
    const applied = await cli(['--data', tg, 'import', out]);
    expect(applied.out).toMatch(/1 in conflict/);
    expect(applied.out).toContain(`Conflicts (both versions kept): ${practiceId}`);

    const listed = await cli(['--data', tg, 'conflicts']);
    expect(listed.out).toMatch(new RegExp(`${practiceId}.*fields: summary, title`));
    expect((await cli(['--data', tg, 'resolve', practiceId])).code).toBe(2);
    expect((await cli(['--data', tg, 'resolve', practiceId, '--field', 'title'])).err).toMatch(/write NAME=mine or NAME=theirs/);
    const resolved = await cli(['--data', tg, 'resolve', practiceId, '--field', 'title=theirs', '--field', 'summary=mine']);
    expect(resolved.code).toBe(0);
    expect(resolved.out).toMatch(/^Resolved .* \(fields\): now r\d+\./);
    const shown = JSON.parse((await cli(['--data', tg, '--json', 'show', practiceId])).out);
    expect(shown).toMatchObject({ title: 'Assurance maladie des moto-taximen de Douala', summary: 'Résumé écrit à Lomé.' });
    expect((await cli(['--data', tg, 'conflicts'])).out).toMatch(/No conflicts\./);
  });
});
