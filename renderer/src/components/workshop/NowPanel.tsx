/**
 * "Now" at the workshop and the group-work rotation timer.
 *
 * The "now" view is computed here with the core's own pure function (main/core/workshops/now.ts)
 * every 15 seconds, on the hub's clock (the timer's serverTime gives the offset, so a laptop in
 * the room with a wrong clock still agrees with the facilitator's). The timer's state comes from
 * the hub (it is shared and survives a restart); its remaining time ticks locally every second
 * with the core's timerView, and is re-read from the hub every 15 seconds in case another window
 * pressed a button.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { api } from '../../api';
import { useLang, type UiLang } from '../../i18n';
import type { Workshop } from '../../../../main/core/model';
import type { HubError } from '../../../../main/core/result';
import { nowView, type NowView, type SessionView } from '../../../../main/core/workshops/now';
import { timerView, type TimerState } from '../../../../main/core/workshops/timer';
import { ErrorMessage } from '../ErrorMessage';
import { formatDay, formatDuration, shortGroupName, useAnnouncer, LiveRegion, useWt } from './common';
import { whref } from './routes';

const REFRESH_MS = 15_000;

/** The hub's clock as seen from here: Date.now() + offset. */
export function useHubClock(): { offset: number; setServerTime: (serverTime: number) => void } {
  const [offset, setOffset] = useState(0);
  const setServerTime = useCallback((serverTime: number) => {
    const o = serverTime - Date.now();
    // Ignore jitter under two seconds (request latency), so the display does not jump.
    setOffset((prev) => (Math.abs(prev - o) > 2000 ? o : prev));
  }, []);
  return { offset, setServerTime };
}

/** The workshop's "now", recomputed every 15 s. */
export function useNow(workshop: Workshop | undefined, offset: number): NowView | undefined {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const h = window.setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => window.clearInterval(h);
  }, []);
  return useMemo(() => (workshop ? nowView(workshop, new Date(Date.now() + offset)) : undefined),
    // tick: recompute as time passes.
    [workshop, offset, tick]);
}

function sessionWhen(s: SessionView, now: NowView, lang: UiLang, t: (k: string, o?: Record<string, unknown>) => string): string {
  return s.date === now.localDate ? t('now.at', { time: s.start }) : t('now.onDayAt', { date: formatDay(s.date, lang), time: s.start });
}

