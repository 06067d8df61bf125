#!/usr/bin/env node
// Builds what the browser mode, the desktop app and the e2e tests need, only if it is missing or
// older than its sources: the UI + desktop shell (electron-vite build -> out/renderer, out/main,
// out/preload), the prebuilt library (scripts/build-library.js -> out/library/library.json) and
// the command line with its HTTP server (scripts/build-cli.js -> out/cli/main.js; bin/socle.js
// also builds it on first use).
// Says what it does; a failed build exits non-zero with the tool's own message.
//
// Usage: node scripts/ensure-build.js [--force] [--only library,app,cli]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliBuildStale } from './build-cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rel = (p) => path.relative(root, p) || '.';
const log = (m) => process.stdout.write(`ensure-build: ${m}\n`);

/** Newest modification time among the files under these paths (folders walked, skipping dot-folders and node_modules). */
function newestMtime(paths) {
  let newest = 0;
  let newestFile = '';
  const visit = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return; // a source that does not exist yet (e.g. renderer/ before it is written)
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (!name.startsWith('.') && name !== 'node_modules') visit(path.join(p, name));
    } else if (st.mtimeMs > newest) {
      newest = st.mtimeMs;
      newestFile = p;
    }
  };
  for (const p of paths) visit(p);
  return { newest, newestFile };
}

/** Why `outputs` must be rebuilt from `sources`, or undefined if they are up to date. */
function staleReason(outputs, sources) {
  const missing = outputs.find((o) => !existsSync(o));
  if (missing) return `${rel(missing)} is missing`;
  const oldest = Math.min(...outputs.map((o) => statSync(o).mtimeMs));
  const { newest, newestFile } = newestMtime(sources);
  return newest > oldest ? `${rel(newestFile)} changed since the last build` : undefined;
}

function run(what, args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.error) throw new Error(`${what} could not be started: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} failed (exit code ${result.status ?? result.signal}); see its messages above.`);
}

const at = (...p) => path.join(root, ...p);

/** The UI and the desktop shell. electron-vite builds all three parts in one run. */
export const appTarget = {
  name: 'interface and desktop shell',
  outputs: [at('out', 'renderer', 'index.html'), at('out', 'main', 'index.js'), at('out', 'preload', 'index.cjs')],
  sources: [at('renderer'), at('main'), at('preload'), at('electron.vite.config.ts'), at('package.json'), at('package-lock.json')],
  build() {
    if (!existsSync(at('renderer', 'index.html'))) {
      throw new Error('renderer/index.html does not exist yet, so there is no interface to build.');
    }
    const bin = path.join(path.dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
    run('electron-vite build', [bin, 'build']);
  },
};

/** The validated library and its prebuilt search index. */
export const libraryTarget = {
  name: 'library',
  outputs: [at('out', 'library', 'library.json')],
  sources: [at('library'), at('main', 'core'), at('scripts', 'build-library.js')],
  build() {
    run('node scripts/build-library.js', [at('scripts', 'build-library.js')]);
  },
};

/** The command line and the HTTP server it starts (`socle serve`), as plain JavaScript. */
export const cliTarget = {
  name: 'command line and server',
  // Its own staleness test: the exact sources the last build read (out/cli/build.json).
  stale: cliBuildStale,
  build() {
    // esbuild's JavaScript API is asynchronous; a child keeps ensureBuild() synchronous.
    run('node scripts/build-cli.js', [at('scripts', 'build-cli.js')]);
  },
};

/** `only`: a subset of 'library', 'app', 'cli' (the benchmark needs the CLI and library, not the UI). */
export function ensureBuild({ force = false, only = ['library', 'app', 'cli'] } = {}) {
  if (!existsSync(at('scripts', 'build-library.js'))) log('scripts/build-library.js does not exist yet: skipping the library (the app indexes it at start-up).');
  const targets = [
    only.includes('library') && existsSync(at('scripts', 'build-library.js')) ? libraryTarget : undefined,
    only.includes('app') ? appTarget : undefined,
    only.includes('cli') ? cliTarget : undefined,
  ].filter(Boolean);
  for (const target of targets) {
    const reason = force ? 'forced' : target.stale ? target.stale() : staleReason(target.outputs, target.sources);
    if (!reason) {
      log(`${target.name}: up to date.`);
      continue;
    }
    log(`${target.name}: building (${reason})...`);
    const started = Date.now();
    target.build();
    log(`${target.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
}

const isMain = !!process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  try {
    const onlyAt = process.argv.indexOf('--only');
    const only = onlyAt > 0 ? (process.argv[onlyAt + 1] ?? '').split(',').map((t) => t.trim()) : undefined;
    if (only?.some((t) => !['library', 'app', 'cli'].includes(t))) throw new Error('--only takes a comma-separated list of library, app, cli');
    ensureBuild({ force: process.argv.includes('--force'), ...(only ? { only } : {}) });
  } catch (e) {
    process.stderr.write(`ensure-build: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
