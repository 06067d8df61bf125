/**
 * `socle search`'s options and the contract input they make, shared by the command
 * (./commands/search.ts) and the one-off fast path (./search-fast.ts); and `plainSearchQuery`, the
 * fast path's check of that input. Imports no zod and nothing of the hub: the fast path must stay
 * a few modules.
 */
import type { SearchQuery } from '../core/search/types';
import { BRANCHES, GUARANTEES, LANGS, RECORD_TYPES } from '../core/vocabulary';
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

const KEYS = new Set(['q', 'type', 'lang', 'country', 'step', 'branch', 'guarantee', 'theme', 'limit', 'offset']);

function listOf(v: unknown, ok: (x: unknown) => boolean): unknown[] | undefined | false {
  if (v === undefined) return undefined;
  return Array.isArray(v) && v.every(ok) ? v : false;
}

const inSet = (values: readonly unknown[]) => (x: unknown) => values.includes(x);
const intIn = (min: number, max: number) => (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;

/**
 * The query the contract's `searchInput` schema (core/contract.ts) would give for `input`, when
 * `input` is certainly valid and in the shape the command builds (lists as arrays, numbers as
 * numbers); undefined for anything else, and the caller then goes through the contract's own
 * validation (which gives the exact error). Never accepts what the schema refuses
 * (tests/unit/cli-search-fast.test.ts compares the two).
 */
export function plainSearchQuery(input: Record<string, unknown>): SearchQuery | undefined {
  for (const k of Object.keys(input)) if (!KEYS.has(k)) return undefined;
  const q = input.q === undefined ? '' : input.q;
  if (typeof q !== 'string' || q.length > 500) return undefined;
  const out: SearchQuery = { q, limit: 20, offset: 0 };
  const lists = {
    type: listOf(input.type, inSet(RECORD_TYPES)),
    lang: listOf(input.lang, inSet(LANGS)),
    country: listOf(input.country, (x) => typeof x === 'string' && /^[A-Z]{2}$/.test(x)),
    step: listOf(input.step, intIn(1, 3)),
    branch: listOf(input.branch, inSet(BRANCHES)),
    guarantee: listOf(input.guarantee, inSet(GUARANTEES)),
    theme: listOf(input.theme, (x) => typeof x === 'string' && x.length <= 60),
  };
  for (const [k, v] of Object.entries(lists)) {
    if (v === false) return undefined;
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
  for (const [k, min, max] of [['limit', 1, 500], ['offset', 0, 100_000]] as const) {
    const v = input[k];
    if (v === undefined) continue;
    if (!intIn(min, max)(v)) return undefined;
    out[k] = v as number;
  }
  return out;
}
