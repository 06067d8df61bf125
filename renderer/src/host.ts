/**
 * What the desktop shell may add beside the API (`window.socleHost`): a shortcut to focus the
 * search from the application menu, and opening links in the system browser. In a browser it is
 * absent and the renderer falls back to web behaviour (new tab, rel=noopener).
 */
import type { SaveDashboardInput, SaveDashboardResult } from '../../preload/types';
import { safeExternalUrl } from '../../main/core/markdown';
import type { SocleHost as DesktopHost } from '../../preload/types';

export interface SocleHost {
  kind: 'desktop' | string;
  onFocusSearch?: (cb: () => void) => void | (() => void);
  openExternal?: (url: string) => void | Promise<unknown>;
  /** Desktop only: save dialog, then the dashboard as HTML or as a PDF printed from it. */
  saveDashboard?: (input: SaveDashboardInput) => Promise<SaveDashboardResult>;
  /** Desktop only, bundles: native file dialogs, progress events, files opened with the app. */
  chooseBundleSaveFile?: DesktopHost['chooseBundleSaveFile'];
  chooseBundleOpenFile?: DesktopHost['chooseBundleOpenFile'];
  onBundleProgress?: DesktopHost['onBundleProgress'];
  onOpenBundle?: DesktopHost['onOpenBundle'];
}

export const host: SocleHost | undefined = (globalThis as unknown as { socleHost?: SocleHost }).socleHost;

export function isExternalUrl(href: string): boolean {
  return /^(https?:|mailto:)/i.test(href);
}

/** Opens an http(s) or mailto link outside the app: the system browser, or a new tab. */
export function openExternal(raw: string): void {
  const url = safeExternalUrl(raw);
  if (!url) return;
  if (host?.openExternal) {
    void host.openExternal(url);
    return;
  }
  window.open(url, '_blank', 'noopener,noreferrer');
}
