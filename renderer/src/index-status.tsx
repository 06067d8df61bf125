/**
 * Search readiness in the window: after a start without an index cache the hub builds its search
 * index in the background (main/core/index-readiness.ts) while the library is already on screen.
 * `useIndexStatus` follows it (the contract's `indexStatus`, refreshed by the change feed's
 * "index" changes, so Electron and the browser mode both update live); `IndexStatusBadge` is the
 * "Indexation… n %" next to the search box: a progress bar for assistive technologies, plus a
 * polite live region that speaks every quarter and once when search is ready.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api';
import { subscribe } from './live';
import type { IndexStatus } from '../../main/core/index-readiness';

export function useIndexStatus(): IndexStatus | null {
  const [status, setStatus] = useState<IndexStatus | null>(null);
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      void api.indexStatus({}).then((r) => {
        if (alive && r.ok) setStatus(r.value);
      });
    refresh();
    const stop = subscribe((c) => c.kind === 'index', refresh);
    return () => {
      alive = false;
      stop();
    };
  }, []);
  return status;
}

export function IndexStatusBadge() {
  const { t } = useTranslation();
  const status = useIndexStatus();
  const [wasIndexing, setWasIndexing] = useState(false);
  const indexing = !!status && !status.ready;
  useEffect(() => {
    if (indexing) setWasIndexing(true);
  }, [indexing]);
  // Spoken: every 25 % while indexing, then once "ready" (only if this window saw it indexing).
  const spoken = indexing ? t('indexing.announce', { percent: status.percent - (status.percent % 25) }) : wasIndexing ? t('indexing.ready') : '';
  return (
    <>
      {indexing ? (
        <span
          className="index-status"
          role="progressbar"
          aria-label={t('indexing.label')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={status.percent}
          aria-valuetext={t('indexing.progress', { percent: status.percent })}
          data-testid="index-status"
        >
          <span className="index-status-bar" aria-hidden="true" style={{ width: `${status.percent}%` }} />
          <span className="index-status-text">{t('indexing.progress', { percent: status.percent })}</span>
        </span>
      ) : null}
      <span className="visually-hidden" role="status" aria-live="polite">
        {spoken}
      </span>
    </>
  );
}
