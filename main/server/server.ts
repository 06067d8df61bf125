/**
 * The browser mode: the hub over HTTP, for machines without the desktop runtime and for a
 * facilitator serving one library to a workshop room. A thin adapter: `POST /api/<method>` hands
 * the JSON body to dispatch() (the same validation as IPC and the CLI) and returns its Result;
 * `POST /download/bundle` hands an exported .socle file to the browser (./bundle-download.ts);
 * `/room/*` is the workshop room (./room.ts); everything else serves the built renderer.
 * node:http only.
 *
 * Defences, and why (docs/architecture.md has the threat model):
 * - Every API call needs a session, loopback included: the launch URL carries a secret token
 *   (`?token=`, kept in `<data>/server/token`, mode 0600) exchanged for an HttpOnly, SameSite=Strict
 *   cookie; scripts may send it as `Authorization: Bearer <token>`. Room participants get their
 *   session from the join code. No session: 401. Nobody is trusted for their address.
 * - Roles: a participant's call is checked against the contract's access table
 *   (main/core/access.ts) before dispatch: 403 when the rule says no.
 * - Listening off loopback is refused unless the server is a workshop room.
 * - The Host header must name one of this server's addresses (DNS rebinding never reaches the API).
 * - Content-Type must be application/json and a cross-origin Origin is refused (CSRF); the
 *   SameSite=Strict cookie is not sent by other sites anyway.
 * - Never over HTTP: file paths on the server's disk, signing with the publisher key, making
 *   that key (./http-policy.ts).
 * - Slow clients: connections capped per address and in total, headers within 10 s, a body that
 *   stalls is cut after a short idle time, at most two bundle uploads at once.
 * - Bodies are capped (1 MB by default); static paths cannot leave rendererDir; errors are JSON
 *   Results with a message, never a stack trace.
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createReadStream, promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dispatch, isMethod } from '../core/dispatch';
import { inputSchemas, type HubMethods, type MethodName } from '../core/contract';
import { ACCESS, authorize, type AccessFacts, type Caller } from '../core/access';
import type { RecordChange } from '../core/hub';
import { DEFAULT_LIMITS } from '../core/bundles/format';
import { HubFailure, invalidFromZod, type ErrorCode, type Result } from '../core/result';
import type { HubRecord, Note } from '../core/model';
import { SECURITY_HEADERS, cacheControlFor, mimeTypeOf, notBuiltPage, resolveStaticPath } from './static';
import { BUNDLE_DOWNLOAD_PATH, downloadHeaders, prepareBundleDownload, streamFile } from './bundle-download';
import { AuthStore, type Session } from './auth';
import { EventLog } from './events';
import { refusedOverHttp } from './http-policy';
import { capConnections, cookieValue, drain, failure, formatBytes, readBody, sendHtml, sendJson, sendText, sessionCookie } from './http-util';
import { roomRoutes, type RoomInfo } from './room';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4317;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/**
 * Importing a bundle in the browser mode uploads the .socle file as base64 in the JSON body, so
 * those two methods accept the largest bundle the core accepts (plus room for the JSON around it).
 * Every other method keeps the small default.
 */
export const BUNDLE_UPLOAD_MAX_BYTES = Math.ceil(DEFAULT_LIMITS.maxFileBytes / 3) * 4 + 64 * 1024;
const DEFAULT_BODY_LIMITS: Partial<Record<MethodName, number>> = {
  importPreview: BUNDLE_UPLOAD_MAX_BYTES,
  importApply: BUNDLE_UPLOAD_MAX_BYTES,
};
const UPLOAD_METHODS = new Set<MethodName>(['importPreview', 'importApply']);

export const DEFAULT_CONNECTION_LIMITS = {
  /** Open connections from one address (a browser opens ~6; the room's load test 40 participants on loopback). */
  perAddress: 128,
  total: 512,
  /** A request body that sends nothing for this long is cut off. */
  bodyIdleMs: 10_000,
  headersTimeoutMs: 10_000,
  /** Bundle uploads handled at once (each may hold ~1 GB while it is checked). */
  uploadsInFlight: 2,
};

