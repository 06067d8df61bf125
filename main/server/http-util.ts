/** Small node:http helpers shared by the browser mode's routes (JSON answers, bodies, cookies). */
import type http from 'node:http';
import type { ErrorCode, HubError } from '../core/result';
import { SECURITY_HEADERS } from './static';

export function failure(code: ErrorCode, message: string, field?: string): { ok: false; error: HubError } {
  return { ok: false, error: { code, message, ...(field ? { field } : {}) } };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string | string[]> = {}, headOnly = false): void {
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

export function sendText(res: http.ServerResponse, status: number, text: string, extra: Record<string, string | string[]> = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(text);
}

export function sendHtml(res: http.ServerResponse, status: number, html: string, headOnly: boolean): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(html)),
    'Cache-Control': 'no-store',
  });
  res.end(headOnly ? undefined : html);
}

/** Discards a body we will not read, so the connection stays usable and the client is not cut off mid-send. */
export function drain(req: http.IncomingMessage): void {
  req.resume();
}

export type Body = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

/**
 * Reads the body up to `limit` bytes. Past the limit it stops buffering but keeps reading to the
 * end before answering: a server that answers 413 mid-upload and closes makes most clients
 * report a reset connection instead of the clear error. A client that declares or keeps sending
 * far more than the limit is answered at once and cut off. A body that makes no progress for
 * `idleMs` is cut off (slowloris): the long request timeout applies only while bytes arrive.
 */
export function readBody(req: http.IncomingMessage, limit: number, idleMs: number): Promise<Body> {
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
    let idle: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        settle({ kind: 'aborted' });
        req.socket.destroy();
      }, idleMs);
    };
    const settle = (b: Body) => {
      clearTimeout(idle);
      if (!settled) {
        settled = true;
        resolve(b);
      }
    };
    arm();
    req.on('data', (chunk: Buffer) => {
      arm();
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
    req.on('close', () => settle({ kind: 'aborted' }));
  });
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}

/** The value of one cookie from the Cookie header (first occurrence). */
export function cookieValue(req: http.IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

export function sessionCookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`;
}

/** Caps open connections per client address and in total; the extra ones are closed at once. */
export function capConnections(server: http.Server, limits: { perAddress: number; total: number }): () => number {
  const counts = new Map<string, number>();
  let total = 0;
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? '?';
    const mine = counts.get(address) ?? 0;
    if (mine >= limits.perAddress || total >= limits.total) {
      socket.destroy();
      return;
    }
    counts.set(address, mine + 1);
    total++;
    socket.once('close', () => {
      total--;
      const n = (counts.get(address) ?? 1) - 1;
      if (n <= 0) counts.delete(address);
      else counts.set(address, n);
    });
  });
  return () => total;
}
