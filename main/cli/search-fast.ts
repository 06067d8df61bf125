/**
 * The one-off `socle search <words>` fast path: built on its own by scripts/build-cli.js into
 * out/cli/search.js (its dependencies bundled in), which bin/socle.js runs first for a `search`
 * command. It holds only what one query from the index files needs: argument parsing, the input
 * check, core/search/warm-start.ts (the two index files, then the record files of the hits shown)
 * and the output. No zod, no hub, no command table, no HTTP server.
 *
 * It answers only when it gives exactly what `socle search` would: the input is certainly valid
 * (`plainSearchQuery`), the index files apply (`openWarmIndex`) and the records shown are the
 * versions indexed (`verifyShown`). Otherwise it returns undefined without writing anything, and
 * bin/socle.js runs the full command line (out/cli/main.js), which validates through the contract,
 * opens the hub when needed and prints the exact errors.
 */
import { parseArgs } from 'node:util';
import { openWarmIndex } from '../core/search/warm-start';
import { defaultDataDir, libraryDir, prebuiltLibraryFile } from '../platform/paths';
import { formatSearch } from './format';
import { SEARCH_OPTIONS, plainSearchQuery, searchInputOf } from './search-input';

export interface FastIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Colours on a terminal (as commands/search.ts decides). */
  tty: boolean;
}

const GLOBAL_OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The exit code when the fast path answered, undefined when the full command line must. `files`: the library and its prebuilt file (tests give their own). */
export async function fastSearch(
  argv: readonly string[],
  io: FastIo,
  files: { libraryDir: string; prebuiltFile: string } = { libraryDir: libraryDir(), prebuiltFile: prebuiltLibraryFile() },
): Promise<number | undefined> {
  const debug = (why: string) => {
    if (io.env.SOCLE_DEBUG_SEARCH) io.err(`socle search: full command line (${why})`);
    return undefined;
  };
  try {
    const name = argv.find((a, i) => !a.startsWith('-') && !(i > 0 && argv[i - 1] === '--data'));
    if (name !== 'search' || argv.includes('--help') || argv.includes('-h')) return debug('not a plain search');
    // The arguments as main.ts's runCli takes them (the command's name left out).
    const parsed = parseArgs({ args: argv.filter((a) => a !== name || argv.indexOf(a) !== argv.indexOf(name)), options: { ...GLOBAL_OPTIONS, ...SEARCH_OPTIONS }, allowPositionals: true, strict: true });
    const opts = parsed.values as Record<string, string | boolean | string[] | undefined>;
    const query = plainSearchQuery(searchInputOf(parsed.positionals, opts));
    if (!query) return debug('input for the contract to check');
    const dataDir = typeof opts.data === 'string' ? opts.data : defaultDataDir(io.env);
    const opened = await openWarmIndex({ dataDir, ...files });
    if (!opened.ok) return debug(opened.reason);
    const result = opened.warm.search(query);
    if (!opened.warm.verifyShown()) return debug('a record shown changed since the index cache');
    io.out(opts.json === true ? JSON.stringify(result, null, 2) : formatSearch(result, io.tty && !io.env.NO_COLOR));
    return 0;
  } catch (e) {
    // Bad options, an unreadable file...: the full command line says what is wrong.
    return debug((e as Error).message);
  }
}
