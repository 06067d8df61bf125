/**
 * The desktop side of bundles (.socle export and import):
 * - `bundles:chooseSaveFile` / `bundles:chooseOpenFile`: native dialogs; the path chosen is granted
 *   to the window (./bundle-paths.ts explains why the window may use no other path);
 * - `bundles:progress`: the hub's bundle progress, forwarded to the window only;
 * - `bundles:openFile`: a .socle file opened with the app (command line, second instance, macOS
 *   open-file, the menu's "Import a bundle…"), checked, granted and sent to the window, which
 *   shows its import preview.
 * Invoke channels check the sender frame like every other channel (./security.ts).
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type OpenDialogOptions, type SaveDialogOptions, type WebContents } from 'electron';
import type { Hub } from '../core/hub';
import { onBundleProgress } from '../core/bundles/progress';
import { HOST_CHANNELS, type BundleFileRef, type ChooseBundleFileResult } from '../../preload/types';
import { isTrustedFrame, isTrustedUrl } from './security';
import { BUNDLE_EXTENSION, bundleGrants, checkBundleFile, safeBundleName } from './bundle-paths';

const FILTERS = [{ name: 'Socle (.socle)', extensions: ['socle'] }];
const REFUSED: ChooseBundleFileResult = { status: 'error', message: 'Refused: this message does not come from the Socle window.' };

let getWindow: () => BrowserWindow | undefined = () => undefined;
/** Files opened with the app, waiting for the window (not created yet, or still loading). */
const pending: BundleFileRef[] = [];
let dialogOpen = false;

export function registerBundleShell(hub: Hub, windowGetter: () => BrowserWindow | undefined): () => void {
  getWindow = windowGetter;
  const ownerOf = (event: IpcMainInvokeEvent) => BrowserWindow.fromWebContents(event.sender) ?? undefined;
  ipcMain.handle(HOST_CHANNELS.bundleChooseSaveFile, (event: IpcMainInvokeEvent, raw: unknown) =>
    isTrustedFrame(event.senderFrame) ? chooseSaveFile(ownerOf(event), raw) : REFUSED,
  );
  ipcMain.handle(HOST_CHANNELS.bundleChooseOpenFile, (event: IpcMainInvokeEvent) =>
    isTrustedFrame(event.senderFrame) ? chooseOpenFile(ownerOf(event)) : REFUSED,
  );
  const stopProgress = onBundleProgress(hub, (p) => {
    const contents = trustedContents();
    // Plain values only: the window never gets the hub's objects.
    if (contents) contents.send(HOST_CHANNELS.bundleProgress, { op: p.op, phase: p.phase, done: p.done, total: p.total, token: p.token });
  });
  return () => {
    ipcMain.removeHandler(HOST_CHANNELS.bundleChooseSaveFile);
    ipcMain.removeHandler(HOST_CHANNELS.bundleChooseOpenFile);
    stopProgress();
  };
}

/** The window's contents, if it shows our own page (never send paths to anything else). */
function trustedContents(): WebContents | undefined {
  const win = getWindow();
  if (!win || win.isDestroyed()) return undefined;
  const contents = win.webContents;
  return isTrustedUrl(contents.getURL()) ? contents : undefined;
}

async function withDialog<T extends ChooseBundleFileResult>(fn: () => Promise<T>): Promise<ChooseBundleFileResult> {
  if (dialogOpen) return { status: 'error', message: 'A file dialog is already open.' };
  dialogOpen = true;
  try {
    return await fn();
  } catch (e) {
    return { status: 'error', message: e instanceof Error ? e.message : String(e) };
  } finally {
    dialogOpen = false;
  }
}

export function chooseSaveFile(owner: BrowserWindow | undefined, raw: unknown): Promise<ChooseBundleFileResult> {
  const suggested = raw && typeof raw === 'object' ? (raw as { suggestedName?: unknown }).suggestedName : undefined;
  return withDialog(async () => {
    const options: SaveDialogOptions = {
      defaultPath: path.join(app.getPath('documents'), safeBundleName(suggested)),
      filters: FILTERS,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { status: 'canceled' };
    let file = path.resolve(choice.filePath);
    if (!file.toLowerCase().endsWith(BUNDLE_EXTENSION)) {
      // Some dialogs do not add the filter's extension. The name with it was not confirmed by the
      // user, so it must not replace an existing file.
      file += BUNDLE_EXTENSION;
      const exists = await checkBundleFile(file);
      if (exists.ok) return { status: 'error', message: `${path.basename(file)} already exists: choose another name.` };
    }
    bundleGrants.grant(file, 'write');
    return { status: 'chosen', path: file, name: path.basename(file) };
  });
}

export function chooseOpenFile(owner: BrowserWindow | undefined): Promise<ChooseBundleFileResult> {
  return withDialog(async () => {
    const options: OpenDialogOptions = { properties: ['openFile'], filters: FILTERS };
    const choice = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    const picked = choice.filePaths[0];
    if (choice.canceled || !picked) return { status: 'canceled' };
    const checked = await checkBundleFile(picked);
    if (!checked.ok) return { status: 'error', message: checked.message };
    bundleGrants.grant(checked.path, 'read');
    return { status: 'chosen', path: checked.path, name: checked.name };
  });
}

/** A file the OS asks us to open: checked, granted, then shown in the window's import preview. */
export async function openBundleFromOS(raw: string): Promise<void> {
  const checked = await checkBundleFile(raw);
  if (!checked.ok) {
    await app.whenReady();
    const win = getWindow();
    const options = { type: 'error' as const, message: 'Socle', detail: `Ce fichier ne peut pas être importé. / This file cannot be imported.\n${checked.message}` };
    await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
    return;
  }
  bundleGrants.grant(checked.path, 'read');
  pending.push({ path: checked.path, name: checked.name });
  deliverPendingBundles();
}

/** The menu's "Import a bundle…": an open dialog, then the same way as a file opened with the app. */
export async function importBundleFromMenu(): Promise<void> {
  const win = getWindow();
  const r = await chooseOpenFile(win);
  if (r.status === 'chosen') {
    pending.push({ path: r.path, name: r.name });
    deliverPendingBundles();
  } else if (r.status === 'error') {
    const options = { type: 'error' as const, message: 'Socle', detail: r.message };
    await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
  }
}

/** Sends the waiting files once the window has loaded its page (the preload keeps them until the page listens). */
export function deliverPendingBundles(): void {
  const win = getWindow();
  if (!win || win.isDestroyed() || pending.length === 0) return;
  const contents = win.webContents;
  if (contents.isLoading() || !contents.getURL()) {
    contents.once('did-finish-load', deliverPendingBundles);
    return;
  }
  const target = trustedContents();
  if (!target) return;
  for (const file of pending.splice(0)) target.send(HOST_CHANNELS.bundleOpenFile, file);
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
