#!/usr/bin/env node
// First run: installs the project's dependencies when they are missing or older than
// package-lock.json, so that `npm start` and `npm test` work on a clean clone with nothing else to
// type. Uses only Node's standard library (it runs before anything is installed).
//
// Why it exists: `npm ci` runs Electron's install script, which downloads the desktop runtime from
// GitHub. On a machine that cannot reach GitHub (offline ministry laptops, proxies, CI here) that
// download fails and npm removes node_modules altogether. We try the ordinary install first, so a
// connected machine gets the desktop app; if only Electron's download failed, we install again
// without the binary (ELECTRON_SKIP_BINARY_DOWNLOAD=1) and say so in one sentence: the hub then
// runs in the browser and every test but the desktop-shell spec runs.
//
// Usage: node scripts/ensure-deps.js [--check]   (--check: exit 1 if an install is needed, do nothing)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (m) => process.stdout.write(`Socle: ${m}\n`);

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Why an install is needed, or undefined when node_modules matches package-lock.json. npm keeps
 * a copy of what it installed in node_modules/.package-lock.json; every non-optional package of
 * the lockfile must be there at the same version (optional ones are platform-specific builds).
 */
export function installNeeded() {
  const wanted = readJson(path.join(root, 'package-lock.json'));
  if (!wanted?.packages) return 'package-lock.json is missing or unreadable';
  const installed = readJson(path.join(root, 'node_modules', '.package-lock.json'));
  if (!installed?.packages) return 'dependencies are not installed yet';
  for (const [where, pkg] of Object.entries(wanted.packages)) {
    if (!where || pkg.optional || pkg.link) continue;
    const have = installed.packages[where];
    if (!have) return `${where.replace(/^node_modules\//, '')} is not installed`;
    if (have.version !== pkg.version) return `${where.replace(/^node_modules\//, '')} is ${have.version}, the lockfile wants ${pkg.version}`;
  }
  return undefined;
}

function npmCi(env) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, env, encoding: 'utf8', shell: process.platform === 'win32' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, error: result.error };
}

/** Electron's postinstall failed to fetch its binary (and nothing else went wrong). */
function electronDownloadFailed(output) {
  return /node_modules[/\\]electron\b/.test(output) && /command sh -c node install\.js|node install\.js/.test(output);
}

export function ensureDeps() {
  const reason = installNeeded();
  if (!reason) return true;
  say(`installing dependencies (${reason}); this takes a minute the first time.`);
  const first = npmCi(process.env);
  if (first.error) {
    say(`could not run npm: ${first.error.message}`);
    return false;
  }
  if (first.ok) return true;
  if (!process.env.ELECTRON_SKIP_BINARY_DOWNLOAD && electronDownloadFailed(first.output)) {
    say('the Electron desktop runtime could not be downloaded (no access to GitHub?); installing without it, so Socle runs in your browser.');
    const second = npmCi({ ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    if (second.ok) return true;
    process.stderr.write(second.output);
  } else {
    process.stderr.write(first.output);
  }
  say('installing dependencies failed; see npm\'s messages above.');
  return false;
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const reason = installNeeded();
    if (reason) say(`an install is needed: ${reason}`);
    process.exit(reason ? 1 : 0);
  }
  process.exit(ensureDeps() ? 0 : 1);
}
