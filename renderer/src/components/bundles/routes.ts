/**
 * The sharing screens' routes, behind the app router's `bundles` route: `#/export`, `#/import`,
 * `#/import/preview`, `#/conflicts` and `#/conflicts/<id>[?line=<line>]`.
 */
export type BundleRoute =
  | { screen: 'export' }
  | { screen: 'import' }
  | { screen: 'preview' }
  | { screen: 'conflicts' }
  | { screen: 'conflict'; id: string; line?: string }
  | { screen: 'unknown' };

export function parseBundleRoute(parts: string[], params: URLSearchParams): BundleRoute {
  const [head, arg, ...rest] = parts;
  if (rest.length) return { screen: 'unknown' };
  if (head === 'export' && !arg) return { screen: 'export' };
  if (head === 'import' && !arg) return { screen: 'import' };
  if (head === 'import' && arg === 'preview') return { screen: 'preview' };
  if (head === 'conflicts' && !arg) return { screen: 'conflicts' };
  if (head === 'conflicts' && arg) return { screen: 'conflict', id: arg, line: params.get('line') ?? undefined };
  return { screen: 'unknown' };
}

export const bundleHref = {
  export: () => '#/export',
  import: () => '#/import',
  preview: () => '#/import/preview',
  conflicts: () => '#/conflicts',
  conflict: (id: string, line?: string) => `#/conflicts/${encodeURIComponent(id)}${line ? `?line=${encodeURIComponent(line)}` : ''}`,
};
