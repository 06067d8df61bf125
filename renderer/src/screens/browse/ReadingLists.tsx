/**
 * Reading lists: the bookmarks kept in the data directory. The default list ("My reading list")
 * always exists; named lists can be created and deleted; items can be removed, including ones
 * whose record was deleted since (shown as such, never silently dropped).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useLang } from '../../i18n';
import { href } from '../../router';
import { formatDate, useDocumentTitle, useResult } from '../../lib';
import { anyRecord } from '../../live';
import { TYPE_LABELS, countryName } from '../../../../main/core/labels';
import type { ReadingList, ReadingListsOutput } from '../../../../main/core/browse/api';
import type { HubError, Result } from '../../../../main/core/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { LiveRegion, useAnnouncer } from '../../components/workshop/common';
import { BrowseBreadcrumb, useBt, useRefreshOnFocus } from '../../components/browse/common';

export function ReadingListsScreen() {
  const { t } = useBt();
  const lang = useLang();
  const [data, reload] = useResult(() => api.readingLists({ lang }), [lang], { live: anyRecord }); // titles, deletions
  // The answer of the last change made here, until a fresher load (live or on focus) replaces it.
  const [override, setOverride] = useState<ReadingListsOutput | null>(null);
  useEffect(() => setOverride(null), [data]);
  const [error, setError] = useState<HubError | null>(null);
  const [message, announce] = useAnnouncer();
  const refresh = useCallback(() => {
    setOverride(null);
    reload();
  }, [reload]);
  useRefreshOnFocus(refresh);
  useDocumentTitle(t('lists.title'));
  const lists = override ?? (data.state === 'ok' ? data.value : null);

  const apply = async (call: Promise<Result<ReadingListsOutput>>, done: string) => {
    setError(null);
    const r = await call;
    if (r.ok) {
      setOverride(r.value);
      announce(done);
    } else setError(r.error);
  };

  const ready = data.state !== 'loading';
  return (
    <div className="screen browse-lists" data-ready={ready ? 'true' : 'false'} aria-busy={!ready}>
      <BrowseBreadcrumb />
      <PageTitle>{t('lists.title')}</PageTitle>
      <p className="lead">{t('lists.lead')}</p>
      <LiveRegion message={message} />
      {data.state === 'loading' ? <p className="loading">{t('loading')}</p> : null}
      {data.state === 'error' ? <ErrorMessage error={data.error} /> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {lists?.problem ? (
        <div className="notice notice-warning" role="status">
          <p>{t('lists.problem')}</p>
          <p lang="en">{lists.problem}</p>
        </div>
      ) : null}
      {lists ? (
        <>
          {lists.lists.map((list) => (
            <ListView
              key={list.id}
              list={list}
              onRemove={(id, title) => void apply(api.bookmarkRemove({ id, list: list.id, lang }), t('lists.removed', { title }))}
              onDelete={() => void apply(api.readingListDelete({ list: list.id, lang }), t('lists.deleted', { name: list.name }))}
            />
          ))}
          <NewList onCreate={(name) => apply(api.readingListCreate({ name, lang }), t('lists.created', { name }))} />
        </>
      ) : null}
    </div>
  );
}

function ListView({ list, onRemove, onDelete }: { list: ReadingList; onRemove: (id: string, title: string) => void; onDelete: () => void }) {
  const { t } = useBt();
  const lang = useLang();
  const [confirm, setConfirm] = useState(false);
  const name = list.name || t('lists.default');
  const headingId = `list-${list.id}`;
  return (
    <section className="browse-list-section" aria-labelledby={headingId} data-list={list.id}>
      <h2 id={headingId}>
        {name} <span className="meta">({t('count.items', { count: list.items.length })})</span>
      </h2>
      {list.items.length === 0 ? <p>{list.name ? t('lists.emptyNamed') : t('lists.empty')}</p> : null}
      <ul className="browse-list browse-bookmarks">
        {list.items.map((item) => {
          const title = item.record?.title ?? item.id;
          return (
            <li key={item.id}>
              {item.record ? (
                <>
                  <a href={href.record(item.id)}>{item.record.title}</a>{' '}
                  <span className="meta">
                    {TYPE_LABELS[item.record.type][lang]}
                    {item.record.country ? ` · ${countryName(item.record.country, lang)}` : ''} · {t('lists.added', { date: formatDate(item.addedAt, lang) })}
                  </span>
                </>
              ) : (
                <span>
                  <code>{item.id}</code> <span className="meta">{t('lists.missing')}</span>
                </span>
              )}{' '}
              <button type="button" className="button button-small" onClick={() => onRemove(item.id, title)} aria-label={t('lists.removeNamed', { title })}>
                {t('lists.remove')}
              </button>
            </li>
          );
        })}
      </ul>
      {list.name ? (
        confirm ? (
          <div className="confirm" role="group" aria-label={t('lists.confirmDelete', { name })}>
            <p>{t('lists.confirmDelete', { name })}</p>
            <div className="button-row">
              <button type="button" className="button button-danger" onClick={onDelete}>
                {t('lists.confirmDeleteYes')}
              </button>
              <button type="button" className="button" onClick={() => setConfirm(false)} autoFocus>
                {t('cancel')}
              </button>
            </div>
          </div>
        ) : (
          <p>
            <button type="button" className="link-button" onClick={() => setConfirm(true)}>
              {t('lists.deleteNamed', { name })}
            </button>
          </p>
        )
      ) : null}
    </section>
  );
}

function NewList({ onCreate }: { onCreate: (name: string) => Promise<void> }) {
  const { t } = useBt();
  const [name, setName] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    await onCreate(name.trim());
    setName('');
  };
  return (
    <form className="browse-new-list" onSubmit={(e) => void submit(e)}>
      <h2>{t('lists.newTitle')}</h2>
      <div className="field">
        <label htmlFor="new-list-name">{t('lists.newName')}</label>
        <input id="new-list-name" type="text" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
      </div>
      <button type="submit" className="button">
        {t('lists.create')}
      </button>
    </form>
  );
}
