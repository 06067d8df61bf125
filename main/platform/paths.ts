/**
 * Where things are on disk, for the Node hosts (CLI, HTTP server, Electron main). Not part of the
 * pure core: the core is always handed its directories.
 */
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const APP_NAME = 'Socle';

/**
 * The per-user data folder, the same one Electron's app.getPath('userData') gives the desktop
 * app, so the CLI, the browser mode and the window share one library. SOCLE_DATA overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SOCLE_DATA) return path.resolve(env.SOCLE_DATA);
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), APP_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_NAME);
  }
}

/** The project (or packaged app) root: the folder holding package.json and library/. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'library'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export function libraryDir(root = packageRoot()): string {
  return path.join(root, 'library');
}

/** The library prebuilt by `npm run build:library` (validated content + serialized index). */
export function prebuiltLibraryFile(root = packageRoot()): string {
  return path.join(root, 'out', 'library', 'library.json');
}

/** The built renderer (`electron-vite build`), served by the browser mode. */
export function rendererDir(root = packageRoot()): string {
  return path.join(root, 'out', 'renderer');
}
