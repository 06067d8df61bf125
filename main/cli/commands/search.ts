/**
 * `socle search`: one query, from the index files when they are current (a few reads: the prebuilt
 * library, the user index cache, then the record files of the hits shown), else through the hub.
 *
 * The fast path (core/search/warm-start.ts) applies when the user index cache is intact and its
 * stamp says no record folder changed since it was written, and the prebuilt library matches the
 * library files; it gives the hub's answer (same validation through dispatch, same engine
 * contents). Otherwise, or when a record shown was edited in place since the cache was written,
 * the hub answers and then writes the cache again, so that the next search is fast.
 *
 * A one-off `socle search` from bin/socle.js first tries ../search-fast.ts (built on its own, a few
 * modules): the same fast path without the rest of the CLI; this command runs when it does not apply.
 */
import type { Command, CommandContext } from '../context';
import { formatSearch } from '../format';
import { dispatch } from '../../core/dispatch';
import type { HubMethods, MethodArgs, MethodInput, MethodOutputs } from '../../core/contract';
import { HubFailure } from '../../core/result';
import { openWarmIndex } from '../../core/search/warm-start';
import { libraryDir, prebuiltLibraryFile } from '../../platform/paths';
import { printJson } from '../options';
import { SEARCH_OPTIONS, SEARCH_USAGE, searchInputOf } from '../search-input';
import { reportIndexing } from '../indexing';

type SearchOutput = MethodOutputs['search'];

/** The answer from the index files, or undefined when they do not apply (then the hub answers). */
async function fromIndexFiles(ctx: CommandContext, input: MethodInput<'search'>): Promise<SearchOutput | undefined> {
  const opened = await openWarmIndex({ dataDir: ctx.dataDir, libraryDir: libraryDir(), prebuiltFile: prebuiltLibraryFile() });
  if (!opened.ok) {
    if (ctx.io.env.SOCLE_DEBUG_SEARCH) ctx.io.err(`socle search: through the hub (${opened.reason})`);
    return undefined;
  }
  const api = { search: async (q: MethodArgs<'search'>) => opened.warm.search(q) } as Partial<HubMethods> as HubMethods;
  const result = await dispatch(api, 'search', input);
  if (!result.ok) throw new HubFailure(result.error.code, result.error.message, result.error);
  if (!opened.warm.verifyShown()) {
    if (ctx.io.env.SOCLE_DEBUG_SEARCH) ctx.io.err('socle search: through the hub (a record shown changed since the index cache)');
    return undefined;
  }
  return result.value as SearchOutput;
}

/** The hub's answer; the index cache is written again for the next search. */
async function fromHub(ctx: CommandContext, input: MethodInput<'search'>): Promise<SearchOutput> {
  // No index cache yet (first use, after an import): say so while it builds rather than wait silently.
  await reportIndexing(await ctx.hub(), ctx.io);
  const result = await ctx.call('search', input);
  await (await ctx.hub()).persistSearchIndex().catch(() => undefined);
  return result;
}

export const search: Command = {
  name: 'search',
  usage: SEARCH_USAGE,
  summary: 'Search the library and your records',
  options: SEARCH_OPTIONS,
  async run(ctx) {
    const input = searchInputOf(ctx.args, ctx.opts) as MethodInput<'search'>;
    const result = (await fromIndexFiles(ctx, input)) ?? (await fromHub(ctx, input));
    if (ctx.json) printJson(ctx, result);
    else ctx.io.out(formatSearch(result, process.stdout.isTTY === true && !ctx.io.env.NO_COLOR));
    return 0;
  },
};
