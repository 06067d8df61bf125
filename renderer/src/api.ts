/**
 * The renderer's one way to reach the hub. In the desktop window the preload exposes
 * `window.socle` (generated from METHODS); in a browser (`socle serve`) the same methods are
 * `POST /api/<method>` with a JSON body. Either way every call resolves to a Result and never
 * throws, so screens handle one shape.
 */
import type { HubApi, MethodName } from '../../main/core/contract';
import type { HubError, Result } from '../../main/core/result';
import { METHODS, routeOf } from '../../main/core/contract-methods';

function isResult(x: unknown): x is Result<unknown> {
  if (!x || typeof x !== 'object' || !('ok' in x)) return false;
  const r = x as { ok: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return 'value' in x;
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string';
}

const internal = (message: string): { ok: false; error: HubError } => ({ ok: false, error: { code: 'internal', message } });

async function post(method: MethodName, input: unknown): Promise<Result<unknown>> {
  let res: Response;
  try {
    res = await fetch(routeOf(method), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
  } catch (e) {
    return internal(`The hub could not be reached (${e instanceof Error ? e.message : String(e)}).`);
  }
  // The server answers with a Result whatever the HTTP status (400 invalid, 404, 409 conflict...).
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return internal(`The hub sent an unreadable answer (HTTP ${res.status}).`);
  }
  return isResult(body) ? body : internal(`The hub sent an unexpected answer (HTTP ${res.status}).`);
}

export function httpApi(): HubApi {
  const client: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const m of METHODS) client[m] = (input) => post(m, input);
  return client as unknown as HubApi;
}

/** Wraps the preload's functions so that a rejected IPC call still yields a Result. */
function guarded(raw: HubApi): HubApi {
  const client: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const m of METHODS) {
    client[m] = async (input) => {
      try {
        const r: unknown = await (raw[m] as (i: unknown) => Promise<unknown>)(input ?? {});
        return isResult(r) ? r : internal('The hub sent an unexpected answer.');
      } catch (e) {
        return internal(`The hub could not be reached (${e instanceof Error ? e.message : String(e)}).`);
      }
    };
  }
  return client as unknown as HubApi;
}

// Read through a cast rather than augmenting `Window`, so the preload's own declaration (if any)
// never clashes with ours.
const preload = (globalThis as unknown as { socle?: HubApi }).socle;

export const api: HubApi = preload ? guarded(preload) : httpApi();
