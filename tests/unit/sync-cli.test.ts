/**
 * `socle sync` and `socle set` from the command line: two data directories stay in step through
 * an in-test CouchDB-protocol server (127.0.0.1); bad URLs, an unreachable server and refused
 * credentials fail with one line, the right exit code, and nothing changed locally.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { cli, tempDir } from './helpers';
import { snapshotDir } from '../fixtures/bundles/helpers';
import { startCouch, type CouchFixture } from '../fixtures/sync/couch-server';

let couch: CouchFixture;
let root: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  couch = await startCouch();
  ({ dir: root, cleanup } = await tempDir('socle-sync-cli-'));
});
afterAll(async () => {
  await couch.close();
  await cleanup();
});

async function addPractice(data: string, title: string, extra = ''): Promise<string> {
  const file = path.join(root, `p-${Math.random().toString(36).slice(2)}.md`);
  await fs.writeFile(file, `---\ntitle: "${title}"\ncountry: SN\n${extra}sources:\n  - title: Test\n---\nCorps.\n`);
  const r = await cli(['--data', data, '--json', 'add', file]);
  expect(r.code).toBe(0);
  return JSON.parse(r.out).id;
}

describe('socle sync', () => {
  it('keeps two data directories in step, prints {pushed, pulled, conflicts}, and reports a conflict on each side', async () => {
    await couch.createDb('cli-a');
    const a = path.join(root, 'a');
    const b = path.join(root, 'b');
    const id = await addPractice(a, 'Transferts monétaires');
    const first = await cli(['--data', a, '--json', 'sync', couch.url('cli-a'), '--once']);
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toEqual({ pushed: 1, pulled: 0, conflicts: 0 });
    const second = await cli(['--data', b, '--json', 'sync', couch.url('cli-a'), '--once']);
    expect(JSON.parse(second.out)).toEqual({ pushed: 0, pulled: 1, conflicts: 0 });
    expect(JSON.parse((await cli(['--data', b, '--json', 'show', id])).out).title).toBe('Transferts monétaires');

    // Later passes need no URL: the configured server is used.
    expect((await cli(['--data', a, 'set', id, 'title=Titre A', 'themes=cash-transfers,social-assistance'])).code).toBe(0);
    expect((await cli(['--data', b, 'set', id, 'title=Titre B'])).code).toBe(0);
    expect(JSON.parse((await cli(['--data', a, '--json', 'sync', '--once'])).out)).toEqual({ pushed: 1, pulled: 0, conflicts: 0 });
    expect(JSON.parse((await cli(['--data', b, '--json', 'sync', '--once'])).out)).toEqual({ pushed: 1, pulled: 1, conflicts: 1 });
    expect(JSON.parse((await cli(['--data', a, '--json', 'sync', '--once'])).out)).toEqual({ pushed: 0, pulled: 1, conflicts: 1 });
    for (const dir of [a, b]) {
      const list = await cli(['--data', dir, 'conflicts']);
      expect(list.out).toContain(id);
    }
    // Resolved on A from the CLI; B sees it closed after one more pass.
    expect((await cli(['--data', a, 'resolve', id, '--theirs'])).code).toBe(0);
    await cli(['--data', a, 'sync', '--once']);
    await cli(['--data', b, 'sync', '--once']);
    for (const dir of [a, b]) {
      expect(JSON.parse((await cli(['--data', dir, '--json', 'conflicts'])).out).items).toEqual([]);
      expect(JSON.parse((await cli(['--data', dir, '--json', 'show', id])).out).title).toBe('Titre B');
    }
    const status = await cli(['--data', b, 'sync', 'status']);
    expect(status.code).toBe(0);
    expect(status.out).toContain(couch.url('cli-a'));
    expect(status.out).toMatch(/last sync: .* ok: pushed/);
    const json = JSON.parse((await cli(['--data', b, '--json', 'sync', 'status'])).out);
    expect(json).toMatchObject({ configured: true, url: couch.url('cli-a'), conflicts: 0, state: 'idle' });
  });

  it('refuses bad input with one line and nothing changed locally', async () => {
    const data = path.join(root, 'errors');
    await addPractice(data, 'Une pratique');
    const before = await snapshotDir(data, { skip: ['index'] });

    const notUrl = await cli(['--data', data, 'sync', 'not a url', '--once']);
    expect(notUrl.code).toBe(2);
    expect(notUrl.err.trim().split('\n')).toHaveLength(1);
    expect(notUrl.err).toMatch(/url: not a URL/);

    const ftp = await cli(['--data', data, 'sync', 'ftp://127.0.0.1/db', '--once']);
    expect(ftp.code).toBe(2);

    const noDb = await cli(['--data', data, 'sync', couch.url('does-not-exist'), '--once']);
    expect(noDb.code).toBe(2);
    expect(noDb.err).toMatch(/No database at/);

    // A port where nothing listens (the fixture's port after it stops).
    const other = await startCouch();
    const deadUrl = other.url('gone');
    await other.close();
    const unreachable = await cli(['--data', data, 'sync', deadUrl, '--once']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.err.trim().split('\n')).toHaveLength(1);
    expect(unreachable.err).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:\d+\/gone/);

    // Continuous mode against a configured server that went away: one line, exit 1.
    const gone = await startCouch();
    await gone.createDb('gone');
    const goneData = path.join(root, 'gone');
    expect((await cli(['--data', goneData, 'sync', gone.url('gone'), '--once'])).code).toBe(0);
    await gone.close();
    const offline = await cli(['--data', goneData, 'sync']);
    expect(offline.code).toBe(1);
    expect(offline.err.trim().split('\n')).toHaveLength(1);
    expect(offline.err).toMatch(/Cannot reach/);

    const badScope = await cli(['--data', data, 'sync', couch.url('x'), '--scope', 'planet=mars', '--once']);
    expect(badScope.code).toBe(2);

    const status = await cli(['--data', data, 'sync', 'status']);
    expect(status.out).toMatch(/not set up/);
    expect(await snapshotDir(data, { skip: ['index'] })).toEqual(before);
  });

  it('credentials: refused ones exit 2 without saving anything; accepted ones are stored 0600 and never printed', async () => {
    const secure = await startCouch();
    try {
      await secure.createDb('private');
      secure.requireAuth('facilitatrice', 's3cret-Dakar');
      const data = path.join(root, 'creds');
      await addPractice(data, 'Pratique privée');
      const before = await snapshotDir(data, { skip: ['index'] });
      const wrongUrl = secure.url('private').replace('http://', 'http://facilitatrice:wrong@');
      const refused = await cli(['--data', data, 'sync', wrongUrl, '--once']);
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/refused the credentials/);
      expect(refused.err).not.toContain('wrong');
      expect(await snapshotDir(data, { skip: ['index'] })).toEqual(before);

      const good = secure.url('private').replace('http://', 'http://facilitatrice:s3cret-Dakar@');
      const ok = await cli(['--data', data, '--json', 'sync', good, '--once']);
      expect(ok.code, ok.err).toBe(0);
      expect(JSON.parse(ok.out)).toEqual({ pushed: 1, pulled: 0, conflicts: 0 });
      const file = path.join(data, 'sync', 'credentials.json');
      expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
      for (const args of [['sync', 'status'], ['--json', 'sync', 'status'], ['--json', 'sync', '--once']]) {
        const r = await cli(['--data', data, ...args]);
        expect(r.code, r.err).toBe(0);
        expect(r.out + r.err).not.toContain('s3cret');
      }
      expect(JSON.parse(await fs.readFile(path.join(data, 'sync', 'config.json'), 'utf8')).url).toBe(secure.url('private'));
    } finally {
      await secure.close();
    }
  });
});

describe('socle set', () => {
  it('changes fields of a practice, refuses unknown fields and invalid values with exit 2', async () => {
    const data = path.join(root, 'set');
    const id = await addPractice(data, 'Avant');
    const ok = await cli(['--data', data, '--json', 'set', id, 'title=Après', 'steps=1,2', 'themes=pensions']);
    expect(ok.code, ok.err).toBe(0);
    const saved = JSON.parse(ok.out);
    expect(saved).toMatchObject({ title: 'Après', steps: [1, 2], themes: ['pensions'], rev: 2 });

    const unknown = await cli(['--data', data, 'set', id, 'colour=blue']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Unknown field "colour"/);
    const invalid = await cli(['--data', data, 'set', id, 'country=Senegal']);
    expect(invalid.code).toBe(2);
    expect(invalid.err.trim().split('\n')).toHaveLength(1);
    const noPair = await cli(['--data', data, 'set', id, 'title']);
    expect(noPair.code).toBe(2);
    const guide = await cli(['--data', data, 'set', 'c102-old-age-fr', 'title=x']);
    expect(guide.code).toBe(2);
    expect(JSON.parse((await cli(['--data', data, '--json', 'show', id])).out).rev).toBe(2);
  });
});
