#!/usr/bin/env node
// The `socle` command. Runs the command line built into plain JavaScript (out/cli/main.js, by
// scripts/build-cli.js); builds it first when it is missing or older than its sources, so that a
// fresh clone or a `git pull` never runs an old build. Nothing here compiles TypeScript at run
// time. Developers can run the sources directly with `npm run cli:src -- <command>` (tsx).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { CLI_ENTRY, SEARCH_ENTRY, buildCli, cliBuildStale } from '../scripts/build-cli.js';

const stale = cliBuildStale();
if (stale) {
  process.stderr.write(`socle: building the command line (${stale})...\n`);
  try {
    await buildCli();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (!cliBuildStale.entryExists()) {
      process.stderr.write(`socle: ${message}\n`);
      process.exit(1);
    }
    // A build exists but cannot be refreshed (e.g. installed without development dependencies).
    process.stderr.write(`socle: could not rebuild (${message}); running the existing build.\n`);
  }
}
// A one-off search first tries the fast path (out/cli/search.js: the index files, a few modules);
// it answers only when it gives exactly the command's answer, else the full command line runs.
const argv = process.argv.slice(2);
const name = argv.find((a, i) => !a.startsWith('-') && !(i > 0 && argv[i - 1] === '--data'));
let code;
if (name === 'search' && existsSync(SEARCH_ENTRY)) {
  const { fastSearch } = await import(pathToFileURL(SEARCH_ENTRY).href);
  code = await fastSearch(argv, {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
    env: process.env,
    tty: process.stdout.isTTY === true,
  });
}
if (code !== undefined) process.exitCode = code;
else {
  process.argv[1] = CLI_ENTRY;
  await import(pathToFileURL(path.resolve(CLI_ENTRY)).href);
}
