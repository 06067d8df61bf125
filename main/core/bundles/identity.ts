/**
 * The publisher's signing key: an Ed25519 key pair generated on first use and kept in the data
 * directory (<data>/identity/publisher-key.json, mode 0600), so bundles exported from this
 * installation can be signed and recognised by their fingerprint. The key never leaves the data
 * directory: a bundle carries only the public key.
 *
 * <data>/identity/publisher.json remembers the publisher's name, organisation and country, so
 * they need not be typed again on every export.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { HubFailure } from '../result';
import { writeFileAtomic } from '../store/atomic-file';
import { quarantineFile } from '../store/quarantine';
import { isoDateTime } from '../model';
import { publisherSchema, sha256Hex, type Publisher } from './format';
import { sha256 } from './hash';

const keyFileSchema = z
  .object({
    version: z.literal(1),
    algorithm: z.literal('Ed25519'),
    publicKey: z.string(),
    privateKey: z.string(),
    fingerprint: sha256Hex,
    createdAt: isoDateTime,
  })
  .strict();

export interface Identity {
  /** Raw 32-byte public key, base64. */
  publicKey: string;
  fingerprint: string;
  createdAt: string;
  privateKey: KeyObject;
}

const keyFile = (dataDir: string) => path.join(dataDir, 'identity', 'publisher-key.json');
const profileFile = (dataDir: string) => path.join(dataDir, 'identity', 'publisher.json');

/** SHA-256 of the raw public key, lowercase hex: what people compare to trust a publisher. */
export function fingerprintOf(rawPublicKey: Buffer): string {
  return sha256(rawPublicKey);
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url');
}

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/** The key pair, or undefined if none was made yet. A damaged key file is reported, never replaced. */
export async function loadIdentity(dataDir: string): Promise<Identity | undefined> {
  let text: string;
  try {
    text = await fs.readFile(keyFile(dataDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const parsed = keyFileSchema.parse(JSON.parse(text));
    const privateKey = createPrivateKey(parsed.privateKey);
    const raw = rawPublicKey(createPublicKey(privateKey));
    if (raw.toString('base64') !== parsed.publicKey || fingerprintOf(raw) !== parsed.fingerprint) throw new Error('the public key does not match the private key');
    return { publicKey: parsed.publicKey, fingerprint: parsed.fingerprint, createdAt: parsed.createdAt, privateKey };
  } catch (e) {
    // Never silently make a new key: bundles signed with the old one would stop matching.
    throw new HubFailure('corrupt', `The publisher key file ${keyFile(dataDir)} cannot be read (${(e as Error).message}). Move it aside to make a new key.`);
  }
}

export async function ensureIdentity(dataDir: string): Promise<Identity> {
  const existing = await loadIdentity(dataDir);
  if (existing) return existing;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey);
  const identity: Identity = { publicKey: raw.toString('base64'), fingerprint: fingerprintOf(raw), createdAt: new Date().toISOString(), privateKey };
  const file = {
    version: 1,
    algorithm: 'Ed25519',
    publicKey: identity.publicKey,
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    fingerprint: identity.fingerprint,
    createdAt: identity.createdAt,
  };
  await writeFileAtomic(keyFile(dataDir), JSON.stringify(file, null, 1) + '\n'); // written 0600
  return identity;
}

export function signBytes(identity: Identity, data: Buffer): Buffer {
  return sign(null, data, identity.privateKey);
}

export function verifyBytes(rawPublicKeyB64: string, data: Buffer, signatureB64: string): boolean {
  try {
    return verify(null, data, publicKeyFromRaw(Buffer.from(rawPublicKeyB64, 'base64')), Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

/**
 * The remembered publisher, or undefined (none yet, or an unreadable one: then moved to
 * quarantine/ so that saving a new profile never overwrites it; the caller asks for the publisher).
 */
export async function loadProfile(dataDir: string): Promise<Publisher | undefined> {
  let text: string;
  try {
    text = await fs.readFile(profileFile(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  let reason: string;
  try {
    const parsed = publisherSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    reason = parsed.error.issues[0]?.message ?? 'invalid';
  } catch (e) {
    reason = (e as Error).message;
  }
  await quarantineFile(dataDir, profileFile(dataDir), new Error(`publisher profile: ${reason}`));
  return undefined;
}

export async function saveProfile(dataDir: string, publisher: Publisher): Promise<void> {
  const current = await loadProfile(dataDir);
  if (current && JSON.stringify(current) === JSON.stringify(publisher)) return;
  await writeFileAtomic(profileFile(dataDir), JSON.stringify(publisher, null, 1) + '\n');
}
