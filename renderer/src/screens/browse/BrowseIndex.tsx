/** Browse: countries and themes with what the library holds for each, the C102 matrix, reading lists. */
import { api } from '../../api';
import { useLang } from '../../i18n';
import { useDocumentTitle, useResult } from '../../lib';
import { anyRecord } from '../../live';
import { countryName, themeLabel } from '../../../../main/core/labels';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { browseHref } from '../../components/browse/routes';
import { useBt } from '../../components/browse/common';

export function BrowseIndexScreen() {
  const { t } = useBt();
  const lang = useLang();
  const [index] = useResult(() => api.browseIndex({ lang }), [lang], { live: anyRecord });
  useDocumentTitle(t('index.title'));
  const ready = index.state !== 'loading';
  return (
    <div className="screen browse-index" data-ready={ready ? 'true' : 'false'} aria-busy={!ready}>
      <PageTitle>{t('index.title')}</PageTitle>
      <p className="lead">{t('index.lead')}</p>
      <ul className="browse-shortcuts">
        <li>
          <a className="button" href={browseHref.matrix()}>
            {t('matrix.title')}
          </a>
        </li>
        <li>
          <a className="button" href={browseHref.lists()}>
            {t('lists.title')}
          </a>
        </li>
      </ul>
      {index.state === 'loading' ? <p className="loading">{t('loading')}</p> : null}
      {index.state === 'error' ? <ErrorMessage error={index.error} /> : null}
      {index.state === 'ok' ? (
        <div className="browse-columns">
          <section aria-labelledby="browse-countries">
            <h2 id="browse-countries">{t('index.countries')}</h2>
            <ul className="cards browse-cards">
              {index.value.countries.map((c) => (
                <li key={c.country} className="card">
                  <a href={browseHref.country(c.country)}>{countryName(c.country, lang)}</a>
                  <p className="meta">
                    {[
                      t('count.practices', { count: c.practices }),
                      c.plans ? t('count.plans', { count: c.plans }) : '',
                      c.workshops ? t('count.workshops', { count: c.workshops }) : '',
                      c.notes ? t('count.notes', { count: c.notes }) : '',
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="browse-themes">
            <h2 id="browse-themes">{t('index.themes')}</h2>
            <ul className="browse-theme-list">
              {index.value.themes.map((th) => (
                <li key={th.theme}>
                  <a href={browseHref.theme(th.theme)}>{themeLabel(th.theme, lang)}</a>{' '}
                  <span className="meta">
                    {[th.guides ? t('count.guides', { count: th.guides }) : '', th.practices ? t('count.practices', { count: th.practices }) : '']
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </div>
      ) : null}
    </div>
  );
}
