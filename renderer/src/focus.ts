/**
 * Focus after navigation: when the route changes, the new screen's title takes the focus (so a
 * keyboard or screen-reader user lands at the top of what they opened), unless the user is typing
 * in the search box, which must keep it.
 */
let pending = false;

export const SEARCH_INPUT_ID = 'socle-search';

export function requestTitleFocus(): void {
  pending = true;
}

export function takeTitleFocus(el: HTMLElement | null): void {
  if (!pending || !el) return;
  pending = false;
  const active = document.activeElement;
  if (active && active.id === SEARCH_INPUT_ID) return;
  el.focus({ preventScroll: false });
}

/** Asks the search screen to move focus into its results (ArrowDown from the search box). */
export const FOCUS_RESULTS_EVENT = 'socle:focus-results';
