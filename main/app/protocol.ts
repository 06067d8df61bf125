/**
 * The `app://socle/` scheme: the UI is served from out/renderer through this handler rather than
 * file://, so the page has a real origin (CSP 'self', no access to other local files) and every
 * path goes through the same traversal checks as the browser mode (../server/static.ts).
 */
import { promises as fs } from 'node:fs';
import { protocol } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SECURITY_HEADERS, mimeTypeOf, notBuiltPage, resolveStaticPath } from '../server/static';
import { APP_HOST, APP_SCHEME } from './security';

/** Must run before the app is ready (Electron reads privileges at start-up). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: real origin and relative URLs; secure: treated like https (secure context).
      // No bypassCSP, no service workers, no CORS: the page needs none of them.
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

export function handleAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const text = (status: number, body: string) =>
      new Response(body, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return text(400, 'Bad request.');
    }
    if (url.host !== APP_HOST) return text(404, 'Not found.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed.');
    // url.pathname is still percent-encoded, as resolveStaticPath expects.
    const lookup = await resolveStaticPath(rendererDir, url.pathname);
    if (lookup.kind === 'bad-request') return text(400, lookup.reason);
    if (lookup.kind === 'not-found') {
      if (path.posix.extname(url.pathname) === '' && !existsSync(path.join(rendererDir, 'index.html'))) {
        return new Response(notBuiltPage('desktop'), { status: 503, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' } });
      }
      return text(404, 'Not found.');
    }
    const body = request.method === 'HEAD' ? null : await fs.readFile(lookup.file);
    return new Response(body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': mimeTypeOf(lookup.file), 'Cache-Control': 'no-cache' },
    });
  });
}
