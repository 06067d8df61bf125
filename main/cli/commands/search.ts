/**
 * `socle search`: one query, from the index files when they are current (a few reads: the prebuilt
 * library, the user index cache, then the record files of the hits shown), else through the hub.
 *
 * The fast path (core/search/warm-start.ts) applies when the user index cache is intact and its
 * stamp says no record folder changed since it was written, and the prebuilt library matches the
 * library files; it gives the hub's answer (same validation through dispatch, same engine
 * contents). Otherwise, or when a record shown was edited in place since the cache was written,
 * the hub answers and then writes the cache again, so that the next search is fast.
 */
import type { Command, CommandContext } from '../context';
import { formatSearch } from '../format';
import { dispatch } from '../../core/dispatch';
import type { HubMethods, MethodArgs, MethodInput, MethodOutputs } from '../../core/contract';
import { HubFailure } from '../../core/result';
import { openWarmIndex } from '../../core/search/warm-start';
import { libraryDir, prebuiltLibraryFile } from '../../platform/paths';
import { intOpt, printJson } from '../options';
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
  usage: 'socle search <query> [--type T] [--lang fr|en|pt] [--country CC] [--step N] [--branch B] [--guarantee G] [--theme T] [--limit N]',
  summary: 'Search the library and your records',
  options: {
    type: { type: 'string', multiple: true },
    lang: { type: 'string', multiple: true },
    country: { type: 'string', multiple: true },
    step: { type: 'string', multiple: true },
    branch: { type: 'string', multiple: true },
    guarantee: { type: 'string', multiple: true },
    theme: { type: 'string', multiple: true },
    limit: { type: 'string' },
    offset: { type: 'string' },
  },
  async run(ctx) {
    const o = ctx.opts;
    const input = {
      q: ctx.args.join(' '),
      type: o.type,
      lang: o.lang,
      country: (o.country as string[] | undefined)?.map((c) => c.toUpperCase()),
      step: (o.step as string[] | undefined)?.map((s) => intOpt(s, 'step')),
      branch: o.branch,
      guarantee: o.guarantee,
      theme: o.theme,
      limit: intOpt(o.limit, 'limit'),
      offset: intOpt(o.offset, 'offset'),
    } as MethodInput<'search'>;
    const result = (await fromIndexFiles(ctx, input)) ?? (await fromHub(ctx, input));
    if (ctx.json) printJson(ctx, result);
    else ctx.io.out(formatSearch(result, process.stdout.isTTY === true && !ctx.io.env.NO_COLOR));
    return 0;
  },
};