export interface ServerOptions {
  /** The open hub (its `api` is what dispatch() calls; `onChange` feeds the room's event stream). */
  hub: { readonly api: HubMethods; onChange?(listener: (change: RecordChange) => void): () => void };
  /** The data folder: the token and the sessions live in `<dataDir>/server/`. */
  dataDir: string;
  /** Interface to bind. Anything but loopback needs `room`. */
  host?: string;
  /** 0 picks any free port. */
  port?: number;
  /** The built renderer (out/renderer). If it has no index.html, a page explains how to build it. */
  rendererDir: string;
  /** Serve a workshop room: participants join with a code; may listen on the LAN. */
  room?: { workshopId?: string };
  /** Body limit for every method (default 1 MB)... */
  maxBodyBytes?: number;
  /** ...except these (default: the bundle imports, see BUNDLE_UPLOAD_MAX_BYTES). */
  bodyLimits?: Partial<Record<MethodName, number>>;
  limits?: Partial<typeof DEFAULT_CONNECTION_LIMITS>;
  /** Addresses participants may use (default: this machine's IPv4 interfaces when listening on all). */
  lanAddresses?: () => string[];
  /** Where warnings go (default: stderr). */
  warn?: (message: string) => void;
  clock?: () => Date;
}

export interface RunningServer {
  /** The address to open in a browser, e.g. http://127.0.0.1:4317/ (needs a session). */
  url: string;
  /** `url` with the secret token: opening it signs the browser in as the facilitator. */
  tokenUrl: string;
  token: string;
  host: string;
  port: number;
  /** Set in room mode. */
  room?: RoomInfo;
  close(): Promise<void>;
}

/** HTTP status for each core error code. */
const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'read-only': 403,
  'too-large': 413,
  unsupported: 422,
  corrupt: 422,
  busy: 503,
  internal: 500,
};

export function statusOf(result: Result<unknown>): number {
  return result.ok ? 200 : (STATUS_BY_CODE[result.error.code] ?? 500);
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export const isWildcardHost = (host: string) => host === '0.0.0.0' || host === '::' || host === '[::]';

/** This machine's non-internal IPv4 addresses (what participants on the LAN can type). */
export function interfaceAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && !a.internal && a.family === 'IPv4')
    .map((a) => a.address);
}

/** The caller behind a Bearer token (scripts, tests): the facilitator, with no stored session. */
const TOKEN_SESSION: Session = {
  id: 'token',
  hash: '0'.repeat(64),
  role: 'facilitator',
  deviceId: 'token',
  name: 'token',
  createdAt: new Date(0).toISOString(),
  lastSeen: new Date(0).toISOString(),
  expiresAt: new Date(8.64e15).toISOString(),
  address: '',
};