export function NowBanner({ workshop, now }: { workshop: Workshop; now: NowView }) {
  const { t } = useWt();
  const lang = useLang();
  const groupName = (id: string) => shortGroupName(workshop.groups.find((g) => g.id === id)?.name ?? id);
  const cur = now.current;
  const next = now.next;
  return (
    <section className={`ws-now ws-now-${now.status}`} aria-labelledby="ws-now-title" data-now-status={now.status}>
      <h2 id="ws-now-title">
        {t('now.title')} <span className="ws-now-clock">{now.localTime}</span>
        {now.day ? <span className="meta"> · {t('day', { n: now.day.day })}</span> : null}
      </h2>
      {now.status === 'before' ? <p className="ws-now-line">{t('now.before', { date: formatDay(workshop.startDate, lang) })}</p> : null}
      {now.status === 'after' ? <p className="ws-now-line">{t('now.after')}</p> : null}
      {now.status === 'between' ? <p className="ws-now-line">{t('now.between')}</p> : null}
      {cur ? (
        <div className="ws-now-current">
          <p className="ws-now-line">
            <strong>{now.status === 'break' ? t('now.break') : t('now.current')}</strong> {cur.title}{' '}
            <span className="meta">
              ({cur.start}–{cur.end}, {t('now.minutesLeft', { count: now.minutesLeft ?? 0 })})
            </span>
          </p>
          {now.rotation ? (
            <p className="ws-now-line">
              {t('now.rotation', { index: now.rotation.index + 1, count: now.rotation.count, minutes: now.rotation.minutesLeft })}
            </p>
          ) : null}
          {cur.groups.length ? (
            <div>
              <p className="ws-now-line">{t('now.groupsAtWork')}</p>
              <ul className="ws-chip-links">
                {cur.groups.map((g) => (
                  <li key={g.id}>
                    <a href={whref.capture(workshop.id, { group: g.id, session: cur.id })}>{t('now.captureIn', { group: g.name })}</a>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {now.rotation ? (
            <ul className="ws-blocks">
              {now.rotation.blocks.map((b) => (
                <li key={b.block}>
                  {t('timer.block', { n: b.block + 1, group: groupName(b.groupId) })}
                  {b.nextGroupId ? ` ${t('timer.thenGroup', { group: groupName(b.nextGroupId) })}` : ''}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {next ? (
        <p className="ws-now-line ws-now-next">
          <strong>{t('now.next')}</strong> {next.title} <span className="meta">({sessionWhen(next, now, lang, t)})</span>
        </p>
      ) : null}
    </section>
  );
}

type TimerAction = 'get' | 'start' | 'pause' | 'resume' | 'advance' | 'reset';

/** The rotation timer with its controls. `onServerTime` feeds the hub clock. */
export function RotationTimer({ workshop, now, onServerTime, offset }: { workshop: Workshop; now?: NowView; onServerTime: (t: number) => void; offset: number }) {
  const { t } = useWt();
  const uid = useId();
  const [state, setState] = useState<TimerState | null | undefined>(undefined);
  const [error, setError] = useState<HubError | null>(null);
  const [busy, setBusy] = useState(false);
  const [, setTick] = useState(0);
  const [message, announce] = useAnnouncer();
  // Sessions whose groups rotate (else, for a programme without rotation times, any with groups).
  const rotating = useMemo(() => {
    const withRotation = workshop.sessions.filter((s) => s.rotationMinutes && s.groupIds.length > 1);
    return withRotation.length ? withRotation : workshop.sessions.filter((s) => s.groupIds.length > 1);
  }, [workshop.sessions]);
  const defaultSession = useMemo(() => {
    const pick = [now?.current, now?.next].find((s) => s && rotating.some((r) => r.id === s.id));
    return pick?.id ?? rotating.find((s) => s.rotationMinutes)?.id ?? rotating[0]?.id ?? '';
  }, [now, rotating]);
  const [sessionId, setSessionId] = useState<string>('');
  const [minutes, setMinutes] = useState<string>('');
  const chosen = sessionId || defaultSession;
  const chosenSession = workshop.sessions.find((s) => s.id === chosen);

  const call = useCallback(
    async (action: TimerAction, extra: { sessionId?: string; minutes?: number } = {}) => {
      if (action !== 'get') setBusy(true);
      const r = await api.workshopTimer({ workshopId: workshop.id, action, ...extra });
      if (action !== 'get') setBusy(false);
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setError(null);
      onServerTime(r.value.serverTime);
      setState(r.value.state);
    },
    [workshop.id, onServerTime],
  );

  useEffect(() => {
    void call('get');
    const h = window.setInterval(() => void call('get'), REFRESH_MS);
    return () => window.clearInterval(h);
  }, [call]);

  // The remaining time ticks locally.
  useEffect(() => {
    if (state?.status !== 'running') return;
    const h = window.setInterval(() => setTick((n) => n + 1), 1000);
    return () => window.clearInterval(h);
  }, [state?.status]);

  const view = state ? timerView(state, Date.now() + offset) : null;
  const status = view?.status ?? 'idle';

  // Announce what changes (not every second): a new rotation, time up, the end.
  const last = useRef<{ status?: string; index?: number }>({});
  useEffect(() => {
    if (!view) return;
    const prev = last.current;
    if (prev.status !== undefined && (prev.status !== view.status || prev.index !== view.index)) {
      if (view.status === 'expired') announce(t('timer.expiredAnnounce'));
      else if (view.status === 'finished') announce(t('timer.finishedAnnounce'));
      else if (view.status === 'running' && prev.index !== view.index) announce(t('timer.rotationAnnounce', { index: view.index + 1, count: view.rotations }));
      else announce(t(`timer.status.${view.status}`));
    }
    last.current = { status: view.status, index: view.index };
  }, [view?.status, view?.index, view, announce, t]);

  const groupName = (id: string) => shortGroupName(workshop.groups.find((g) => g.id === id)?.name ?? id);
  const progress = view ? Math.min(view.rotationMs, view.elapsedMs) : 0;

  if (rotating.length === 0 && !state) {
    return (
      <section className="ws-timer" aria-labelledby={`${uid}-title`} data-timer-status="none">
        <h2 id={`${uid}-title`}>{t('timer.title')}</h2>
        <p className="hint">{t('timer.noGroupWork')}</p>
      </section>
    );
  }

  return (
    <section className={`ws-timer ws-timer-${status}`} aria-labelledby={`${uid}-title`} data-timer-status={state === undefined ? 'loading' : status}>
      <h2 id={`${uid}-title`}>{t('timer.title')}</h2>
      {error ? <ErrorMessage error={error} /> : null}
      {view && status !== 'idle' ? (
        <>
          <p className="ws-timer-rotation">{t('timer.rotationOf', { index: view.index + 1, count: view.rotations })}</p>
          <p className="ws-timer-clock">
            <span className="visually-hidden">{t('timer.remainingLabel', { time: formatDuration(view.remainingMs) })}</span>
            <span aria-hidden="true">{formatDuration(view.remainingMs)}</span>
          </p>
          <progress className="ws-timer-progress" max={view.rotationMs} value={progress} aria-label={t('timer.progress')} />
          <p className="ws-timer-status">{t(`timer.status.${status}`)}</p>
          {view.blocks.length ? (
            <ul className="ws-blocks">
              {view.blocks.map((b) => (
                <li key={b.block}>
                  {t('timer.block', { n: b.block + 1, group: groupName(b.groupId) })}
                  {b.nextGroupId ? ` ${t('timer.thenGroup', { group: groupName(b.nextGroupId) })}` : ''}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      {status === 'idle' ? (
        <div className="ws-timer-config">
          <div className="field">
            <label htmlFor={`${uid}-session`}>{t('timer.session')}</label>
            <select id={`${uid}-session`} value={chosen} onChange={(e) => setSessionId(e.target.value)}>
              {rotating.map((s) => (
                <option key={s.id} value={s.id}>
                  {t('day', { n: s.day })} · {s.start} · {s.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${uid}-minutes`}>{t('timer.minutes')}</label>
            <input
              id={`${uid}-minutes`}
              type="number"
              min={1}
              max={480}
              inputMode="numeric"
              placeholder={String(chosenSession?.rotationMinutes ?? 60)}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
            />
          </div>
        </div>
      ) : null}
      <div className="button-row ws-timer-buttons">
        {status === 'idle' ? (
          <button
            type="button"
            className="button button-primary"
            disabled={busy || !chosen}
            onClick={() => void call('start', { ...(chosen ? { sessionId: chosen } : {}), ...(Number(minutes) > 0 ? { minutes: Number(minutes) } : {}) })}
          >
            {t('timer.start')}
          </button>
        ) : null}
        {status === 'running' ? (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void call('pause')}>
            {t('timer.pause')}
          </button>
        ) : null}
        {status === 'paused' ? (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void call('resume')}>
            {t('timer.resume')}
          </button>
        ) : null}
        {status === 'finished' ? (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void call('start')}>
            {t('timer.restart')}
          </button>
        ) : null}
        {status === 'running' || status === 'paused' || status === 'expired' ? (
          <button type="button" className={`button${status === 'expired' ? ' button-primary' : ''}`} disabled={busy} onClick={() => void call('advance')}>
            {t('timer.advance')}
          </button>
        ) : null}
        {status !== 'idle' ? (
          <button type="button" className="button" disabled={busy} onClick={() => void call('reset')}>
            {t('timer.reset')}
          </button>
        ) : null}
      </div>
      <LiveRegion message={message} />
    </section>
  );
}
