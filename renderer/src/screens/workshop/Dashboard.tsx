/**
 * #/workshop/<id>/dashboard: the results dashboard. All group work compiled under the closing
 * session's headings, key figures, and charts where people would rather look than read (actions
 * per step and country, partners' involvement, notes per session), each with its data table.
 * The dashboard's language (French or English) is chosen here and applies to what is shown and
 * to the exports: a standalone HTML file that opens offline, and a PDF (the desktop shell prints
 * it; in a browser, the print dialog on this print-styled screen).
 */
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useLang } from '../../i18n';
import { href } from '../../router';
import { purify, useDocumentTitle, useResult } from '../../lib';
import { useWorkshopLive } from '../../room/events';
import { renderMarkdown } from '../../../../main/core/markdown';
import { STEP_LABELS } from '../../../../main/core/labels';
import type { Workshop } from '../../../../main/core/model';
import type { HubError } from '../../../../main/core/result';
import type { Dashboard, DashboardAction, DashboardNote, DashboardSection } from '../../../../main/core/workshops/dashboard';
import { compiledAtLabel, workshopDatesLabel } from '../../../../main/core/workshops/text';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { RichText, scrollToSection } from '../../components/RichText';
import { WorkshopNav, quarterLabel, useWt } from '../../components/workshop/common';
import { BarChart } from '../../components/workshop/Charts';
import { canSaveFiles, exportDashboard, type ExportOutcome } from '../../components/workshop/export';
import { loadWorkshop } from './WorkshopHome';

type DLang = 'fr' | 'en';
type TD = (key: string, opts?: Record<string, unknown>) => string;

export function DashboardScreen({ workshopId }: { workshopId: string }) {
  const { t } = useWt();
  const [w] = useResult(() => loadWorkshop(workshopId), [workshopId]);
  useDocumentTitle(t('dash.title'));
  if (w.state === 'loading') {
    return (
      <div className="screen ws-dash" data-ready="false" aria-busy="true">
        <p className="loading">{t('loading')}</p>
      </div>
    );
  }
  if (w.state === 'error') {
    return (
      <div className="screen ws-dash" data-ready="true">
        <PageTitle>{t('dash.title')}</PageTitle>
        <ErrorMessage error={w.error} />
      </div>
    );
  }
  return <DashboardView workshop={w.value} />;
}