/** Starts the server; rejects with the listen error (e.g. code EADDRINUSE) if the port is taken. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const loopback = isLoopbackHost(host);
  if (!loopback && !options.room) {
    throw new HubFailure(
      'invalid',
      `refusing to listen on ${host} without --room: off this computer, Socle serves only a workshop room, where every device needs the join code (socle serve --room).`,
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bodyLimits = options.bodyLimits ?? DEFAULT_BODY_LIMITS;
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const warn = options.warn ?? ((m: string) => process.stderr.write(`${m}\n`));
  const clock = options.clock ?? (() => new Date());
  const lanAddresses = options.lanAddresses ?? (() => (isWildcardHost(host) ? interfaceAddresses() : []));
  const auth = await AuthStore.open(options.dataDir, clock);
  const events = new EventLog();
  let uploads = 0;
  let port = 0;

  const server = http.createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug in this adapter: tell the developer on stderr (message only), the client a generic 500.
      warn(`socle serve: internal error on ${req.method} ${(req.url ?? '').split('?', 1)[0]}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) sendJson(res, 500, failure('internal', 'Internal error.'));
      else res.destroy();
    });
  });
  // Stalled clients must not hold connections (slowloris): headers within 10 s, bodies cut when
  // they stall (readBody); the long request timeout lets a big upload over a crowded Wi-Fi finish.
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = 10 * 60_000;
  capConnections(server, limits);

  const cookieName = () => `socle_session_${port}`;

  /** The caller's session: the cookie, or the token as a Bearer header. */
  function sessionOf(req: http.IncomingMessage): Session | undefined {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (bearer) return auth.tokenMatches(bearer[1]!) ? TOKEN_SESSION : undefined;
    return auth.resolve(cookieValue(req, cookieName()));
  }

  function callerOf(session: Session): Caller {
    const room = auth.room;
    const workshopId = room?.workshopId;
    return {
      role: session.role,
      deviceId: session.deviceId,
      ...(workshopId ? { workshopId } : {}),
      ...(session.groupId ? { groupId: session.groupId } : {}),
      ...(session.role === 'participant' && groupCountry(session.groupId) ? { country: groupCountry(session.groupId)! } : {}),
    };
  }

  let groupCountries = new Map<string, string>();
  function groupCountry(groupId: string | undefined): string | undefined {
    return groupId ? groupCountries.get(groupId) : undefined;
  }
  async function refreshGroups(): Promise<void> {
    const id = auth.room?.workshopId;
    if (!id) return;
    const w = await options.hub.api.get({ id }).catch(() => undefined);
    if (w?.type === 'workshop') groupCountries = new Map(w.groups.filter((g) => g.country).map((g) => [g.id, g.country!]));
  }

  const facts: AccessFacts = {
    record: (id) => options.hub.api.get({ id }).catch(() => undefined),
    owner: (id) => auth.owner(id),
    get takeHome() {
      return auth.room?.takeHome ?? false;
    },
  };

  function hostAllowed(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    const names = new Set(['127.0.0.1', 'localhost', '[::1]', browsableHost(host).toLowerCase()]);
    if (!loopback) {
      for (const a of lanAddresses()) names.add(a.includes(':') ? `[${a.toLowerCase()}]` : a);
      names.add(os.hostname().toLowerCase());
      names.add(`${os.hostname().toLowerCase()}.local`);
    }
    const h = hostHeader.toLowerCase();
    const i = h.lastIndexOf(':');
    const [name, p] = i > h.lastIndexOf(']') ? [h.slice(0, i), h.slice(i + 1)] : [h, '80'];
    return names.has(name) && p === String(port);
  }

  /** The API's request guards: POST, same origin, JSON. Answers and returns false when one fails. */
  function postGuards(req: http.IncomingMessage, res: http.ServerResponse, what: string): boolean {
    if (req.method !== 'POST') {
      drain(req);
      sendJson(res, 405, failure('unsupported', `Use POST for ${what} (with a JSON body).`), { Allow: 'POST' });
      return false;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
      drain(req);
      sendJson(res, 403, failure('forbidden', 'Cross-origin requests to the Socle API are not allowed.'));
      return false;
    }
    const contentType = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') {
      drain(req);
      sendJson(res, 415, failure('unsupported', 'The request body must be JSON, sent with "Content-Type: application/json".'));
      return false;
    }
    return true;
  }

  /** Reads and parses a JSON body; answers (413, 400) and returns undefined when it cannot. */
  async function jsonBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<{ value: unknown } | undefined> {
    const body = await readBody(req, limit, limits.bodyIdleMs);
    if (body.kind === 'too-large') {
      sendJson(res, 413, failure('too-large', `The request body is larger than ${formatBytes(limit)}.`), { Connection: 'close' });
      return undefined;
    }
    if (body.kind === 'aborted') return undefined;
    if (body.text.trim() === '') return { value: undefined };
    try {
      return { value: JSON.parse(body.text) as unknown };
    } catch {
      sendJson(res, 400, failure('invalid', 'The request body is not valid JSON.'));
      return undefined;
    }
  }

  const unauthorized = (res: http.ServerResponse, req: http.IncomingMessage) => {
    drain(req);
    sendJson(
      res,
      401,
      failure(
        'unauthorized',
        options.room
          ? 'Join the room first: open the join link or type the join code the facilitator shows.'
          : 'Open Socle with the link that "socle serve" printed (it carries the secret token).',
      ),
    );
  };

  const room = roomRoutes({
    auth,
    events,
    api: options.hub.api,
    roomMode: !!options.room,
    cookieName,
    joinUrl: () => joinUrl(),
    lanAddresses: () => {
      const lan = lanAddresses();
      return lan.length ? lan : [browsableHost(host).replace(/^\[|\]$/g, '')];
    },
    port: () => port,
    clock,
    postGuards,
    jsonBody,
    sessionOf,
    onRoomChanged: () => void refreshGroups(),
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const pathname = rawUrl.split(/[?#]/, 1)[0] ?? '/';
    if (!hostAllowed(req.headers.host)) {
      drain(req);
      return sendJson(res, 403, failure('forbidden', "This server only answers requests addressed to one of its own addresses."));
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) return handleApi(req, res, pathname.slice('/api/'.length));
    if (pathname === BUNDLE_DOWNLOAD_PATH) return handleBundleDownload(req, res);
    if (pathname.startsWith('/room/')) return room.handle(req, res, pathname);
    if ((req.method === 'GET' || req.method === 'HEAD') && /[?&]token=/.test(rawUrl)) return exchangeToken(req, res, rawUrl);
    return handleStatic(req, res, rawUrl);
  }

  /** `GET /any/path?token=T`: a valid token becomes a facilitator cookie, then the same URL without it. */
  async function exchangeToken(req: http.IncomingMessage, res: http.ServerResponse, rawUrl: string): Promise<void> {
    drain(req);
    const url = new URL(rawUrl, 'http://socle.invalid');
    const token = url.searchParams.get('token') ?? '';
    url.searchParams.delete('token');
    const clean = `${url.pathname}${url.search}`;
    if (!auth.tokenMatches(token)) {
      return sendText(res, 401, 'This link does not carry the right token. Use the link that "socle serve" printed, or ask the facilitator for the join code.');
    }
    const { cookie, session } = await auth.createSession({ role: 'facilitator', name: 'facilitator', address: req.socket.remoteAddress ?? '' });
    const maxAge = (Date.parse(session.expiresAt) - clock().getTime()) / 1000;
    res.writeHead(302, { ...SECURITY_HEADERS, Location: clean, 'Set-Cookie': sessionCookie(cookieName(), cookie, maxAge), 'Cache-Control': 'no-store', 'Content-Length': '0' });
    res.end();
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    const session = sessionOf(req);
    if (!session) return unauthorized(res, req);
    if (name === 'health') {
      drain(req);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return sendJson(res, 405, failure('unsupported', 'Use GET for /api/health.'), { Allow: 'GET, HEAD' });
      }
      return sendJson(res, 200, { ok: true }, {}, req.method === 'HEAD');
    }
    if (!postGuards(req, res, `/api/${name.slice(0, 60) || '<method>'}`)) return;
    if (!isMethod(name)) {
      drain(req);
      return sendJson(res, 404, failure('not-found', `Unknown method "${name.slice(0, 60)}".`));
    }
    const upload = UPLOAD_METHODS.has(name);
    if (upload && session.role !== 'facilitator') {
      drain(req);
      return sendJson(res, 403, failure('forbidden', `Refused: only the facilitator may call ${name}.`));
    }
    if (upload && uploads >= limits.uploadsInFlight) {
      drain(req);
      return sendJson(res, 503, failure('busy', 'Two bundles are being checked already; try again in a moment.'), { 'Retry-After': '5', Connection: 'close' });
    }
    if (upload) uploads++;
    let input: unknown;
    try {
      const body = await jsonBody(req, res, bodyLimits[name] ?? maxBodyBytes);
      if (!body) return;
      input = body.value;
    } finally {
      if (upload) uploads--;
    }
    const refused = refusedOverHttp(name, input);
    if (refused) return sendJson(res, 403, failure('forbidden', `Refused over HTTP: ${refused.message}`, refused.field));
    let args = input;
    if (session.role !== 'facilitator') {
      if (ACCESS[name] === 'facilitator') return sendJson(res, 403, failure('forbidden', `Refused: only the facilitator may call ${name}.`));
      const parsed = inputSchemas[name].safeParse(input ?? {});
      if (!parsed.success) {
        const result: Result<never> = { ok: false, error: invalidFromZod(parsed.error).toError() };
        return sendJson(res, statusOf(result), result);
      }
      const decision = await authorize(name, parsed.data as never, callerOf(session), facts);
      if (!decision.allow) return sendJson(res, 403, failure('forbidden', `Refused: ${decision.message}.`));
      args = decision.input;
    }
    const result = await dispatch(options.hub.api, name, args);
    if (result.ok && session.role === 'participant' && (name === 'captureNote' || name === 'create')) {
      // The participant may edit this note or proposal from now on. Known in memory at once; saved
      // with the next write of the sessions file, without holding the answer (the note itself is
      // already durable: a crash in between costs the participant only the right to edit it).
      const id = name === 'captureNote' ? (result.value as { note: Note }).note.id : (result.value as HubRecord).id;
      auth.setOwner(id, session.deviceId).catch((e: unknown) => warn(`socle serve: could not save the room's note owners: ${e instanceof Error ? e.message : String(e)}`));
    }
    return sendJson(res, statusOf(result), result);
  }

  /**
   * The browser mode's bundle export (./bundle-download.ts): the same guards as the API, then the
   * .socle file as an attachment, or a JSON Result with the API's status codes when refused.
   * A participant may download only the room workshop's shareable notes and plans, unsigned, and
   * only once the facilitator allows it.
   */
  async function handleBundleDownload(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const session = sessionOf(req);
    if (!session) return unauthorized(res, req);
    if (!postGuards(req, res, BUNDLE_DOWNLOAD_PATH)) return;
    const body = await jsonBody(req, res, maxBodyBytes);
    if (!body) return;
    let input = body.value ?? {};
    const refused = refusedOverHttp('download', input);
    if (refused) return sendJson(res, 403, failure('forbidden', `Refused over HTTP: ${refused.message}`, refused.field));
    if (session.role !== 'facilitator') {
      const r = auth.room;
      if (!r?.takeHome || !r.workshopId) return sendJson(res, 403, failure('forbidden', 'Refused: the facilitator has not opened the results for download yet.'));
      input = { scope: { workshops: [r.workshopId], types: ['note', 'plan'], includeInternal: false }, sign: false, publisher: { name: 'Socle workshop room' } };
    }
    const prepared = await prepareBundleDownload(options.hub.api, input);
    if (!prepared.ok) return sendJson(res, statusOf(prepared.result), prepared.result);
    try {
      res.writeHead(200, { ...SECURITY_HEADERS, ...downloadHeaders(prepared.file, prepared.result) });
      await streamFile(prepared.file, res);
    } finally {
      await prepared.cleanup();
    }
  }

  async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, rawUrl: string): Promise<void> {
    drain(req);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    const headOnly = req.method === 'HEAD';
    const built = await fs
      .stat(path.join(options.rendererDir, 'index.html'))
      .then((s) => s.isFile(), () => false);
    const lookup = await resolveStaticPath(options.rendererDir, rawUrl);
    if (lookup.kind === 'bad-request') return sendText(res, 400, lookup.reason);
    if (lookup.kind === 'not-found') {
      const pathname = rawUrl.split(/[?#]/, 1)[0] ?? '/';
      if (!built && path.posix.extname(pathname) === '') return sendHtml(res, 503, notBuiltPage('browser'), headOnly);
      return sendText(res, 404, 'Not found.');
    }
    const stat = await fs.stat(lookup.file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': mimeTypeOf(lookup.file),
      'Content-Length': String(stat.size),
      'Cache-Control': lookup.fallback ? 'no-cache' : cacheControlFor(lookup.file),
    });
    if (headOnly) return void res.end();
    await new Promise<void>((resolve) => {
      const stream = createReadStream(lookup.file);
      stream.on('error', () => {
        res.destroy();
        resolve();
      });
      stream.on('end', resolve);
      stream.pipe(res);
    });
  }

  // Record changes of notes and plans feed the room's event stream.
  const unsubscribe = options.hub.onChange?.(({ id, record }) => {
    if (record && record.type !== 'note' && record.type !== 'plan' && record.type !== 'workshop') return;
    events.publish({
      type: 'record',
      id,
      deleted: !record,
      ...(record ? { recordType: record.type, rev: record.rev } : {}),
      ...(record && 'workshopId' in record && record.workshopId ? { workshopId: record.workshopId } : {}),
      ...(record && 'groupId' in record && record.groupId ? { groupId: record.groupId } : {}),
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  server.on('error', (e) => warn(`socle serve: ${e.message}`));

  const url = `http://${browsableHost(host)}:${port}/`;
  const tokenUrl = `${url}?token=${auth.token}`;
  function joinUrl(): string {
    const lan = isWildcardHost(host) ? (lanAddresses()[0] ?? browsableHost(host)) : browsableHost(host);
    const where = lan.includes(':') && !lan.startsWith('[') ? `[${lan}]` : lan;
    return `http://${where}:${port}/#/join?code=${auth.room?.code ?? ''}`;
  }

  let roomInfo: RoomInfo | undefined;
  if (options.room) {
    const r = await auth.openRoom(options.room.workshopId ? { workshopId: options.room.workshopId } : {});
    await refreshGroups();
    roomInfo = { url, facilitatorUrl: tokenUrl, joinUrl: joinUrl(), code: r.code, expiresAt: r.expiresAt };
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    tokenUrl,
    token: auth.token,
    host,
    port,
    ...(roomInfo ? { room: roomInfo } : {}),
    close() {
      closing ??= new Promise<void>((resolve) => {
        unsubscribe?.();
        events.close();
        server.close(() => resolve());
        // Idle keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** A URL a browser on this machine can open, even when the server listens on every interface. */
export function browsableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Why listening failed, in one line the user can act on (a port in use, a forbidden port, an
 * address this computer does not have). `socle serve` prints it and exits 2; the desktop app's
 * "Open the room" shows it in a dialog.
 */
export function listenFailureMessage(e: unknown, host: string, port: number): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host}:${port}`;
  return code === 'EADDRINUSE'
    ? `port ${port} is already in use on ${host} (is Socle already running?). Choose another with --port N, or --port 0 for any free port.`
    : code === 'EACCES'
      ? `not allowed to listen on ${where} (ports below 1024 need administrator rights). Choose another with --port N.`
      : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `cannot listen on "${host}": this computer has no such address.`
        : `cannot listen on ${where}: ${e instanceof Error ? e.message : String(e)}`;
}
