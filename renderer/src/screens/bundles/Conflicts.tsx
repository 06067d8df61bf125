/**
 * Conflicts (`#/conflicts`, `#/conflicts/<id>`): records changed both here and by a publisher. The
 * local record was never touched; the incoming version waits. One conflict side by side, field by
 * field (the pattern of components/ConflictView.tsx): keep mine, take theirs, or choose per field.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useLang } from '../../i18n';
import { href } from '../../router';
import { formatDate, useDocumentTitle, useResult } from '../../lib';
import { TYPE_LABELS } from '../../../../main/core/labels';
import type { MethodOutputs } from '../../../../main/core/contract';
import type { HubError } from '../../../../main/core/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { ShareTabs } from '../../components/bundles/common';
import { refreshConflictCount, useConflictCount } from '../../components/bundles/conflict-count';
import { formatFingerprint } from '../../components/bundles/files';
import { bundleHref } from '../../components/bundles/routes';
import { FieldValue, fieldLabel, publisherLabel } from '../../components/bundles/values';

type Detail = MethodOutputs['conflict'];
type Resolved = MethodOutputs['resolveConflict'];
type Side = 'mine' | 'theirs';

export function ConflictsScreen() {
  const { t } = useTranslation();
  const lang = useLang();
  useDocumentTitle(t('bundles.conflicts.title'));
  const [list] = useResult(() => api.conflicts({}), []);
  // The list is the truth: keep the badge in step with it.
  useEffect(() => {
    if (list.state === 'ok') void refreshConflictCount();
  }, [list.state]);

  return (
    <div className="screen bundles-conflicts" data-ready={list.state !== 'loading' ? 'true' : 'false'} aria-busy={list.state === 'loading'}>
      <PageTitle>{t('bundles.conflicts.title')}</PageTitle>
      <ShareTabs current="conflicts" />
      <p className="lead">{t('bundles.conflicts.lead')}</p>
      {list.state === 'loading' ? <p className="loading">{t('common.loading')}</p> : null}
      {list.state === 'error' ? <ErrorMessage error={list.error} /> : null}
      {list.state === 'ok' && list.value.problems.length ? (
        <div className="notice notice-warning">
          <p className="notice-title">{t('bundles.conflicts.problems')}</p>
          <ul lang="en">
            {list.value.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {list.state === 'ok' && list.value.items.length === 0 ? <p className="empty-state">{t('bundles.conflicts.none')}</p> : null}
      {list.state === 'ok' && list.value.items.length > 0 ? (
        <>
          <p>{t('bundles.conflicts.count', { count: list.value.items.length })}</p>
          <ul className="conflict-list">
            {list.value.items.map((c) => (
              <li key={`${c.id}:${c.line}`} data-conflict-item={c.id}>
                <a className="conflict-title" href={bundleHref.conflict(c.id, c.line)}>
                  {c.title || c.id}
                </a>
                <p className="meta">
                  {TYPE_LABELS[c.type][lang]} · {t('bundles.conflicts.from', { publisher: publisherLabel(c.publisher, lang) })} ·{' '}
                  {t('bundles.conflicts.received', { date: formatDate(c.receivedAt, lang, true) })}
                </p>
                <p className="meta">
                  {t('bundles.preview.fields')} {c.fields.map((f) => fieldLabel(t, f)).join(', ')}
                </p>
                {c.localDeleted ? <p className="meta">{t('bundles.conflicts.deletedHere')}</p> : null}
                {c.localChangedSince ? <p className="meta">{t('bundles.conflicts.changedSince')}</p> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** Fields a merge may set (the core refuses id and type; the store sets the rest itself). */
const NOT_MERGEABLE = new Set(['id', 'type']);

export function ConflictScreen({ id, line }: { id: string; line?: string }) {
  const { t } = useTranslation();
  const [tick, setTick] = useState(0);
  const [detail] = useResult(() => api.conflict({ id, ...(line ? { line } : {}) }), [id, line, tick]);
  const [resolved, setResolved] = useState<Resolved | null>(null);
  const title = detail.state === 'ok' ? detail.value.title || detail.value.id : id;
  useDocumentTitle(t('bundles.conflict.title', { title }));

  return (
    <div
      className="screen bundles-conflict"
      data-ready={detail.state !== 'loading' ? 'true' : 'false'}
      data-resolved={resolved ? 'true' : undefined}
      aria-busy={detail.state === 'loading'}
    >
      <PageTitle>{t('bundles.conflict.title', { title })}</PageTitle>
      <ShareTabs current="conflicts" />
      {detail.state === 'loading' ? <p className="loading">{t('common.loading')}</p> : null}
      {resolved ? (
        <ResolvedNotice resolved={resolved} />
      ) : (
        <>
          {detail.state === 'error' ? (
            <>
              <ErrorMessage error={detail.error} />
              <p>
                <a href={bundleHref.conflicts()}>{t('bundles.conflict.back')}</a>
              </p>
            </>
          ) : null}
          {detail.state === 'ok' ? <ConflictSides key={tick} detail={detail.value} onResolved={setResolved} onReload={() => setTick((n) => n + 1)} /> : null}
        </>
      )}
    </div>
  );
}

