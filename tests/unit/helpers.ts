import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { practiceSchema, type DraftOf, type Practice } from '../../main/core/model';
import { Hub } from '../../main/core/hub';
import { libraryDir } from '../../main/platform/paths';
import type { UserIndexBuilder } from '../../main/core/search/build-user-index';
import { dispatch } from '../../main/core/dispatch';
import type { MethodInput, MethodName, MethodOutputs } from '../../main/core/contract';
import type { HubError } from '../../main/core/result';
import { runCli } from '../../main/cli/main';

/** A throwaway data directory, removed by the returned cleanup. */
export async function tempDir(prefix = 'socle-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The hubs a test file opens on its data folder (`dataDir()`, set per test): `open` (with the
 * bundled library, no background compaction, an optional index builder), `closeAll` in afterEach,
 * `forget` after a test closed them itself to reopen the folder.
 */
export function hubsOn(dataDir: () => string) {
  let opened: Hub[] = [];
  return {
    async open(indexBuilder?: UserIndexBuilder): Promise<Hub> {
      const hub = await Hub.open({ dataDir: dataDir(), libraryDir: libraryDir(), compactAfterMs: 0, ...(indexBuilder ? { indexBuilder } : {}) });
      opened.push(hub);
      return hub;
    },
    async closeAll(): Promise<void> {
      for (const h of opened.splice(0)) await h.close().catch(() => undefined);
    },
    forget(): void {
      opened = [];
    },
  };
}

/** A valid stored practice (rev 1, local origin, Senegal), as the store holds one: for store-level tests. */
export function practiceRecord(id: string, over: Partial<Practice> = {}): Practice {
  const now = new Date().toISOString();
  return practiceSchema.parse({
    id,
    type: 'practice',
    rev: 1,
    createdAt: now,
    updatedAt: now,
    lang: 'fr',
    origin: { kind: 'local', installId: 'test' },
    title: `Pratique ${id}`,
    country: 'SN',
    ...over,
  });
}

export function practiceDraft(over: Partial<DraftOf<'practice'>> = {}): DraftOf<'practice'> {
  return {
    type: 'practice',
    lang: 'fr',
    title: 'Registre social unifié au Togo',
    summary: 'Un registre commun pour cibler les transferts monétaires.',
    body: 'Le registre social permet de cibler les ménages pauvres et vulnérables.',
    country: 'TG',
    sources: [{ title: 'Note de test' }],
    ...over,
  };
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process with captured output (no colours), as a user's terminal would see it. */
export async function cli(args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), env: { ...process.env, NO_COLOR: '1' } });
  return { code, out, err };
}

/** Calls a method through dispatch, as IPC, HTTP and the CLI do; throws the HubError on failure. */
export async function callHub<M extends MethodName>(hub: Hub, method: M, input: MethodInput<M>): Promise<MethodOutputs[M]> {
  const r = await dispatch(hub.api, method, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { hubError: r.error });
  return r.value as MethodOutputs[M];
}

/** The HubError a call through dispatch must end with (throws if it succeeds). */
export async function hubFailure(hub: Hub, method: MethodName, input: unknown): Promise<HubError> {
  const r = await dispatch(hub.api, method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}
