/**
 * A tiny hash router: `#/search?q=...`, `#/record/<id>`, `#/edit/<id>`, `#/new/practice`,
 * `#/trash`, `#/workshops`, `#/workshop/...`, `#/plan/<id>`, the sharing screens `#/export`,
 * `#/import`, `#/conflicts`, and the browse screens `#/browse`, `#/country/<CC>`, `#/theme/<tag>`,
 * `#/c102`, `#/reading-lists`. Hash routing works the same
 * from the desktop's custom protocol and from `socle serve`, with no server-side routes to keep
 * in step.
 */
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'search'; params: URLSearchParams }
  | { name: 'record'; id: string; section?: string }
  | { name: 'edit'; id: string }
  | { name: 'new'; type: 'practice'; fromNote?: string }
  | { name: 'trash' }
  | { name: 'workshops' }
  /** `#/workshop/<id>[/capture|plans|dashboard]` and `#/plan/<id>`: see screens/workshop. */
  | { name: 'workshop'; parts: string[]; params: URLSearchParams }
  /** `#/export`, `#/import[/preview]`, `#/conflicts[/<id>]`: see screens/bundles. */
  | { name: 'bundles'; parts: string[]; params: URLSearchParams }
  /** `#/browse`, `#/country/<CC>`, `#/theme/<tag>`, `#/c102`, `#/reading-lists`: see screens/browse. */
  | { name: 'browse'; parts: string[] }
  /** `#/clinics`, `#/coverage/<id|new>`, `#/project/<id|new>`, `#/compare?a=&b=`: see screens/clinics. */
  | { name: 'clinics'; parts: string[]; params: URLSearchParams }
  /** `#/sync`: the Sync panel (screens/sync). */
  | { name: 'sync' }
  /** `#/room`: the facilitator's workshop room panel (screens/room). */
  | { name: 'room' }
  | { name: 'not-found'; path: string };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path = '/', query = ''] = raw.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const [head, arg] = parts;
  if (!head) return { name: 'home' };
  if (head === 'search' && parts.length === 1) return { name: 'search', params };
  if (head === 'record' && arg && parts.length === 2) return { name: 'record', id: arg, section: params.get('s') ?? undefined };
  if (head === 'edit' && arg && parts.length === 2) return { name: 'edit', id: arg };
  if (head === 'new' && arg === 'practice' && parts.length === 2) {
    const fromNote = params.get('fromNote');
    return fromNote ? { name: 'new', type: 'practice', fromNote } : { name: 'new', type: 'practice' };
  }
  if (head === 'trash' && parts.length === 1) return { name: 'trash' };
  if (head === 'sync' && parts.length === 1) return { name: 'sync' };
  if (head === 'workshops' && parts.length === 1) return { name: 'workshops' };
  if ((head === 'workshop' || head === 'plan') && arg) return { name: 'workshop', parts, params };
  if (head === 'export' || head === 'import' || head === 'conflicts') return { name: 'bundles', parts, params };
  if (head === 'browse' || head === 'country' || head === 'theme' || head === 'c102' || head === 'reading-lists') return { name: 'browse', parts };
  if (head === 'room' && parts.length === 1) return { name: 'room' };
  if (head === 'clinics' || head === 'coverage' || head === 'project' || head === 'compare') return { name: 'clinics', parts, params };
  return { name: 'not-found', path };
}

export const href = {
  home: () => '#/',
  search: (params?: URLSearchParams | string) => {
    const qs = typeof params === 'string' ? new URLSearchParams({ q: params }).toString() : (params?.toString() ?? '');
    return `#/search${qs ? `?${qs}` : ''}`;
  },
  record: (id: string, section?: string) => `#/record/${encodeURIComponent(id)}${section ? `?s=${encodeURIComponent(section)}` : ''}`,
  edit: (id: string) => `#/edit/${encodeURIComponent(id)}`,
  newPractice: () => '#/new/practice',
  trash: () => '#/trash',
  sync: () => '#/sync',
  workshops: () => '#/workshops',
};

/**
 * Goes to a hash route; `replace` rewrites the current history entry (typing in the search box).
 * The hash changes at once, but `hashchange` comes later: the screens are told now, so that a
 * control that navigates (a facet's checkbox) shows its new state in the same render instead of
 * flicking back until the event (React restores a controlled input after its handler).
 */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const target = to.startsWith('#') ? to : `#${to}`;
  if (window.location.hash === target) return;
  if (opts.replace) window.location.replace(target);
  else window.location.hash = target;
  for (const cb of [...listeners]) cb();
}

const listeners = new Set<() => void>();

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  listeners.add(cb);
  return () => {
    window.removeEventListener('hashchange', cb);
    listeners.delete(cb);
  };
}

/** The current hash (a string, so React can compare snapshots cheaply). */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash, () => '');
}
