/**
 * IPC: one `ipcMain.handle` per contract method (channel `socle:<method>`, from METHODS, never
 * typed by hand), plus the shell's `socle-host:open-external` and `socle-host:save-dashboard`.
 * Every message is checked for its sender frame first, then validated by dispatch() (the same
 * boundary as HTTP and the CLI) or, for the shell's channels, by their own parsers.
 */
import { ipcMain, shell, type IpcMainInvokeEvent } from 'electron';
import { METHODS, channelOf } from '../core/contract-methods';
import { dispatch } from '../core/dispatch';
import { safeExternalUrl } from '../core/markdown';
import type { HubMethods } from '../core/contract';
import type { Result } from '../core/result';
import { HOST_CHANNELS } from '../../preload/types';
import { isTrustedFrame } from './security';
import { saveDashboard } from './dashboard-export';
import { ungrantedBundlePath } from './bundle-paths';

const REFUSED_MESSAGE = 'Refused: this message does not come from the Socle window.';
const refused: Result<never> = { ok: false, error: { code: 'invalid', message: REFUSED_MESSAGE } };

export function registerIpc(hub: HubMethods): () => void {
  for (const method of METHODS) {
    ipcMain.handle(channelOf(method), (event: IpcMainInvokeEvent, input: unknown) =>
      // Bundle file paths: only those the main process handed out (see ./bundle-paths.ts).
      isTrustedFrame(event.senderFrame) ? (ungrantedBundlePath(method, input) ?? dispatch(hub, method, input)) : refused,
    );
  }
  ipcMain.handle(HOST_CHANNELS.openExternal, (event: IpcMainInvokeEvent, raw: unknown) =>
    isTrustedFrame(event.senderFrame) ? openExternal(raw) : false,
  );
  ipcMain.handle(HOST_CHANNELS.saveDashboard, (event: IpcMainInvokeEvent, raw: unknown) =>
    isTrustedFrame(event.senderFrame) ? saveDashboard(event.sender, raw) : { status: 'error', message: REFUSED_MESSAGE },
  );
  return () => {
    for (const method of METHODS) ipcMain.removeHandler(channelOf(method));
    ipcMain.removeHandler(HOST_CHANNELS.openExternal);
    ipcMain.removeHandler(HOST_CHANNELS.saveDashboard);
  };
}

let lastOpen = 0;

/**
 * Opens an http(s) URL in the system browser (or a mailto: link in the mail client). The preload
 * forwards only calls made during a user gesture; here the URL is checked again (scheme, no credentials, sane length) and calls are
 * rate-limited, so even a compromised page cannot spray the desktop with browser tabs or hand
 * the OS a `file:` or custom-scheme URL to execute.
 */
export async function openExternal(raw: unknown): Promise<boolean> {
  const url = parseExternalUrl(raw);
  if (!url) return false;
  const now = Date.now();
  if (now - lastOpen < 1000) return false;
  lastOpen = now;
  try {
    await shell.openExternal(url);
    return true;
  } catch {
    return false;
  }
}

/** What openExternal accepts: see safeExternalUrl (mailto: without its query). */
export const parseExternalUrl = safeExternalUrl;
