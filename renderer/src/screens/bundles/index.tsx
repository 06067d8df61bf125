/**
 * The sharing feature's screens (export, import, preview, conflicts), behind the app router's
 * `bundles` route (sub-routes parsed in components/bundles/routes.ts), plus what the app layout
 * mounts: the window-wide drop and open-file handlers and the nav badge.
 */
import { NotFound } from '../NotFound';
import { parseBundleRoute, bundleHref } from '../../components/bundles/routes';
import { ExportScreen } from './Export';
import { ImportScreen } from './Import';
import { PreviewScreen } from './Preview';
import { ConflictScreen, ConflictsScreen } from './Conflicts';

export { BundleWindowHandlers } from '../../components/bundles/WindowHandlers';
export { ConflictBadge } from '../../components/bundles/common';
export const shareHref = bundleHref.export;

export function BundlesScreen({ parts, params }: { parts: string[]; params: URLSearchParams }) {
  const r = parseBundleRoute(parts, params);
  switch (r.screen) {
    case 'export':
      return <ExportScreen />;
    case 'import':
      return <ImportScreen />;
    case 'preview':
      return <PreviewScreen />;
    case 'conflicts':
      return <ConflictsScreen />;
    case 'conflict':
      return <ConflictScreen id={r.id} line={r.line} />;
    case 'unknown':
      return <NotFound path={`/${parts.join('/')}`} />;
  }
}
