#!/usr/bin/env node
// `npm run dev`: the desktop app against Vite's dev server (hot reload), for developers only.
// Sets the explicit development flag SOCLE_DEV=1 without which the window ignores
// ELECTRON_RENDERER_URL (main/app/dev-server.ts), then runs `electron-vite dev`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The package's exports hide bin/: find it beside its package.json.
const cli = path.join(path.dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [cli, 'dev', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: { ...process.env, SOCLE_DEV: '1' } });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
