#!/usr/bin/env node
// `npm start`: the desktop app when the Electron runtime is installed, otherwise the same UI in
// the system browser (socle serve --open), with one sentence saying why. Arguments after
// `npm start --` are passed on (e.g. `npm start -- --data /tmp/lib`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './ensure-build.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** The Electron binary's path, or undefined when the package was installed without it. */
function electronBinary() {
  try {
    // The electron package's main export is the path of the binary it downloaded; it throws
    // ("Electron failed to install correctly") when the download was skipped or failed.
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a child in the foreground and exits with its status. Ctrl+C reaches it directly (same process group). */
function runForeground(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', () => {}); // the terminal already delivers Ctrl+C to the child; wait for it
  process.on('SIGTERM', forward);
  child.on('error', (e) => {
    process.stderr.write(`Socle: could not start ${path.basename(command)}: ${e.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
}

try {
  const binary = electronBinary();
  if (binary) {
    ensureBuild();
    const env = { ...process.env };
    // Set by some tools; it would turn the app into a plain Node process.
    delete env.ELECTRON_RUN_AS_NODE;
    runForeground(binary, [root, ...args], env);
  } else {
    process.stdout.write(
      'Socle: the Electron desktop runtime is not installed on this machine (its binary could not be downloaded); ' +
        'opening Socle in your web browser instead. To get the desktop app, run `npm install electron` on a machine with internet access.\n',
    );
    ensureBuild();
    runForeground(process.execPath, [path.join(root, 'bin', 'socle.js'), 'serve', '--open', ...args]);
  }
} catch (e) {
  process.stderr.write(`Socle could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
