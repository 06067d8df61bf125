/** Home: a short welcome, the library by instrument, and the most recent good practices. */
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useLang, type UiLang } from '../i18n';
import { href } from '../router';
import { formatDate, useDocumentTitle, useResult } from '../lib';
import { anyRecord } from '../live';
import { INSTRUMENT_LABELS, countryName } from '../../../main/core/labels';
import type { RecordSummary } from '../../../main/core/contract';
import { ErrorMessage } from '../components/ErrorMessage';
import { PageTitle } from '../components/PageTitle';
import { BrowsePanel } from './browse';

const EXAMPLES: Record<UiLang, string[]> = {
  fr: ['retraite', 'santé maternelle', 'Cadastro Único', 'économie informelle'],
  en: ['old-age pension', 'maternal health', 'Cadastro Único', 'informal economy'],
  pt: ['pensão de velhice', 'saúde materna', 'Cadastro Único', 'economia informal'],
};

export function Home() {
  const { t } = useTranslation();
  const lang = useLang();
  const [shelves] = useResult(() => api.shelves({ lang }), [lang], { live: anyRecord });
  const [info] = useResult(() => api.info({}), []);
  useDocumentTitle(t('home.title'));
  const ready = shelves.state !== 'loading';

  return (
    <div className="screen home" data-ready={ready ? 'true' : 'false'} aria-busy={!ready}>
      <section className="welcome" aria-labelledby="welcome-title">
        <PageTitle>
          <span id="welcome-title">{t('home.title')}</span>
        </PageTitle>
        <p className="lead">{t('home.welcome')}</p>
        <p className="examples">
          {t('home.tryExamples')}{' '}
          {EXAMPLES[lang].map((q, i) => (
            <span key={q}>
              {i > 0 ? ', ' : ''}
              <a href={href.search(q)}>{t('common.quoted', { q })}</a>
            </span>
          ))}
        </p>
        <p>
          <a className="button button-primary" href={href.newPractice()}>
            {t('home.sharepractice')}
          </a>
        </p>
      </section>

      <BrowsePanel />

      {info.state === 'ok' && info.value.problems.length > 0 ? (
        <div className="notice notice-warning" role="status">
          <p className="notice-title">{t('home.problems', { count: info.value.problems.length })}</p>
          <ul>
            {info.value.problems.slice(0, 5).map((p) => (
              <li key={p.file}>
                <code>{p.file}</code> <span lang="en">{p.message}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {shelves.state === 'loading' ? <p className="loading">{t('common.loading')}</p> : null}
      {shelves.state === 'error' ? <ErrorMessage error={shelves.error} /> : null}
      {shelves.state === 'ok' ? (
        <div className="home-columns">
          <section className="library" aria-labelledby="library-title">
            <h2 id="library-title">{t('home.library')}</h2>
            {shelves.value.shelves.map((shelf) => (
              <section key={shelf.instrument} className="shelf" aria-labelledby={`shelf-${shelf.instrument}`}>
                <h3 id={`shelf-${shelf.instrument}`}>{INSTRUMENT_LABELS[shelf.instrument][lang]}</h3>
                <ul className="cards">
                  {shelf.guides.map((g) => (
                    <li key={g.id} className="card">
                      <a href={href.record(g.id)} lang={g.lang !== lang ? g.lang : undefined}>
                        {g.title}
                      </a>
                      {g.summary ? <p lang={g.lang !== lang ? g.lang : undefined}>{g.summary}</p> : null}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </section>
          <section className="recent" aria-labelledby="recent-title">
            <h2 id="recent-title">{t('home.recent')}</h2>
            {shelves.value.recentPractices.length === 0 ? (
              <p>{t('home.noPractices')}</p>
            ) : (
              <ul className="recent-list">
                {shelves.value.recentPractices.map((p) => (
                  <RecentPractice key={p.id} p={p} lang={lang} />
                ))}
              </ul>
            )}
          </section>
        </div>
      ) : null}
    </div>
  );
}

function RecentPractice({ p, lang }: { p: RecordSummary; lang: UiLang }) {
  const { t } = useTranslation();
  return (
    <li>
      <a href={href.record(p.id)}>{p.title}</a>
      <p className="meta">
        {p.country ? countryName(p.country, lang) : null}
        {p.country ? ' · ' : null}
        {p.status ? t(`practice.status.${p.status}`) : null}
        {' · '}
        <time dateTime={p.updatedAt}>{formatDate(p.updatedAt, lang)}</time>
      </p>
    </li>
  );
}
