/**
 * The method names of the contract, with no dependencies, so the sandboxed preload and the
 * renderer's HTTP transport can derive their channels from it without bundling zod.
 * `contract.ts` checks at compile time that this list and `inputSchemas` agree exactly.
 */
export const METHODS = [
  'info',
  'search',
  'get',
  'list',
  'shelves',
  'related',
  'create',
  'update',
  'delete',
  'restore',
  'trash',
  'history',
  'glossary',
] as const;
export type MethodName = (typeof METHODS)[number];

export const IPC_PREFIX = 'socle:';
export const HTTP_PREFIX = '/api/';
export const channelOf = (m: MethodName): string => `${IPC_PREFIX}${m}`;
export const routeOf = (m: MethodName): string => `${HTTP_PREFIX}${m}`;
