#!/usr/bin/env node
// Validates the bundled library (strict: any problem fails the build with the file and the
// reason) and prebuilds its search index into out/library/library.json, so the app never
// re-indexes the bundled guides at start-up.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { buildLibrary } = await import(pathToFileURL(path.join(root, 'main', 'core', 'library', 'build.ts')).href);
try {
  const summary = await buildLibrary(path.join(root, 'library'), path.join(root, 'out', 'library', 'library.json'));
  process.stdout.write(`library: ${summary.records} records (${summary.guides} guides, ${summary.practices} practices), ${summary.glossary} glossary terms, index ${summary.kb} KB in ${summary.ms} ms -> ${path.relative(root, summary.file)}\n`);
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
