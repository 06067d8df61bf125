/**
 * What the preload puts on `window`, for the renderer to `import type` (the renderer must not
 * import this folder at run time). In the browser mode the renderer provides the same shapes
 * itself: `socle` over fetch, and a `socleHost` of kind 'browser'.
 */
import type { HubApi } from '../main/core/contract';

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
}

/** Channels of the desktop shell outside the contract (the contract's are `socle:<method>`). */
export const HOST_CHANNELS = {
  focusSearch: 'socle-host:focus-search',
  openExternal: 'socle-host:open-external',
} as const;

/**
 * The globals the preload defines. Not declared globally here, so the renderer stays the one
 * owner of its `Window` typing: `declare global { interface Window extends Partial<SocleGlobals> {} }`.
 */
export interface SocleGlobals {
  socle: SocleBridge;
  socleHost: SocleHost;
}
