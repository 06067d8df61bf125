// Types for scripts/build-cli.js (plain JavaScript so that bin/socle.js can load it without a compiler).
export const CLI_OUT: string;
export const CLI_ENTRY: string;
export const CLI_MANIFEST: string;
/** Why out/cli must be rebuilt (missing, or a source newer than the last build), or undefined. `root`: the project folder. */
export function cliBuildStale(root?: string): string | undefined;
export namespace cliBuildStale {
  function entryExists(): boolean;
}
export function buildCli(): Promise<{ ms: number; files: number; inputs: number }>;
