/**
 * The workshop screens' hash routes, parsed here so the app's router only needs to know that
 * `#/workshop/...` and `#/plan/...` belong to the workshop feature:
 *
 *   #/workshops                                  the list (and the Dakar 2017 template)
 *   #/workshop/<id>                              programme, "now", rotation timer, groups
 *   #/workshop/<id>/capture?group=g&session=s    quick capture in a group
 *   #/workshop/<id>/plans                        the country plans
 *   #/plan/<id>                                  one country plan
 *   #/workshop/<id>/dashboard                    the results dashboard and its exports
 */
export type WorkshopRoute =
  | { screen: 'home'; workshopId: string }
  | { screen: 'capture'; workshopId: string; groupId?: string; sessionId?: string }
  | { screen: 'plans'; workshopId: string }
  | { screen: 'plan'; planId: string }
  | { screen: 'dashboard'; workshopId: string }
  | { screen: 'unknown' };

export function parseWorkshopRoute(parts: string[], params: URLSearchParams): WorkshopRoute {
  const [head, id, sub] = parts;
  if (!id) return { screen: 'unknown' };
  if (head === 'plan' && parts.length === 2) return { screen: 'plan', planId: id };
  if (head !== 'workshop') return { screen: 'unknown' };
  if (parts.length === 2) return { screen: 'home', workshopId: id };
  if (parts.length !== 3) return { screen: 'unknown' };
  if (sub === 'capture') {
    const groupId = params.get('group') || undefined;
    const sessionId = params.get('session') || undefined;
    return { screen: 'capture', workshopId: id, ...(groupId ? { groupId } : {}), ...(sessionId ? { sessionId } : {}) };
  }
  if (sub === 'plans') return { screen: 'plans', workshopId: id };
  if (sub === 'dashboard') return { screen: 'dashboard', workshopId: id };
  return { screen: 'unknown' };
}

const enc = encodeURIComponent;

export const whref = {
  list: () => '#/workshops',
  home: (id: string) => `#/workshop/${enc(id)}`,
  capture: (id: string, opts: { group?: string; session?: string } = {}) => {
    const qs = new URLSearchParams();
    if (opts.group) qs.set('group', opts.group);
    if (opts.session) qs.set('session', opts.session);
    const s = qs.toString();
    return `#/workshop/${enc(id)}/capture${s ? `?${s}` : ''}`;
  },
  plans: (id: string) => `#/workshop/${enc(id)}/plans`,
  plan: (id: string) => `#/plan/${enc(id)}`,
  dashboard: (id: string) => `#/workshop/${enc(id)}/dashboard`,
  /** The practice editor, prefilled from a workshop note (see Editor's `fromNote`). */
  promote: (noteId: string) => `#/new/practice?fromNote=${enc(noteId)}`,
};
