/**
 * Publishers the user trusts, by the fingerprint of their signing key:
 *
 *   <data>/trust/publishers.json   { publishers: [ { fingerprint, name, organisation, country?, acceptedAt } ] }
 *
 * A bundle may change a record of the bundled library (which ships with Socle and which every
 * reader takes as reference) only when it is signed by a key listed here, or by this
 * installation's own key. A key is added when the user ticks "trust this publisher" in the
 * import preview of a signed bundle (importPreview/importApply with trustPublisher).
 *
 * The preview also compares the bundle's publisher name with the names this Socle already knows
 * with a key (trusted publishers, and lines in provenance/ that signed what they sent): the same
 * name with another key, or with no signature at all, is flagged as `keyChanged`, since that is
 * what someone passing for a known ministry would look like.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HubFailure } from '../result';
import { isoDateTime } from '../model';
import { writeFileAtomic } from '../store/atomic-file';
import { quarantineFile, type StoreProblem } from '../store/quarantine';
import { publisherSchema, sha256Hex, type Publisher } from './format';
import type { ProvenanceBook } from './provenance';

export const MAX_TRUSTED = 500;

const trustedSchema = publisherSchema.extend({ fingerprint: sha256Hex, acceptedAt: isoDateTime }).strict();
export type TrustedPublisher = z.output<typeof trustedSchema>;
const fileSchema = z.object({ publishers: z.array(trustedSchema).max(MAX_TRUSTED) }).strict();

export const trustFile = (dataDir: string) => path.join(dataDir, 'trust', 'publishers.json');

/** What the preview says about the bundle's publisher. */
export interface TrustInfo {
  /** unsigned: no signature; trusted: signed by a key the user accepted (or this Socle's own); untrusted: signed by a key not accepted yet. */
  status: 'unsigned' | 'trusted' | 'untrusted';
  /** The publisher's name is known here with other keys than the bundle's (or the bundle is unsigned). */
  keyChanged?: { name: string; knownFingerprints: string[] };
}

/** The trusted publishers; an unreadable file is quarantined (reported through onProblem) and counts as empty. */
export async function loadTrusted(dataDir: string, onProblem?: (p: StoreProblem) => void): Promise<TrustedPublisher[]> {
  const file = trustFile(dataDir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  let reason: string;
  try {
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.publishers;
    reason = parsed.error.issues[0]?.message ?? 'invalid';
  } catch (e) {
    reason = (e as Error).message;
  }
  const problem = await quarantineFile(dataDir, file, new Error(`trusted publishers: ${reason}`));
  onProblem?.(problem);
  if (!problem.movedTo) throw new HubFailure('corrupt', `${file} cannot be read and could not be set aside: move it away to continue.`);
  return [];
}

/** Remembers `publisher`'s key as trusted (the name it came with is kept for display). */
export async function addTrusted(dataDir: string, publisher: Publisher, fingerprint: string, onProblem?: (p: StoreProblem) => void): Promise<void> {
  const current = await loadTrusted(dataDir, onProblem);
  if (current.some((p) => p.fingerprint === fingerprint)) return;
  if (current.length >= MAX_TRUSTED) {
    throw new HubFailure('too-large', `At most ${MAX_TRUSTED} publishers can be trusted; remove one first (${trustFile(dataDir)}).`);
  }
  const next = fileSchema.parse({ publishers: [...current, { ...publisher, fingerprint, acceptedAt: new Date().toISOString() }] });
  await writeFileAtomic(trustFile(dataDir), JSON.stringify(next, null, 1) + '\n');
}

/** Names compared without case, accents or extra spaces. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

export function trustOf(
  bundle: { signed: boolean; fingerprint?: string; publisher: Publisher },
  trusted: TrustedPublisher[],
  book: ProvenanceBook,
  ownFingerprint: string | undefined,
): TrustInfo {
  const fp = bundle.signed ? bundle.fingerprint : undefined;
  const status: TrustInfo['status'] = !fp ? 'unsigned' : fp === ownFingerprint || trusted.some((t) => t.fingerprint === fp) ? 'trusted' : 'untrusted';
  const name = fold(bundle.publisher.name);
  const known = new Set<string>();
  for (const t of trusted) if (fold(t.name) === name) known.add(t.fingerprint);
  for (const l of book.signedLines()) if (fold(l.publisher.name) === name) known.add(l.fingerprint);
  const keyChanged = known.size && !(fp && known.has(fp)) ? { name: bundle.publisher.name, knownFingerprints: [...known].sort() } : undefined;
  return keyChanged ? { status, keyChanged } : { status };
}
