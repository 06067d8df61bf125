#!/usr/bin/env node
// Builds the command line (which includes the HTTP server of `socle serve`) from TypeScript into
// plain JavaScript with esbuild: main/cli/main.ts -> out/cli/main.js, one chunk per lazily loaded
// command under out/cli/chunks/, the search index worker main/platform/index-worker.ts ->
// out/cli/index-worker.js, and the one-off search fast path main/cli/search-fast.ts ->
// out/cli/search.js (one file, dependencies bundled in). Dependencies stay external (loaded from node_modules at run
// time), as in the desktop shell's build. Writes out/cli/build.json: the source files the build
// read and when it started, so that bin/socle.js can tell in a few stat() calls whether a source
// changed since (see cliBuildStale below).
//
// Safe while other `socle` processes run or build at the same time: chunks have content-hashed
// names and are written before the entry, every file is written to a temporary name then renamed,
// and chunks of older builds are kept for a while (a running `socle serve` may still load one).
//
// Usage: node scripts/build-cli.js
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT = path.join(root, 'out', 'cli');
export const CLI_ENTRY = path.join(CLI_OUT, 'main.js');
export const CLI_MANIFEST = path.join(CLI_OUT, 'build.json');
/** The one-off search fast path (main/cli/search-fast.ts), one file with its dependencies inside. */
export const SEARCH_ENTRY = path.join(CLI_OUT, 'search.js');
/** Chunks no build references any more are deleted once they are this old (a long-running server may still need one). */
const OLD_CHUNK_MS = 24 * 3600 * 1000;

function writeAtomic(file, contents) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

/**
 * Why out/cli must be rebuilt, or undefined when it is up to date: the entry or the manifest is
 * missing, or one of the sources the last build read (or this script) is newer than that build's
 * start, or is gone. A `git pull` sets the mtime of every file it changes, so pulled sources count.
 * Costs one small JSON read and a stat() per source file (a few milliseconds).
 */
export function cliBuildStale(at = root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(at, 'out', 'cli', 'build.json'), 'utf8'));
  } catch {
    return 'out/cli/build.json is missing';
  }
  if (!existsSync(path.join(at, 'out', 'cli', 'main.js'))) return 'out/cli/main.js is missing';
  if (!existsSync(path.join(at, 'out', 'cli', 'search.js'))) return 'out/cli/search.js is missing';
  for (const rel of [...manifest.inputs, 'scripts/build-cli.js']) {
    let st;
    try {
      st = statSync(path.join(at, rel));
    } catch {
      return `${rel} was removed since the last build`;
    }
    if (st.mtimeMs > manifest.startedAt) return `${rel} changed since the last build`;
  }
  return undefined;
}

/** Whether a build (possibly stale) exists to run. */
cliBuildStale.entryExists = () => existsSync(CLI_ENTRY);

/** Builds out/cli. Throws with esbuild's message when the sources do not compile. */
export async function buildCli() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('esbuild (a development dependency) is not installed, so the command line cannot be built: run "npm install" first.');
  }
  const startedAt = Date.now();
  const result = await esbuild.build({
    absWorkingDir: root,
    // The search index worker thread (main/platform/index-builder.ts finds it beside the chunk
    // that starts it, or one folder up): out/cli/index-worker.js.
    entryPoints: { main: 'main/cli/main.ts', 'index-worker': 'main/platform/index-worker.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir: CLI_OUT,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'silent',
  }).catch(compileError);
  // `socle search`'s fast path: one file, its dependencies (lunr, lunr-languages, marked) bundled
  // in, so that a one-off search resolves and loads one module rather than a graph of chunks and
  // packages (and Node's CommonJS export scan of lunr's files never runs). Written before main.js.
  const fast = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { search: 'main/cli/search-fast.ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: CLI_OUT,
    entryNames: '[name]',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'silent',
  }).catch(compileError);
  // Chunks first, the entry (which imports them) last, each atomically.
  const isChunk = (f) => f.path.startsWith(path.join(CLI_OUT, 'chunks') + path.sep);
  const written = new Set();
  for (const f of [...result.outputFiles.filter(isChunk), ...fast.outputFiles, ...result.outputFiles.filter((x) => !isChunk(x))]) {
    written.add(f.path);
    if (isChunk(f) && existsSync(f.path)) continue; // same content hash: already there
    writeAtomic(f.path, f.contents);
  }
  const inputs = [...new Set([...Object.keys(result.metafile.inputs), ...Object.keys(fast.metafile.inputs)])].filter((p) => !p.includes('node_modules')).sort();
  writeAtomic(CLI_MANIFEST, JSON.stringify({ startedAt, inputs }, null, 1) + '\n');
  // Chunks of older builds: kept a day for processes started before this build, then removed.
  const chunksDir = path.join(CLI_OUT, 'chunks');
  for (const name of existsSync(chunksDir) ? readdirSync(chunksDir) : []) {
    const file = path.join(chunksDir, name);
    if (written.has(file)) continue;
    try {
      if (Date.now() - statSync(file).mtimeMs > OLD_CHUNK_MS) unlinkSync(file);
    } catch {
      // removed by a concurrent build
    }
  }
  return { ms: Date.now() - startedAt, files: result.outputFiles.length + fast.outputFiles.length, inputs: inputs.length };
}

function compileError(e) {
  const first = e.errors?.[0];
  const where = first?.location ? `${first.location.file}:${first.location.line}: ` : '';
  throw new Error(`the command line does not compile: ${where}${first?.text ?? e.message}`);
}

const isMain = !!process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  buildCli().then(
    (r) => process.stdout.write(`build-cli: out/cli built in ${(r.ms / 1000).toFixed(1)} s (${r.inputs} source files, ${r.files} output files).\n`),
    (e) => {
      process.stderr.write(`build-cli: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
