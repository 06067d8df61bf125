/**
 * #/workshop/<id>: the workshop at a glance. What is happening now (current and next session,
 * groups at work, where each block of participants rotates), the rotation timer, the programme
 * day by day, the groups with a link to capture in each, the country plans and the participants.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useLang } from '../../i18n';
import { useDocumentTitle, useResult } from '../../lib';
import { countryName } from '../../../../main/core/labels';
import type { HubRecord, Workshop } from '../../../../main/core/model';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { WorkshopNav, formatDay, groupKindText, useSessionKindLabel, useWt, workshopDates } from '../../components/workshop/common';
import { NowBanner, RotationTimer, useHubClock, useNow } from '../../components/workshop/NowPanel';
import { whref } from '../../components/workshop/routes';
import type { Result } from '../../../../main/core/result';

export async function loadWorkshop(id: string): Promise<Result<Workshop>> {
  const r = await api.get({ id });
  if (!r.ok) return r;
  if (r.value.type !== 'workshop') return { ok: false, error: { code: 'not-found', message: `"${id}" is not a workshop.` } };
  return { ok: true, value: r.value };
}

export function WorkshopHome({ workshopId }: { workshopId: string }) {
  const { t } = useWt();
  const [data] = useResult(() => loadWorkshop(workshopId), [workshopId]);
  useDocumentTitle(data.state === 'ok' ? data.value.title : t('home.title'));
  if (data.state === 'loading') {
    return (
      <div className="screen ws-home" data-ready="false" aria-busy="true">
        <p className="loading">{t('loading')}</p>
      </div>
    );
  }
  if (data.state === 'error') {
    return (
      <div className="screen ws-home" data-ready="true">
        <PageTitle>{t('home.title')}</PageTitle>
        <ErrorMessage error={data.error} />
        <p>
          <a href={whref.list()}>{t('nav.all')}</a>
        </p>
      </div>
    );
  }
  return <Home workshop={data.value} />;
}

function Home({ workshop: w }: { workshop: Workshop }) {
  const { t } = useWt();
  const lang = useLang();
  const kindLabel = useSessionKindLabel();
  const { offset, setServerTime } = useHubClock();
  const now = useNow(w, offset);
  const [plans] = useResult(() => api.workshopPlans({ workshopId: w.id }), [w.id]);
  const days = useMemo(() => {
    const numbers = [...new Set([...w.days.map((d) => d.day), ...w.sessions.map((s) => s.day)])].sort((a, b) => a - b);
    return numbers.map((n) => ({
      day: n,
      info: w.days.find((d) => d.day === n),
      sessions: w.sessions.filter((s) => s.day === n).sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end)),
    }));
  }, [w]);
  const groupName = (id: string) => w.groups.find((g) => g.id === id)?.name ?? id;
  const planOf = (groupId: string) => (plans.state === 'ok' ? plans.value.find((p) => p.groupId === groupId) : undefined);

  return (
    <div className="screen ws-home" data-ready={plans.state !== 'loading' ? 'true' : 'false'} data-workshop-id={w.id}>
      <WorkshopNav workshop={w} current="home" />
      <header className="ws-header">
        {w.template ? (
          <p className="eyebrow">
            <span className="badge">{t('list.template')}</span>
          </p>
        ) : null}
        <PageTitle lang={w.lang !== lang ? w.lang : undefined}>{w.title}</PageTitle>
        <p className="meta">{[w.place, workshopDates(w, lang)].filter(Boolean).join(' · ')}</p>
        {w.template ? <p className="notice notice-warning">{t('home.templateNotice')}</p> : null}
        <p className="button-row ws-home-actions">
          <a className="button button-primary" href={whref.capture(w.id)}>
            {t('home.capture')}
          </a>
          <a className="button" href={whref.plans(w.id)}>
            {t('nav.plans')}
          </a>
          <a className="button" href={whref.dashboard(w.id)}>
            {t('nav.dashboard')}
          </a>
        </p>
      </header>

      <div className="ws-home-top">
        {now ? <NowBanner workshop={w} now={now} /> : null}
        <RotationTimer workshop={w} now={now} offset={offset} onServerTime={setServerTime} />
      </div>

      <div className="ws-home-columns">
        <section aria-labelledby="ws-programme-title" className="ws-programme-view">
          <h2 id="ws-programme-title">{t('home.programme')}</h2>
          {days.length === 0 ? <p className="empty-state">{t('home.noSessions')}</p> : null}
          {days.map(({ day, info, sessions }) => (
            <section key={day} aria-labelledby={`ws-day-${day}`} className="ws-day">
              <h3 id={`ws-day-${day}`}>
                {info?.title || t('day', { n: day })}
                {info?.date ? <span className="meta"> · {formatDay(info.date, lang)}</span> : null}
              </h3>
              <ol className="ws-sessions">
                {sessions.map((s) => {
                  const isNow = now?.current?.id === s.id;
                  const isNext = !isNow && now?.next?.id === s.id;
                  return (
                    <li key={s.id} className={`ws-session ws-kind-${s.kind}${isNow ? ' ws-session-now' : ''}`} aria-current={isNow ? 'time' : undefined}>
                      <span className="ws-session-time">
                        {s.start}–{s.end}
                      </span>
                      <div className="ws-session-body">
                        <p className="ws-session-title" lang={w.lang !== lang ? w.lang : undefined}>
                          {isNow ? <span className="badge ws-badge-now">{t('home.nowBadge')}</span> : null}
                          {isNext ? <span className="badge">{t('home.nextBadge')}</span> : null} {s.title}
                        </p>
                        <p className="meta">
                          {kindLabel(s.kind)}
                          {s.rotationMinutes ? ` · ${t('home.rotationEvery', { minutes: s.rotationMinutes })}` : ''}
                        </p>
                        {s.groupIds.length ? (
                          <ul className="ws-chip-links" aria-label={t('home.groupsOf', { title: s.title })}>
                            {s.groupIds.map((g) => (
                              <li key={g}>
                                <a href={whref.capture(w.id, { group: g, session: s.id })}>{groupName(g)}</a>
                              </li>
                            ))}
                          </ul>
                        ) : null}
                        {s.examples?.length ? <SessionExamples ids={s.examples} /> : null}
                        {s.description ? (
                          <details className="ws-session-details">
                            <summary>{t('home.details')}</summary>
                            <p lang={w.lang !== lang ? w.lang : undefined}>{s.description}</p>
                          </details>
                        ) : null}
                      </div>
                    </li>
                  );
                })}
              </ol>
            </section>
          ))}
        </section>

        <aside className="ws-home-side" aria-label={t('home.aside')}>
          <section aria-labelledby="ws-groups-title">
            <h2 id="ws-groups-title">{t('home.groups')}</h2>
            {w.groups.length === 0 ? <p className="hint">{t('home.noGroups')}</p> : null}
            <ul className="ws-group-list">
              {w.groups.map((g) => {
                const plan = planOf(g.id);
                return (
                  <li key={g.id}>
                    <p className="ws-group-name" lang={w.lang !== lang ? w.lang : undefined}>
                      {g.name}
                    </p>
                    <p className="meta">{groupKindText(g, lang, t)}</p>
                    <p className="ws-card-links">
                      <a href={whref.capture(w.id, { group: g.id })} aria-label={t('home.captureInGroup', { group: g.name })}>
                        {t('home.captureShort')}
                      </a>
                      {plan ? (
                        <a href={whref.plan(plan.id)} aria-label={t('home.planOf', { country: countryName(plan.country, lang) })}>
                          {t('home.planShort')}
                        </a>
                      ) : null}
                    </p>
                  </li>
                );
              })}
            </ul>
          </section>
          {w.participants.length ? (
            <section aria-labelledby="ws-participants-title">
              <h2 id="ws-participants-title">{t('home.participants', { count: w.participants.length })}</h2>
              <details>
                <summary>{t('home.showParticipants')}</summary>
                <ul className="ws-participants" lang={w.lang !== lang ? w.lang : undefined}>
                  {w.participants.map((p, i) => (
                    <li key={i}>
                      <strong>{p.organisation}</strong>
                      {p.country ? <span className="meta"> · {countryName(p.country, lang)}</span> : null}
                      {p.role ? <p className="meta">{p.role}</p> : null}
                    </li>
                  ))}
                </ul>
              </details>
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

/** A skills clinic's worked examples (coverage sheets, projects), linked to their tool. */
function SessionExamples({ ids }: { ids: string[] }) {
  const { t } = useTranslation('translation', { keyPrefix: 'clinics' });
  const [records] = useResult<Result<HubRecord>[]>(() => Promise.all(ids.map((id) => api.get({ id }))).then((rs) => ({ ok: true as const, value: rs })), [ids.join(' ')]);
  if (records.state !== 'ok') return null;
  const found = records.value.flatMap((r) => (r.ok && (r.value.type === 'coverage' || r.value.type === 'project') ? [r.value] : []));
  if (!found.length) return null;
  return (
    <ul className="ws-chip-links" aria-label={t('workedExamples')}>
      {found.map((r) => (
        <li key={r.id}>
          {t('workedExample')} <a href={`#/${r.type}/${encodeURIComponent(r.id)}`}>{r.title}</a>
        </li>
      ))}
    </ul>
  );
}