function DashboardView({ workshop }: { workshop: Workshop }) {
  const { t } = useWt();
  const uiLang = useLang();
  const { i18n } = useTranslation();
  const [dlang, setDlang] = useState<DLang>(uiLang === 'en' ? 'en' : 'fr'); // the dashboard export exists in French and English
  const [includeInternal, setIncludeInternal] = useState(false);
  const [fresh, reload] = useResult(() => api.dashboard({ workshopId: workshop.id, lang: dlang, includeInternal }), [workshop.id, dlang, includeInternal]);
  // Live: notes and plans changed by the room (or another window) reload the figures, and the
  // previous figures stay on screen meanwhile instead of a loading message.
  useWorkshopLive(workshop.id, reload);
  const shown = useRef(fresh);
  if (fresh.state !== 'loading') shown.current = fresh;
  const data = fresh.state === 'loading' && shown.current.state === 'ok' ? shown.current : fresh;
  const [busy, setBusy] = useState<'html' | 'pdf' | null>(null);
  const [error, setError] = useState<HubError | null>(null);
  const [outcome, setOutcome] = useState<ExportOutcome | null>(null);
  // Labels inside the dashboard follow the dashboard's language, not the interface's.
  const td = useMemo(() => i18n.getFixedT(dlang, 'translation', 'workshop.dash') as unknown as TD, [i18n, dlang]);
  const desktop = canSaveFiles();

  const doExport = async (format: 'html' | 'pdf') => {
    setError(null);
    setOutcome(null);
    if (format === 'pdf' && !desktop) {
      // Browser mode: this screen is print-styled; the browser's dialog also saves as PDF.
      window.print();
      return;
    }
    setBusy(format);
    const r = await api.dashboardHtml({ workshopId: workshop.id, lang: dlang, includeInternal });
    if (!r.ok) {
      setBusy(null);
      setError(r.error);
      return;
    }
    const out = await exportDashboard(r.value.html, r.value.fileName, format);
    setBusy(null);
    // Shown (and announced: the area is a live region) below the buttons.
    setOutcome(out);
  };

  const ready = data.state !== 'loading';
  return (
    <div className="screen ws-dash" data-ready={ready ? 'true' : 'false'} aria-busy={!ready} data-dash-lang={dlang}>
      <WorkshopNav workshop={workshop} current="dashboard" />
      <PageTitle>{t('dash.title')}</PageTitle>

      <div className="ws-dash-toolbar ws-no-print">
        <fieldset className="ws-radio-row">
          <legend>{t('dash.lang')}</legend>
          {(['fr', 'en'] as const).map((l) => (
            <label key={l} lang={l}>
              <input type="radio" name="ws-dash-lang" value={l} checked={dlang === l} onChange={() => setDlang(l)} /> {l === 'fr' ? 'Français' : 'English'}
            </label>
          ))}
        </fieldset>
        <label className="ws-check">
          <input type="checkbox" checked={includeInternal} onChange={(e) => setIncludeInternal(e.target.checked)} /> {t('dash.includeInternal')}
        </label>
        <div className="button-row">
          <button type="button" className="button button-primary" disabled={busy !== null || !ready} onClick={() => void doExport('html')}>
            {busy === 'html' ? t('dash.exporting') : t('dash.exportHtml')}
          </button>
          <button type="button" className="button" disabled={busy !== null || !ready} onClick={() => void doExport('pdf')}>
            {busy === 'pdf' ? t('dash.exporting') : desktop ? t('dash.savePdf') : t('dash.printPdf')}
          </button>
          {desktop ? (
            <button type="button" className="button" disabled={!ready} onClick={() => window.print()}>
              {t('dash.print')}
            </button>
          ) : null}
        </div>
        <p className="hint">{desktop ? t('dash.exportHintDesktop') : t('dash.exportHintBrowser')}</p>
        <div className="ws-dash-outcome" role="status" aria-live="polite">
          {outcome?.status === 'saved' ? <p className="notice notice-success">{t('dash.savedTo', { path: outcome.path })}</p> : null}
          {outcome?.status === 'downloaded' ? <p className="notice notice-success">{t('dash.downloaded', { name: outcome.fileName })}</p> : null}
          {outcome?.status === 'error' ? (
            <p className="notice notice-error">
              {t('dash.exportFailed')} <span lang="en">{outcome.message}</span>
            </p>
          ) : null}
        </div>
        {error ? <ErrorMessage error={error} /> : null}
      </div>

      {data.state === 'loading' ? <p className="loading">{t('loading')}</p> : null}
      {data.state === 'error' ? <ErrorMessage error={data.error} /> : null}
      {data.state === 'ok' ? <DashboardBody d={data.value} td={td} dlang={dlang} /> : null}
    </div>
  );
}

