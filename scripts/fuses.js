#!/usr/bin/env node
// Electron fuses for a packaged Socle: switches compiled into the Electron binary that no
// environment variable or command-line flag can turn back on. Flipped once, at packaging, on the
// packaged binary (the asar integrity and asar-only fuses only make sense there):
//
//   RunAsNode off                   ELECTRON_RUN_AS_NODE cannot turn Socle into a plain Node.js
//   NODE_OPTIONS off                NODE_OPTIONS=--require evil.js is ignored
//   inspect arguments off           --inspect / --inspect-brk cannot attach a debugger
//   only load the app from asar     a loose app/ folder next to the binary is never run
//   embedded asar integrity on      a modified app.asar is refused (hash checked at start-up)
//   cookie encryption on, V8 browser snapshot off, file: extra privileges off (Socle uses app://),
//   WebAssembly trap handlers on (Electron's default)
//
// strictlyRequireAllFuses: a future Electron that adds a fuse makes packaging fail until this
// file says what the new fuse should be, instead of silently inheriting a default.
//
// Use it after any packager:
//   node scripts/fuses.js <packaged binary>          e.g. dist/linux-unpacked/socle, dist/Socle.exe, dist/mac/Socle.app
//   node scripts/fuses.js --check <packaged binary>  exits 1 unless every fuse is as below (for CI)
// or as electron-builder's afterPack hook ("afterPack": "scripts/fuses.js"): the default export
// finds the binary from the hook's context.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';

/** @param {{ platform?: string; arch?: string }} [target] */
export function socleFuses(target = {}) {
  const platform = target.platform ?? process.platform;
  const arch = target.arch ?? process.arch;
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Flipping fuses invalidates the ad-hoc signature of arm64 macOS builds: sign again.
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    [FuseV1Options.WasmTrapHandlers]: true,
  };
}

/** Flips Socle's fuses in the packaged binary (or .app bundle) at `binary`. */
export async function applyFuses(binary, target) {
  await flipFuses(binary, socleFuses(target));
}

/** The fuses of `binary` that differ from Socle's configuration, by name ([] when all are set). */
export async function checkFuses(binary) {
  const wire = await getCurrentFuseWire(binary);
  const wanted = socleFuses();
  const wrong = [];
  for (const key of Object.keys(FuseV1Options).filter((k) => /^\d+$/.test(k))) {
    const expected = wanted[key] ? FuseState.ENABLE : FuseState.DISABLE;
    if (wire[key] !== expected && wire[key] !== FuseState.REMOVED) wrong.push(FuseV1Options[key]);
  }
  return wrong;
}

/**
 * electron-builder's afterPack hook. `context.appOutDir` holds the packaged app; the binary is
 * `<productFilename>.app` (macOS), `<productFilename>.exe` (Windows) or `<executableName>` (Linux).
 */
export default async function afterPack(context) {
  const platform = context.electronPlatformName;
  const { productFilename } = context.packager.appInfo;
  const name = platform === 'darwin' || platform === 'mas' ? `${productFilename}.app` : platform === 'win32' ? `${productFilename}.exe` : context.packager.executableName;
  const arch = typeof context.arch === 'number' ? ['ia32', 'x64', 'armv7l', 'arm64', 'universal'][context.arch] : context.arch;
  await applyFuses(path.join(context.appOutDir, name), { platform: platform === 'mas' ? 'darwin' : platform, arch });
}

async function main(argv) {
  const check = argv[0] === '--check';
  const binary = check ? argv[1] : argv[0];
  if (!binary) {
    process.stderr.write('Usage: node scripts/fuses.js [--check] <packaged Electron binary or .app>\n');
    return 2;
  }
  try {
    if (check) {
      const wrong = await checkFuses(binary);
      if (wrong.length) {
        process.stderr.write(`Fuses not set as Socle requires in ${binary}: ${wrong.join(', ')}\n`);
        return 1;
      }
      process.stdout.write(`Every fuse is set in ${binary}.\n`);
      return 0;
    }
    await applyFuses(binary);
    process.stdout.write(`Fuses flipped in ${binary}: RunAsNode, NODE_OPTIONS and inspect arguments off; app only from an integrity-checked asar.\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`Cannot set the fuses of ${binary}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
