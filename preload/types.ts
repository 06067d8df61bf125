/**
 * What the preload puts on `window`, for the renderer to `import type` (the renderer must not
 * import this folder at run time). In the browser mode the renderer provides the same shapes
 * itself: `socle` over fetch, and a `socleHost` of kind 'browser'.
 */
import type { HubApi } from '../main/core/contract';
import type { BundleProgress } from '../main/core/bundles/progress';

/** `window.socle`: one function per contract method, each resolving to a Result (never throwing). */
export type SocleBridge = HubApi;

/** `window.socleHost`: the few things only the desktop shell can do. */
export interface SocleHost {
  kind: 'desktop';
  /**
   * Calls `cb` when the user presses Ctrl/Cmd+K or picks "Search" in the menu.
   * Returns a function that removes the listener (for React effects).
   */
  onFocusSearch(cb: () => void): () => void;
  /**
   * Opens an http(s) link in the system browser (a mailto: link in the mail client). Call it
   * from a click handler: it is ignored unless the page has a fresh user gesture, so a page
   * cannot open links on its own. Links never navigate the window itself (navigation is
   * blocked), so external links in rendered Markdown must go through this.
   */
  openExternal(url: string): Promise<boolean>;
  /**
   * Saves the workshop results dashboard (the HTML from `dashboardHtml`) where the user chooses in
   * a save dialog: as that HTML file, or as a PDF printed from it in a hidden, script-less window.
   */
  saveDashboard(input: SaveDashboardInput): Promise<SaveDashboardResult>;
  /**
   * Bundles (main/app/bundles.ts). A save dialog for an export: the path it returns is the only
   * `outFile` the window may then pass to `exportBundle`. Call from a click (user gesture).
   */
  chooseBundleSaveFile(input: { suggestedName: string }): Promise<ChooseBundleFileResult>;
  /** An open dialog for a .socle file: the path it returns may then be passed to importPreview/importApply as `file`. */
  chooseBundleOpenFile(): Promise<ChooseBundleFileResult>;
  /** Progress of exportBundle/importPreview/importApply calls made with a progressToken. Returns the unsubscribe function. */
  onBundleProgress(cb: (p: BundleProgress) => void): () => void;
  /**
   * A .socle file the user opened with the app (command line, file association, macOS "open
   * file", or the menu's "Import a bundle…"). Events that came before the page subscribed are
   * delivered on subscription. Returns the unsubscribe function.
   */
  onOpenBundle(cb: (file: BundleFileRef) => void): () => void;
}

export interface SaveDashboardInput {
  html: string;
  /** Suggested name; reduced to a plain base name by the shell. */
  fileName: string;
  format: 'pdf' | 'html';
}

export type SaveDashboardResult = { status: 'saved'; path: string } | { status: 'canceled' } | { status: 'error'; message: string };

/** A bundle file the main process chose or checked (absolute path and its base name). */
export interface BundleFileRef {
  path: string;
  name: string;
}
export type ChooseBundleFileResult = ({ status: 'chosen' } & BundleFileRef) | { status: 'canceled' } | { status: 'error'; message: string };

/** Channels of the desktop shell outside the contract (the contract's are `socle:<method>`). */
export const HOST_CHANNELS = {
  focusSearch: 'socle-host:focus-search',
  openExternal: 'socle-host:open-external',
  saveDashboard: 'socle-host:save-dashboard',
  bundleChooseSaveFile: 'bundles:chooseSaveFile',
  bundleChooseOpenFile: 'bundles:chooseOpenFile',
  /** main -> window events */
  bundleProgress: 'bundles:progress',
  bundleOpenFile: 'bundles:openFile',
} as const;

/**
 * The globals the preload defines. Not declared globally here, so the renderer stays the one
 * owner of its `Window` typing: `declare global { interface Window extends Partial<SocleGlobals> {} }`.
 */
export interface SocleGlobals {
  socle: SocleBridge;
  socleHost: SocleHost;
}
