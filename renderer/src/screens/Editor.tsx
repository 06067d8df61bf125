/**
 * The practice editor (#/new/practice, #/edit/<id>). Validates with the core's zod schema as the
 * user types and shows the server's field messages beside the fields too. Autosaves about a
 * second after typing stops (a new practice is created once its title and country are valid),
 * always sending the revision the edit started from: a stale one opens the conflict view, so
 * nobody's work is silently overwritten.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useLang } from '../i18n';
import { href, navigate } from '../router';
import { purify, useDocumentTitle } from '../lib';
import { renderMarkdown } from '../../../main/core/markdown';
import { BRANCHES, COUNTRY_NAMES, GUARANTEES, LANGS, THEMES, type DraftOf, type HubRecord, type Practice } from '../../../main/core/model';
import { GUARANTEE_LABELS, LANG_LABELS, STEP_LABELS, branchLabel, countryName, themeLabel } from '../../../main/core/labels';
import type { HubError } from '../../../main/core/result';
import { ErrorMessage } from '../components/ErrorMessage';
import { PageTitle } from '../components/PageTitle';
import { RichText } from '../components/RichText';
import { ConflictView } from '../components/ConflictView';
import { CheckboxGroup, FieldError, TextArea, TextField, describedBy } from '../components/form/fields';
import { RepeatableRows } from '../components/form/RepeatableRows';
import {
  emptyForm,
  fieldsOf,
  fieldsOfForm,
  formOf,
  differingFields,
  validate,
  type PracticeFields,
  type PracticeForm,
  type Step,
} from '../practice-form';

export const AUTOSAVE_MS = 1000;

export type SaveState = 'new' | 'saved' | 'dirty' | 'saving' | 'invalid' | 'error' | 'conflict';

type Loaded = { state: 'loading' } | { state: 'ready' } | { state: 'error'; error: HubError };

/** Error paths to the input that shows them ("sources.1.url" -> its own input; "themes.3" -> the tags input). */
export function slotOf(path: string): string {
  const p = path.replace(/^(record|changes)\./, '');
  if (/^sources\.\d+\.(title|url)$/.test(p)) return p;
  if (/^sources\.\d+$/.test(p)) return `${p}.title`;
  const head = p.split('.')[0] ?? p;
  if (head === 'translations') return p.startsWith('translations.en.summary') ? 'enSummary' : 'enTitle';
  return head;
}

const SLOT_INPUT: Record<string, string> = {
  title: 'f-title',
  summary: 'f-summary',
  body: 'f-body',
  country: 'f-country',
  partnerCountries: 'f-partners-other',
  lang: 'f-lang',
  steps: 'f-steps',
  branches: 'f-branches',
  guarantees: 'f-guarantees',
  themes: 'f-themes-other',
  sdgTargets: 'f-sdg',
  results: 'f-results',
  lessons: 'f-lessons',
  contact: 'f-contact',
  status: 'f-status',
  sensitivity: 'f-sensitivity',
  enTitle: 'f-en-title',
  enSummary: 'f-en-summary',
};

function inputIdOf(slot: string): string {
  const m = /^sources\.(\d+)\.(title|url)$/.exec(slot);
  if (m) return `f-source-${m[1]}-${m[2]}`;
  return SLOT_INPUT[slot] ?? 'f-title';
}

function isPractice(x: unknown): x is Practice {
  return !!x && typeof x === 'object' && (x as { type?: unknown }).type === 'practice' && typeof (x as { rev?: unknown }).rev === 'number';
}

/** The form of a good-practice draft made from a workshop note (promoteNote). */
function formOfDraft(d: DraftOf<'practice'>): PracticeForm {
  const base = fieldsOfForm(emptyForm(d.lang ?? 'fr'));
  return formOf({
    ...base,
    lang: d.lang ?? 'fr',
    title: d.title,
    summary: d.summary ?? '',
    body: d.body ?? '',
    country: d.country ?? '',
    partnerCountries: d.partnerCountries ?? [],
    themes: d.themes ?? [],
    steps: (d.steps ?? []) as Step[],
    sources: d.sources ?? [],
    status: d.status ?? 'draft',
    sensitivity: d.sensitivity ?? 'shareable',
    related: d.related ?? [],
  });
}

