/**
 * Before a session: the join page of a workshop room (`#/join?code=XXXXXX`: the code comes after
 * the #, so it never reaches a server log; the page reads it and fills the field), and the page
 * that asks to open the link `socle serve` printed (token mode).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useHash } from '../../router';
import { roomCall, useRefreshSession } from '../../room/session';
import { PageTitle } from '../../components/PageTitle';
import { LangSwitch } from './LangSwitch';

export function useRt() {
  const { t } = useTranslation('translation', { keyPrefix: 'room' });
  return t;
}

function codeFromHash(hash: string): string {
  const query = hash.split('?', 2)[1] ?? '';
  return (new URLSearchParams(query).get('code') ?? '').toUpperCase().slice(0, 12);
}

export function JoinScreen() {
  const t = useRt();
  const hash = useHash();
  const refresh = useRefreshSession();
  const [code, setCode] = useState(() => codeFromHash(hash));
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await roomCall('join', { code, name: name.trim() });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.code === 'busy' ? t('join.tooMany') : r.error.code === 'unauthorized' ? t('join.wrong') : r.error.message);
      return;
    }
    // The code has done its job: it leaves the address bar.
    window.history.replaceState(null, '', '#/p/notes');
    refresh();
  };

  return (
    <main id="main-content" className="room-page room-join" tabIndex={-1}>
      <div className="room-top">
        <span className="brand-name">Socle</span>
        <LangSwitch />
      </div>
      <div className="screen room-join-card" data-ready="true">
        <PageTitle>{t('join.title')}</PageTitle>
        <p>{t('join.intro')}</p>
        <form onSubmit={(e) => void submit(e)} className="room-form">
          <div className="field">
            <label htmlFor="room-code">{t('join.code')}</label>
            <input
              id="room-code"
              className="room-code-input"
              value={code}
              onChange={(e) => setCode(e.target.value.toUpperCase())}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              required
              maxLength={12}
              aria-describedby="room-code-hint"
            />
            <p id="room-code-hint" className="hint">
              {t('join.codeHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="room-name">{t('join.name')}</label>
            <input id="room-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required maxLength={80} />
          </div>
          {error ? (
            <p className="notice notice-error" role="alert" data-join-error="true">
              {error}
            </p>
          ) : null}
          <p>
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('join.joining') : t('join.submit')}
            </button>
          </p>
        </form>
      </div>
    </main>
  );
}

export function TokenNeeded() {
  const t = useRt();
  return (
    <main id="main-content" className="room-page" tabIndex={-1}>
      <div className="room-top">
        <span className="brand-name">Socle</span>
        <LangSwitch />
      </div>
      <div className="screen room-join-card" data-ready="true" data-token-needed="true">
        <PageTitle>{t('token.title')}</PageTitle>
        <p>{t('token.body')}</p>
        <p className="hint">{t('token.why')}</p>
      </div>
    </main>
  );
}
