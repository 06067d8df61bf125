/**
 * #/room: the facilitator's room panel (browser mode started with `socle serve --room`): the join
 * QR code (an SVG the server makes offline), the code and its expiry, rotating it, the room's
 * workshop and the take-home switch, the devices that joined (remove one or all), and the LAN
 * self-test. Devices appear and leave live (the room's event stream).
 * Test hooks: `.room-panel[data-ready]`, `[data-room-code]`, `li[data-device-id]`, `[data-selftest]`.
 */
import { useState } from 'react';
import { api } from '../../api';
import { useLang } from '../../i18n';
import { formatDate, useDocumentTitle, useResult } from '../../lib';
import { roomCall, type RoomState, type SelfTestResult } from '../../room/session';
import { useLiveEvents } from '../../room/events';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import type { HubError, Result } from '../../../../main/core/result';
import type { Group } from '../../../../main/core/model';
import { useRt } from './Join';

export function RoomPanel() {
  const t = useRt();
  const lang = useLang();
  useDocumentTitle(t('panel.title'));
  const [state, reload] = useResult(() => roomCall<RoomState>('state'), []);
  const [workshops] = useResult(() => api.list({ type: 'workshop', limit: 200 }), []);
  const roomWorkshop = state.state === 'ok' ? state.value.workshopId : null;
  const [groups] = useResult(
    async (): Promise<Result<Group[]>> => {
      if (!roomWorkshop) return { ok: true, value: [] };
      const w = await api.get({ id: roomWorkshop });
      return w.ok ? { ok: true, value: w.value.type === 'workshop' ? w.value.groups : [] } : w;
    },
    [roomWorkshop],
  );
  const [message, setMessage] = useState('');
  const [error, setError] = useState<HubError | null>(null);
  const [selftest, setSelftest] = useState<SelfTestResult[] | null>(null);
  const [testing, setTesting] = useState(false);
  useLiveEvents((e) => {
    if (e.type === 'device' || e.type === 'room' || e.type === 'reset') reload();
  });

  if (state.state === 'loading') {
    return (
      <div className="screen room-panel" data-ready="false" aria-busy="true">
        <p className="loading">{t('loading')}</p>
      </div>
    );
  }
  if (state.state === 'error') {
    return (
      <div className="screen room-panel" data-ready="true">
        <PageTitle>{t('panel.title')}</PageTitle>
        <ErrorMessage error={state.error} />
      </div>
    );
  }
  const room = state.value;
  const act = async (route: string, body: unknown, done?: (r: RoomState) => string) => {
    setError(null);
    const r = await roomCall<RoomState>(route, body);
    if (!r.ok) return setError(r.error);
    if (done) setMessage(done(r.value));
    reload();
  };
  const test = async () => {
    setTesting(true);
    const r = await roomCall<SelfTestResult[]>('selftest');
    setTesting(false);
    if (r.ok) setSelftest(r.value);
    else setError(r.error);
  };
  const templates = workshops.state === 'ok' ? workshops.value.items : [];
  const groupName = (id: string | null) => (id && groups.state === 'ok' ? (groups.value.find((g) => g.id === id)?.name ?? id) : t('panel.noGroup'));

  return (
    <div className="screen room-panel" data-ready="true">
      <PageTitle>{t('panel.title')}</PageTitle>
      <p>{t('panel.intro')}</p>
      <div className="room-join-box">
        <img className="room-qr" src={`/room/qr.svg?c=${room.code}`} alt={t('panel.qr')} width={220} height={220} />
        <div>
          <p className="room-code-label">{t('panel.code')}</p>
          <p className="room-code" data-room-code={room.code} aria-live="polite">
            {room.code}
          </p>
          <p className="hint">{t('panel.until', { time: formatDate(room.expiresAt, lang, true) })}</p>
          <p className="room-link">
            {t('panel.link')} : <code>{room.joinUrl}</code>
          </p>
          <p>
            <button type="button" className="button" onClick={() => void act('rotate', {}, (r) => t('panel.rotated', { code: r.code }))}>
              {t('panel.rotate')}
            </button>
          </p>
        </div>
      </div>

      <div className="room-settings">
        <div className="field">
          <label htmlFor="room-workshop">{t('panel.workshop')}</label>
          <select id="room-workshop" value={room.workshopId ?? ''} onChange={(e) => e.target.value && void act('settings', { workshopId: e.target.value })}>
            <option value="">{t('panel.noWorkshop')}</option>
            {templates.map((w) => (
              <option key={w.id} value={w.id}>
                {w.title}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={room.takeHome} onChange={(e) => void act('settings', { takeHome: e.target.checked })} />
          <span>{t('panel.takeHome')}</span>
        </label>
      </div>

      {error ? <ErrorMessage error={error} /> : null}
      <p role="status" className="room-message">
        {message}
      </p>

      <section aria-labelledby="room-devices-title">
        <h2 id="room-devices-title">{t('panel.devices', { count: room.devices.length })}</h2>
        {room.devices.length === 0 ? <p className="hint">{t('panel.noDevices')}</p> : null}
        <ul className="room-devices">
          {room.devices.map((d) => (
            <li key={d.id} data-device-id={d.id} className="room-device">
              <span className="room-device-name">{d.name}</span>
              <span className="meta">
                {t('panel.group')} : {groupName(d.groupId)} · {t('panel.joined')} {formatDate(d.joinedAt, lang, true)} · {t('panel.seen')} {formatDate(d.lastSeen, lang, true)}
              </span>
              <button
                type="button"
                className="button button-small"
                aria-label={t('panel.revokeLabel', { name: d.name })}
                onClick={() => void act('revoke', { id: d.id }, () => t('panel.revoked', { name: d.name }))}
              >
                {t('panel.revoke')}
              </button>
            </li>
          ))}
        </ul>
        {room.devices.length > 1 ? (
          <p>
            <button type="button" className="button button-danger" onClick={() => void act('revoke', { all: true })}>
              {t('panel.revokeAll')}
            </button>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="room-selftest-title" data-selftest={selftest ? 'done' : 'idle'}>
        <h2 id="room-selftest-title">{t('panel.selftest')}</h2>
        <p className="hint">{t('panel.selftestIntro')}</p>
        <p>
          <button type="button" className="button" disabled={testing} onClick={() => void test()}>
            {t('panel.selftest')}
          </button>
        </p>
        {selftest ? (
          <ul className="room-selftest">
            {selftest.map((r) => (
              <li key={r.address} data-ok={r.ok ? 'true' : 'false'}>
                <code>{r.url}</code> : {r.ok ? t('panel.selftestOk', { ms: r.ms }) : t('panel.selftestFail', { error: r.error ?? '?' })}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
