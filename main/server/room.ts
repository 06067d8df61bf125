/**
 * The workshop room's routes (`/room/*`), beside the API in the browser mode's server:
 *
 *   GET  /room/whoami      public: the caller's role and room, or 401 with the mode (join or token)
 *   POST /room/join        public: {code, name} -> a participant session cookie (401 wrong code,
 *                          429 after 5 wrong tries from one address within a minute)
 *   POST /room/profile     participant: {name?, groupId?} (the group chosen on the join page)
 *   GET  /room/mine        any session: the ids of the notes this device captured (it may edit them)
 *   POST /room/leave       any session: ends it
 *   GET  /room/events      any session: server-sent events (./events.ts), Last-Event-ID resumes
 *   GET  /room/state       facilitator: code, join URL, devices, switches
 *   GET  /room/qr.svg      facilitator: the join URL as a QR code (SVG made here, offline)
 *   POST /room/rotate      facilitator: a new join code (the old one stops working)
 *   POST /room/revoke      facilitator: {id} or {all: true}
 *   POST /room/settings    facilitator: {takeHome?, workshopId?}
 *   GET  /room/selftest    facilitator: does the port answer on each address participants may use
 *   GET  /room/ping        public: "socle" (what the self-test asks)
 *
 * Outside room mode only whoami, leave, events and ping exist (the rest answer 404).
 */
import http from 'node:http';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { HubMethods } from '../core/contract';
import { idSchema } from '../core/model';
import type { AuthStore, Session } from './auth';
import type { EventLog } from './events';
import { drain, failure, sendJson, sendText, sessionCookie } from './http-util';
import { SECURITY_HEADERS } from './static';

export interface RoomInfo {
  /** The facilitator's local address (needs a session). */
  url: string;
  /** With the secret token: opens the room as the facilitator. */
  facilitatorUrl: string;
  /** What participants open (the code after #, never sent to a server log). */
  joinUrl: string;
  code: string;
  expiresAt: string;
}

interface Deps {
  auth: AuthStore;
  events: EventLog;
  api: HubMethods;
  roomMode: boolean;
  cookieName(): string;
  joinUrl(): string;
  lanAddresses(): string[];
  port(): number;
  clock(): Date;
  postGuards(req: http.IncomingMessage, res: http.ServerResponse, what: string): boolean;
  jsonBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<{ value: unknown } | undefined>;
  sessionOf(req: http.IncomingMessage): Session | undefined;
  onRoomChanged(): void;
}

const SMALL_BODY = 16 * 1024;
const JOIN_WINDOW_MS = 60_000;
const JOIN_FAILURES = 5;
const name = z.string().trim().min(1, 'say your name').max(80);
const joinInput = z.object({ code: z.string().max(40), name: name.optional() }).strict();
const profileInput = z.object({ name: name.optional(), groupId: idSchema.optional() }).strict();
const revokeInput = z.union([z.object({ id: z.string().max(64) }).strict(), z.object({ all: z.literal(true) }).strict()]);
const settingsInput = z.object({ takeHome: z.boolean().optional(), workshopId: idSchema.optional() }).strict();

