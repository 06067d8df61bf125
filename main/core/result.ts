/**
 * Results cross every boundary (IPC, HTTP, CLI) as `{ ok: true, value } | { ok: false, error }`,
 * so a bad input yields the same clear, translatable error on every surface. Inside the core,
 * failures are thrown as `HubFailure` and converted once, at the boundary (see ./dispatch.ts).
 */
import type { ZodError } from 'zod';

export type ErrorCode =
  | 'invalid' // input failed validation: fix the input
  | 'not-found'
  | 'conflict' // the record changed since the caller read it (stale rev)
  | 'read-only' // bundled content cannot be changed in place
  | 'corrupt' // a file on disk could not be read as what it should be
  | 'too-large'
  | 'unsupported'
  | 'unauthorized' // no session (browser mode, workshop room): sign in with the token or the join code
  | 'forbidden' // the caller's role may not do this (a room participant), or not over this surface
  | 'busy' // too many requests or uploads at once: try again shortly
  | 'internal'; // a bug or an environment failure: not the user's fault

export interface HubError {
  code: ErrorCode;
  message: string;
  /** Dotted path of the offending field, for messages shown beside a form field. */
  field?: string;
  /** Every problem found, when there are several. */
  issues?: { field: string; message: string }[];
  /** Extra, code-specific data (e.g. the current record on a conflict). */
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: HubError };

export class HubFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<HubError, 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'HubFailure';
  }
  toError(): HubError {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** Turns a zod error into a HubFailure whose message names the field and the problem. */
export function invalidFromZod(err: ZodError, what = 'input'): HubFailure {
  const issues = err.issues.map((i) => ({
    field: i.path.map(String).join('.') || '(root)',
    message: i.message,
  }));
  const first = issues[0] ?? { field: '(root)', message: 'is invalid' };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return new HubFailure('invalid', `Invalid ${what}: ${first.field}: ${first.message}${more}`, {
    field: first.field,
    issues,
  });
}

/** Converts anything thrown into a HubError without leaking stack traces to the user. */
export function toHubError(e: unknown): HubError {
  if (e instanceof HubFailure) return e.toError();
  if (e && typeof e === 'object' && 'name' in e && (e as Error).name === 'ZodError') {
    return invalidFromZod(e as ZodError).toError();
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: `Internal error: ${message}` };
}
