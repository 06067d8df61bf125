/**
 * The browser mode: the hub over HTTP, for machines without the desktop runtime and for a
 * facilitator serving one library to a room. A thin adapter: `POST /api/<method>` hands the JSON
 * body to dispatch() (the same validation as IPC and the CLI) and returns its Result;
 * `POST /download/bundle` hands an exported .socle file to the browser (./bundle-download.ts);
 * everything else serves the built renderer. node:http only, so the server adds no dependency.
 *
 * Defences, and why:
 * - Content-Type must be application/json: a cross-site page cannot send that without a CORS
 *   preflight, which this server never approves, so a visited website cannot drive the API (CSRF).
 * - On loopback, the Host header must name this server: stops DNS-rebinding pages from reading
 *   the library through a hostname that resolves to 127.0.0.1.
 * - A cross-origin Origin header on the API is refused outright.
 * - Bodies are capped (1 MB by default); requests time out; static paths cannot leave rendererDir.
 * - Errors are JSON Results with a message, never a stack trace.
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createReadStream, promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dispatch, isMethod } from '../core/dispatch';
import type { HubMethods, MethodName } from '../core/contract';
import { DEFAULT_LIMITS } from '../core/bundles/format';
import type { ErrorCode, HubError, Result } from '../core/result';
import { SECURITY_HEADERS, cacheControlFor, mimeTypeOf, notBuiltPage, resolveStaticPath } from './static';
import { BUNDLE_DOWNLOAD_PATH, downloadHeaders, prepareBundleDownload, streamFile } from './bundle-download';

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

export interface ServerOptions {
  /** The open hub (its `api` is what dispatch() calls). */
  hub: { readonly api: HubMethods };
  /** Interface to bind. Anything but loopback exposes the library to the network (a warning is printed). */
  host?: string;
  /** 0 picks any free port. */
  port?: number;
  /** The built renderer (out/renderer). If it has no index.html, a page explains how to build it. */
  rendererDir: string;
  /** Body limit for every method (default 1 MB)... */
  maxBodyBytes?: number;
  /** ...except these (default: the bundle imports, see BUNDLE_UPLOAD_MAX_BYTES). */
  bodyLimits?: Partial<Record<MethodName, number>>;
  /** Where warnings go (default: stderr). */
  warn?: (message: string) => void;
}

export interface RunningServer {
  /** The address to open in a browser, e.g. http://127.0.0.1:4317/ */
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

/** HTTP status for each core error code. */
const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid: 400,
  'not-found': 404,
  conflict: 409,
  'read-only': 403,
  'too-large': 413,
  unsupported: 422,
  corrupt: 422,
  internal: 500,
};

