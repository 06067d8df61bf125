/** The trash: deleted records, most recent first, each restorable. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useLang } from '../i18n';
import { href } from '../router';
import { formatDate, useDocumentTitle, useResult } from '../lib';
import { anyRecord } from '../live';
import { TYPE_LABELS, countryName } from '../../../main/core/labels';
import type { HubError } from '../../../main/core/result';
import { ErrorMessage } from '../components/ErrorMessage';
import { PageTitle } from '../components/PageTitle';

export function Trash() {
  const { t } = useTranslation();
  const lang = useLang();
  const [trash, reload] = useResult(() => api.trash({}), [], { live: anyRecord });
  const [restored, setRestored] = useState<{ id: string; title: string } | null>(null);
  const [error, setError] = useState<HubError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useDocumentTitle(t('trash.title'));

  const restore = async (id: string) => {
    setBusy(id);
    setError(null);
    const r = await api.restore({ id });
    setBusy(null);
    if (r.ok) {
      setRestored({ id: r.value.id, title: r.value.title || r.value.id });
      reload();
    } else {
      setError(r.error);
    }
  };

  return (
    <div className="screen trash" data-ready={trash.state !== 'loading' ? 'true' : 'false'} aria-busy={trash.state === 'loading'}>
      <PageTitle>{t('trash.title')}</PageTitle>
      <p className="lead">{t('trash.explain')}</p>
      <div role="status" aria-live="polite">
        {restored ? (
          <p className="notice notice-success">
            {t('trash.restored')} <a href={href.record(restored.id)}>{restored.title}</a>
          </p>
        ) : null}
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {trash.state === 'loading' ? <p className="loading">{t('common.loading')}</p> : null}
      {trash.state === 'error' ? <ErrorMessage error={trash.error} /> : null}
      {trash.state === 'ok' && trash.value.length === 0 ? <p className="empty-state">{t('trash.empty')}</p> : null}
      {trash.state === 'ok' && trash.value.length > 0 ? (
        <ul className="trash-list">
          {trash.value.map(({ record, deletedAt }) => {
            const name = record.title || record.id;
            return (
              <li key={record.id} className="trash-item">
                <div>
                  <p className="trash-title">{name}</p>
                  <p className="meta">
                    {TYPE_LABELS[record.type][lang]}
                    {'country' in record && record.country ? ` · ${countryName(record.country, lang)}` : ''}
                    {' · '}
                    {t('trash.deletedAt', { date: formatDate(deletedAt, lang, true) })}
                  </p>
                </div>
                <button
                  type="button"
                  className="button"
                  onClick={() => void restore(record.id)}
                  disabled={busy === record.id}
                  aria-label={t('trash.restoreNamed', { title: name })}
                >
                  {t('trash.restore')}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