function DashboardBody({ d, td, dlang }: { d: Dashboard; td: TD; dlang: DLang }) {
  const sections = d.sections;
  const stepNames = ([1, 2, 3] as const).map((s) => STEP_LABELS[s][dlang]);
  const steps = d.charts.actionsByCountryStep;
  const partners = d.charts.partners;
  const notes = d.charts.notesBySession;
  const top = <T,>(xs: T[], by: (x: T) => number, label: (x: T) => string) =>
    [...xs]
      .sort((a, b) => by(b) - by(a))
      .slice(0, 3)
      .filter((x) => by(x) > 0)
      .map((x) => `${label(x)} (${by(x)})`)
      .join(', ');

  return (
    <article className="ws-dashboard" lang={dlang} aria-labelledby="ws-dash-workshop">
      <header className="ws-dash-head">
        <p className="eyebrow">{td('resultsOf')}</p>
        <h2 id="ws-dash-workshop">{d.workshop.title}</h2>
        <p className="meta">
          {[d.workshop.place, workshopDatesLabel(d.workshop.startDate, d.workshop.endDate, dlang)].filter(Boolean).join(' · ')}
        </p>
        <p className="meta">{td('compiled', { date: compiledAtLabel(d.generatedAt, dlang) })}</p>
      </header>

      <section aria-labelledby="ws-dash-figures" className="ws-dash-figures">
        <h2 id="ws-dash-figures">{td('figures')}</h2>
        <dl className="ws-figures">
          {(['notes', 'actions', 'plans', 'pilots', 'supportRequests', 'partners'] as const).map((k) => (
            <div key={k} className="ws-figure" data-figure={k}>
              <dt>{td(`totals.${k}`)}</dt>
              <dd>{d.totals[k]}</dd>
            </div>
          ))}
        </dl>
      </section>

      <nav className="ws-dash-toc ws-no-print" aria-labelledby="ws-dash-toc-title">
        <h2 id="ws-dash-toc-title">{td('contents')}</h2>
        <ol>
          {sections.map((s) => (
            <li key={s.id}>
              <a
                href={`#ws-h-${s.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  scrollToSection(`ws-h-${s.id}`);
                }}
              >
                {s.title}
              </a>{' '}
              <span className="meta">({s.actions.length + s.notes.length})</span>
            </li>
          ))}
          {d.otherNotes.length ? (
            <li>
              <a
                href="#ws-h-other"
                onClick={(e) => {
                  e.preventDefault();
                  scrollToSection('ws-h-other');
                }}
              >
                {td('otherNotes')}
              </a>{' '}
              <span className="meta">({d.otherNotes.length})</span>
            </li>
          ) : null}
        </ol>
      </nav>

      <section aria-labelledby="ws-dash-charts" className="ws-dash-charts">
        <h2 id="ws-dash-charts">{td('charts')}</h2>
        <div className="ws-chart-grid">
          <BarChart
            title={td('chartSteps')}
            desc={steps.length ? td('chartStepsDesc', { top: top(steps, (x) => x.total, (x) => x.label) || '—' }) : td('noData')}
            rows={steps.map((c) => ({ label: c.label, values: [...c.steps] }))}
            segments={stepNames}
            tableCaption={td('chartSteps')}
            labelHeader={td('country')}
            totalHeader={td('total')}
            showData={td('showData')}
            empty={td('noData')}
          />
          <BarChart
            title={td('chartPartners')}
            desc={partners.length ? td('chartPartnersDesc', { top: top(partners, (x) => x.total, (x) => x.label) || '—' }) : td('noData')}
            rows={partners.map((p) => ({ label: p.label, values: [p.total] }))}
            segments={[td('actionsCount')]}
            tableCaption={td('chartPartners')}
            labelHeader={td('partner')}
            showData={td('showData')}
            empty={td('noData')}
          />
          <BarChart
            title={td('chartNotes')}
            desc={notes.length ? td('chartNotesDesc', { top: top(notes, (x) => x.count, (x) => x.title) || '—' }) : td('noData')}
            rows={notes.map((n) => ({ label: n.day ? `${td('dayShort', { n: n.day })} ${n.start ?? ''} · ${n.title}` : n.title, values: [n.count] }))}
            segments={[td('notesCount')]}
            tableCaption={td('chartNotes')}
            labelHeader={td('session')}
            showData={td('showData')}
            empty={td('noData')}
          />
        </div>
      </section>

      {sections.map((s) => (
        <HeadingSection key={s.id} section={s} td={td} dlang={dlang} />
      ))}
      <ClinicSheets d={d} dlang={dlang} />
      {d.otherNotes.length ? (
        <section id="ws-h-other" className="ws-dash-section" aria-labelledby="ws-h-other-title">
          <h2 id="ws-h-other-title">{td('otherNotes')}</h2>
          <p className="hint">{td('otherNotesIntro')}</p>
          <ul className="ws-dash-items">
            {d.otherNotes.map((n) => (
              <NoteEntry key={n.noteId} n={n} td={td} dlang={dlang} />
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

function HeadingSection({ section: s, td, dlang }: { section: DashboardSection; td: TD; dlang: DLang }) {
  const empty = s.actions.length === 0 && s.notes.length === 0;
  return (
    <section id={`ws-h-${s.id}`} className="ws-dash-section" aria-labelledby={`ws-h-${s.id}-title`} data-heading={s.id}>
      <h2 id={`ws-h-${s.id}-title`}>{s.title}</h2>
      {empty ? <p className="hint">{td('nothing')}</p> : null}
      {s.actions.length ? (
        <>
          <h3>{td('planActions', { count: s.actions.length })}</h3>
          <ul className="ws-dash-items">
            {s.actions.map((a) => (
              <ActionEntry key={`${a.planId}:${a.actionId}`} a={a} td={td} dlang={dlang} />
            ))}
          </ul>
        </>
      ) : null}
      {s.notes.length ? (
        <>
          <h3>{td('groupNotes', { count: s.notes.length })}</h3>
          <ul className="ws-dash-items">
            {s.notes.map((n) => (
              <NoteEntry key={n.noteId} n={n} td={td} dlang={dlang} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function reasonText(reason: string, td: TD): string {
  const i = reason.indexOf(':');
  const kind = i < 0 ? reason : reason.slice(0, i);
  const value = i < 0 ? '' : reason.slice(i + 1);
  return td(`reason.${kind}`, { value, defaultValue: reason });
}

function ActionEntry({ a, td, dlang }: { a: DashboardAction; td: TD; dlang: DLang }) {
  const timeline = a.from || a.to ? [a.from, a.to].filter(Boolean).map((q) => quarterLabel(q!, dlang)).join(' → ') : '';
  return (
    <li className="ws-dash-item ws-dash-action">
      <p className="ws-dash-item-head">
        <span className="badge">{a.countryName}</span> <span className={`badge ws-badge-step-${a.step}`}>{STEP_LABELS[a.step][dlang]}</span>
        {a.sstcPilot ? <span className="badge ws-badge-pilot">{td('pilot')}</span> : null}
      </p>
      <p className="ws-dash-text">{a.description}</p>
      <dl className="ws-dash-facts">
        {a.partners.length ? (
          <div>
            <dt>{td('partners')}</dt>
            <dd>{a.partners.join(', ')}</dd>
          </div>
        ) : null}
        {timeline ? (
          <div>
            <dt>{td('timeline')}</dt>
            <dd>{timeline}</dd>
          </div>
        ) : null}
        <div>
          <dt>{td('status')}</dt>
          <dd>{td(`statuses.${a.status}`)}</dd>
        </div>
        {a.supportRequested.trim() ? (
          <div>
            <dt>{td('support')}</dt>
            <dd>{a.supportRequested}</dd>
          </div>
        ) : null}
      </dl>
      <p className="meta ws-why">{td('why', { reasons: a.reasons.map((r) => reasonText(r, td)).join(', ') })}</p>
    </li>
  );
}

function NoteEntry({ n, td, dlang }: { n: DashboardNote; td: TD; dlang: DLang }) {
  const html = useMemo(() => renderMarkdown(n.body, purify).html.replace(/ id="[^"]*"/g, ''), [n.body]);
  return (
    <li className="ws-dash-item ws-dash-note" data-note-id={n.noteId}>
      <p className="meta">
        {[n.groupName && `${td('group')} ${n.groupName}`, n.sessionTitle && `${td('sessionLabel')} ${n.sessionTitle}`, n.countryName].filter(Boolean).join(' · ')}
      </p>
      <RichText html={html} linkLang={dlang} className="prose ws-dash-note-body" />
      {n.tags.length ? (
        <ul className="ws-tags" aria-label={td('tags')}>
          {n.tags.map((tag) => (
            <li key={tag} className="ws-tag">
              #{tag}
            </li>
          ))}
        </ul>
      ) : null}
      {n.reasons.length ? <p className="meta ws-why">{td('why', { reasons: n.reasons.map((r) => reasonText(r, td)).join(', ') })}</p> : null}
      <p className="ws-no-print">
        <a className="meta" href={href.record(n.noteId)}>
          {td('openNote')}
        </a>
      </p>
    </li>
  );
}

/** The skills-clinic sheets (coverage, projects) made during the workshop, in the dashboard's language. */
function ClinicSheets({ d, dlang }: { d: Dashboard; dlang: DLang }) {
  const { i18n } = useTranslation();
  const tc = useMemo(() => i18n.getFixedT(dlang, 'translation', 'clinics') as unknown as TD, [i18n, dlang]);
  const { coverage, projects } = d.clinics;
  if (!coverage.length && !projects.length) return null;
  return (
    <section id="ws-h-clinics" className="ws-dash-section" aria-labelledby="ws-h-clinics-title" data-heading="clinics">
      <h2 id="ws-h-clinics-title">{tc('dashboard.title')}</h2>
      <p className="hint">{tc('dashboard.intro')}</p>
      <ul className="ws-dash-items">
        {coverage.map((c) => (
          <li key={c.id} className="ws-dash-item" data-clinic={c.id}>
            <a href={`#/coverage/${encodeURIComponent(c.id)}`}>{c.title}</a> <span className="meta">· {tc('dashboard.coverage')} · {c.countryName} · {c.year}</span>
            {c.illustrative ? <span className="badge"> {tc('dashboard.illustrative')}</span> : null}
          </li>
        ))}
        {projects.map((p) => (
          <li key={p.id} className="ws-dash-item" data-clinic={p.id}>
            <a href={`#/project/${encodeURIComponent(p.id)}`}>{p.title}</a> <span className="meta">· {tc(`project.phases.${p.phase}`)} · {p.countryName}</span>
            {p.illustrative ? <span className="badge"> {tc('dashboard.illustrative')}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