export function statusOf(result: Result<unknown>): number {
  return result.ok ? 200 : (STATUS_BY_CODE[result.error.code] ?? 500);
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

const isWildcardHost = (host: string) => host === '0.0.0.0' || host === '::' || host === '[::]';

/** Starts the server; rejects with the listen error (e.g. code EADDRINUSE) if the port is taken. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bodyLimits = options.bodyLimits ?? DEFAULT_BODY_LIMITS;
  const warn = options.warn ?? ((m: string) => process.stderr.write(`${m}\n`));
  const loopback = isLoopbackHost(host);
  let port = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug in this adapter: tell the developer on stderr (message only), the client a generic 500.
      warn(`socle serve: internal error on ${req.method} ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) sendJson(res, 500, failure('internal', 'Internal error.'));
      else res.destroy();
    });
  });
  // Stalled clients must not hold connections forever (slowloris), but a bundle upload over a
  // crowded room's Wi-Fi can legitimately take minutes.
  server.headersTimeout = 15_000;
  server.requestTimeout = 10 * 60_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const pathname = rawUrl.split(/[?#]/, 1)[0] ?? '/';
    if (loopback && !hostHeaderAllowed(req.headers.host, port, host)) {
      drain(req);
      return sendJson(res, 403, failure('invalid', 'This server only answers requests addressed to its own loopback address.'));
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) return handleApi(req, res, pathname.slice('/api/'.length));
    if (pathname === BUNDLE_DOWNLOAD_PATH) return handleBundleDownload(req, res);
    return handleStatic(req, res, rawUrl);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    if (name === 'health') {
      drain(req);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return sendJson(res, 405, failure('unsupported', 'Use GET for /api/health.'), { Allow: 'GET, HEAD' });
      }
      return sendJson(res, 200, { ok: true }, {}, req.method === 'HEAD');
    }
    if (req.method !== 'POST') {
      drain(req);
      return sendJson(res, 405, failure('unsupported', `Use POST for /api/${name || '<method>'} (with a JSON body).`), { Allow: 'POST' });
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
      drain(req);
      return sendJson(res, 403, failure('invalid', 'Cross-origin requests to the Socle API are not allowed.'));
    }
    const contentType = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') {
      drain(req);
      return sendJson(res, 415, failure('unsupported', 'The request body must be JSON, sent with "Content-Type: application/json".'));
    }
    if (!isMethod(name)) {
      drain(req);
      return sendJson(res, 404, failure('not-found', `Unknown method "${name.slice(0, 60)}".`));
    }
    const limit = bodyLimits[name] ?? maxBodyBytes;
    const body = await readBody(req, limit);
    if (body.kind === 'too-large') {
      return sendJson(res, 413, failure('too-large', `The request body is larger than ${formatBytes(limit)}.`), { Connection: 'close' });
    }
    if (body.kind === 'aborted') return;
    let input: unknown;
    if (body.text.trim() !== '') {
      try {
        input = JSON.parse(body.text);
      } catch {
        return sendJson(res, 400, failure('invalid', 'The request body is not valid JSON.'));
      }
    }
    const result = await dispatch(options.hub.api, name, input);
    return sendJson(res, statusOf(result), result);
  }

  /**
   * The browser mode's bundle export (./bundle-download.ts): the same guards as the API (POST,
   * same Origin, a JSON body within the default limit), then the .socle file as an attachment,
   * or a JSON Result with the API's status codes when the choices are refused.
   */
  async function handleBundleDownload(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      drain(req);
      return sendJson(res, 405, failure('unsupported', `Use POST for ${BUNDLE_DOWNLOAD_PATH} (with a JSON body).`), { Allow: 'POST' });
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
      drain(req);
      return sendJson(res, 403, failure('invalid', 'Cross-origin requests to the Socle API are not allowed.'));
    }
    const contentType = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') {
      drain(req);
      return sendJson(res, 415, failure('unsupported', 'The request body must be JSON, sent with "Content-Type: application/json".'));
    }
    const body = await readBody(req, maxBodyBytes);
    if (body.kind === 'too-large') {
      return sendJson(res, 413, failure('too-large', `The request body is larger than ${formatBytes(maxBodyBytes)}.`), { Connection: 'close' });
    }
    if (body.kind === 'aborted') return;
    let input: unknown;
    try {
      input = body.text.trim() === '' ? {} : JSON.parse(body.text);
    } catch {
      return sendJson(res, 400, failure('invalid', 'The request body is not valid JSON.'));
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
  if (!loopback) warn(networkWarning(host, port));

  let closing: Promise<void> | undefined;
  return {
    url,
    host,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function hostHeaderAllowed(hostHeader: string | undefined, port: number, boundHost: string): boolean {
  if (!hostHeader) return false;
  const names = [...new Set(['127.0.0.1', 'localhost', '[::1]', browsableHost(boundHost).toLowerCase()])];
  // Browsers leave out the default port.
  const allowed = port === 80 ? [...names, ...names.map((n) => `${n}:80`)] : names.map((n) => `${n}:${port}`);
  return allowed.includes(hostHeader.toLowerCase());
}

/** A URL a browser on this machine can open, even when the server listens on every interface. */
function browsableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function networkWarning(host: string, port: number): string {
  const addresses = isWildcardHost(host)
    ? Object.values(os.networkInterfaces())
        .flat()
        .filter((a): a is os.NetworkInterfaceInfo => !!a && !a.internal && a.family === 'IPv4')
        .map((a) => `http://${a.address}:${port}/`)
    : [`http://${browsableHost(host)}:${port}/`];
  return [
    `WARNING: Socle is listening on ${host}, not only on this computer.`,
    'Anyone on this network can read AND edit this library (there is no password).',
    ...(addresses.length ? [`Participants can open: ${addresses.join('  ')}`] : []),
    'Use this only on a network you trust, and stop the server (Ctrl+C) when the session ends.',
  ].join('\n');
}

function failure(code: ErrorCode, message: string): { ok: false; error: HubError } {
  return { ok: false, error: { code, message } };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}, headOnly = false): void {
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch {
    status = 500;
    text = JSON.stringify(failure('internal', 'Internal error: the result could not be encoded as JSON.'));
  }
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(headOnly ? undefined : text);
}

function sendText(res: http.ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(text);
}

function sendHtml(res: http.ServerResponse, status: number, html: string, headOnly: boolean): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(html)),
    'Cache-Control': 'no-store',
  });
  res.end(headOnly ? undefined : html);
}

/** Discards a body we will not read, so the connection stays usable and the client is not cut off mid-send. */
function drain(req: http.IncomingMessage): void {
  req.resume();
}

type Body = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

/**
 * Reads the body up to `limit` bytes. Past the limit it stops buffering but keeps reading to the
 * end before answering: a server that answers 413 mid-upload and closes makes most clients
 * report a reset connection instead of the clear error. A client that declares or keeps sending
 * far more than the limit is answered at once and cut off.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<Body> {
  const hardCap = Math.max(limit * 2, limit + 16 * 1024 * 1024);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > hardCap) {
    req.resume();
    return Promise.resolve({ kind: 'too-large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (b: Body) => {
      if (!settled) {
        settled = true;
        resolve(b);
      }
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > hardCap) {
        chunks.length = 0;
        settle({ kind: 'too-large' });
        req.pause();
      } else chunks.length = 0;
    });
    req.on('end', () => settle(size > limit ? { kind: 'too-large' } : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('aborted', () => settle({ kind: 'aborted' }));
  });
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}
