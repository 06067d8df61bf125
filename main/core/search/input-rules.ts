/**
 * The search input's rules as plain data, with no zod: the contract's `searchInput` schema
 * (core/contract.ts) is built from them, and the one-off `socle search` fast path
 * (main/cli/search-input.ts) checks its input against the same rules without loading zod. Each
 * limit, each accepted value and each message is written once, here.
 */
import { BRANCHES, COUNTRY_CODE, GUARANTEES, LANGS, RECORD_TYPES } from '../vocabulary';

const oneOf = (values: readonly string[]) => `one of ${values.join(', ')}`;

/** A filter given as one value or a list of them; `valid` is the message's "must be ..." part. */
export type ListRule =
  | { kind: 'enum'; values: readonly [string, ...string[]]; valid: string }
  | { kind: 'int'; min: number; max: number; valid: string }
  | { kind: 'country'; valid: string }
  | { kind: 'text'; max: number; valid: string };

export const SEARCH_FILTERS = {
  type: { kind: 'enum', values: RECORD_TYPES, valid: oneOf(RECORD_TYPES) },
  lang: { kind: 'enum', values: LANGS, valid: oneOf(LANGS) },
  country: { kind: 'country', valid: 'a two-letter country code such as SN' },
  step: { kind: 'int', min: 1, max: 3, valid: '1, 2 or 3 (the three steps of the ILO Flagship Programme)' },
  branch: { kind: 'enum', values: BRANCHES, valid: oneOf(BRANCHES) },
  guarantee: { kind: 'enum', values: GUARANTEES, valid: oneOf(GUARANTEES) },
  theme: { kind: 'text', max: 60, valid: 'theme tags of 60 characters at most' },
} as const satisfies Record<string, ListRule>;

export type SearchFilterKey = keyof typeof SEARCH_FILTERS;

/** The query text's limit. */
export const SEARCH_Q_MAX = 500;

/** The paging numbers: whole numbers in [min, max], `fallback` when absent. */
export const SEARCH_PAGING = {
  limit: { min: 1, max: 500, fallback: 20 },
  offset: { min: 0, max: 100_000, fallback: 0 },
} as const;

/** Whether one value of a list filter passes its rule (values as the command builds them: numbers as numbers). */
export function passesRule(rule: ListRule, x: unknown): boolean {
  switch (rule.kind) {
    case 'enum':
      return (rule.values as readonly unknown[]).includes(x);
    case 'int':
      return typeof x === 'number' && Number.isInteger(x) && x >= rule.min && x <= rule.max;
    case 'country':
      return typeof x === 'string' && COUNTRY_CODE.test(x);
    case 'text':
      return typeof x === 'string' && x.length <= rule.max;
  }
}
