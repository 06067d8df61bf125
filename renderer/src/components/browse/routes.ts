/**
 * The browse feature's hash routes, behind the app router's `browse` route:
 *
 *   #/browse              countries, themes, the C102 matrix and reading lists
 *   #/country/<CC>        everything about one country
 *   #/theme/<tag>         one theme's guides and practices
 *   #/c102                the C102 branches x countries matrix
 *   #/reading-lists       bookmarks and reading lists
 */
export const BROWSE_HEADS = ['browse', 'country', 'theme', 'c102', 'reading-lists'] as const;

export type BrowseRoute =
  | { screen: 'index' }
  | { screen: 'country'; country: string }
  | { screen: 'theme'; theme: string }
  | { screen: 'matrix' }
  | { screen: 'lists' }
  | { screen: 'unknown' };

export function parseBrowseRoute(parts: string[]): BrowseRoute {
  const [head, arg, ...rest] = parts;
  if (rest.length) return { screen: 'unknown' };
  if (head === 'browse' && !arg) return { screen: 'index' };
  if (head === 'country' && arg && /^[A-Za-z]{2}$/.test(arg)) return { screen: 'country', country: arg.toUpperCase() };
  if (head === 'theme' && arg) return { screen: 'theme', theme: arg };
  if (head === 'c102' && !arg) return { screen: 'matrix' };
  if (head === 'reading-lists' && !arg) return { screen: 'lists' };
  return { screen: 'unknown' };
}

export const browseHref = {
  index: () => '#/browse',
  country: (code: string) => `#/country/${encodeURIComponent(code)}`,
  theme: (tag: string) => `#/theme/${encodeURIComponent(tag)}`,
  matrix: () => '#/c102',
  lists: () => '#/reading-lists',
};
