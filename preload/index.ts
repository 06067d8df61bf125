/**
 * The sandboxed preload: the page's only door to the main process. Exposes `window.socle` (one
 * function per contract method, generated from METHODS, so a new method needs no edit here) and
 * `window.socleHost` (focus-search events, external links, saving the workshop dashboard, bundle
 * file dialogs, progress and files opened with the app). Never exposes ipcRenderer itself nor the
 * IPC event objects, which would hand the page the raw channel.
 *
 * Bundled to CommonJS with no runtime imports from main/ except the dependency-free method list.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { METHODS, channelOf } from '../main/core/contract-methods';
import {
  HOST_CHANNELS,
  type BundleFileRef,
  type ChooseBundleFileResult,
  type SaveDashboardInput,
  type SaveDashboardResult,
  type SocleBridge,
  type SocleHost,
} from './types';
import type { BundleProgress } from '../main/core/bundles/progress';

const api = Object.fromEntries(
  METHODS.map((method) => [method, (input: unknown) => ipcRenderer.invoke(channelOf(method), input ?? {})]),
) as unknown as SocleBridge;

// Bundle files opened with the app can arrive before the page subscribes (the main process sends
// them once the page has loaded): kept here until it does. Only plain { path, name } strings.
const openedBundles: BundleFileRef[] = [];
let onOpened: ((file: BundleFileRef) => void) | undefined;
ipcRenderer.on(HOST_CHANNELS.bundleOpenFile, (_event, raw: unknown) => {
  const { path, name } = (raw ?? {}) as Partial<BundleFileRef>;
  if (typeof path !== 'string' || typeof name !== 'string') return;
  if (onOpened) onOpened({ path, name });
  else openedBundles.push({ path, name });
});

const noGesture: ChooseBundleFileResult = { status: 'error', message: 'A file dialog opens only from a click.' };

const host: SocleHost = {
  kind: 'desktop',
  onFocusSearch(cb) {
    if (typeof cb !== 'function') throw new TypeError('onFocusSearch expects a function');
    // Wrapped so the page never receives the IpcRendererEvent (it carries `sender`).
    const listener = () => cb();
    ipcRenderer.on(HOST_CHANNELS.focusSearch, listener);
    return () => {
      ipcRenderer.removeListener(HOST_CHANNELS.focusSearch, listener);
    };
  },
  async openExternal(url) {
    if (typeof url !== 'string') return false;
    // Transient user activation cannot be forged by page script: a link opens only right after a
    // real click or key press. (The main process validates the URL again.)
    if (!navigator.userActivation?.isActive) return false;
    return (await ipcRenderer.invoke(HOST_CHANNELS.openExternal, url)) === true;
  },
  async saveDashboard(input) {
    // Only plain values cross the bridge; the main process validates them again.
    const { html, fileName, format } = (input ?? {}) as Partial<SaveDashboardInput>;
    if (typeof html !== 'string' || typeof fileName !== 'string' || (format !== 'pdf' && format !== 'html')) {
      return { status: 'error', message: 'Invalid export request.' };
    }
    return (await ipcRenderer.invoke(HOST_CHANNELS.saveDashboard, { html, fileName, format })) as SaveDashboardResult;
  },
  async chooseBundleSaveFile(input) {
    // Dialogs only from a real click, like external links: a page cannot pop them up on its own.
    if (!navigator.userActivation?.isActive) return noGesture;
    const suggestedName = typeof input?.suggestedName === 'string' ? input.suggestedName.slice(0, 200) : '';
    return (await ipcRenderer.invoke(HOST_CHANNELS.bundleChooseSaveFile, { suggestedName })) as ChooseBundleFileResult;
  },
  async chooseBundleOpenFile() {
    if (!navigator.userActivation?.isActive) return noGesture;
    return (await ipcRenderer.invoke(HOST_CHANNELS.bundleChooseOpenFile)) as ChooseBundleFileResult;
  },
  onBundleProgress(cb) {
    if (typeof cb !== 'function') throw new TypeError('onBundleProgress expects a function');
    const listener = (_event: unknown, p: BundleProgress) => cb({ op: p.op, phase: p.phase, done: p.done, total: p.total, token: p.token });
    ipcRenderer.on(HOST_CHANNELS.bundleProgress, listener);
    return () => {
      ipcRenderer.removeListener(HOST_CHANNELS.bundleProgress, listener);
    };
  },
  onOpenBundle(cb) {
    if (typeof cb !== 'function') throw new TypeError('onOpenBundle expects a function');
    onOpened = cb;
    for (const file of openedBundles.splice(0)) cb(file);
    return () => {
      if (onOpened === cb) onOpened = undefined;
    };
  },
};

contextBridge.exposeInMainWorld('socle', api);
contextBridge.exposeInMainWorld('socleHost', host);
