/**
 * A room participant's app (phones and small laptops, 360 px and up): my group's notes (the
 * facilitator's capture screen in participant mode: same autosave guarantees), my country's plan,
 * the library (search and reader), and the results when the facilitator opens them. What a
 * participant may do is decided by the server (main/core/access.ts); these screens only leave out
 * what would be refused.
 */
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../api';
import { href, parseHash, useHash } from '../../router';
import { useLang } from '../../i18n';
import { useResult } from '../../lib';
import { roomCall, useRefreshSession, type SessionInfo } from '../../room/session';
import { useLiveEvents } from '../../room/events';
import { downloadBlob } from '../../download';
import { downloadBundle } from '../../components/bundles/files';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { AppNav, Brand, type NavItem } from '../../components/AppHeader';
import { Search } from '../Search';
import { Reader } from '../Reader';
import { Editor } from '../Editor';
import { WorkshopScreen } from '../workshop';
import { CaptureScreen } from '../workshop/Capture';
import { PlanEditorScreen } from '../workshop/PlanEditor';
import type { HubRecord, Workshop } from '../../../../main/core/model';
import type { HubError } from '../../../../main/core/result';
import { LangSwitch } from './LangSwitch';
import { useRt } from './Join';

type Participant = Extract<SessionInfo, { kind: 'session' }>;

export function ParticipantApp({ session }: { session: Participant }) {
  const t = useRt();
  const hash = useHash();
  const refresh = useRefreshSession();
  const workshopId = session.room?.workshopId ?? null;
  const [workshop, reloadWorkshop] = useResult<HubRecord | null>(
    async () => (workshopId ? api.get({ id: workshopId }) : { ok: true, value: null }),
    [workshopId],
  );
  // The facilitator picked another workshop or opened the results: refresh who we are.
  useLiveEvents((e) => {
    if (e.type === 'room' || e.type === 'reset') {
      refresh();
      reloadWorkshop();
    }
  });
  const w = workshop.state === 'ok' && workshop.value?.type === 'workshop' ? (workshop.value as Workshop) : null;
  const group = w?.groups.find((g) => g.id === session.groupId);
  const tab = hash.startsWith('#/p/plan')
    ? 'plan'
    : hash.startsWith('#/p/results')
      ? 'results'
      : hash.startsWith('#/new') || hash.startsWith('#/edit')
        ? 'propose'
        : hash.startsWith('#/search') || hash.startsWith('#/record')
          ? 'library'
          : 'notes';

  const leave = async () => {
    await roomCall('leave', {});
    window.location.hash = '#/';
    refresh();
  };

  const tabs: NavItem[] = [
    { id: 'notes', to: '#/p/notes', label: t('p.notes') },
    { id: 'plan', to: '#/p/plan', label: t('p.plan') },
    { id: 'library', to: href.search(), label: t('p.library') },
    { id: 'propose', to: href.newPractice(), label: t('p.propose') },
    { id: 'results', to: '#/p/results', label: t('p.results') },
  ].map((x) => ({ ...x, active: tab === x.id }));

  let screen: ReactNode;
  const route = parseHash(hash);
  if (workshop.state === 'loading') screen = <p className="loading">{t('loading')}</p>;
  else if (route.name === 'search') screen = <Search params={route.params} />;
  else if (route.name === 'record') screen = <Reader id={route.id} section={route.section} />;
  // Proposing a practice: the server saves it as a draft, and lets only its author edit it.
  else if (route.name === 'new') screen = <Editor />;
  else if (route.name === 'edit') screen = <Editor id={route.id} />;
  else if (route.name === 'workshop' && !hash.startsWith('#/p/')) screen = <WorkshopScreen parts={route.parts} params={route.params} />;
  else if (!w) screen = <NoWorkshop />;
  else if (!group || hash.startsWith('#/p/group')) screen = <GroupPicker workshop={w} current={session.groupId} onDone={refresh} />;
  else if (tab === 'plan') screen = <MyPlan workshop={w} groupId={group.id} country={group.country} />;
  else if (tab === 'results') screen = <Results workshop={w} takeHome={!!session.room?.takeHome} />;
  else screen = <CaptureScreen key={`${w.id}:${group.id}`} workshopId={w.id} participant={{ groupId: group.id }} />;

  return (
    <div className="room-page room-participant">
      <header className="app-header room-header">
        <div className="header-inner">
          <Brand tagline={t('p.brand')} />
          <p className="room-who" data-participant-name={session.name}>
            {t('p.who', { name: session.name, group: group?.name ?? '—' })}{' '}
            {group ? (
              <a href="#/p/group" className="room-change-group">
                {t('group.change')}
              </a>
            ) : null}
          </p>
          <LangSwitch />
          <button type="button" className="button button-small" onClick={() => void leave()}>
            {t('p.leave')}
          </button>
        </div>
        <AppNav label={t('p.nav')} items={tabs} />
      </header>
      <main id="main-content" tabIndex={-1}>
        {screen}
      </main>
    </div>
  );
}