/**
 * `fromNote`: a new practice prefilled from a workshop note (#/new/practice?fromNote=<id>, the
 * capture screen's "promote"). Like any new practice it is created once the user saves or edits
 * it with a title and a country; merely opening it creates nothing.
 */
export function Editor({ id, fromNote }: { id?: string; fromNote?: string }) {
  const { t } = useTranslation();
  const lang = useLang();

  const [loaded, setLoaded] = useState<Loaded>(id ? { state: 'loading' } : { state: 'ready' });
  const [form, setForm] = useState<PracticeForm>(() => emptyForm('fr'));
  const [recordId, setRecordId] = useState<string | undefined>(id);
  const [rev, setRev] = useState<number | undefined>(undefined);
  const [saveState, setSaveState] = useState<SaveState>(id ? 'saved' : 'new');
  const [saveError, setSaveError] = useState<HubError | null>(null);
  const [serverIssues, setServerIssues] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [conflict, setConflict] = useState<{ mine: PracticeFields; theirs: Practice; base: PracticeFields } | null>(null);
  const [otherCountry, setOtherCountry] = useState(false);

  // Refs for the async save path, which must see the latest values without re-subscribing.
  const formRef = useRef(form);
  formRef.current = form;
  const idRef = useRef(recordId);
  idRef.current = recordId;
  const revRef = useRef(rev);
  revRef.current = rev;
  /** The fields as the hub last confirmed them: what "unchanged" means, and the base of a merge. */
  const baseRef = useRef<PracticeFields | null>(null);
  const savingRef = useRef(false);
  const againRef = useRef(false);
  const conflictRef = useRef(conflict);
  conflictRef.current = conflict;
  const summaryRef = useRef<HTMLDivElement>(null);
  /** The form as opened (empty, or prefilled from a note): autosave waits for a change from it. */
  const pristineRef = useRef<PracticeForm>(emptyForm('fr'));
  const [prefilledFrom, setPrefilledFrom] = useState<string | undefined>(undefined);
  const prefilledRef = useRef<string | undefined>(undefined);

  const fields = useMemo(() => fieldsOfForm(form), [form]);
  const problems = useMemo(() => validate(fields), [fields]);
  const clientErrors = useMemo(() => {
    const out: Record<string, string> = {};
    for (const [path, message] of Object.entries(problems)) {
      const slot = slotOf(path);
      if (!(slot in out)) out[slot] = message;
    }
    return out;
  }, [problems]);

  /** Sends unsaved edits without waiting for the autosave (leaving the editor or the record). */
  const flush = useCallback(() => {
    const base = baseRef.current;
    const currentId = idRef.current;
    const baseRev = revRef.current;
    if (!currentId || !base || baseRev === undefined || conflictRef.current || savingRef.current) return;
    const now = fieldsOfForm(formRef.current);
    if (differingFields(now, base).length && Object.keys(validate(now)).length === 0) {
      void api.update({ id: currentId, rev: baseRev, changes: { ...now } });
    }
  }, []);

  // Load the record to edit (and again if the route moves to another record, or to a new one).
  useEffect(() => {
    if (!id) {
      if (idRef.current) {
        flush();
        baseRef.current = null;
        idRef.current = undefined;
        revRef.current = undefined;
        setRecordId(undefined);
        setRev(undefined);
        pristineRef.current = emptyForm('fr');
        prefilledRef.current = undefined;
        setPrefilledFrom(undefined);
        setForm(emptyForm('fr'));
        setOtherCountry(false);
        setTouched(new Set());
        setShowAll(false);
        setServerIssues({});
        setSaveError(null);
        setConflict(null);
        setSaveState('new');
        setLoaded({ state: 'ready' });
      }
      return;
    }
    if (id === idRef.current && baseRef.current) return;
    flush();
    let live = true;
    setLoaded({ state: 'loading' });
    void api.get({ id }).then((r) => {
      if (!live) return;
      if (!r.ok) return setLoaded({ state: 'error', error: r.error });
      if (r.value.type !== 'practice') {
        return setLoaded({ state: 'error', error: { code: 'unsupported', message: `"${id}" is a ${r.value.type}; only practices are edited here.` } });
      }
      const f = fieldsOf(r.value);
      baseRef.current = f;
      idRef.current = r.value.id;
      revRef.current = r.value.rev;
      setRecordId(r.value.id);
      setRev(r.value.rev);
      const next = formOf(f);
      setForm(next);
      setOtherCountry(!!next.country && !(next.country in COUNTRY_NAMES));
      setTouched(new Set());
      setShowAll(false);
      setServerIssues({});
      setSaveError(null);
      setConflict(null);
      setSaveState('saved');
      setLoaded({ state: 'ready' });
    });
    return () => {
      live = false;
    };
  }, [id, flush]);

  // A new practice prefilled from a workshop note (and back to an empty form when "New practice"
  // is chosen while an unsaved prefilled draft is open in this same editor instance).
  useEffect(() => {
    if (id) return;
    if (!fromNote) {
      if (prefilledRef.current && !idRef.current) {
        prefilledRef.current = undefined;
        pristineRef.current = emptyForm('fr');
        setPrefilledFrom(undefined);
        setForm(emptyForm('fr'));
        setOtherCountry(false);
        setSaveState('new');
      }
      return;
    }
    let live = true;
    setLoaded({ state: 'loading' });
    void api.promoteNote({ id: fromNote }).then((r) => {
      if (!live) return;
      if (!r.ok) return setLoaded({ state: 'error', error: r.error });
      const next = formOfDraft(r.value.draft);
      pristineRef.current = next;
      prefilledRef.current = fromNote;
      setForm(next);
      setOtherCountry(!!next.country && !(next.country in COUNTRY_NAMES));
      setPrefilledFrom(fromNote);
      setSaveState('new');
      setLoaded({ state: 'ready' });
    });
    return () => {
      live = false;
    };
  }, [id, fromNote]);

  const apply = useCallback((saved: HubRecord, sent: PracticeFields) => {
    if (saved.type !== 'practice') return;
    baseRef.current = fieldsOf(saved);
    revRef.current = saved.rev;
    setRev(saved.rev);
    setServerIssues({});
    setSaveError(null);
    const now = fieldsOfForm(formRef.current);
    setSaveState(differingFields(now, sent).length ? 'dirty' : 'saved');
  }, []);

  /**
   * Saves the form (or `override`, after a merge). Creates the record on the first save. One save
   * at a time: a request made meanwhile runs once the current one is done.
   */
  const save = useCallback(
    async (mode: 'auto' | 'manual', override?: { fields: PracticeFields; rev: number }): Promise<void> => {
      if (conflictRef.current && !override) return;
      if (savingRef.current) {
        againRef.current = true;
        return;
      }
      const sent = override?.fields ?? fieldsOfForm(formRef.current);
      const problemsNow = validate(sent);
      if (Object.keys(problemsNow).length) {
        if (mode === 'manual') {
          setShowAll(true);
          setSaveState('invalid');
          requestAnimationFrame(() => summaryRef.current?.focus());
        } else {
          // A new practice waits for a title and a country before it is created.
          const blocking = Object.keys(problemsNow).some((k) => k === 'title' || k === 'country');
          setSaveState(idRef.current || !blocking ? 'invalid' : 'new');
        }
        return;
      }
      const currentId = idRef.current;
      const baseRev = override?.rev ?? revRef.current;
      if (currentId && baseRev === undefined) return;
      if (currentId && !override && baseRef.current && differingFields(sent, baseRef.current).length === 0) {
        setSaveState('saved');
        return;
      }
      savingRef.current = true;
      setSaveState('saving');
      const r = currentId
        ? await api.update({ id: currentId, rev: baseRev!, changes: { ...sent } })
        : await api.create({ record: { type: 'practice', ...sent } });
      savingRef.current = false;
      if (r.ok) {
        apply(r.value, sent);
        if (!currentId) {
          idRef.current = r.value.id;
          setRecordId(r.value.id);
          // Same editor instance (see App's screen key): the address follows without a reload.
          navigate(href.edit(r.value.id), { replace: true });
        }
      } else if (r.error.code === 'conflict' && currentId && isPractice(r.error.details && (r.error.details as { current?: unknown }).current)) {
        const theirs = (r.error.details as { current: Practice }).current;
        setConflict({ mine: sent, theirs, base: baseRef.current ?? fieldsOf(theirs) });
        setSaveState('conflict');
        setSaveError(null);
        againRef.current = false;
        return;
      } else {
        setSaveState('error');
        setSaveError(r.error);
        const issues: Record<string, string> = {};
        for (const i of r.error.issues ?? (r.error.field ? [{ field: r.error.field, message: r.error.message }] : [])) {
          const slot = slotOf(i.field);
          if (!(slot in issues)) issues[slot] = i.message;
        }
        setServerIssues(issues);
        if (mode === 'manual') requestAnimationFrame(() => summaryRef.current?.focus());
      }
      if (againRef.current) {
        againRef.current = false;
        void save('auto');
      }
    },
    [apply],
  );

  // Autosave: about a second after the last change.
  useEffect(() => {
    if (loaded.state !== 'ready' || conflict) return;
    const base = baseRef.current;
    const changed = base ? differingFields(fields, base).length > 0 : JSON.stringify(form) !== JSON.stringify(pristineRef.current);
    if (!changed) return;
    if (!savingRef.current) setSaveState(idRef.current ? 'dirty' : 'new');
    const timer = window.setTimeout(() => void save('auto'), AUTOSAVE_MS);
    return () => window.clearTimeout(timer);
  }, [fields, form, loaded.state, conflict, save]);

  // Leaving with unsaved edits: save them now; warn before closing the window.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      const base = baseRef.current;
      const dirty = base
        ? differingFields(fieldsOfForm(formRef.current), base).length > 0
        : formRef.current.title.trim() !== '' && JSON.stringify(formRef.current) !== JSON.stringify(pristineRef.current);
      if (dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      flush();
    };
  }, [flush]);

  const update = <K extends keyof PracticeForm>(key: K, value: PracticeForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const touch = (slot: string) => setTouched((s) => (s.has(slot) ? s : new Set(s).add(slot)));

  const errorFor = (slot: string): string | undefined => {
    if (serverIssues[slot]) return serverIssues[slot];
    if (!clientErrors[slot]) return undefined;
    return showAll || touched.has(slot) ? clientErrors[slot] : undefined;
  };
  const message = (slot: string): string | undefined => {
    const raw = errorFor(slot);
    if (!raw) return undefined;
    const key = `editor.errors.${/^sources\.\d+\.(title|url)$/.test(slot) ? `source${slot.endsWith('url') ? 'Url' : 'Title'}` : slot}`;
    return t(key, { defaultValue: raw });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setShowAll(true);
    void save('manual');
  };

  const resolveConflict = (merged: PracticeFields) => {
    if (!conflict) return;
    const theirs = conflict.theirs;
    baseRef.current = fieldsOf(theirs);
    revRef.current = theirs.rev;
    setRev(theirs.rev);
    const next = formOf(merged);
    setForm(next);
    formRef.current = next;
    setConflict(null);
    conflictRef.current = null;
    if (differingFields(merged, fieldsOf(theirs)).length === 0) {
      setSaveState('saved');
      return;
    }
    void save('manual', { fields: merged, rev: theirs.rev });
  };

  const title = recordId ? t('editor.editTitle') : t('editor.newTitle');
  useDocumentTitle(title);

  if (loaded.state === 'loading') {
    return (
      <div className="screen editor" data-ready="false" aria-busy="true">
        <p className="loading">{t('common.loading')}</p>
      </div>
    );
  }
  if (loaded.state === 'error') {
    return (
      <div className="screen editor" data-ready="true">
        <PageTitle>{title}</PageTitle>
        <ErrorMessage error={loaded.error} />
        <p>
          <a href={href.home()}>{t('common.backHome')}</a>
        </p>
      </div>
    );
  }

  const visibleErrors = Object.keys({ ...clientErrors, ...serverIssues })
    .map((slot) => ({ slot, text: message(slot) }))
    .filter((x): x is { slot: string; text: string } => !!x.text);

  const sortedCountries = Object.keys(COUNTRY_NAMES).sort((a, b) => countryName(a, lang).localeCompare(countryName(b, lang), lang));
  const countrySelectValue = otherCountry ? '__other' : form.country;

  return (
    <div className="screen editor" data-ready="true" data-record-id={recordId ?? ''} data-rev={rev ?? ''}>
      <PageTitle>{title}</PageTitle>
      {recordId ? (
        <p className="editor-sub">
          <a href={href.record(recordId)}>{t('editor.viewRecord')}</a>
        </p>
      ) : (
        <p className="editor-sub">{t('editor.newHint')}</p>
      )}
      {prefilledFrom && !recordId ? (
        <p className="notice notice-success editor-prefilled">
          {t('workshop.promote.prefilled')} <a href={href.record(prefilledFrom)}>{t('workshop.promote.openNote')}</a>
        </p>
      ) : null}

      <div className="editor-layout">
        <div className="editor-main">
          {conflict ? (
            <ConflictView mine={conflict.mine} theirs={conflict.theirs} base={conflict.base} onResolve={resolveConflict} />
          ) : null}

          <div ref={summaryRef} tabIndex={-1} className="error-summary-anchor">
            {saveError ? <ErrorMessage error={saveError} title={t('editor.saveFailed')} /> : null}
            {visibleErrors.length > 0 && (showAll || saveError) ? (
              <div className="notice notice-error error-summary" role="alert">
                <p className="notice-title">{t('editor.fixFields', { count: visibleErrors.length })}</p>
                <ul>
                  {visibleErrors.map(({ slot, text }) => (
                    <li key={slot}>
                      <a
                        href={`#${inputIdOf(slot)}`}
                        onClick={(e) => {
                          e.preventDefault();
                          document.getElementById(inputIdOf(slot))?.focus();
                        }}
                      >
                        {slotLabel(t, slot)}
                      </a>{' '}
                      : {text}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </div>

          <form className="practice-form" onSubmit={onSubmit} noValidate aria-label={title} hidden={!!conflict}>
            <fieldset className="form-section">
              <legend>{t('editor.sections.essentials')}</legend>
              <TextField id="f-title" label={t('practice.fields.title')} required value={form.title} error={message('title')} onChange={(v) => update('title', v)} onBlur={() => touch('title')} />
              <TextArea id="f-summary" label={t('practice.fields.summary')} hint={t('editor.hints.summary')} rows={3} value={form.summary} error={message('summary')} onChange={(v) => update('summary', v)} onBlur={() => touch('summary')} />

              <div className="field-grid">
                <div className="field">
                  <label htmlFor="f-country">
                    {t('practice.fields.country')} <span className="required">({t('editor.required')})</span>
                  </label>
                  <select
                    id="f-country"
                    value={countrySelectValue}
                    aria-invalid={!!message('country') && !otherCountry}
                    aria-describedby={message('country') && !otherCountry ? 'f-country-error' : undefined}
                    onChange={(e) => {
                      const v = e.target.value;
                      if (v === '__other') {
                        setOtherCountry(true);
                        update('country', '');
                      } else {
                        setOtherCountry(false);
                        update('country', v);
                      }
                      touch('country');
                    }}
                  >
                    <option value="">{t('editor.chooseCountry')}</option>
                    {sortedCountries.map((c) => (
                      <option key={c} value={c}>
                        {countryName(c, lang)} ({c})
                      </option>
                    ))}
                    <option value="__other">{t('editor.otherCountry')}</option>
                  </select>
                  {!otherCountry && message('country') ? <FieldError id="f-country-error" text={message('country')!} /> : null}
                </div>
                {otherCountry ? (
                  <TextField
                    id="f-country-other"
                    label={t('editor.countryCode')}
                    hint={t('editor.hints.countryCode')}
                    value={form.country}
                    error={message('country')}
                    maxLength={2}
                    onChange={(v) => update('country', v.toUpperCase())}
                    onBlur={() => touch('country')}
                  />
                ) : null}
                <div className="field">
                  <label htmlFor="f-lang">{t('practice.fields.lang')}</label>
                  <select id="f-lang" value={form.lang} onChange={(e) => update('lang', e.target.value as PracticeForm['lang'])}>
                    {LANGS.map((l) => (
                      <option key={l} value={l}>
                        {LANG_LABELS[l]}
                      </option>
                    ))}
                  </select>
                </div>
              </div>

              <CheckboxGroup
                id="f-partners"
                legend={t('practice.fields.partnerCountries')}
                className="checkbox-columns"
                options={sortedCountries.map((c) => ({ value: c, label: countryName(c, lang) }))}
                selected={form.partnerKnown}
                onChange={(v) => update('partnerKnown', v)}
              />
              <TextField
                id="f-partners-other"
                label={t('editor.otherPartners')}
                hint={t('editor.hints.codes')}
                value={form.partnerOther}
                error={message('partnerCountries')}
                onChange={(v) => update('partnerOther', v)}
                onBlur={() => touch('partnerCountries')}
              />
            </fieldset>

            <fieldset className="form-section">
              <legend>{t('editor.sections.description')}</legend>
              <MarkdownField id="f-body" label={t('practice.fields.body')} hint={t('editor.hints.markdown')} value={form.body} error={message('body')} onChange={(v) => update('body', v)} rows={12} />
              <TextArea id="f-results" label={t('practice.fields.results')} hint={t('editor.hints.markdown')} rows={5} value={form.results} error={message('results')} onChange={(v) => update('results', v)} />
              <TextArea id="f-lessons" label={t('practice.fields.lessons')} hint={t('editor.hints.markdown')} rows={5} value={form.lessons} error={message('lessons')} onChange={(v) => update('lessons', v)} />
            </fieldset>

            <fieldset className="form-section">
              <legend>{t('editor.sections.classification')}</legend>
              <CheckboxGroup
                id="f-steps"
                legend={t('practice.fields.steps')}
                options={([1, 2, 3] as Step[]).map((s) => ({ value: String(s), label: STEP_LABELS[s][lang] }))}
                selected={form.steps.map(String)}
                error={message('steps')}
                onChange={(v) => update('steps', v.map(Number) as Step[])}
              />
              <CheckboxGroup
                id="f-branches"
                legend={t('practice.fields.branches')}
                className="checkbox-columns"
                options={BRANCHES.map((b) => ({ value: b, label: branchLabel(b, lang) }))}
                selected={form.branches}
                error={message('branches')}
                onChange={(v) => update('branches', v as PracticeForm['branches'])}
              />
              <CheckboxGroup
                id="f-guarantees"
                legend={t('practice.fields.guarantees')}
                options={GUARANTEES.map((g) => ({ value: g, label: GUARANTEE_LABELS[g][lang] }))}
                selected={form.guarantees}
                error={message('guarantees')}
                onChange={(v) => update('guarantees', v as PracticeForm['guarantees'])}
              />
              <CheckboxGroup
                id="f-themes"
                legend={t('practice.fields.themes')}
                className="checkbox-columns"
                options={THEMES.map((th) => ({ value: th, label: themeLabel(th, lang) }))}
                selected={form.themesKnown}
                onChange={(v) => update('themesKnown', v)}
              />
              <TextField
                id="f-themes-other"
                label={t('editor.otherThemes')}
                hint={t('editor.hints.tags')}
                value={form.themesOther}
                error={message('themes')}
                onChange={(v) => update('themesOther', v)}
                onBlur={() => touch('themes')}
              />
              <TextField
                id="f-sdg"
                label={t('practice.fields.sdgTargets')}
                hint={t('editor.hints.sdg')}
                value={form.sdgText}
                error={message('sdgTargets')}
                onChange={(v) => update('sdgText', v)}
                onBlur={() => touch('sdgTargets')}
              />
            </fieldset>

            <fieldset className="form-section">
              <legend>{t('editor.sections.sources')}</legend>
              <SourcesField
                sources={form.sources}
                onChange={(v) => update('sources', v)}
                errorFor={(i, part) => message(`sources.${i}.${part}`)}
                onBlur={(i, part) => touch(`sources.${i}.${part}`)}
              />
              <TextField id="f-contact" label={t('practice.fields.contact')} hint={t('editor.hints.contact')} value={form.contact} error={message('contact')} onChange={(v) => update('contact', v)} />
            </fieldset>

            <fieldset className="form-section">
              <legend>{t('editor.sections.publication')}</legend>
              <div className="field-grid">
                <div className="field">
                  <label htmlFor="f-status">{t('practice.fields.status')}</label>
                  <select id="f-status" value={form.status} onChange={(e) => update('status', e.target.value as PracticeForm['status'])}>
                    <option value="draft">{t('practice.status.draft')}</option>
                    <option value="validated">{t('practice.status.validated')}</option>
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="f-sensitivity">{t('practice.fields.sensitivity')}</label>
                  <select id="f-sensitivity" value={form.sensitivity} onChange={(e) => update('sensitivity', e.target.value as PracticeForm['sensitivity'])}>
                    <option value="shareable">{t('practice.sensitivity.shareable')}</option>
                    <option value="internal">{t('practice.sensitivity.internal')}</option>
                  </select>
                </div>
              </div>
            </fieldset>

            <fieldset className="form-section">
              <legend>{t('editor.sections.english')}</legend>
              <TextField id="f-en-title" label={t('editor.enTitle')} value={form.enTitle} error={message('enTitle')} onChange={(v) => update('enTitle', v)} inputLang="en" />
              <TextArea id="f-en-summary" label={t('editor.enSummary')} rows={3} value={form.enSummary} error={message('enSummary')} onChange={(v) => update('enSummary', v)} inputLang="en" />
            </fieldset>

            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={saveState === 'saving'}>
                {t('editor.save')}
              </button>
              {recordId ? (
                <a className="button" href={href.record(recordId)}>
                  {t('editor.done')}
                </a>
              ) : null}
              <SaveStatus state={saveState} rev={rev} compact />
            </div>
          </form>
        </div>
        <div className="editor-side">
          <SaveStatus state={saveState} rev={rev} />
          <section className="editor-help" aria-labelledby="editor-help-title">
            <h2 id="editor-help-title">{t('editor.help.title')}</h2>
            <ul>
              {(['story', 'sources', 'contact', 'classify', 'autosave'] as const).map((k) => (
                <li key={k}>{t(`editor.help.${k}`)}</li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </div>
  );
}

function slotLabel(t: (k: string, o?: Record<string, unknown>) => string, slot: string): string {
  const m = /^sources\.(\d+)\.(title|url)$/.exec(slot);
  if (m) return t(`editor.sourceRow.${m[2]}`, { n: Number(m[1]) + 1 });
  if (slot === 'enTitle') return t('editor.enTitle');
  if (slot === 'enSummary') return t('editor.enSummary');
  return t(`practice.fields.${slot}`, { defaultValue: slot });
}

function SaveStatus({ state, rev, compact }: { state: SaveState; rev?: number; compact?: boolean }) {
  const { t } = useTranslation();
  const text = t(`editor.state.${state}`);
  if (compact) {
    return (
      <span className={`save-status save-${state}`} aria-hidden="true">
        {text}
      </span>
    );
  }
  return (
    <p className={`save-status save-${state}`} role="status" data-save-state={state} data-rev={rev ?? ''}>
      <span className="save-dot" aria-hidden="true" /> {text}
      {rev && state === 'saved' ? <span className="meta"> · {t('reader.revision', { rev })}</span> : null}
    </p>
  );
}

/** Markdown with Write / Preview tabs (the WAI-ARIA tabs pattern: arrows move between tabs). */
function MarkdownField(props: { id: string; label: string; value: string; onChange: (v: string) => void; hint?: string; error?: string; rows?: number }) {
  const { id, label, value, onChange, hint, error, rows } = props;
  const { t } = useTranslation();
  const lang = useLang();
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const preview = useMemo(() => (tab === 'preview' ? renderMarkdown(value, purify).html.replace(/ id="[^"]*"/g, '') : ''), [tab, value]);
  const tabs: ('write' | 'preview')[] = ['write', 'preview'];
  const onKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const next = tab === 'write' ? 'preview' : 'write';
    const target = e.key === 'Home' ? 'write' : e.key === 'End' ? 'preview' : next;
    setTab(target);
    document.getElementById(`${id}-tab-${target}`)?.focus();
  };
  return (
    <div className="field markdown-field">
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <div role="tablist" aria-labelledby={`${id}-label`} className="tabs">
        {tabs.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`${id}-tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`${id}-panel-${k}`}
            tabIndex={tab === k ? 0 : -1}
            onClick={() => setTab(k)}
            onKeyDown={onKey}
          >
            {t(`editor.tabs.${k}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel-write`} aria-labelledby={`${id}-tab-write`} hidden={tab !== 'write'}>
        <textarea
          id={id}
          rows={rows ?? 10}
          value={value}
          aria-labelledby={`${id}-label`}
          aria-invalid={!!error}
          aria-describedby={describedBy(id, hint, error)}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
      <div role="tabpanel" id={`${id}-panel-preview`} aria-labelledby={`${id}-tab-preview`} hidden={tab !== 'preview'} tabIndex={0} className="preview">
        {tab === 'preview' ? value.trim() ? <RichText html={preview} linkLang={lang} /> : <p className="hint">{t('editor.emptyPreview')}</p> : null}
      </div>
      {error ? <FieldError id={`${id}-error`} text={error} /> : null}
    </div>
  );
}

function SourcesField(props: {
  sources: PracticeForm['sources'];
  onChange: (v: PracticeForm['sources']) => void;
  errorFor: (i: number, part: 'title' | 'url') => string | undefined;
  onBlur: (i: number, part: 'title' | 'url') => void;
}) {
  const { sources, onChange, errorFor, onBlur } = props;
  const { t } = useTranslation();
  const set = (i: number, part: 'title' | 'url', v: string) => onChange(sources.map((s, j) => (j === i ? { ...s, [part]: v } : s)));
  return (
    <div className="sources-field">
      <p className="field-label">{t('practice.fields.sources')}</p>
      <RepeatableRows
        items={sources}
        keyOf={(_, i) => String(i)}
        listClassName="source-rows"
        rowClassName="source-row"
        addId="f-add-source"
        addLabel={t('editor.addSource')}
        removeLabel={(_, i) => ({ text: t('editor.remove'), name: t('editor.removeSource', { n: i + 1 }) })}
        onAdd={() => {
          onChange([...sources, { title: '', url: '' }]);
          return `f-source-${sources.length}-title`;
        }}
        onRemove={(_, i) => onChange(sources.length > 1 ? sources.filter((_, j) => j !== i) : [{ title: '', url: '' }])}
        renderRow={(s, i) => (
          <>
            <TextField id={`f-source-${i}-title`} label={t('editor.sourceRow.title', { n: i + 1 })} value={s.title} error={errorFor(i, 'title')} onChange={(v) => set(i, 'title', v)} onBlur={() => onBlur(i, 'title')} />
            <TextField id={`f-source-${i}-url`} label={t('editor.sourceRow.url', { n: i + 1 })} value={s.url} error={errorFor(i, 'url')} onChange={(v) => set(i, 'url', v)} onBlur={() => onBlur(i, 'url')} type="url" />
          </>
        )}
      />
    </div>
  );
}
