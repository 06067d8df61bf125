/**
 * The browse feature's screens (index, country, theme, C102 matrix, reading lists), behind the
 * app router's `browse` route (sub-routes parsed in components/browse/routes.ts).
 */
import { NotFound } from '../NotFound';
import { parseBrowseRoute } from '../../components/browse/routes';
import { BrowseIndexScreen } from './BrowseIndex';
import { CountryScreen } from './Country';
import { ThemeScreen } from './Theme';
import { MatrixScreen } from './Matrix';
import { ReadingListsScreen } from './ReadingLists';

export { BROWSE_HEADS, browseHref } from '../../components/browse/routes';
export { BrowsePanel } from '../../components/browse/BrowsePanel';
export { RecordTools } from '../../components/browse/RecordTools';

export function BrowseScreen({ parts }: { parts: string[] }) {
  const r = parseBrowseRoute(parts);
  switch (r.screen) {
    case 'index':
      return <BrowseIndexScreen />;
    case 'country':
      return <CountryScreen country={r.country} />;
    case 'theme':
      return <ThemeScreen theme={r.theme} />;
    case 'matrix':
      return <MatrixScreen />;
    case 'lists':
      return <ReadingListsScreen />;
    case 'unknown':
      return <NotFound path={`/${parts.join('/')}`} />;
  }
}
