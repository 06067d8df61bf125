/**
 * The method names of the contract, with no dependencies, so the sandboxed preload and the
 * renderer's HTTP transport can derive their channels from it without bundling zod.
 * Features (bundles, workshops, clinics) keep their names in their own folder; `contract.ts` checks at
 * compile time that this list and `inputSchemas` agree exactly.
 */
import { BUNDLE_METHODS } from './bundles/methods';
import { WORKSHOP_METHODS } from './workshops/methods';
import { BROWSE_METHODS } from './browse/methods';
import { CLINIC_METHODS } from './clinics/methods';
import { SYNC_METHODS } from './sync/methods';

export const CORE_METHODS = [
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
  'changes',
  'indexStatus',
] as const;
export const METHODS = [...CORE_METHODS, ...BUNDLE_METHODS, ...WORKSHOP_METHODS, ...SYNC_METHODS, ...CLINIC_METHODS, ...BROWSE_METHODS] as const;
export type MethodName = (typeof METHODS)[number];

export const IPC_PREFIX = 'socle:';
export const HTTP_PREFIX = '/api/';
export const channelOf = (m: MethodName): string => `${IPC_PREFIX}${m}`;
export const routeOf = (m: MethodName): string => `${HTTP_PREFIX}${m}`;
