/**
 * Who this page is, for the browser mode and the workshop room (main/server/room.ts): the
 * desktop window (always the facilitator), a signed-in browser (facilitator or participant), or
 * nobody yet (the join page in a room, the "open the printed link" page otherwise). Also the
 * room's small HTTP routes the screens call (join, profile, state, rotate, revoke...).
 */
import { createContext, useContext } from 'react';
import type { HubError, Result } from '../../../main/core/result';

export type SessionInfo =
  | { kind: 'desktop' }
  | { kind: 'loading' }
  | { kind: 'none'; mode: 'room' | 'token' }
  | {
      kind: 'session';
      mode: 'room' | 'token';
      role: 'facilitator' | 'participant';
      name: string;
      groupId: string | null;
      room: { workshopId: string | null; takeHome: boolean } | null;
    };

const preload = (globalThis as unknown as { socle?: unknown }).socle;
export const isDesktop = !!preload;

export const SessionContext = createContext<{ session: SessionInfo; refresh: () => void }>({ session: { kind: 'desktop' }, refresh: () => undefined });

export function useSession(): SessionInfo {
  return useContext(SessionContext).session;
}
export function useRefreshSession(): () => void {
  return useContext(SessionContext).refresh;
}

/** True when this page may manage things only the facilitator may (the desktop window or the facilitator's browser). */
export function isFacilitator(s: SessionInfo): boolean {
  return s.kind === 'desktop' || (s.kind === 'session' && s.role === 'facilitator');
}

export async function fetchSession(): Promise<SessionInfo> {
  if (isDesktop) return { kind: 'desktop' };
  try {
    const res = await fetch('/room/whoami', { headers: { accept: 'application/json' } });
    const body = (await res.json()) as { ok: boolean; mode?: 'room' | 'token'; value?: Omit<Extract<SessionInfo, { kind: 'session' }>, 'kind'> };
    if (res.status === 401) return { kind: 'none', mode: body.mode === 'room' ? 'room' : 'token' };
    if (body.ok && body.value) return { kind: 'session', ...body.value };
  } catch {
    // Unreachable server: the app's own calls will say so.
  }
  return { kind: 'none', mode: 'token' };
}

const internal = (message: string): { ok: false; error: HubError } => ({ ok: false, error: { code: 'internal', message } });

/** A room route: GET without body, POST with a JSON body. Always a Result. */
export async function roomCall<T>(route: string, body?: unknown): Promise<Result<T>> {
  try {
    const res = await fetch(`/room/${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as Result<T>;
    return json && typeof json === 'object' && 'ok' in json ? json : internal(`Unexpected answer (HTTP ${res.status}).`);
  } catch (e) {
    return internal(`The server could not be reached (${e instanceof Error ? e.message : String(e)}).`);
  }
}

export interface RoomDevice {
  id: string;
  name: string;
  groupId: string | null;
  joinedAt: string;
  lastSeen: string;
}
export interface RoomState {
  code: string;
  expiresAt: string;
  joinUrl: string;
  workshopId: string | null;
  takeHome: boolean;
  devices: RoomDevice[];
  addresses: string[];
}
export interface SelfTestResult {
  address: string;
  url: string;
  ok: boolean;
  ms: number;
  error?: string;
}
