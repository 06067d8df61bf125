/**
 * The one-off `socle search` fast path (main/cli/search-fast.ts, built into out/cli/search.js):
 * it answers only when its answer is the command's, byte for byte, and otherwise leaves the
 * command line to answer (returns undefined, prints nothing).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Hub } from '../../main/core/hub';
import { RECORD_TYPES } from '../../main/core/model';
import { searchInput } from '../../main/core/contract';
import { dispatch } from '../../main/core/dispatch';
import { buildLibrary } from '../../main/core/library/build';
import { fastSearch } from '../../main/cli/search-fast';
import { formatSearch } from '../../main/cli/format';
import { plainSearchQuery } from '../../main/cli/search-input';
import { libraryDir } from '../../main/platform/paths';
import { practiceDraft, tempDir } from './helpers';

describe('the fast path\'s input check', () => {
  const valid: Record<string, unknown>[] = [
    { q: 'protection sociale' },
    { q: '' },
    { q: 'x'.repeat(500), limit: 500, offset: 100_000 },
    { q: 'pension', type: ['practice', 'guide'], lang: ['fr'], country: ['SN', 'TG'], step: [1, 3], branch: ['old-age'], guarantee: ['health'], theme: ['informal-economy'] },
    { q: 'retraite', limit: 1, offset: 0, type: undefined, step: undefined },
    { q: 'mutuelle', theme: ['t'.repeat(60)] },
  ];
  const invalid: Record<string, unknown>[] = [
    { q: 'x'.repeat(501) },
    { q: 'a', lang: ['de'] },
    { q: 'a', type: ['recipe'] },
    { q: 'a', country: ['sn'] },
    { q: 'a', country: ['SEN'] },
    { q: 'a', step: [4] },
    { q: 'a', step: [1.5] },
    { q: 'a', step: [0] },
    { q: 'a', branch: ['pensions'] },
    { q: 'a', guarantee: ['wealth'] },
    { q: 'a', theme: ['t'.repeat(61)] },
    { q: 'a', limit: 0 },
    { q: 'a', limit: 501 },
    { q: 'a', offset: -1 },
    { q: 'a', offset: 100_001 },
    { q: 'a', unknown: 1 },
    { q: 3 },
  ];

  it('accepts only what the contract accepts, and gives what the contract gives', () => {
    for (const input of valid) {
      const parsed = searchInput.safeParse(input);
      expect(parsed.success, JSON.stringify(input)).toBe(true);
      expect(plainSearchQuery(input), JSON.stringify(input)).toEqual(parsed.data);
    }
    for (const input of invalid) {
      expect(searchInput.safeParse(input).success, JSON.stringify(input)).toBe(false);
      expect(plainSearchQuery(input), JSON.stringify(input)).toBeUndefined();
    }
  });
});

/** Sets the record folders' times 10 s back, so that a cache written now has a stamp that is not racy. */
async function settle(dir: string): Promise<void> {
  const past = new Date(Date.now() - 10_000);
  for (const rel of [...RECORD_TYPES.map((t) => `records/${t}`), 'trash']) await fs.utimes(path.join(dir, rel), past, past).catch(() => undefined);
}

describe('socle search from the index files (the fast path)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let files: { libraryDir: string; prebuiltFile: string };
  let own: { id: string; type: string };

  async function run(argv: string[]): Promise<{ code: number | undefined; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await fastSearch(argv, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), env: {}, tty: false }, files);
    return { code, out, err };
  }

  async function persist(): Promise<void> {
    await settle(dir);
    const hub = await Hub.open({ dataDir: dir, ...files, compactAfterMs: 0 });
    await hub.persistSearchIndex();
    await hub.close();
  }

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    files = { libraryDir: libraryDir(), prebuiltFile: path.join(dir, 'library.json') };
    await buildLibrary(files.libraryDir, files.prebuiltFile);
    const hub = await Hub.open({ dataDir: dir, ...files, compactAfterMs: 0 });
    const created = await hub.create({ record: practiceDraft({ title: 'Mutuelle des tisserands', country: 'TG', body: 'La mutuelle des tisserands de Kara cotise pour la santé maternelle.' }) as never });
    own = { id: created.id, type: created.type };
    await hub.close();
    await persist();
  });
  afterAll(() => cleanup());

  it('prints what the hub answers, as text and as JSON', async () => {
    const hub = await Hub.open({ dataDir: dir, ...files, compactAfterMs: 0 });
    try {
      const cases: { argv: string[]; input: Record<string, unknown> }[] = [
        { argv: ['search', 'tisserands'], input: { q: 'tisserands' } },
        { argv: ['--data', dir, 'search', 'protection', 'sociale', '--limit', '5'], input: { q: 'protection sociale', limit: 5 } },
        { argv: ['search', 'retraite', '--lang', 'fr', '--type', 'practice', '--step', '2', '--offset', '3'], input: { q: 'retraite', lang: ['fr'], type: ['practice'], step: [2], offset: 3 } },
        { argv: ['search', 'mutuelle', '--country', 'tg'], input: { q: 'mutuelle', country: ['TG'] } },
        { argv: ['search', 'cotisatoins'], input: { q: 'cotisatoins' } },
      ];
      for (const { argv, input } of cases) {
        const theirs = await dispatch(hub.api, 'search', input);
        if (!theirs.ok) throw new Error(theirs.error.message);
        const withData = argv.includes('--data') ? argv : ['--data', dir, ...argv];
        const text = await run(withData);
        expect(text.code, argv.join(' ')).toBe(0);
        expect(text.out, argv.join(' ')).toBe(formatSearch(theirs.value as never, false) + '\n');
        const json = await run([...withData, '--json']);
        expect(JSON.parse(json.out), argv.join(' ')).toEqual(JSON.parse(JSON.stringify(theirs.value)));
      }
    } finally {
      await hub.close();
    }
  });

  it('leaves the command line to answer bad input, help and other commands, printing nothing', async () => {
    for (const argv of [
      ['search', 'a', '--step', '4'],
      ['search', 'a', '--limit', 'ten'],
      ['search', 'a', '--lang', 'de'],
      ['search', 'a', '--nope'],
      ['search', '--help'],
      ['list', '--type', 'practice'],
    ]) {
      const r = await run(['--data', dir, ...argv]);
      expect(r, argv.join(' ')).toEqual({ code: undefined, out: '', err: '' });
    }
  });

  it('leaves it to the command line when a record changed since the index cache, even in place', async () => {
    const file = path.join(dir, 'records', own.type, `${own.id}.json`);
    const before = await fs.readFile(file, 'utf8');
    const folder = await fs.stat(path.dirname(file));
    await fs.writeFile(file, before.replace('Kara', 'Sokodé'));
    await fs.utimes(path.dirname(file), folder.atime, folder.mtime); // the folder stamp cannot see it
    expect((await run(['--data', dir, 'search', 'tisserands'])).code).toBeUndefined();
    await fs.writeFile(file, before);
    await fs.utimes(path.dirname(file), folder.atime, folder.mtime);
    expect((await run(['--data', dir, 'search', 'tisserands'])).code).toBe(0);
    // A record added (a rename in the folder): the stamp says so.
    const hub = await Hub.open({ dataDir: dir, ...files, compactAfterMs: 0 });
    await hub.create({ record: practiceDraft({ body: 'Les vanniers de Sokodé.' }) as never });
    await hub.close();
    expect((await run(['--data', dir, 'search', 'vanniers'])).code).toBeUndefined();
    await persist();
    expect((await run(['--data', dir, 'search', 'vanniers'])).out).toMatch(/^1 result for "vanniers"/);
  });
});
