/**
 * Which files the desktop window may name to the bundle methods, and the checks on files the
 * operating system hands the app. Pure Node (no Electron), so it is unit-tested directly.
 *
 * Security choice: the contract methods `importPreview`/`importApply` take `file` and
 * `exportBundle` takes `outFile`, absolute paths the core reads or writes. Over HTTP that is the
 * caller's business (the browser mode never sends paths: it uploads bytes and downloads the
 * result). In the desktop window a compromised page must not be able to make the app read or
 * overwrite arbitrary files, so the IPC layer lets a path through only if the main process itself
 * handed it out: chosen in a native open or save dialog, or given by the OS (command line, file
 * association, macOS open-file) and checked here. Everything else is refused before dispatch().
 * (The other option, reading the file in main and forwarding its bytes, would copy up to 128 MB
 * through IPC twice, for the preview and again for the import.) A dropped file is read by the page
 * itself and sent as bytes, so it needs no path at all.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Result } from '../core/result';

export const BUNDLE_EXTENSION = '.socle';
/** At most this many paths are remembered (oldest forgotten first): a session opens a handful. */
const MAX_GRANTS = 100;

export type GrantMode = 'read' | 'write';

/** Paths the main process handed to the window, by what they may be used for. */
export class PathGrants {
  private readonly granted = new Map<string, GrantMode>();

  static key(p: string): string {
    const resolved = path.resolve(p);
    // Windows and macOS file systems are usually case-insensitive: "C:\X.socle" is "c:\x.socle".
    return process.platform === 'linux' ? resolved : resolved.toLowerCase();
  }

  grant(p: string, mode: GrantMode): void {
    const key = PathGrants.key(p);
    this.granted.delete(key);
    this.granted.set(key, mode);
    while (this.granted.size > MAX_GRANTS) this.granted.delete(this.granted.keys().next().value!);
  }

  /** A write grant (the user picked the file to create) also allows reading it back. */
  allows(p: string, mode: GrantMode): boolean {
    const g = this.granted.get(PathGrants.key(p));
    return g === mode || g === 'write';
  }

  clear(): void {
    this.granted.clear();
  }
}

export const bundleGrants = new PathGrants();

const REFUSAL = 'was not chosen in this window (use "Import a bundle…" or the Export screen)';

/**
 * For the IPC handler of each contract method: a refusal if the input names a bundle path the main
 * process did not hand out, else undefined (dispatch() then validates the input as usual).
 */
export function ungrantedBundlePath(method: string, input: unknown, grants: PathGrants = bundleGrants): Result<never> | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const { file, outFile } = input as { file?: unknown; outFile?: unknown };
  const refuse = (field: string) => ({ ok: false as const, error: { code: 'invalid' as const, message: `Refused: ${field}: this file ${REFUSAL}.`, field } });
  if ((method === 'importPreview' || method === 'importApply') && file !== undefined) {
    if (typeof file !== 'string' || !grants.allows(file, 'read')) return refuse('file');
  }
  if (method === 'exportBundle' && outFile !== undefined) {
    if (typeof outFile !== 'string' || !grants.allows(outFile, 'write')) return refuse('outFile');
  }
  return undefined;
}

/**
 * The .socle file named on a command line (file association on Windows and Linux, or
 * `socle-app file.socle`), resolved against `cwd`: the last argument ending in .socle that is not
 * a switch nor the value of `--data`.
 */
export function bundleFileFromArgv(argv: readonly string[], cwd: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    if (a.toLowerCase().endsWith(BUNDLE_EXTENSION)) found = a;
  }
  return found === undefined ? undefined : path.resolve(cwd, found);
}

export type CheckedBundleFile = { ok: true; path: string; name: string } | { ok: false; message: string };

/** A file the OS asks the app to open: it must end in .socle and be a regular file (links followed). */
export async function checkBundleFile(p: string): Promise<CheckedBundleFile> {
  if (typeof p !== 'string' || !p || p.includes('\0') || !path.isAbsolute(p)) return { ok: false, message: 'Not an absolute file path.' };
  const file = path.resolve(p);
  const name = path.basename(file);
  if (!name.toLowerCase().endsWith(BUNDLE_EXTENSION)) return { ok: false, message: `${name}: only ${BUNDLE_EXTENSION} files can be imported.` };
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat) return { ok: false, message: `${name}: the file cannot be found or read.` };
  if (!stat.isFile()) return { ok: false, message: `${name}: not a regular file.` };
  return { ok: true, path: file, name };
}

/** The name the page suggests for a save dialog, reduced to a plain base name ending in .socle. */
export function safeBundleName(raw: unknown): string {
  const base = (typeof raw === 'string' ? raw : '')
    .slice(0, 200)
    .replace(/\\/g, '/')
    .split('/')
    .pop()!
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f<>:"|?*]+/g, '-')
    .replace(/\.socle$/i, '')
    .replace(/^[.\s-]+|[.\s]+$/g, '')
    .slice(0, 120);
  return `${base || 'socle'}${BUNDLE_EXTENSION}`;
}