export function roomRoutes(d: Deps) {
  /** Wrong join codes per address: timestamps within the last minute. */
  const failures = new Map<string, number[]>();

  function tooManyFailures(address: string): boolean {
    const now = d.clock().getTime();
    const recent = (failures.get(address) ?? []).filter((t) => now - t < JOIN_WINDOW_MS);
    if (recent.length) failures.set(address, recent);
    else failures.delete(address);
    return recent.length >= JOIN_FAILURES;
  }
  function recordFailure(address: string): void {
    const list = failures.get(address) ?? [];
    list.push(d.clock().getTime());
    failures.set(address, list.slice(-JOIN_FAILURES * 2));
    if (failures.size > 10_000) failures.clear();
  }

  function device(s: Session) {
    return { id: s.id, name: s.name, groupId: s.groupId ?? null, joinedAt: s.createdAt, lastSeen: s.lastSeen };
  }

  function roomState() {
    const r = d.auth.room!;
    return {
      code: r.code,
      expiresAt: r.expiresAt,
      joinUrl: d.joinUrl(),
      workshopId: r.workshopId ?? null,
      takeHome: r.takeHome,
      devices: d.auth.sessions('participant').map(device),
      addresses: d.lanAddresses(),
    };
  }

  const notFound = (req: http.IncomingMessage, res: http.ServerResponse) => {
    drain(req);
    sendJson(res, 404, failure('not-found', d.roomMode ? 'No such room route.' : 'No workshop room is open: start one with "socle serve --room".'));
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    const route = pathname.slice('/room/'.length);
    const session = d.sessionOf(req);
    const address = req.socket.remoteAddress ?? '?';

    if (route === 'ping') {
      drain(req);
      return sendText(res, 200, 'socle');
    }
    if (route === 'whoami') {
      drain(req);
      const mode = d.roomMode ? 'room' : 'token';
      if (!session) return sendJson(res, 401, { ...failure('unauthorized', 'No session.'), mode });
      const r = d.auth.room;
      return sendJson(res, 200, {
        ok: true,
        value: {
          mode,
          role: session.role,
          name: session.name,
          groupId: session.groupId ?? null,
          room: d.roomMode && r ? { workshopId: r.workshopId ?? null, takeHome: r.takeHome } : null,
        },
      });
    }
    if (route === 'join') {
      if (!d.roomMode) return notFound(req, res);
      if (!d.postGuards(req, res, '/room/join')) return;
      if (tooManyFailures(address)) {
        drain(req);
        return sendJson(res, 429, failure('busy', 'Too many wrong codes from this device: wait a minute and try again.'), { 'Retry-After': '60' });
      }
      const body = await d.jsonBody(req, res, SMALL_BODY);
      if (!body) return;
      const parsed = joinInput.safeParse(body.value ?? {});
      if (!parsed.success) return sendJson(res, 400, failure('invalid', 'Send {"code": "...", "name": "..."}.'));
      if (!d.auth.codeMatches(parsed.data.code)) {
        recordFailure(address);
        return sendJson(res, 401, failure('unauthorized', 'This join code is not valid (it may have been changed or have expired): ask the facilitator for the current one.', 'code'));
      }
      const expiresAt = new Date(d.auth.room!.expiresAt);
      const { cookie, session: s } = await d.auth.createSession({ role: 'participant', name: parsed.data.name ?? 'Participant', address, expiresAt });
      d.events.publish({ type: 'device', action: 'joined', id: s.id, name: s.name }, true);
      const maxAge = (expiresAt.getTime() - d.clock().getTime()) / 1000;
      return sendJson(res, 200, { ok: true, value: { role: 'participant', name: s.name } }, { 'Set-Cookie': sessionCookie(d.cookieName(), cookie, maxAge) });
    }
    if (!session) {
      drain(req);
      return sendJson(res, 401, failure('unauthorized', 'Join the room first.'));
    }
    if (route === 'events') {
      if (req.method !== 'GET') return notFound(req, res);
      drain(req);
      return d.events.subscribe(req, res, { role: session.role, sessionId: session.id }, SECURITY_HEADERS);
    }
    if (route === 'mine') {
      drain(req);
      return sendJson(res, 200, { ok: true, value: { noteIds: d.auth.recordsOf(session.deviceId) } });
    }
    if (route === 'leave') {
      if (!d.postGuards(req, res, '/room/leave')) return;
      drain(req);
      if (session.id !== 'token') {
        await d.auth.revoke({ id: session.id });
        if (session.role === 'participant') d.events.publish({ type: 'device', action: 'left', id: session.id, name: session.name }, true);
      }
      return sendJson(res, 200, { ok: true, value: null }, { 'Set-Cookie': sessionCookie(d.cookieName(), '', 0) });
    }
    if (!d.roomMode) return notFound(req, res);
    if (route === 'profile') {
      if (!d.postGuards(req, res, '/room/profile')) return;
      const body = await d.jsonBody(req, res, SMALL_BODY);
      if (!body) return;
      const parsed = profileInput.safeParse(body.value ?? {});
      if (!parsed.success) return sendJson(res, 400, failure('invalid', parsed.error.issues[0]?.message ?? 'invalid profile'));
      if (parsed.data.groupId) {
        const wid = d.auth.room?.workshopId;
        const w = wid ? await d.api.get({ id: wid }).catch(() => undefined) : undefined;
        if (!w || w.type !== 'workshop' || !w.groups.some((g) => g.id === parsed.data.groupId)) {
          return sendJson(res, 400, failure('invalid', "groupId: not a group of the room's workshop", 'groupId'));
        }
        session.groupId = parsed.data.groupId;
      }
      if (parsed.data.name) session.name = parsed.data.name;
      await d.auth.persist();
      if (session.role === 'participant') d.events.publish({ type: 'device', action: 'joined', id: session.id, name: session.name, ...(session.groupId ? { groupId: session.groupId } : {}) }, true);
      return sendJson(res, 200, { ok: true, value: { name: session.name, groupId: session.groupId ?? null } });
    }

    // Facilitator only from here.
    if (session.role !== 'facilitator') {
      drain(req);
      return sendJson(res, 403, failure('forbidden', 'Refused: only the facilitator manages the room.'));
    }
    switch (route) {
      case 'state':
        drain(req);
        return sendJson(res, 200, { ok: true, value: roomState() });
      case 'qr.svg': {
        drain(req);
        const svg = await QRCode.toString(d.joinUrl(), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store', 'Content-Length': String(Buffer.byteLength(svg)) });
        return void res.end(svg);
      }
      case 'selftest':
        drain(req);
        return sendJson(res, 200, { ok: true, value: await selfTest(d.lanAddresses(), d.port()) });
      case 'rotate': {
        if (!d.postGuards(req, res, '/room/rotate')) return;
        drain(req);
        await d.auth.rotateCode();
        d.events.publish({ type: 'room', action: 'rotated' }, true);
        return sendJson(res, 200, { ok: true, value: roomState() });
      }
      case 'revoke': {
        if (!d.postGuards(req, res, '/room/revoke')) return;
        const body = await d.jsonBody(req, res, SMALL_BODY);
        if (!body) return;
        const parsed = revokeInput.safeParse(body.value ?? {});
        if (!parsed.success) return sendJson(res, 400, failure('invalid', 'Send {"id": "..."} or {"all": true}.'));
        const gone = await d.auth.revoke('id' in parsed.data ? { id: parsed.data.id } : { allParticipants: true });
        for (const s of gone) {
          d.events.disconnect(s.id);
          d.events.publish({ type: 'device', action: 'left', id: s.id, name: s.name }, true);
        }
        return sendJson(res, 200, { ok: true, value: roomState() });
      }
      case 'settings': {
        if (!d.postGuards(req, res, '/room/settings')) return;
        const body = await d.jsonBody(req, res, SMALL_BODY);
        if (!body) return;
        const parsed = settingsInput.safeParse(body.value ?? {});
        if (!parsed.success) return sendJson(res, 400, failure('invalid', parsed.error.issues[0]?.message ?? 'invalid settings'));
        if (parsed.data.workshopId) {
          const w = await d.api.get({ id: parsed.data.workshopId }).catch(() => undefined);
          if (w?.type !== 'workshop') return sendJson(res, 404, failure('not-found', `workshopId: no workshop "${parsed.data.workshopId}".`, 'workshopId'));
        }
        await d.auth.updateRoom(parsed.data);
        d.onRoomChanged();
        d.events.publish({ type: 'room', action: 'settings' });
        return sendJson(res, 200, { ok: true, value: roomState() });
      }
      default:
        return notFound(req, res);
    }
  }

  return { handle };
}

export interface SelfTestResult {
  address: string;
  url: string;
  ok: boolean;
  ms: number;
  error?: string;
}

/**
 * Asks this very server for /room/ping on each address participants may use. A failure usually
 * means a firewall, or a hotspot that isolates its clients. Runs only when the facilitator asks.
 */
export async function selfTest(addresses: string[], port: number, timeoutMs = 2000): Promise<SelfTestResult[]> {
  return Promise.all(
    addresses.map(
      (address) =>
        new Promise<SelfTestResult>((resolve) => {
          const host = address.includes(':') ? `[${address}]` : address;
          const url = `http://${host}:${port}/`;
          const t0 = performance.now();
          const done = (ok: boolean, error?: string) => resolve({ address, url, ok, ms: Math.round(performance.now() - t0), ...(error ? { error } : {}) });
          const req = http.get({ host: address, port, path: '/room/ping', timeout: timeoutMs, headers: { host: `${host}:${port}` } }, (res) => {
            let body = '';
            res.setEncoding('utf8').on('data', (c: string) => (body += c.slice(0, 64)));
            res.on('end', () => (res.statusCode === 200 && body === 'socle' ? done(true) : done(false, `HTTP ${res.statusCode}`)));
          });
          req.on('timeout', () => {
            req.destroy();
            done(false, 'timeout');
          });
          req.on('error', (e: NodeJS.ErrnoException) => done(false, e.code ?? e.message));
        }),
    ),
  );
}
