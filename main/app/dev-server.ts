/**
 * The Vite dev server the desktop window may load instead of app://socle/ (`npm run dev`, which
 * runs `electron-vite dev` with SOCLE_DEV=1). electron-vite passes its address in
 * ELECTRON_RENDERER_URL; that variable alone is never enough, since anything able to set a
 * user's environment could otherwise point the window (and its IPC trust) at another page: it
 * counts only with the explicit development flag SOCLE_DEV=1, never in a packaged app, and only
 * for an http(s) address on this machine. No Electron import, so it is unit-tested.
 */
export function devServerOriginFrom(env: NodeJS.ProcessEnv, isPackaged: boolean): string | undefined {
  const url = env.ELECTRON_RENDERER_URL;
  if (isPackaged || env.SOCLE_DEV !== '1' || !url) return undefined;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && (u.hostname === 'localhost' || u.hostname === '127.0.0.1') ? u.origin : undefined;
  } catch {
    return undefined;
  }
}
