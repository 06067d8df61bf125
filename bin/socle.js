#!/usr/bin/env node
// The `socle` command. Registers tsx in-process and runs the TypeScript CLI, so the CLI, the HTTP
// server and the tests all execute the same sources with no separate build step.
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  process.stderr.write(`socle: dependencies are missing. Run "npm start" (or "node scripts/ensure-deps.js") in ${root} first: it installs them.\n`);
  process.exit(1);
}
register();
process.argv[1] = path.join(root, 'main', 'cli', 'main.ts');
await import(pathToFileURL(process.argv[1]).href);
