/** A theme page: the guides and practices tagged with the theme, and the countries the practices come from. */
import { api } from '../../api';
import { useLang } from '../../i18n';
import { useDocumentTitle, useResult } from '../../lib';
import { anyRecord } from '../../live';
import { countryName, themeLabel } from '../../../../main/core/labels';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { browseHref } from '../../components/browse/routes';
import { BrowseBreadcrumb, RecordCards, useBt } from '../../components/browse/common';

export function ThemeScreen({ theme }: { theme: string }) {
  const { t } = useBt();
  const lang = useLang();
  const [page] = useResult(() => api.themePage({ theme, lang }), [theme, lang], { live: anyRecord });
  const label = themeLabel(theme, lang);
  useDocumentTitle(label);
  const ready = page.state !== 'loading';
  return (
    <div className="screen browse-theme" data-ready={ready ? 'true' : 'false'} aria-busy={!ready}>
      <BrowseBreadcrumb />
      <PageTitle>{t('theme.title', { theme: label })}</PageTitle>
      {page.state === 'loading' ? <p className="loading">{t('loading')}</p> : null}
      {page.state === 'error' ? <ErrorMessage error={page.error} /> : null}
      {page.state === 'ok' ? (
        <>
          {!page.value.guides.length && !page.value.practices.length ? <p>{t('theme.empty')}</p> : null}
          {page.value.countries.length ? (
            <p>
              <span className="browse-label">{t('theme.countries')}</span>{' '}
              {page.value.countries.map((c, i) => (
                <span key={c.country}>
                  {i ? ', ' : ''}
                  <a href={browseHref.country(c.country)}>{countryName(c.country, lang)}</a> ({c.count})
                </span>
              ))}
            </p>
          ) : null}
          {page.value.guides.length ? (
            <section aria-labelledby="theme-guides">
              <h2 id="theme-guides">{t('theme.guides')}</h2>
              <RecordCards items={page.value.guides} lang={lang} />
            </section>
          ) : null}
          {page.value.practices.length ? (
            <section aria-labelledby="theme-practices">
              <h2 id="theme-practices">{t('theme.practices')}</h2>
              <RecordCards items={page.value.practices} lang={lang} />
            </section>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
