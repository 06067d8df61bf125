/**
 * The sync feature's part of the contract (docs/sync.md): input schemas, outputs, handlers.
 * In the browser mode and the desktop app, the hub process does the syncing; the UI calls these.
 *
 *   syncStatus     what the Sync panel shows: server (never its credentials), scope, state, last pass, progress, open conflicts
 *   syncConfigure  checks a server (reachable, credentials accepted, database exists) and only then saves it
 *   syncNow        one pass: { pushed, pulled, conflicts }
 *   syncStart      continuous sync while this hub runs (and at its next starts), retried while offline
 *   syncStop       stops continuous sync
 */
import { z } from 'zod';
import type { SYNC_METHODS } from './methods';
import type { Hub } from '../hub';
import { HubFailure } from '../result';
import { SyncService, type PassResult, type SyncProgress, type SyncState } from './service';
import { loadConfig, loadCredentials, parseServerUrl, saveConfig, saveCredentials, type LastPass } from './config';
import { EMPTY_SCOPE, syncScopeSchema, type SyncScope } from './docs';

export type SyncMethod = (typeof SYNC_METHODS)[number];

export const syncInputs = {
  syncStatus: z.object({}).strict(),
  syncConfigure: z
    .object({
      /** The database URL, e.g. https://couch.example.org/socle-sn (user:password@ accepted, then stored apart). */
      url: z.string().min(1).max(2000),
      scope: syncScopeSchema.optional(),
      username: z.string().max(500).optional(),
      password: z.string().max(2000).optional(),
    })
    .strict(),
  syncNow: z.object({}).strict(),
  syncStart: z.object({}).strict(),
  syncStop: z.object({}).strict(),
} satisfies Record<SyncMethod, z.ZodTypeAny>;

type Args<M extends SyncMethod> = z.output<(typeof syncInputs)[M]>;

export interface SyncStatus {
  configured: boolean;
  /** The server's database URL, without credentials. */
  url?: string;
  /** Credentials are stored for this server (they are never returned). */
  hasCredentials: boolean;
  scope: SyncScope;
  state: SyncState;
  continuous: boolean;
  /** Set while a pass runs: the first replication shows it as a progress bar. */
  progress?: SyncProgress;
  /** The first replication has completed. */
  initialDone: boolean;
  last?: LastPass;
  /** Incoming versions waiting in the conflicts list (from sync or bundles). */
  conflicts: number;
  error?: string;
}

export interface SyncOutputs {
  /** Server, scope, state, last pass, progress and open conflicts (credentials never included). */
  syncStatus: SyncStatus;
  /** Checks the server and saves it (with the scope and the credentials) only if it answers. */
  syncConfigure: SyncStatus;
  /** One sync pass now: mirror, push, pull, merge. */
  syncNow: PassResult;
  /** Continuous sync while online. */
  syncStart: SyncStatus;
  syncStop: SyncStatus;
}

type SyncHandlers = { [M in SyncMethod]: (input: Args<M>) => Promise<SyncOutputs[M]> };

const services = new WeakMap<Hub, SyncService>();
/** The hub's sync service (one per hub: it owns the replica). */
export function syncService(hub: Hub): SyncService {
  let s = services.get(hub);
  if (!s) services.set(hub, (s = new SyncService(hub)));
  return s;
}

export async function syncStatus(hub: Hub): Promise<SyncStatus> {
  const s = syncService(hub);
  const config = await loadConfig(hub.store.dataDir);
  return {
    configured: !!config,
    ...(config ? { url: config.url } : {}),
    hasCredentials: !!(config && (await loadCredentials(hub.store.dataDir, config.url))),
    scope: config?.scope ?? EMPTY_SCOPE,
    state: s.state,
    continuous: s.continuous,
    ...(s.progress ? { progress: { ...s.progress } } : {}),
    initialDone: config?.initialDone ?? false,
    ...(config?.last ? { last: config.last } : {}),
    conflicts: await s.openConflicts(),
    ...(s.lastError ? { error: s.lastError } : {}),
  };
}

/** Starts continuous sync at start-up when it was on (the app and `socle serve` call this). */
export async function resumeSync(hub: Hub): Promise<void> {
  const config = await loadConfig(hub.store.dataDir).catch(() => undefined);
  if (config?.continuous) await syncService(hub).keepInStep().catch(() => undefined);
}

export function syncHandlers(hub: Hub): SyncHandlers {
  return {
    syncStatus: () => syncStatus(hub),
    async syncConfigure({ url, scope, username, password }) {
      const parsed = parseServerUrl(url);
      const given = username !== undefined ? { username, password: password ?? '' } : parsed.credentials;
      const s = syncService(hub);
      if (s.continuous) throw new HubFailure('conflict', 'Stop continuous sync before changing the server or the scope.');
      // Nothing is saved unless the server answers and accepts the credentials.
      const remote = await s.connect(parsed.url, given);
      await remote.close().catch(() => undefined);
      const previous = await loadConfig(hub.store.dataDir).catch(() => undefined);
      if (given) await saveCredentials(hub.store.dataDir, { url: parsed.url, ...given });
      const same = previous?.url === parsed.url;
      await saveConfig(hub.store.dataDir, {
        url: parsed.url,
        scope: scope ?? (same ? previous.scope : EMPTY_SCOPE),
        initialDone: same ? previous.initialDone : false,
        continuous: same ? previous.continuous : false,
        ...(same && previous.last ? { last: previous.last } : {}),
      });
      return syncStatus(hub);
    },
    syncNow: () => syncService(hub).pass(),
    async syncStart() {
      const config = await loadConfig(hub.store.dataDir);
      if (!config) throw new HubFailure('invalid', 'No sync server yet: give its URL first.', { field: 'url' });
      await saveConfig(hub.store.dataDir, { ...config, continuous: true });
      await syncService(hub).keepInStep();
      return syncStatus(hub);
    },
    async syncStop() {
      await syncService(hub).stop();
      const config = await loadConfig(hub.store.dataDir);
      if (config) await saveConfig(hub.store.dataDir, { ...config, continuous: false });
      return syncStatus(hub);
    },
  };
}