function NoWorkshop() {
  const t = useRt();
  return (
    <div className="screen" data-ready="true">
      <PageTitle>{t('p.brand')}</PageTitle>
      <p>{t('group.noWorkshop')}</p>
    </div>
  );
}

function GroupPicker({ workshop, current, onDone }: { workshop: Workshop; current: string | null; onDone: () => void }) {
  const t = useRt();
  const [groupId, setGroupId] = useState(current ?? workshop.groups[0]?.id ?? '');
  const [error, setError] = useState<HubError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await roomCall('profile', { groupId });
    if (!r.ok) return setError(r.error);
    window.location.hash = '#/p/notes';
    onDone();
  };
  return (
    <div className="screen room-group" data-ready="true">
      <PageTitle>{t('group.title')}</PageTitle>
      <p>{t('group.intro')}</p>
      <form onSubmit={(e) => void submit(e)} className="room-form">
        <div className="field">
          <label htmlFor="room-group">{t('group.label')}</label>
          <select id="room-group" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
            {workshop.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
        {error ? <ErrorMessage error={error} /> : null}
        <p>
          <button type="submit" className="button button-primary">
            {t('group.submit')}
          </button>
        </p>
      </form>
    </div>
  );
}

function MyPlan({ workshop, groupId, country }: { workshop: Workshop; groupId: string; country?: string }) {
  const t = useRt();
  const [plans] = useResult(() => api.workshopPlans({ workshopId: workshop.id }), [workshop.id]);
  const plan = useMemo(
    () => (plans.state === 'ok' ? (plans.value.find((p) => p.groupId === groupId) ?? (country ? plans.value.find((p) => p.country === country) : undefined)) : undefined),
    [plans, groupId, country],
  );
  if (plans.state === 'loading') return <p className="loading">{t('loading')}</p>;
  if (plans.state === 'error') return <ErrorMessage error={plans.error} />;
  if (!plan) {
    return (
      <div className="screen" data-ready="true" data-no-plan="true">
        <PageTitle>{t('p.plan')}</PageTitle>
        <p>{t('p.noPlan')}</p>
      </div>
    );
  }
  return <PlanEditorScreen planId={plan.id} />;
}

function Results({ workshop, takeHome }: { workshop: Workshop; takeHome: boolean }) {
  const t = useRt();
  const lang = useLang();
  const [error, setError] = useState<HubError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const html = async () => {
    setError(null);
    const r = await api.dashboardHtml({ workshopId: workshop.id, lang: lang === 'en' ? 'en' : 'fr' }); // the dashboard exists in French and English
    if (!r.ok) return setError(r.error);
    downloadBlob(new Blob([r.value.html], { type: 'text/html' }), r.value.fileName);
    setDone(r.value.fileName);
  };
  const bundle = async () => {
    setError(null);
    const r = await downloadBundle({});
    if (!r.ok) return setError(r.error);
    setDone(r.value.fileName);
  };
  return (
    <div className="screen room-results" data-ready="true" data-take-home={takeHome ? 'true' : 'false'}>
      <PageTitle>{t('p.results')}</PageTitle>
      {takeHome ? (
        <>
          <p>{t('p.resultsIntro')}</p>
          <p className="button-row">
            <button type="button" className="button" onClick={() => void html()}>
              {t('p.downloadHtml')}
            </button>
            <button type="button" className="button" onClick={() => void bundle()}>
              {t('p.downloadBundle')}
            </button>
          </p>
        </>
      ) : (
        <p>{t('p.resultsClosed')}</p>
      )}
      <p>
        <a href={`#/workshop/${encodeURIComponent(workshop.id)}/dashboard`}>{workshop.title}</a>
      </p>
      {error ? <ErrorMessage error={error} /> : null}
      {done ? (
        <p role="status" className="notice">
          {t('p.downloaded', { file: done })}
        </p>
      ) : null}
    </div>
  );
}
