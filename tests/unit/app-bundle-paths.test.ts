/**
 * The desktop shell's rules for bundle file paths (main/app/bundle-paths.ts): the window may name
 * only files the main process handed out, and files opened with the app are checked first.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathGrants, bundleFileFromArgv, checkBundleFile, safeBundleName, ungrantedBundlePath } from '../../main/app/bundle-paths';
import { tempDir } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('socle-bundle-paths-'));
  await fs.writeFile(path.join(dir, 'cm.socle'), 'PK');
  await fs.writeFile(path.join(dir, 'notes.txt'), 'x');
  await fs.mkdir(path.join(dir, 'folder.socle'));
});
afterAll(() => cleanup());

describe('ungrantedBundlePath', () => {
  it('lets through only the paths the main process granted, for their use', () => {
    const grants = new PathGrants();
    const chosen = path.join(dir, 'cm.socle');
    const out = path.join(dir, 'out.socle');
    expect(ungrantedBundlePath('importPreview', { file: chosen }, grants)).toMatchObject({ ok: false, error: { code: 'invalid', field: 'file' } });
    grants.grant(chosen, 'read');
    grants.grant(out, 'write');
    expect(ungrantedBundlePath('importPreview', { file: chosen }, grants)).toBeUndefined();
    expect(ungrantedBundlePath('importApply', { file: path.join(dir, '.', 'cm.socle') }, grants)).toBeUndefined();
    // A file chosen to read may not be written over; another path may not be read.
    expect(ungrantedBundlePath('exportBundle', { outFile: chosen, scope: {} }, grants)).toMatchObject({ ok: false, error: { field: 'outFile' } });
    expect(ungrantedBundlePath('exportBundle', { outFile: out }, grants)).toBeUndefined();
    expect(ungrantedBundlePath('importPreview', { file: '/etc/passwd' }, grants)).toMatchObject({ ok: false });
    expect(ungrantedBundlePath('importPreview', { file: path.join(dir, 'sub', '..', '..', 'x.socle') }, grants)).toMatchObject({ ok: false });
    expect(ungrantedBundlePath('importPreview', { file: ['x'] }, grants)).toMatchObject({ ok: false });
    // Bytes need no grant; other methods are not concerned.
    expect(ungrantedBundlePath('importPreview', { bytes: 'UEs=' }, grants)).toBeUndefined();
    expect(ungrantedBundlePath('get', { id: 'x', file: '/etc/passwd' }, grants)).toBeUndefined();
    expect(ungrantedBundlePath('importPreview', null, grants)).toBeUndefined();
  });

  it('forgets the oldest grants past a hundred', () => {
    const grants = new PathGrants();
    for (let i = 0; i < 101; i++) grants.grant(`/tmp/b${i}.socle`, 'read');
    expect(grants.allows('/tmp/b0.socle', 'read')).toBe(false);
    expect(grants.allows('/tmp/b100.socle', 'read')).toBe(true);
  });
});

describe('files opened with the app', () => {
  it('finds the .socle file on a command line, skipping switches and the data folder', () => {
    expect(bundleFileFromArgv(['/opt/Socle/socle', 'cm.socle'], '/home/awa')).toBe(path.resolve('/home/awa', 'cm.socle'));
    expect(bundleFileFromArgv(['socle', '--data', 'x.socle', '--no-sandbox'], '/home')).toBeUndefined();
    expect(bundleFileFromArgv(['socle', '--flag=a.socle', '/a/b.SOCLE'], '/home')).toBe('/a/b.SOCLE');
    expect(bundleFileFromArgv(['socle', '.'], '/home')).toBeUndefined();
  });

  it('accepts only existing regular .socle files', async () => {
    expect(await checkBundleFile(path.join(dir, 'cm.socle'))).toMatchObject({ ok: true, name: 'cm.socle' });
    expect(await checkBundleFile(path.join(dir, 'notes.txt'))).toMatchObject({ ok: false });
    expect(await checkBundleFile(path.join(dir, 'folder.socle'))).toMatchObject({ ok: false, message: expect.stringMatching(/regular file/) });
    expect(await checkBundleFile(path.join(dir, 'missing.socle'))).toMatchObject({ ok: false });
    expect(await checkBundleFile('relative.socle')).toMatchObject({ ok: false });
    expect(await checkBundleFile(`${dir}/a\0.socle`)).toMatchObject({ ok: false });
  });

  it('reduces a suggested name to a plain .socle base name', () => {
    expect(safeBundleName('socle-CM-2026-11-29.socle')).toBe('socle-CM-2026-11-29.socle');
    expect(safeBundleName('../../etc/passwd')).toBe('passwd.socle');
    expect(safeBundleName('C:\\Windows\\x.socle')).toBe('x.socle');
    expect(safeBundleName('..')).toBe('socle.socle');
    expect(safeBundleName(42)).toBe('socle.socle');
    expect(safeBundleName('a<b>:c?.socle')).toBe('a-b-c-.socle');
  });
});