function ConflictSides({ detail, onResolved, onReload }: { detail: Detail; onResolved: (r: Resolved) => void; onReload: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const diff = useMemo(() => detail.diff.filter((d) => !NOT_MERGEABLE.has(d.field)), [detail]);
  // Nothing changes unless chosen: every field starts on "mine".
  const [choice, setChoice] = useState<Record<string, Side>>(() => Object.fromEntries(diff.map((d) => [d.field, 'mine'])));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HubError | null>(null);
  const who = publisherLabel(detail.publisher, lang);

  const resolve = async (how: 'mine' | 'theirs' | 'fields') => {
    setBusy(true);
    setError(null);
    const r = await api.resolveConflict({
      id: detail.id,
      line: detail.line,
      choice: how,
      rev: detail.localRev,
      ...(how === 'fields' ? { fields: Object.fromEntries(diff.map((d) => [d.field, choice[d.field] ?? 'mine'])) } : {}),
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    await refreshConflictCount();
    onResolved(r.value);
  };

  const theirsCount = diff.filter((d) => choice[d.field] === 'theirs').length;

  return (
    <section className="conflict" aria-labelledby="bundle-conflict-title" data-conflict="true">
      <h2 id="bundle-conflict-title">{t('bundles.conflict.heading')}</h2>
      <p>{t('bundles.conflict.explain', { publisher: who })}</p>
      <p className="hint">{t('bundles.conflict.nothingLost')}</p>
      <dl className="bundle-facts">
        <dt>{t('bundles.conflict.from')}</dt>
        <dd>{who}</dd>
        {detail.publisher.fingerprint ? (
          <>
            <dt>{t('bundles.conflict.key')}</dt>
            <dd>
              <span className="fingerprint">{formatFingerprint(detail.publisher.fingerprint)}</span>
            </dd>
          </>
        ) : null}
        <dt>{t('bundles.conflict.received')}</dt>
        <dd>{formatDate(detail.receivedAt, lang, true)}</dd>
        <dt>{t('bundles.conflict.kind')}</dt>
        <dd>{TYPE_LABELS[detail.type][lang]}</dd>
      </dl>
      {detail.localDeleted ? <p className="notice notice-warning">{t('bundles.conflict.deletedHere')}</p> : null}
      {detail.localChangedSince ? <p className="notice notice-warning">{t('bundles.conflict.changedSince')}</p> : null}

      <div className="button-row conflict-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void resolve('mine')}>
          {detail.localDeleted ? t('bundles.conflict.keepDeleted') : t('bundles.conflict.keepMine')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void resolve('theirs')}>
          {t('bundles.conflict.takeTheirs')}
        </button>
      </div>
      <p className="hint">{t('bundles.conflict.actionsHint')}</p>

      {error ? (
        <>
          <ErrorMessage error={error} />
          {error.code === 'conflict' ? (
            <button type="button" className="button" onClick={onReload}>
              {t('bundles.conflict.reload')}
            </button>
          ) : null}
        </>
      ) : null}

      {detail.mine && diff.length > 0 ? (
        <>
          <h3>{t('bundles.conflict.perField')}</h3>
          <div className="conflict-fields">
            {diff.map((d) => (
              <fieldset key={d.field} className="conflict-field" data-field={d.field}>
                <legend>{fieldLabel(t, d.field)}</legend>
                <div className="conflict-sides">
                  {(['mine', 'theirs'] as Side[]).map((side) => (
                    <label key={side} className={`conflict-side ${choice[d.field] === side ? 'chosen' : ''}`}>
                      <span className="conflict-side-head">
                        <input
                          type="radio"
                          name={`bundle-conflict-${d.field}`}
                          value={side}
                          checked={choice[d.field] === side}
                          onChange={() => setChoice((c) => ({ ...c, [d.field]: side }))}
                        />{' '}
                        {side === 'mine' ? t('bundles.conflict.mine') : t('bundles.conflict.theirs')}
                      </span>
                      <FieldValue field={d.field} value={side === 'mine' ? d.mine : d.theirs} />
                    </label>
                  ))}
                </div>
              </fieldset>
            ))}
          </div>
          <div className="button-row">
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void resolve('fields')}>
              {t('bundles.conflict.merge', { count: theirsCount })}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}

function ResolvedNotice({ resolved }: { resolved: Resolved }) {
  const { t } = useTranslation();
  const remaining = useConflictCount() ?? 0;
  return (
    <div role="status">
      <div className="notice notice-success" data-resolution={resolved.choice}>
        <p className="notice-title">{t(`bundles.conflict.resolved.${resolved.choice}`)}</p>
        <p data-remaining={remaining}>{remaining ? t('bundles.conflict.remaining', { count: remaining }) : t('bundles.conflict.noneLeft')}</p>
      </div>
      <div className="button-row">
        {resolved.record ? (
          <a className="button" href={href.record(resolved.id)}>
            {t('bundles.conflict.viewRecord')}
          </a>
        ) : null}
        <a className="button" href={bundleHref.conflicts()}>
          {t('bundles.conflict.back')}
        </a>
      </div>
    </div>
  );
}
