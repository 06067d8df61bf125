/**
 * Conflicts: a record changed on both sides. The local record stays untouched; the incoming
 * version waits beside it until the user resolves the conflict.
 *
 *   <data>/conflicts/<id>.json   { id, versions: [ { line, bundleId, publisher, receivedAt, incoming, ... } ] }
 *
 * One version per line (publisher): a newer bundle from the same line replaces the version it
 * sent before (its newer revision supersedes it); versions from different lines wait side by side.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { idSchema, isoDateTime, recordSchema } from '../model';
import { HubFailure } from '../result';
import { publisherSchema, sha256Hex, tokenSchema } from './format';

export const conflictVersionSchema = z
  .object({
    line: tokenSchema,
    bundleId: tokenSchema,
    publisher: publisherSchema.extend({ fingerprint: sha256Hex.optional() }),
    receivedAt: isoDateTime,
    incoming: recordSchema,
    incomingHash: sha256Hex,
    /** The local revision when the conflict was found (0 if the record was deleted here). */
    localRev: z.number().int().min(0),
    localHash: sha256Hex,
    localDeleted: z.boolean(),
  })
  .strict();
export type ConflictVersion = z.output<typeof conflictVersionSchema>;

const conflictFileSchema = z.object({ id: idSchema, versions: z.array(conflictVersionSchema).min(1).max(100) }).strict();
export type ConflictFile = z.output<typeof conflictFileSchema>;

export const conflictsDir = (dataDir: string) => path.join(dataDir, 'conflicts');
export const conflictFile = (dataDir: string, id: string) => path.join(conflictsDir(dataDir), `${id}.json`);

export async function readConflict(dataDir: string, id: string): Promise<ConflictFile | undefined> {
  let text: string;
  try {
    text = await fs.readFile(conflictFile(dataDir, id), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const parsed = conflictFileSchema.safeParse(safeParse(text));
  if (!parsed.success || parsed.data.id !== id) {
    throw new HubFailure('corrupt', `The conflict file ${conflictFile(dataDir, id)} cannot be read; move it aside to continue.`);
  }
  return parsed.data;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Every readable conflict file; unreadable ones are listed in `problems`, never deleted. */
export async function listConflictFiles(dataDir: string): Promise<{ files: ConflictFile[]; problems: string[] }> {
  let names: string[] = [];
  try {
    names = (await fs.readdir(conflictsDir(dataDir))).filter((n) => /^[a-z0-9][a-z0-9._-]*\.json$/.test(n));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const files: ConflictFile[] = [];
  const problems: string[] = [];
  for (const name of names.sort()) {
    try {
      const file = await readConflict(dataDir, name.slice(0, -'.json'.length));
      if (file) files.push(file);
    } catch {
      problems.push(name);
    }
  }
  return { files, problems };
}

/** The file with `version` added, replacing an earlier version from the same line. */
export function withVersion(file: ConflictFile | undefined, id: string, version: ConflictVersion): ConflictFile {
  const others = (file?.versions ?? []).filter((v) => v.line !== version.line);
  return { id, versions: [...others, version] };
}

/** The file's text, checked as it will be read back (at most 100 versions): never written if its reader would refuse it. */
export function renderConflict(file: ConflictFile): string {
  const parsed = conflictFileSchema.safeParse(file);
  if (!parsed.success) throw new HubFailure('too-large', `The conflict of "${file.id}" would hold more versions than it may (${parsed.error.issues[0]?.message}): resolve it first.`);
  return JSON.stringify(parsed.data, null, 1) + '\n';
}
