/**
 * The bundled library's files as bytes: which files make up the library, their texts and one
 * content hash over them. Kept apart from ./load.ts (which parses and validates them) so that
 * what only needs the hash (a prebuilt library's freshness check, `socle search`) loads no parser.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';

/** The names in `dir` ending with `ext`, sorted (none when `dir` does not exist). */
export async function listFiles(dir: string, ext: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter((n) => n.endsWith(ext)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Every library file's text, read once, and the content hash over them (paths and bytes). */
export interface LibraryFiles {
  texts: Map<string, string>;
  contentHash: string;
}

/**
 * Reads the library's files in a fixed order and hashes them. Cheap (no parsing), so the hub can
 * tell at start-up whether the prebuilt library (validated records + index) is still current.
 */
export async function readLibraryFiles(libraryDir: string): Promise<LibraryFiles> {
  const files = await libraryFilePaths(libraryDir);
  const texts = new Map<string, string>();
  const hash = createHash('sha256');
  const contents = await Promise.all(files.map((f) => fs.readFile(f, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)))));
  files.forEach((file, i) => {
    const text = contents[i];
    if (text === undefined) return;
    texts.set(file, text);
    hash.update(path.relative(libraryDir, file)).update('\0').update(text).update('\0');
  });
  return { texts, contentHash: hash.digest('hex') };
}

/** The library's files, in the order their content hash covers them (some may not exist). */
export async function libraryFilePaths(libraryDir: string): Promise<string[]> {
  return [
    path.join(libraryDir, 'library.yaml'),
    ...(await listFiles(path.join(libraryDir, 'guides'), '.md')).map((n) => path.join(libraryDir, 'guides', n)),
    ...(await listFiles(path.join(libraryDir, 'practices'), '.md')).map((n) => path.join(libraryDir, 'practices', n)),
    ...(await listFiles(path.join(libraryDir, 'workshops'), '.yaml')).map((n) => path.join(libraryDir, 'workshops', n)),
    ...(await listFiles(path.join(libraryDir, 'clinics'), '.yaml')).map((n) => path.join(libraryDir, 'clinics', n)),
    path.join(libraryDir, 'glossary.yaml'),
  ];
}
