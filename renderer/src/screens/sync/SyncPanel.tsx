/**
 * The Sync panel (`#/sync`): the server's database URL, credentials (stored by the hub, never shown
 * again), the scope, continuous sync on/off, "sync now", the last sync with pushed/pulled counts,
 * a progress bar while a pass runs (the first replication especially), and the open conflicts,
 * linked to the conflicts screen. The hub process does the syncing; this screen only calls the
 * contract (syncStatus, syncConfigure, syncNow, syncStart, syncStop) and polls the status.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useLang } from '../../i18n';
import { formatDate, useDocumentTitle } from '../../lib';
import type { HubError } from '../../../../main/core/result';
import type { SyncStatus } from '../../../../main/core/sync/api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CheckboxGroup, TextField } from '../../components/form/fields';
import { PageTitle } from '../../components/PageTitle';
import { refreshConflictCount } from '../../components/bundles/conflict-count';
import './sync.css';

const splitList = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export function SyncPanel() {
  const { t } = useTranslation();
  const lang = useLang();
  const ids = { url: useId(), user: useId(), pass: useId(), countries: useId(), themes: useId(), workshops: useId(), types: useId() };
  const [status, setStatus] = useState<SyncStatus | undefined>(undefined);
  const [loadError, setLoadError] = useState<HubError | null>(null);
  const [error, setError] = useState<HubError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'now' | 'toggle' | null>(null);
  const [url, setUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [countries, setCountries] = useState('');
  const [themes, setThemes] = useState('');
  const [workshops, setWorkshops] = useState('');
  const [types, setTypes] = useState<string[]>([]);
  const [filled, setFilled] = useState(false);
  useDocumentTitle(t('sync.title'));

  const load = useCallback(async () => {
    const r = await api.syncStatus({});
    if (r.ok) {
      setStatus(r.value);
      setLoadError(null);
    } else setLoadError(r.error);
    return r.ok ? r.value : undefined;
  }, []);

  // The form starts from what is configured; the status is polled (faster while a pass runs).
  useEffect(() => {
    void load().then((s) => {
      if (s && !filled) {
        setUrl(s.url ?? '');
        setCountries(s.scope.countries.join(', '));
        setThemes(s.scope.themes.join(', '));
        setWorkshops(s.scope.workshops.join(', '));
        setTypes(s.scope.types);
        setFilled(true);
      }
    });
  }, []);
  const running = busy === 'now' || status?.state === 'syncing';
  useEffect(() => {
    const timer = setInterval(() => void load(), running ? 500 : 3000);
    return () => clearInterval(timer);
  }, [load, running]);
  useEffect(() => {
    void refreshConflictCount();
  }, [status?.conflicts]);

  const scope = () => ({ countries: splitList(countries).map((c) => c.toUpperCase()), themes: splitList(themes), workshops: splitList(workshops), types: types as ('practice' | 'note' | 'workshop' | 'plan')[] });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy('save');
    setError(null);
    setNotice(null);
    const r = await api.syncConfigure({ url, scope: scope(), ...(username ? { username, password } : {}) });
    setBusy(null);
    if (r.ok) {
      setStatus(r.value);
      setPassword('');
      setNotice(t('sync.saved'));
    } else setError(r.error);
  };

  const syncNow = async () => {
    setBusy('now');
    setError(null);
    setNotice(null);
    const r = await api.syncNow({});
    setBusy(null);
    if (r.ok) setNotice(t('sync.done', { pushed: r.value.pushed, pulled: r.value.pulled, conflicts: r.value.conflicts }));
    else setError(r.error);
    await load();
  };

  const toggle = async () => {
    setBusy('toggle');
    setError(null);
    setNotice(null);
    const r = status?.continuous ? await api.syncStop({}) : await api.syncStart({});
    setBusy(null);
    if (r.ok) setStatus(r.value);
    else setError(r.error);
  };

  const progress = status?.progress;
  const last = status?.last;
  return (
    <div className="screen sync" data-ready={status || loadError ? 'true' : 'false'} aria-busy={!status && !loadError}>
      <PageTitle>{t('sync.title')}</PageTitle>
      <p className="lead">{t('sync.explain')}</p>
      {loadError ? <ErrorMessage error={loadError} /> : null}

      <section aria-labelledby="sync-state-h" className="sync-state">
        <h2 id="sync-state-h">{t('sync.stateTitle')}</h2>
        <dl className="sync-facts">
          <dt>{t('sync.server')}</dt>
          <dd data-testid="sync-server">{status?.url ?? t('sync.none')}</dd>
          <dt>{t('sync.state')}</dt>
          <dd data-testid="sync-state">{status ? t(`sync.states.${status.state}`) : '…'}</dd>
          <dt>{t('sync.last')}</dt>
          <dd data-testid="sync-last">
            {last
              ? `${formatDate(last.at, lang, true)} · ${last.ok ? t('sync.counts', { pushed: last.pushed, pulled: last.pulled }) : t('sync.failed')}`
              : t('sync.never')}
          </dd>
          <dt>{t('sync.conflicts')}</dt>
          <dd data-testid="sync-conflicts">
            {status && status.conflicts > 0 ? <a href="#/conflicts">{t('sync.conflictsLink', { count: status.conflicts })}</a> : t('sync.noConflicts')}
          </dd>
        </dl>
        <div role="status" aria-live="polite">
          {progress ? (
            <div className="sync-progress">
              <p id="sync-progress-label">
                {t(`sync.phase.${progress.phase}`)}
                {progress.total > 0 ? ` (${progress.done} / ${progress.total})` : ''}
                {status && !status.initialDone ? ` — ${t('sync.first')}` : ''}
              </p>
              {progress.total > 0 ? <progress aria-labelledby="sync-progress-label" max={progress.total} value={Math.min(progress.done, progress.total)} /> : <progress aria-labelledby="sync-progress-label" />}
            </div>
          ) : null}
          {notice ? <p className="notice notice-success">{notice}</p> : null}
        </div>
        {status?.error && status.state !== 'idle' ? <p className="notice notice-error">{status.error}</p> : null}
        {error ? <ErrorMessage error={error} /> : null}
        <div className="actions">
          <button type="button" className="button button-primary" onClick={() => void syncNow()} disabled={!status?.configured || busy !== null || running}>
            {running ? t('sync.syncing') : t('sync.now')}
          </button>
          <button type="button" className="button" onClick={() => void toggle()} disabled={!status?.configured || busy !== null} aria-pressed={status?.continuous ?? false}>
            {status?.continuous ? t('sync.stop') : t('sync.start')}
          </button>
        </div>
      </section>

      <form className="sync-form" onSubmit={(e) => void save(e)} aria-labelledby="sync-form-h">
        <h2 id="sync-form-h">{t('sync.settings')}</h2>
        <TextField id={ids.url} type="url" nativeRequired label={t('sync.url')} value={url} onChange={setUrl} hint={t('sync.urlHint')} inputProps={{ placeholder: 'https://couch.example.org/socle-sn', autoComplete: 'url' }} />
        <TextField id={ids.user} label={t('sync.username')} value={username} onChange={setUsername} inputProps={{ autoComplete: 'username' }} />
        <TextField
          id={ids.pass}
          type="password"
          label={t('sync.password')}
          value={password}
          onChange={setPassword}
          hint={status?.hasCredentials ? t('sync.credentialsStored') : t('sync.credentialsHint')}
          inputProps={{ autoComplete: 'current-password' }}
        />
        <fieldset className="sync-scope">
          <legend>{t('sync.scope')}</legend>
          <p className="hint">{t('sync.scopeHint')}</p>
          <TextField id={ids.countries} label={t('sync.countries')} value={countries} onChange={setCountries} inputProps={{ placeholder: 'SN, CV' }} />
          <TextField id={ids.themes} label={t('sync.themes')} value={themes} onChange={setThemes} />
          <TextField id={ids.workshops} label={t('sync.workshops')} value={workshops} onChange={setWorkshops} />
          <CheckboxGroup
            id={ids.types}
            legend={t('sync.types')}
            options={(['practice', 'note', 'workshop', 'plan'] as const).map((ty) => ({ value: ty, label: t(`sync.type.${ty}`) }))}
            selected={types}
            onChange={setTypes}
          />
        </fieldset>
        <button type="submit" className="button" disabled={busy !== null || status?.continuous}>
          {t('sync.save')}
        </button>
        {status?.continuous ? <p className="hint">{t('sync.stopToEdit')}</p> : null}
      </form>
    </div>
  );
}
