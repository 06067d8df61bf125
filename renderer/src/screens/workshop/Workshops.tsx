/**
 * #/workshops: the user's workshops, the bundled templates (the Dakar 2017 workshop) with a
 * "Duplicate as a new workshop" action asking for a title and a start date, and a form to create
 * a workshop from scratch (days, groups, sessions, participants).
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useLang, type UiLang } from '../../i18n';
import { navigate } from '../../router';
import { useDocumentTitle, useResult } from '../../lib';
import type { Workshop } from '../../../../main/core/model';
import type { HubError, Result } from '../../../../main/core/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { useWt, workshopDates } from '../../components/workshop/common';
import { whref } from '../../components/workshop/routes';
import { ProgrammeForm, emptyProgramme, programmeToInput, type ProgrammeValue } from '../../components/workshop/ProgrammeForm';

export async function loadWorkshops(): Promise<Result<Workshop[]>> {
  const r = await api.list({ type: 'workshop', limit: 1000 });
  if (!r.ok) return r;
  const full = await Promise.all(r.value.items.map((i) => api.get({ id: i.id })));
  const out: Workshop[] = [];
  for (const x of full) {
    if (!x.ok) return x;
    if (x.value.type === 'workshop') out.push(x.value);
  }
  return { ok: true, value: out.sort((a, b) => b.startDate.localeCompare(a.startDate) || a.title.localeCompare(b.title)) };
}

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function WorkshopsScreen() {
  const { t } = useWt();
  const [list] = useResult(loadWorkshops, []);
  useDocumentTitle(t('list.title'));
  const ready = list.state !== 'loading';
  const mine = list.state === 'ok' ? list.value.filter((w) => !w.template) : [];
  const templates = list.state === 'ok' ? list.value.filter((w) => w.template) : [];

  return (
    <div className="screen ws-list" data-ready={ready ? 'true' : 'false'} aria-busy={!ready}>
      <PageTitle>{t('list.title')}</PageTitle>
      <p className="lead">{t('list.lead')}</p>
      {list.state === 'loading' ? <p className="loading">{t('loading')}</p> : null}
      {list.state === 'error' ? <ErrorMessage error={list.error} /> : null}
      {list.state === 'ok' ? (
        <>
          <section aria-labelledby="ws-mine-title">
            <h2 id="ws-mine-title">{t('list.mine')}</h2>
            {mine.length === 0 ? (
              <p className="empty-state">{t('list.none')}</p>
            ) : (
              <ul className="ws-cards">
                {mine.map((w) => (
                  <WorkshopCard key={w.id} workshop={w} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="ws-templates-title">
            <h2 id="ws-templates-title">{t('list.templates')}</h2>
            <p className="hint">{t('list.templatesHint')}</p>
            <ul className="ws-cards ws-cards-wide">
              {templates.map((w) => (
                <TemplateCard key={w.id} template={w} />
              ))}
            </ul>
          </section>
          <ScratchForm />
        </>
      ) : null}
    </div>
  );
}

function WorkshopCard({ workshop: w }: { workshop: Workshop }) {
  const { t } = useWt();
  const lang = useLang();
  return (
    <li className="ws-card" data-workshop-id={w.id}>
      <h3>
        <a href={whref.home(w.id)}>{w.title}</a>
      </h3>
      <p className="meta">
        {[w.place, workshopDates(w, lang)].filter(Boolean).join(' · ')}
      </p>
      <p className="meta">{t('list.counts', { groups: w.groups.length, sessions: w.sessions.length })}</p>
      <p className="ws-card-links">
        <a href={whref.capture(w.id)}>{t('nav.capture')}</a>
        <a href={whref.plans(w.id)}>{t('nav.plans')}</a>
        <a href={whref.dashboard(w.id)}>{t('nav.dashboard')}</a>
      </p>
    </li>
  );
}

function TemplateCard({ template: w }: { template: Workshop }) {
  const { t } = useWt();
  const lang = useLang();
  const uid = useId();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [start, setStart] = useState(today());
  const [place, setPlace] = useState(w.place);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HubError | null>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await api.createWorkshop({ from: w.id, start, ...(title.trim() ? { title: title.trim() } : {}), place: place.trim() });
    setBusy(false);
    if (r.ok) navigate(whref.home(r.value.workshop.id));
    else setError(r.error);
  };

  return (
    <li className="ws-card ws-template" data-workshop-id={w.id}>
      <p className="eyebrow">
        <span className="badge">{t('list.template')}</span>
      </p>
      <h3 lang={w.lang !== lang ? w.lang : undefined}>{w.title}</h3>
      <p className="meta">{[w.place, workshopDates(w, lang)].filter(Boolean).join(' · ')}</p>
      {w.summary ? <p lang={w.lang !== lang ? w.lang : undefined}>{w.summary}</p> : null}
      <p className="meta">{t('list.counts', { groups: w.groups.length, sessions: w.sessions.length })}</p>
      <p className="button-row">
        <button
          ref={toggle}
          type="button"
          className="button button-primary"
          aria-expanded={open}
          aria-controls={`${uid}-form`}
          onClick={() => {
            setOpen((o) => !o);
            if (!open) requestAnimationFrame(() => document.getElementById(`${uid}-title`)?.focus());
          }}
        >
          {t('list.duplicate')}
        </button>
        <a className="button" href={whref.home(w.id)}>
          {t('list.viewTemplate')}
        </a>
      </p>
      <form id={`${uid}-form`} className="ws-form" hidden={!open} onSubmit={(e) => void submit(e)} aria-label={t('list.duplicateForm', { title: w.title })}>
        <p className="hint">{t('list.duplicateHint')}</p>
        <div className="field">
          <label htmlFor={`${uid}-title`}>{t('create.title')}</label>
          <input id={`${uid}-title`} type="text" value={title} placeholder={t('list.titlePlaceholder')} onChange={(e) => setTitle(e.target.value)} maxLength={500} />
        </div>
        <div className="field-grid">
          <div className="field">
            <label htmlFor={`${uid}-start`}>
              {t('create.start')} <span className="required">({t('required')})</span>
            </label>
            <input id={`${uid}-start`} type="date" value={start} required onChange={(e) => setStart(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-place`}>{t('create.place')}</label>
            <input id={`${uid}-place`} type="text" value={place} onChange={(e) => setPlace(e.target.value)} maxLength={500} />
          </div>
        </div>
        {error ? <ErrorMessage error={error} title={t('create.failed')} /> : null}
        <p className="button-row">
          <button type="submit" className="button button-primary" disabled={busy || !start}>
            {busy ? t('create.creating') : t('create.submitCopy')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setOpen(false);
              toggle.current?.focus();
            }}
          >
            {t('cancel')}
          </button>
        </p>
      </form>
    </li>
  );
}

function ScratchForm() {
  const { t } = useWt();
  const lang = useLang();
  const uid = useId();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [start, setStart] = useState(today());
  const [days, setDays] = useState(3);
  const [place, setPlace] = useState('');
  const [wlang, setWlang] = useState<UiLang>(lang);
  const [programme, setProgramme] = useState<ProgrammeValue>(emptyProgramme);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HubError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await api.createWorkshop({ title: title.trim(), start, days, place: place.trim(), lang: wlang, ...programmeToInput(programme) });
    setBusy(false);
    if (r.ok) navigate(whref.home(r.value.workshop.id));
    else setError(r.error);
  };

  return (
    <section aria-labelledby="ws-scratch-title" className="ws-scratch">
      <h2 id="ws-scratch-title">{t('create.scratchTitle')}</h2>
      <p className="hint">{t('create.scratchHint')}</p>
      <button type="button" className="button" aria-expanded={open} aria-controls={`${uid}-form`} onClick={() => setOpen((o) => !o)}>
        {t('create.scratchOpen')}
      </button>
      <form id={`${uid}-form`} className="ws-form" hidden={!open} onSubmit={(e) => void submit(e)} aria-labelledby="ws-scratch-title">
        <div className="field">
          <label htmlFor={`${uid}-title`}>
            {t('create.title')} <span className="required">({t('required')})</span>
          </label>
          <input id={`${uid}-title`} type="text" value={title} required maxLength={500} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field-grid">
          <div className="field">
            <label htmlFor={`${uid}-start`}>
              {t('create.start')} <span className="required">({t('required')})</span>
            </label>
            <input id={`${uid}-start`} type="date" value={start} required onChange={(e) => setStart(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-days`}>{t('create.days')}</label>
            <input id={`${uid}-days`} type="number" min={1} max={30} value={days} onChange={(e) => setDays(Math.max(1, Math.min(30, Number(e.target.value) || 1)))} />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-place`}>{t('create.place')}</label>
            <input id={`${uid}-place`} type="text" value={place} maxLength={500} onChange={(e) => setPlace(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-lang`}>{t('create.lang')}</label>
            <select id={`${uid}-lang`} value={wlang} onChange={(e) => setWlang(e.target.value === 'en' || e.target.value === 'pt' ? e.target.value : 'fr')}>
              <option value="fr">Français</option>
              <option value="en">English</option>
              <option value="pt">Português</option>
            </select>
          </div>
        </div>
        <ProgrammeForm value={programme} onChange={setProgramme} days={days} />
        {error ? <ErrorMessage error={error} title={t('create.failed')} /> : null}
        {error?.issues?.length ? (
          <ul className="ws-issues">
            {error.issues.map((i) => (
              <li key={`${i.field}:${i.message}`}>
                <code>{i.field}</code> <span lang="en">{i.message}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <p className="button-row">
          <button type="submit" className="button button-primary" disabled={busy || !title.trim() || !start}>
            {busy ? t('create.creating') : t('create.submitScratch')}
          </button>
        </p>
      </form>
    </section>
  );
}
