/**
 * Sync settings and credentials, in the data directory:
 *
 *   <data>/sync/config.json       { url (no credentials), scope, last: { at, pushed, pulled, conflicts, error? } }
 *   <data>/sync/credentials.json  { url, username, password }   mode 0600, never printed nor returned
 *   <data>/sync/replica/          the PouchDB (LevelDB) replica
 *
 * A server URL given with user:password@ is split here: the URL without them is what is shown,
 * the credentials go to their own file readable only by the user.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isoDateTime } from '../model';
import { HubFailure } from '../result';
import { writeFileAtomic } from '../store/atomic-file';
import { syncScopeSchema, EMPTY_SCOPE, type SyncScope } from './docs';

export const syncDir = (dataDir: string) => path.join(dataDir, 'sync');
export const replicaDir = (dataDir: string) => path.join(syncDir(dataDir), 'replica');
const configFile = (dataDir: string) => path.join(syncDir(dataDir), 'config.json');
const credentialsFile = (dataDir: string) => path.join(syncDir(dataDir), 'credentials.json');

export const lastPassSchema = z
  .object({
    at: isoDateTime,
    ok: z.boolean(),
    pushed: z.number().int().min(0),
    pulled: z.number().int().min(0),
    conflicts: z.number().int().min(0),
    error: z.string().max(500).optional(),
  })
  .strict();
export type LastPass = z.output<typeof lastPassSchema>;

const configSchema = z
  .object({
    url: z.string().max(2000),
    scope: syncScopeSchema.default(EMPTY_SCOPE),
    last: lastPassSchema.optional(),
    /** A first replication finished: later passes are incremental. */
    initialDone: z.boolean().default(false),
    /** Keep in step while the app (or `socle serve`) runs. */
    continuous: z.boolean().default(false),
  })
  .strict();
export type SyncConfig = z.output<typeof configSchema>;

const credentialsSchema = z.object({ url: z.string().max(2000), username: z.string().max(500), password: z.string().max(2000) }).strict();
export type Credentials = z.output<typeof credentialsSchema>;

/**
 * Checks a server URL and splits the credentials off: http(s), a host, a database path
 * (`/socle-sn`), no query or fragment. Bad input is one clear line (exit 2 in the CLI).
 */
export function parseServerUrl(raw: string): { url: string; credentials?: { username: string; password: string } } {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new HubFailure('invalid', 'url: not a URL; give the database address, such as https://couch.example.org/socle-sn.', { field: 'url' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new HubFailure('invalid', `url: must start with https:// or http:// (not ${u.protocol}).`, { field: 'url' });
  if (u.search || u.hash) throw new HubFailure('invalid', 'url: must not have a query (?...) or a fragment (#...).', { field: 'url' });
  const db = u.pathname.replace(/\/+$/, '');
  if (!db || db === '') throw new HubFailure('invalid', 'url: name the database after the server, such as https://couch.example.org/socle-sn.', { field: 'url' });
  const credentials = u.username ? { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) } : undefined;
  u.username = '';
  u.password = '';
  u.pathname = db;
  return { url: u.toString(), ...(credentials ? { credentials } : {}) };
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HubFailure('corrupt', `Cannot read ${file}; move it aside and configure sync again.`);
  }
}

export async function loadConfig(dataDir: string): Promise<SyncConfig | undefined> {
  const raw = await readJson(configFile(dataDir));
  if (raw === undefined) return undefined;
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new HubFailure('corrupt', `Cannot read ${configFile(dataDir)}; move it aside and configure sync again.`);
  return parsed.data;
}

export async function saveConfig(dataDir: string, config: SyncConfig): Promise<void> {
  await fs.mkdir(syncDir(dataDir), { recursive: true, mode: 0o700 });
  await writeFileAtomic(configFile(dataDir), JSON.stringify(config, null, 1) + '\n');
}

/** The stored credentials for this URL, if any (credentials for another server are not used). */
export async function loadCredentials(dataDir: string, url: string): Promise<Credentials | undefined> {
  const parsed = credentialsSchema.safeParse(await readJson(credentialsFile(dataDir)));
  return parsed.success && parsed.data.url === url ? parsed.data : undefined;
}

/** Stored readable by the user only (0600, in a 0700 folder). */
export async function saveCredentials(dataDir: string, creds: Credentials): Promise<void> {
  await fs.mkdir(syncDir(dataDir), { recursive: true, mode: 0o700 });
  const file = credentialsFile(dataDir);
  await writeFileAtomic(file, JSON.stringify(creds) + '\n');
  await fs.chmod(file, 0o600);
}

export type { SyncScope };
