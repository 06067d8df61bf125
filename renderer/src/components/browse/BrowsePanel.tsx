/** The home screen's way into browsing: the four workshop countries, the C102 matrix, themes and reading lists. */
import { useLang } from '../../i18n';
import { countryName } from '../../../../main/core/labels';
import { FOCUS_COUNTRIES } from '../../../../main/core/browse/constants';
import { browseHref } from './routes';
import { useBt } from './common';

export function BrowsePanel() {
  const { t } = useBt();
  const lang = useLang();
  return (
    <section className="browse-panel" aria-labelledby="browse-panel-title">
      <h2 id="browse-panel-title">{t('panel.title')}</h2>
      <ul className="browse-panel-links">
        {FOCUS_COUNTRIES.map((c) => (
          <li key={c}>
            <a href={browseHref.country(c)}>{countryName(c, lang)}</a>
          </li>
        ))}
        <li>
          <a href={browseHref.matrix()}>{t('matrix.title')}</a>
        </li>
        <li>
          <a href={browseHref.index()}>{t('panel.all')}</a>
        </li>
        <li>
          <a href={browseHref.lists()}>{t('lists.title')}</a>
        </li>
      </ul>
    </section>
  );
}
