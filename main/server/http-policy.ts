/**
 * What the HTTP adapter refuses whoever calls (facilitator included), because a browser never
 * needs it and a stranger must never get it:
 * - file paths on the server's disk (`file`, `outFile`, `overwrite`): the browser mode uploads a
 *   bundle's bytes and downloads exports through `POST /download/bundle`; only the desktop
 *   window (paths from its own dialogs) and the CLI name files;
 * - signing with the installation's publisher key and making that key (`sign: true`,
 *   `identity { create: true }`): a signature says "the owner of this installation vouches for
 *   this bundle", so it is made only in the desktop window or the CLI, by the owner.
 */
import type { MethodName } from '../core/contract';

const PATH_FIELDS = ['file', 'outFile', 'overwrite'] as const;

export interface Refusal {
  field: string;
  message: string;
}

/** Why this call is refused over HTTP, or undefined. Looks at the raw JSON input. */
export function refusedOverHttp(method: MethodName | 'download', input: unknown): Refusal | undefined {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const o = input as Record<string, unknown>;
  for (const field of PATH_FIELDS) {
    if (Object.prototype.hasOwnProperty.call(o, field)) {
      return {
        field,
        message: `${field}: files on the server's disk cannot be named over HTTP; the browser uploads a bundle's bytes and downloads exports (use the desktop app or the CLI for files).`,
      };
    }
  }
  if ((method === 'exportBundle' || method === 'download') && o.sign === true) {
    return { field: 'sign', message: "sign: bundles are signed with this installation's key only in the desktop app or the CLI, never over HTTP." };
  }
  if (method === 'identity' && o.create === true) {
    return { field: 'create', message: "create: the publisher's signing key is made only in the desktop app or the CLI, never over HTTP." };
  }
  return undefined;
}
