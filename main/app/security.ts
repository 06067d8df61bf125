/**
 * Electron's security checklist, in one place (https://www.electronjs.org/docs/latest/tutorial/security):
 * the renderer is sandboxed, isolated and without Node; it may load only the app's own origin;
 * it may not navigate, open windows, attach webviews, ask for permissions or reach the network.
 * The IPC handlers check every message's sender frame with `isTrustedFrame`.
 */
import { app, session, type WebContents, type WebFrameMain } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../server/static';
import { devServerOriginFrom } from './dev-server';

export const APP_SCHEME = 'app';
export const APP_HOST = 'socle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/`;

/** The Vite dev server, only with the explicit development flag and never when packaged (./dev-server.ts). */
export function devServerOrigin(): string | undefined {
  return devServerOriginFrom(process.env, app.isPackaged);
}

/** True for app://socle/... (and the dev server in development). */
export function isTrustedUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    // WHATWG gives custom schemes an opaque origin ("null"), so compare scheme and host instead.
    if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true;
    const dev = devServerOrigin();
    return !!dev && u.origin === dev;
  } catch {
    return false;
  }
}

/** A message counts only if it comes from the top frame of our own page. */
export function isTrustedFrame(frame: WebFrameMain | null | undefined): boolean {
  return !!frame && frame.parent === null && isTrustedUrl(frame.url);
}

/** The CSP in development: Vite's dev server needs inline scripts (React refresh) and a websocket. */
function policy(): string {
  const dev = devServerOrigin();
  if (!dev) return CONTENT_SECURITY_POLICY;
  const ws = dev.replace(/^http/, 'ws');
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", `connect-src 'self' ${ws}`);
}

/**
 * Session-wide rules, set once before the first window: CSP on every HTTP response (app://
 * responses carry it from the protocol handler), no network requests at all (the app is offline
 * by design; external links go to the system browser), and no permissions.
 */
export function hardenSession(): void {
  const ses = session.defaultSession;
  const dev = devServerOrigin();

  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    callback({ cancel: !isDevServerRequest(details.url, dev) });
  });

  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    headers['Content-Security-Policy'] = [policy()];
    callback({ responseHeaders: headers });
  });

  // Copying to the clipboard from a button is the one web permission the UI uses; it is
  // write-only and only for our own page. Everything else (camera, notifications, ...) is denied.
  ses.setPermissionRequestHandler((webContents, permission, callback, details) => {
    callback(permission === 'clipboard-sanitized-write' && isTrustedUrl(details.requestingUrl));
  });
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => permission === 'clipboard-sanitized-write' && isTrustedUrl(requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  ses.on('will-download', (event, item) => {
    // Exports are produced by the page as blob: URLs; nothing is ever downloaded from elsewhere.
    if (!item.getURL().startsWith('blob:')) event.preventDefault();
  });
}

function isDevServerRequest(url: string, dev: string | undefined): boolean {
  if (!dev) return false;
  try {
    const origin = new URL(url).origin;
    return origin === dev || origin === dev.replace(/^http/, 'ws');
  } catch {
    return false;
  }
}

/** Per-page rules: no navigation away, no new windows, no webviews. */
export function hardenContents(contents: WebContents): void {
  // Both events are denied outright: the UI routes client-side (pushState does not fire them),
  // and an external link must go through socleHost.openExternal, which needs a user gesture.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isTrustedUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
