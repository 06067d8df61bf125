/**
 * The desktop shell's packaging hardening (issue 10): Electron fuses flipped at packaging by
 * scripts/fuses.js, and the Vite dev server honoured only with the explicit development flag.
 * The Electron binary is absent here, so the fuse step runs on a stand-in file carrying a real
 * fuse wire (the sentinel, version 1, nine fuses: what @electron/fuses finds in an Electron binary).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import afterPack, { checkFuses, socleFuses } from '../../scripts/fuses.js';
import { devServerOriginFrom } from '../../main/app/dev-server';
import { tempDir } from './helpers';

const run = promisify(execFile);
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** A stand-in for an Electron binary: noise, the fuse wire with every fuse enabled (Electron's RunAsNode default), noise. */
async function fakeElectron(file: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, 9]), Buffer.alloc(9, FuseState.ENABLE)]);
  await fs.writeFile(file, Buffer.concat([Buffer.alloc(5000, 7), wire, Buffer.alloc(3000, 9)]));
}

const fuse = (wire: Record<string, unknown>, option: FuseV1Options) => wire[String(option)];

describe('Electron fuses', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir('socle-fuses-')));
  afterAll(() => cleanup());

  it('turns off RunAsNode, NODE_OPTIONS and inspect arguments, and loads the app only from an integrity-checked asar', () => {
    const config = socleFuses({ platform: 'linux', arch: 'x64' }) as Record<string, unknown>;
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    // Every fuse this @electron/fuses knows is decided, and a new one fails the packaging.
    expect(config.strictlyRequireAllFuses).toBe(true);
    const options = Object.keys(FuseV1Options).filter((k) => /^\d+$/.test(k));
    for (const o of options) expect(typeof config[o], FuseV1Options[Number(o)]).toBe('boolean');
    expect(socleFuses({ platform: 'darwin', arch: 'arm64' }).resetAdHocDarwinSignature).toBe(true);
  });

  it('flips the fuses of a packaged binary from the command line, and --check verifies them', async () => {
    const binary = path.join(dir, 'cli', 'socle');
    await fakeElectron(binary);
    const before = await run(process.execPath, ['scripts/fuses.js', '--check', binary]).catch((e: { code: number; stderr: string }) => e);
    expect(before).toMatchObject({ code: 1, stderr: expect.stringMatching(/RunAsNode.*EnableNodeOptionsEnvironmentVariable.*EnableNodeCliInspectArguments/) });
    const flipped = await run(process.execPath, ['scripts/fuses.js', binary]);
    expect(flipped.stdout).toMatch(/Fuses flipped/);
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<string, unknown>;
    expect(fuse(wire, FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(fuse(wire, FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(fuse(wire, FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(fuse(wire, FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(fuse(wire, FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(await checkFuses(binary)).toEqual([]);
    expect((await run(process.execPath, ['scripts/fuses.js', '--check', binary])).stdout).toMatch(/Every fuse is set/);
    // Bad input: one line, exit 2.
    expect(await run(process.execPath, ['scripts/fuses.js']).catch((e: { code: number }) => e.code)).toBe(2);
  });

  it('works as an electron-builder afterPack hook (finds the binary from the context)', async () => {
    const appOutDir = path.join(dir, 'linux-unpacked');
    await fakeElectron(path.join(appOutDir, 'socle'));
    await afterPack({ appOutDir, electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'Socle' }, executableName: 'socle' } });
    expect(await checkFuses(path.join(appOutDir, 'socle'))).toEqual([]);
    const winOut = path.join(dir, 'win-unpacked');
    await fakeElectron(path.join(winOut, 'Socle.exe'));
    await afterPack({ appOutDir: winOut, electronPlatformName: 'win32', arch: 'x64', packager: { appInfo: { productFilename: 'Socle' }, executableName: 'socle' } });
    expect(await checkFuses(path.join(winOut, 'Socle.exe'))).toEqual([]);
  });
});

describe('the Vite dev server address (ELECTRON_RENDERER_URL)', () => {
  const dev = 'http://localhost:5173/';
  it('is ignored unless the explicit development flag SOCLE_DEV=1 is set', () => {
    expect(devServerOriginFrom({ ELECTRON_RENDERER_URL: dev }, false)).toBeUndefined();
    expect(devServerOriginFrom({ ELECTRON_RENDERER_URL: dev, SOCLE_DEV: 'true' }, false)).toBeUndefined();
    expect(devServerOriginFrom({ ELECTRON_RENDERER_URL: dev, SOCLE_DEV: '1' }, false)).toBe('http://localhost:5173');
  });
  it('is never honoured in a packaged app, nor for another machine or scheme', () => {
    expect(devServerOriginFrom({ ELECTRON_RENDERER_URL: dev, SOCLE_DEV: '1' }, true)).toBeUndefined();
    for (const url of ['http://evil.example/', 'file:///tmp/x.html', 'http://192.0.2.1:5173/', 'not a url']) {
      expect(devServerOriginFrom({ ELECTRON_RENDERER_URL: url, SOCLE_DEV: '1' }, false), url).toBeUndefined();
    }
  });
});
