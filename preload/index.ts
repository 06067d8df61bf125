/**
 * The sandboxed preload: the page's only door to the main process. Exposes `window.socle` (one
 * function per contract method, generated from METHODS, so a new method needs no edit here) and
 * `window.socleHost` (focus-search events, external links). Never exposes ipcRenderer itself nor
 * the IPC event objects, which would hand the page the raw channel.
 *
 * Bundled to CommonJS with no runtime imports from main/ except the dependency-free method list.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { METHODS, channelOf } from '../main/core/contract-methods';
import { HOST_CHANNELS, type SocleBridge, type SocleHost } from './types';

const api = Object.fromEntries(
  METHODS.map((method) => [method, (input: unknown) => ipcRenderer.invoke(channelOf(method), input ?? {})]),
) as unknown as SocleBridge;

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
};

contextBridge.exposeInMainWorld('socle', api);
contextBridge.exposeInMainWorld('socleHost', host);
