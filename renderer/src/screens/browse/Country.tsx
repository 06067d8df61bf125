/**
 * A country page: its C102 status (the country's section of the library's status guide, shown as
 * written there, with a link to the whole guide), its practices, the practices it partners in,
 * its plans, workshops and notes, and the C102 branches and themes its practices cover.
 */
import { useMemo } from 'react';
import { api } from '../../api';
import { useLang } from '../../i18n';
import { href } from '../../router';
import { formatDate, purify, useDocumentTitle, useResult } from '../../lib';
import { anyRecord } from '../../live';
import { branchLabel, countryName, themeLabel } from '../../../../main/core/labels';
import { renderMarkdown } from '../../../../main/core/markdown';
import type { CountryPage } from '../../../../main/core/browse/aggregate';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { RichText } from '../../components/RichText';
import { browseHref } from '../../components/browse/routes';
import { BrowseBreadcrumb, RecordCards, useBt } from '../../components/browse/common';

export function CountryScreen({ country }: { country: string }) {
  const { t } = useBt();
  const lang = useLang();
  const [page] = useResult(() => api.countryPage({ country, lang }), [country, lang], { live: anyRecord });
  const name = countryName(country, lang);
  useDocumentTitle(name);
  const ready = page.state !== 'loading';
  return (
    <div className="screen browse-country" data-ready={ready ? 'true' : 'false'} aria-busy={!ready} data-country={country}>
      <BrowseBreadcrumb />
      <PageTitle>{name}</PageTitle>
      {page.state === 'loading' ? <p className="loading">{t('loading')}</p> : null}
      {page.state === 'error' ? <ErrorMessage error={page.error} /> : null}
      {page.state === 'ok' ? <CountryView page={page.value} /> : null}
    </div>
  );
}

function CountryView({ page }: { page: CountryPage }) {
  const { t } = useBt();
  const lang = useLang();
  const name = countryName(page.country, lang);
  const empty = !page.practices.length && !page.partnerPractices.length && !page.plans.length && !page.workshops.length && !page.notes.total;
  return (
    <>
      <p className="lead">
        {[
          t('count.practices', { count: page.practices.length }),
          t('count.plans', { count: page.plans.length }),
          t('count.workshops', { count: page.workshops.length }),
          t('count.notes', { count: page.notes.total }),
        ].join(' · ')}
      </p>
      <C102Section page={page} name={name} />
      {empty ? <p>{t('country.empty', { country: name })}</p> : null}
      {page.practices.length ? (
        <section aria-labelledby="country-practices">
          <h2 id="country-practices">{t('country.practices')}</h2>
          <RecordCards items={page.practices} lang={lang} showCountry={false} />
        </section>
      ) : null}
      {page.branches.length || page.themes.length ? (
        <section aria-labelledby="country-coverage" className="browse-coverage">
          <h2 id="country-coverage">{t('country.coverage')}</h2>
          {page.branches.length ? (
            <p>
              <span className="browse-label">{t('country.branches')}</span>{' '}
              {page.branches.map((b, i) => (
                <span key={b.branch}>
                  {i ? ', ' : ''}
                  {branchLabel(b.branch, lang)} ({b.count})
                </span>
              ))}{' '}
              · <a href={browseHref.matrix()}>{t('matrix.title')}</a>
            </p>
          ) : null}
          {page.themes.length ? (
            <p>
              <span className="browse-label">{t('country.themes')}</span>{' '}
              {page.themes.map((th, i) => (
                <span key={th.theme}>
                  {i ? ', ' : ''}
                  <a href={browseHref.theme(th.theme)}>{themeLabel(th.theme, lang)}</a> ({th.count})
                </span>
              ))}
            </p>
          ) : null}
        </section>
      ) : null}
      {page.partnerPractices.length ? (
        <section aria-labelledby="country-partner">
          <h2 id="country-partner">{t('country.partnerPractices', { country: name })}</h2>
          <RecordCards items={page.partnerPractices} lang={lang} />
        </section>
      ) : null}
      {page.plans.length ? (
        <section aria-labelledby="country-plans">
          <h2 id="country-plans">{t('country.plans')}</h2>
          <ul className="browse-list">
            {page.plans.map((p) => (
              <li key={p.id}>
                <a href={`#/plan/${encodeURIComponent(p.id)}`}>{p.title}</a>{' '}
                <span className="meta">
                  {t('count.actions', { count: p.actions })} · <time dateTime={p.updatedAt}>{formatDate(p.updatedAt, lang)}</time>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {page.workshops.length ? (
        <section aria-labelledby="country-workshops">
          <h2 id="country-workshops">{t('country.workshops')}</h2>
          <ul className="browse-list">
            {page.workshops.map((w) => (
              <li key={w.id}>
                <a href={`#/workshop/${encodeURIComponent(w.id)}`}>{w.title}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {page.notes.total ? (
        <section aria-labelledby="country-notes">
          <h2 id="country-notes">{t('country.notes')}</h2>
          {page.notes.total > page.notes.items.length ? <p className="meta">{t('country.notesShown', { shown: page.notes.items.length, count: page.notes.total })}</p> : null}
          <ul className="browse-list">
            {page.notes.items.map((n) => (
              <li key={n.id}>
                <a href={href.record(n.id)}>{n.title}</a> <time className="meta" dateTime={n.updatedAt}>{formatDate(n.updatedAt, lang)}</time>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function C102Section({ page, name }: { page: CountryPage; name: string }) {
  const { t } = useBt();
  const c = page.c102;
  const html = useMemo(() => (c?.markdown ? renderMarkdown(c.markdown, purify).html : ''), [c?.markdown]);
  if (!c) return null;
  return (
    <section aria-labelledby="country-c102" className="browse-c102">
      <h2 id="country-c102">{t('country.c102')}</h2>
      {html ? (
        <>
          <p className="meta">{t('country.c102From')}</p>
          <RichText html={html} linkLang={c.lang} lang={c.lang} className="prose" />
        </>
      ) : (
        <p>{t('country.c102None', { country: name })}</p>
      )}
      <p>
        <a href={href.record(c.guideId, c.section)}>{t('country.c102Guide')}</a>
      </p>
    </section>
  );
}
