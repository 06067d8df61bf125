/**
 * `socle search`'s options and the contract input they make, shared by the command
 * (./commands/search.ts) and the one-off fast path (./search-fast.ts); and `plainSearchQuery`, the
 * fast path's check of that input. Imports no zod and nothing of the hub: the fast path must stay
 * a few modules.
 */
import type { SearchQuery } from '../core/search/types';
import { SEARCH_FILTERS, SEARCH_PAGING, SEARCH_Q_MAX, passesRule, type ListRule, type SearchFilterKey } from '../core/search/input-rules';
import { intOpt } from './options';

export const SEARCH_USAGE = 'socle search <query> [--type T] [--lang fr|en|pt] [--country CC] [--step N] [--branch B] [--guarantee G] [--theme T] [--limit N]';

export const SEARCH_OPTIONS = {
  type: { type: 'string', multiple: true },
  lang: { type: 'string', multiple: true },
  country: { type: 'string', multiple: true },
  step: { type: 'string', multiple: true },
  branch: { type: 'string', multiple: true },
  guarantee: { type: 'string', multiple: true },
  theme: { type: 'string', multiple: true },
  limit: { type: 'string' },
  offset: { type: 'string' },
} as const satisfies Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/** The contract input (`search`) of the command's words and options; throws HubFailure on a bad number. */
export function searchInputOf(args: readonly string[], o: Record<string, string | boolean | string[] | undefined>): Record<string, unknown> {
  return {
    q: args.join(' '),
    type: o.type,
    lang: o.lang,
    country: (o.country as string[] | undefined)?.map((c) => c.toUpperCase()),
    step: (o.step as string[] | undefined)?.map((s) => intOpt(s, 'step')),
    branch: o.branch,
    guarantee: o.guarantee,
    theme: o.theme,
    limit: intOpt(o.limit, 'limit'),
    offset: intOpt(o.offset, 'offset'),
  };
}

const KEYS = new Set<string>(['q', 'limit', 'offset', ...Object.keys(SEARCH_FILTERS)]);

/**
 * The query the contract's `searchInput` schema (core/contract.ts) would give for `input`, when
 * `input` is certainly valid and in the shape the command builds (lists as arrays, numbers as
 * numbers); undefined for anything else, and the caller then goes through the contract's own
 * validation (which gives the exact error). Both check the same rules (core/search/input-rules.ts);
 * tests/unit/cli-search-fast.test.ts compares the two.
 */
export function plainSearchQuery(input: Record<string, unknown>): SearchQuery | undefined {
  for (const k of Object.keys(input)) if (!KEYS.has(k)) return undefined;
  const q = input.q === undefined ? '' : input.q;
  if (typeof q !== 'string' || q.length > SEARCH_Q_MAX) return undefined;
  const out: SearchQuery = { q, limit: SEARCH_PAGING.limit.fallback, offset: SEARCH_PAGING.offset.fallback };
  for (const k of Object.keys(SEARCH_FILTERS) as SearchFilterKey[]) {
    const v = input[k];
    if (v === undefined) continue;
    const rule: ListRule = SEARCH_FILTERS[k];
    if (!Array.isArray(v) || !v.every((x) => passesRule(rule, x))) return undefined;
    (out as unknown as Record<string, unknown>)[k] = v;
  }
  for (const k of ['limit', 'offset'] as const) {
    const v = input[k];
    if (v === undefined) continue;
    const { min, max } = SEARCH_PAGING[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return undefined;
    out[k] = v;
  }
  return out;
}
