/**
 * Serving the built renderer safely, shared by the browser mode (./server.ts) and the desktop
 * shell's `app://socle/` protocol handler (main/app/protocol.ts), so both refuse the same paths
 * and send the same Content-Security-Policy.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The one Content-Security-Policy of the UI. No 'unsafe-inline' anywhere: Vite's production build
 * emits external scripts and stylesheets, and React applies `style={...}` props through the CSSOM,
 * which CSP does not govern, so inline styles are not needed. `data:` images cover small inline
 * icons. form-action 'none' because every form is handled in script (no real submissions).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Headers sent with every response of the browser mode (and every app:// response). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // Legacy twin of frame-ancestors for browsers that ignore CSP in frames.
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function mimeTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup =
  /** A file to send. `fallback` is true when index.html stands in for a client-side route. */
  | { kind: 'file'; file: string; fallback: boolean }
  /** Nothing there (a missing asset, or a path that would leave the root). */
  | { kind: 'not-found' }
  /** A request path that is malformed or an attack (NUL bytes, encoded slashes, bad escapes). */
  | { kind: 'bad-request'; reason: string };

/**
 * Maps a raw URL path (as received, still percent-encoded, query allowed) to a file inside `root`.
 * Refuses, rather than "cleans", anything suspicious: encoded slashes or backslashes (they let
 * `..%2f` slip past naive normalisers), NUL bytes, malformed escapes, and any path resolving
 * outside `root` once decoded and normalised, including through a symbolic link. A path without
 * an extension that matches no file gets index.html, so client-side routes survive a reload.
 */
export async function resolveStaticPath(root: string, rawPath: string): Promise<StaticLookup> {
  const pathname = rawPath.split(/[?#]/, 1)[0] ?? '';
  if (!pathname.startsWith('/')) return { kind: 'bad-request', reason: 'The path must start with "/".' };
  if (/%(2f|5c|00)/i.test(pathname) || pathname.includes('\\') || pathname.includes('\0')) {
    return { kind: 'bad-request', reason: 'Encoded slashes, backslashes and NUL bytes are not allowed in paths.' };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'bad-request', reason: 'The path is not correctly percent-encoded.' };
  }
  if (decoded.includes('\0')) return { kind: 'bad-request', reason: 'NUL bytes are not allowed in paths.' };
  // Any `..` segment is refused outright, even one that would stay inside root after
  // normalisation: no legitimate asset URL contains one.
  if (decoded.split('/').some((segment) => segment === '..')) return { kind: 'not-found' };

  const rootReal = await realpathOrUndefined(root);
  if (!rootReal) return { kind: 'not-found' };
  const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
  // Dotfiles (.env, .git...) are never part of a build: do not serve them even if present.
  if (relative.split('/').some((segment) => segment.startsWith('.'))) return { kind: 'not-found' };
  const candidate = path.resolve(rootReal, relative || 'index.html');
  if (!isInside(rootReal, candidate)) return { kind: 'not-found' };

  const found = await regularFileInside(rootReal, candidate);
  if (found) return { kind: 'file', file: found, fallback: false };
  const isDirectory = await fs.stat(candidate).then((s) => s.isDirectory(), () => false);
  if (isDirectory) {
    const index = await regularFileInside(rootReal, path.join(candidate, 'index.html'));
    if (index) return { kind: 'file', file: index, fallback: false };
  }
  if (path.posix.extname(relative) === '') {
    const index = await regularFileInside(rootReal, path.join(rootReal, 'index.html'));
    if (index) return { kind: 'file', file: index, fallback: true };
  }
  return { kind: 'not-found' };
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function realpathOrUndefined(p: string): Promise<string | undefined> {
  try {
    return await fs.realpath(p);
  } catch {
    return undefined;
  }
}

/** The file's real path if it is a regular file that really lives inside root (symlinks resolved). */
async function regularFileInside(rootReal: string, candidate: string): Promise<string | undefined> {
  const real = await realpathOrUndefined(candidate);
  if (!real || !isInside(rootReal, real)) return undefined;
  const stat = await fs.stat(real).catch(() => undefined);
  return stat?.isFile() ? real : undefined;
}

/** Hashed build assets never change under the same name; everything else is revalidated. */
export function cacheControlFor(file: string): string {
  const hashedAsset = path.basename(path.dirname(file)) === 'assets' && /-[\w-]{8,}\.\w+$/.test(path.basename(file));
  return hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Shown instead of the UI when out/renderer has not been built (a fresh checkout). In the
 * browser mode the API keeps working meanwhile. No inline style or script: the CSP forbids them.
 */
export function notBuiltPage(mode: 'browser' | 'desktop'): string {
  const browser = mode === 'browser';
  const en = browser
    ? '<code>npm run build</code> (or simply <code>npm run serve</code>, which builds what is missing)'
    : '<code>npm start</code>, which builds what is missing';
  const fr = browser
    ? '<code>npm run build</code> (ou simplement <code>npm run serve</code>, qui construit ce qui manque)'
    : '<code>npm start</code>, qui construit ce qui manque';
  const api = browser ? '\n<p>The API answers at <code>/api/&lt;method&gt;</code> meanwhile (<a href="/api/health">health check</a>).</p>' : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Socle: the interface is not built</title></head>
<body>
<h1>Socle is running, but its interface has not been built yet</h1>
<p>In the Socle folder, run ${en}, then reload this page.</p>
<p lang="fr">L'interface de Socle n'est pas encore construite. Dans le dossier de Socle, lancez ${fr}, puis rechargez cette page.</p>${api}
</body>
</html>
`;
}
