import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DraftOf } from '../../main/core/model';
import { runCli } from '../../main/cli/main';

/** A throwaway data directory, removed by the returned cleanup. */
export async function tempDir(prefix = 'socle-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
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
