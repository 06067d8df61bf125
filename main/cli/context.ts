/** What every CLI command receives: parsed options, output streams and the hub (opened on demand). */
// Only types at the top: the hub (store, search, library...) and the contract's validation load
// when a command first asks for them, so that commands and `--help` start without them.
import type { Hub } from '../core/hub';
import type { MethodName, MethodInput, MethodOutputs } from '../core/contract';
import { HubFailure } from '../core/result';
import { defaultDataDir, libraryDir, prebuiltLibraryFile } from '../platform/paths';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

export interface CommandContext {
  io: Io;
  args: string[];
  opts: Record<string, string | boolean | string[] | undefined>;
  json: boolean;
  dataDir: string;
  /** Opens the hub once; closed by the runner after the command. */
  hub(): Promise<Hub>;
  /** Calls a contract method through the same validation as IPC and HTTP; throws on error. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutputs[M]>;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** node:util parseArgs option specs for this command (global options are added by the runner). */
  options?: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
  run(ctx: CommandContext): Promise<number>;
}

export function makeContext(io: Io, args: string[], opts: CommandContext['opts']): { ctx: CommandContext; close(): Promise<void> } {
  const dataDir = typeof opts.data === 'string' ? opts.data : defaultDataDir(io.env);
  let opened: Promise<Hub> | undefined;
  const hub = () =>
    (opened ??= import('../core/hub').then(({ Hub }) => Hub.open({ dataDir, libraryDir: libraryDir(), prebuiltFile: prebuiltLibraryFile(), compactAfterMs: 0 })));
  const ctx: CommandContext = {
    io,
    args,
    opts,
    json: opts.json === true,
    dataDir,
    hub,
    async call(method, input) {
      const [{ dispatch }, h] = await Promise.all([import('../core/dispatch'), hub()]);
      const result = await dispatch(h.api, method, input);
      if (!result.ok) throw new HubFailure(result.error.code, result.error.message, result.error);
      return result.value as MethodOutputs[typeof method];
    },
  };
  return {
    ctx,
    async close() {
      // A hub that failed to open has nothing to save (its failure was already reported).
      const hubOpened = opened && (await opened.catch(() => undefined));
      if (hubOpened) await hubOpened.close();
    },
  };
}
