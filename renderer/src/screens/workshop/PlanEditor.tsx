/**
 * #/plan/<id>: a country implementation plan, organised on the three Flagship steps. Each action
 * has a description, partners (from a list the user can extend), a timeline by quarter, a status,
 * a South-South cooperation pilot flag, the technical support requested, and optionally the
 * dashboard headings it contributes to. Actions are added, moved and removed; every change is
 * saved at once (text after a short pause) with the plan's revision, so a change made elsewhere
 * meanwhile is reported (and the plan reloaded) rather than overwritten.
 *
 * Below: the country's opportunity brief, pasted in, and the comparison of the plan with it.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useLang } from '../../i18n';
import { useDocumentTitle } from '../../lib';
import { PLAN_STATUSES, type Plan, type PlanAction, type Workshop } from '../../../../main/core/model';
import { STEP_LABELS, countryName } from '../../../../main/core/labels';
import type { HubError, Result } from '../../../../main/core/result';
import type { PartnerList } from '../../../../main/core/workshops/service';
import { fold } from '../../../../main/core/workshops/text';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { LiveRegion, WorkshopNav, quarterLabel, useAnnouncer, useWt } from '../../components/workshop/common';
import { SelectField, TextArea } from '../../components/form/fields';
import { ComparePanel } from '../../components/workshop/ComparePanel';
import { whref } from '../../components/workshop/routes';

type Step = 1 | 2 | 3;
type SaveState = 'saved' | 'saving' | 'error' | 'conflict';
type Op = (plan: Plan) => Promise<Result<Plan>>;

function isPlan(x: unknown): x is Plan {
  return !!x && typeof x === 'object' && (x as { type?: unknown }).type === 'plan' && typeof (x as { rev?: unknown }).rev === 'number';
}

export function PlanEditorScreen({ planId }: { planId: string }) {
  const { t } = useWt();
  const [state, setState] = useState<
    { state: 'loading' } | { state: 'error'; error: HubError } | { state: 'ok'; plan: Plan; workshop?: Workshop; partners: PartnerList }
  >({ state: 'loading' });

  useEffect(() => {
    let live = true;
    void (async () => {
      const p = await api.get({ id: planId });
      if (!live) return;
      if (!p.ok) return setState({ state: 'error', error: p.error });
      if (p.value.type !== 'plan') return setState({ state: 'error', error: { code: 'not-found', message: `"${planId}" is not a plan.` } });
      const plan = p.value;
      const [w, partners] = await Promise.all([
        plan.workshopId ? api.get({ id: plan.workshopId }) : Promise.resolve(undefined),
        api.listPartners(plan.workshopId ? { workshopId: plan.workshopId } : {}),
      ]);
      if (!live) return;
      if (!partners.ok) return setState({ state: 'error', error: partners.error });
      const workshop = w?.ok && w.value.type === 'workshop' ? w.value : undefined;
      setState({ state: 'ok', plan, ...(workshop ? { workshop } : {}), partners: partners.value });
    })();
    return () => {
      live = false;
    };
  }, [planId]);

  useDocumentTitle(state.state === 'ok' ? state.plan.title : t('plan.title'));
  if (state.state === 'loading') {
    return (
      <div className="screen ws-plan" data-ready="false" aria-busy="true">
        <p className="loading">{t('loading')}</p>
      </div>
    );
  }
  if (state.state === 'error') {
    return (
      <div className="screen ws-plan" data-ready="true">
        <PageTitle>{t('plan.title')}</PageTitle>
        <ErrorMessage error={state.error} />
      </div>
    );
  }
  return <PlanEditor initial={state.plan} workshop={state.workshop} initialPartners={state.partners} />;
}

function PlanEditor({ initial, workshop, initialPartners }: { initial: Plan; workshop?: Workshop; initialPartners: PartnerList }) {
  const { t } = useWt();
  const lang = useLang();
  const [plan, setPlan] = useState(initial);
  const planRef = useRef(initial);
  const [partners, setPartners] = useState(initialPartners);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [error, setError] = useState<HubError | null>(null);
  const [conflict, setConflict] = useState<{ rev: number } | null>(null);
  const [message, announce] = useAnnouncer();
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const pendingOps = useRef(0);
  const readOnly = plan.origin.kind === 'library';
  const planLang: 'fr' | 'en' = plan.lang === 'en' ? 'en' : 'fr';

  /**
   * What is shown: the hub's latest plan with the changes still on their way applied on top, so a
   * ticked box or a chosen quarter shows at once. After a conflict, changes queued before it are
   * dropped (they were made on a version that no longer exists) and the hub's version shows.
   */
  const patches = useRef(new Map<number, (p: Plan) => Plan>());
  const seq = useRef(0);
  const generation = useRef(0);
  const show = useCallback(() => {
    let p = planRef.current;
    for (const f of patches.current.values()) p = f(p);
    setPlan(p);
  }, []);

  /** Runs plan operations one after the other, each with the latest revision. */
  const run = useCallback(
    (op: Op, patch?: (p: Plan) => Plan): Promise<Plan | undefined> => {
      const key = ++seq.current;
      const gen = generation.current;
      if (patch) {
        patches.current.set(key, patch);
        show();
      }
      pendingOps.current++;
      setSaveState('saving');
      const next = queue.current.then(async () => {
        if (gen !== generation.current) {
          pendingOps.current--;
          patches.current.delete(key);
          return undefined;
        }
        const r = await op(planRef.current);
        pendingOps.current--;
        patches.current.delete(key);
        if (r.ok) {
          planRef.current = r.value;
          show();
          setError(null);
          if (pendingOps.current === 0) setSaveState('saved');
          return r.value;
        }
        const current = (r.error.details as { current?: unknown } | undefined)?.current;
        if (r.error.code === 'conflict' && isPlan(current)) {
          generation.current++;
          patches.current.clear();
          planRef.current = current;
          show();
          setConflict({ rev: current.rev });
          setSaveState('conflict');
          return undefined;
        }
        show();
        setError(r.error);
        setSaveState('error');
        return undefined;
      });
      queue.current = next.catch(() => undefined);
      return next;
    },
    [show],
  );

  const updateAction = (actionId: string, changes: Record<string, unknown>) =>
    run(
      (p) => api.planUpdateAction({ planId: p.id, rev: p.rev, actionId, changes }),
      (p) => ({
        ...p,
        actions: p.actions.map((a) => {
          if (a.id !== actionId) return a;
          const next = { ...a, ...changes } as PlanAction & Record<string, unknown>;
          for (const k of ['from', 'to'] as const) if (next[k] === null) delete next[k];
          return next;
        }),
      }),
    );

  const addAction = async (step: Step, description: string): Promise<boolean> => {
    const before = new Set(planRef.current.actions.map((a) => a.id));
    const p = await run((cur) => api.planAddAction({ planId: cur.id, rev: cur.rev, action: { step, description } }));
    if (!p) return false;
    const added = p.actions.find((a) => !before.has(a.id));
    announce(t('plan.added'));
    if (added) requestAnimationFrame(() => document.getElementById(`ws-action-${added.id}-partners`)?.focus());
    return true;
  };

  const removeAction = async (a: PlanAction, index: number, siblings: PlanAction[]) => {
    const p = await run((cur) => api.planRemoveAction({ planId: cur.id, rev: cur.rev, actionId: a.id }));
    if (!p) return;
    announce(t('plan.removed'));
    const target = siblings[index + 1] ?? siblings[index - 1];
    requestAnimationFrame(() => document.getElementById(target ? `ws-action-${target.id}-title` : `ws-add-${a.step}-text`)?.focus());
  };

  const moveAction = async (a: PlanAction, to: { step?: Step; index?: number }, focusId: string) => {
    const p = await run((cur) => api.planMoveAction({ planId: cur.id, rev: cur.rev, actionId: a.id, ...to }));
    if (!p) return;
    announce(to.step ? t('plan.movedStep', { step: to.step }) : t('plan.moved'));
    requestAnimationFrame(() => document.getElementById(focusId)?.focus());
  };

  const addPartner = async (name: string): Promise<string | undefined> => {
    const r = await api.addPartner({ name });
    if (!r.ok) {
      setError(r.error);
      return undefined;
    }
    const again = await api.listPartners(planRef.current.workshopId ? { workshopId: planRef.current.workshopId } : {});
    setPartners(again.ok ? again.value : r.value);
    return name.trim().replace(/\s+/g, ' ');
  };

  const saveBrief = (text: string) => {
    if (text === planRef.current.opportunityBrief) return Promise.resolve(planRef.current);
    return run((cur) => api.update({ id: cur.id, rev: cur.rev, changes: { opportunityBrief: text } }) as Promise<Result<Plan>>);
  };

  const byStep = useMemo(() => {
    const out: Record<Step, PlanAction[]> = { 1: [], 2: [], 3: [] };
    for (const a of plan.actions) out[a.step].push(a);
    return out;
  }, [plan.actions]);

  const quarters = useMemo(() => {
    const start = Number((workshop?.startDate ?? new Date().toISOString()).slice(0, 4));
    const list: string[] = [];
    for (let y = start; y <= start + 5; y++) for (let q = 1; q <= 4; q++) list.push(`${y}-Q${q}`);
    for (const a of plan.actions) for (const x of [a.from, a.to]) if (x && !list.includes(x)) list.push(x);
    return list.sort();
  }, [workshop?.startDate, plan.actions]);

  return (
    <div className="screen ws-plan" data-ready="true" data-plan-id={plan.id} data-rev={plan.rev}>
      {workshop ? <WorkshopNav workshop={workshop} current="plans" /> : null}
      <p className="ws-back">
        {workshop ? <a href={whref.plans(workshop.id)}>{t('plan.allPlans')}</a> : null}
      </p>
      <PageTitle>{t('plan.heading', { country: countryName(plan.country, lang) })}</PageTitle>
      <p className="meta" lang={plan.lang !== lang ? plan.lang : undefined}>
        {plan.title}
      </p>
      <div className="ws-plan-status">
        <p className={`save-status save-${saveState} ws-save-state`} role="status" data-save-state={saveState} data-rev={plan.rev}>
          <span className="save-dot" aria-hidden="true" /> {t(`plan.state.${saveState}`)}
        </p>
      </div>
      {readOnly ? <p className="notice notice-warning">{t('plan.readOnly')}</p> : null}
      {conflict ? (
        <div className="notice notice-warning" role="alert" data-conflict="true">
          <p className="notice-title">{t('plan.conflictTitle')}</p>
          <p>{t('plan.conflictText', { rev: conflict.rev })}</p>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setConflict(null);
              setSaveState('saved');
            }}
          >
            {t('plan.conflictOk')}
          </button>
        </div>
      ) : null}
      {error ? <ErrorMessage error={error} title={t('plan.saveFailed')} /> : null}

      <div className="ws-steps">
        {([1, 2, 3] as Step[]).map((step) => (
          <section key={step} className={`ws-step ws-step-col-${step}`} aria-labelledby={`ws-step-${step}-title`} data-step={step}>
            <h2 id={`ws-step-${step}-title`}>
              <span className={`ws-step-dot ws-step-${step}`} aria-hidden="true" /> {STEP_LABELS[step][lang]}
            </h2>
            {byStep[step].length === 0 ? <p className="hint">{t('plan.noAction')}</p> : null}
            <ol className="ws-actions">
              {byStep[step].map((a, i) => (
                <ActionRow
                  key={a.id}
                  action={a}
                  number={i + 1}
                  count={byStep[step].length}
                  readOnly={readOnly}
                  planLang={planLang}
                  partners={partners}
                  quarters={quarters}
                  headings={workshop?.dashboardHeadings ?? []}
                  onChange={(changes) => updateAction(a.id, changes)}
                  onRemove={() => void removeAction(a, i, byStep[step])}
                  onMove={(to, focusId) => void moveAction(a, to, focusId)}
                  onAddPartner={addPartner}
                />
              ))}
            </ol>
            {readOnly ? null : <AddAction step={step} onAdd={addAction} />}
          </section>
        ))}
      </div>

      <ComparePanel plan={plan} readOnly={readOnly} onSaveBrief={saveBrief} />
      <LiveRegion message={message} />
    </div>
  );
}

function AddAction({ step, onAdd }: { step: Step; onAdd: (step: Step, description: string) => Promise<boolean> }) {
  const { t } = useWt();
  const lang = useLang();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    const ok = await onAdd(step, text.trim());
    setBusy(false);
    if (ok) setText('');
  };
  return (
    <form className="ws-add-action" onSubmit={(e) => void submit(e)} aria-label={t('plan.addFormLabel', { step: STEP_LABELS[step][lang] })}>
      <div className="field">
        <label htmlFor={`ws-add-${step}-text`}>{t('plan.newAction')}</label>
        <textarea
          id={`ws-add-${step}-text`}
          rows={2}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
          }}
        />
      </div>
      <button type="submit" className="button button-small button-primary" disabled={busy || !text.trim()}>
        {t('plan.add')}
      </button>
    </form>
  );
}

/**
 * A text field saved 800 ms after typing stops and on blur; it follows the plan (a save, a reload
 * after a conflict) unless something typed here is not sent yet.
 */
function useDraftField(value: string, save: (v: string) => void, opts: { allowEmpty?: boolean } = {}): [string, (v: string) => void, () => void] {
  const [draft, setDraft] = useState(value);
  const draftRef = useRef(value);
  const sent = useRef(value);
  const timer = useRef<number | undefined>(undefined);
  const allowEmpty = !!opts.allowEmpty;
  useEffect(() => {
    if (draftRef.current === sent.current) {
      draftRef.current = value;
      setDraft(value);
    }
    sent.current = value;
  }, [value]);
  const flush = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    const d = draftRef.current;
    if (d !== sent.current && (allowEmpty || d.trim() !== '')) {
      sent.current = d;
      save(d);
    }
  }, [save, allowEmpty]);
  const change = (v: string) => {
    draftRef.current = v;
    setDraft(v);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(flush, 800);
  };
  // Leaving the screen (or the row) with text typed and not yet sent: send it.
  const flushRef = useRef(flush);
  flushRef.current = flush;
  useEffect(() => () => flushRef.current(), []);
  return [draft, change, flush];
}

function ActionRow(props: {
  action: PlanAction;
  number: number;
  count: number;
  readOnly: boolean;
  planLang: 'fr' | 'en';
  partners: PartnerList;
  quarters: string[];
  headings: { id: string; title: string }[];
  onChange: (changes: Record<string, unknown>) => void;
  onRemove: () => void;
  onMove: (to: { step?: Step; index?: number }, focusId: string) => void;
  onAddPartner: (name: string) => Promise<string | undefined>;
}) {
  const { action: a, number, count, readOnly, planLang, partners, quarters, headings, onChange, onRemove, onMove, onAddPartner } = props;
  const { t } = useWt();
  const lang = useLang();
  const id = `ws-action-${a.id}`;
  const [confirming, setConfirming] = useState(false);
  const saveDescription = useCallback((v: string) => onChange({ description: v.trim() }), [onChange]);
  const saveSupport = useCallback((v: string) => onChange({ supportRequested: v }), [onChange]);
  const [description, setDescription, flushDescription] = useDraftField(a.description, saveDescription);
  const [support, setSupport, flushSupport] = useDraftField(a.supportRequested, saveSupport, { allowEmpty: true });
  const title = t('plan.actionN', { n: number, step: a.step });

  return (
    <li className="ws-action" data-action-id={a.id} data-sstc={a.sstcPilot ? 'true' : 'false'}>
      <fieldset disabled={readOnly}>
        <legend id={`${id}-title`} tabIndex={-1}>
          {title}
          {a.sstcPilot ? <span className="badge ws-badge-pilot">{t('plan.pilotBadge')}</span> : null}
          {a.status !== 'proposed' ? <span className={`badge ws-badge-status-${a.status}`}>{t(`plan.status.${a.status}`)}</span> : null}
        </legend>
        <TextArea
          id={`${id}-description`}
          label={t('plan.description')}
          rows={2}
          value={description}
          error={description.trim() ? undefined : t('plan.descriptionRequired')}
          onChange={setDescription}
          onBlur={flushDescription}
        />
        <PartnerPicker id={id} action={a} planLang={planLang} partners={partners} onChange={(list) => onChange({ partners: list })} onAddPartner={onAddPartner} />
        <div className="field-grid ws-action-grid">
          {(['from', 'to'] as const).map((which) => (
            <SelectField
              key={which}
              id={`${id}-${which}`}
              label={t(`plan.${which}`)}
              value={a[which] ?? ''}
              empty="—"
              options={quarters.map((q) => ({ value: q, label: quarterLabel(q, lang) }))}
              onChange={(v) => onChange({ [which]: v || null })}
            />
          ))}
          <SelectField
            id={`${id}-status`}
            label={t('plan.statusLabel')}
            value={a.status}
            options={PLAN_STATUSES.map((s) => ({ value: s, label: t(`plan.status.${s}`) }))}
            onChange={(v) => onChange({ status: v })}
          />
        </div>
        <p className="ws-check">
          <label>
            <input type="checkbox" checked={a.sstcPilot} onChange={(e) => onChange({ sstcPilot: e.target.checked })} /> {t('plan.sstcPilot')}
          </label>
        </p>
        <TextArea id={`${id}-support`} label={t('plan.support')} rows={2} value={support} onChange={setSupport} onBlur={flushSupport} />
        {headings.length ? (
          <details className="ws-more">
            <summary>{t('plan.headings', { count: a.headings.length })}</summary>
            <fieldset className="checkbox-group">
              <legend className="visually-hidden">{t('plan.headingsLegend', { n: number })}</legend>
              <p className="hint">{t('plan.headingsHint')}</p>
              <ul>
                {headings.map((h) => (
                  <li key={h.id}>
                    <label>
                      <input
                        type="checkbox"
                        checked={a.headings.includes(h.id)}
                        onChange={(e) => onChange({ headings: e.target.checked ? [...a.headings, h.id] : a.headings.filter((x) => x !== h.id) })}
                      />{' '}
                      {h.title}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          </details>
        ) : null}
        <div className="button-row ws-action-buttons">
          <button
            type="button"
            className="button button-small"
            disabled={number === 1}
            onClick={() => onMove({ index: number - 2 }, `${id}-up`)}
            id={`${id}-up`}
            aria-label={t('plan.moveUpLabel', { title })}
          >
            ↑ {t('plan.moveUp')}
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={number === count}
            onClick={() => onMove({ index: number }, `${id}-down`)}
            id={`${id}-down`}
            aria-label={t('plan.moveDownLabel', { title })}
          >
            ↓ {t('plan.moveDown')}
          </button>
          <label className="ws-inline-field">
            <span>{t('plan.moveTo')}</span>{' '}
            <select
              value=""
              onChange={(e) => {
                const step = Number(e.target.value) as Step;
                if (step) onMove({ step }, `${id}-title`);
              }}
            >
              <option value="">—</option>
              {([1, 2, 3] as Step[])
                .filter((s) => s !== a.step)
                .map((s) => (
                  <option key={s} value={s}>
                    {STEP_LABELS[s][lang]}
                  </option>
                ))}
            </select>
          </label>
          {confirming ? (
            <>
              <button type="button" className="button button-small button-danger" onClick={onRemove}>
                {t('plan.confirmRemove')}
              </button>
              <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
                {t('keep')}
              </button>
            </>
          ) : (
            <button type="button" className="button button-small" onClick={() => setConfirming(true)} aria-label={t('plan.removeLabel', { title })}>
              {t('plan.remove')}
            </button>
          )}
        </div>
      </fieldset>
    </li>
  );
}

function samePartner(a: string, b: string): boolean {
  return fold(a) === fold(b);
}

function PartnerPicker(props: {
  id: string;
  action: PlanAction;
  planLang: 'fr' | 'en';
  partners: PartnerList;
  onChange: (partners: string[]) => void;
  onAddPartner: (name: string) => Promise<string | undefined>;
}) {
  const { id, action: a, planLang, partners, onChange, onAddPartner } = props;
  const { t } = useWt();
  const lang = useLang();
  const uid = useId();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  const builtIn = partners.builtIn.map((b) => ({ key: b.id, label: b[lang], value: b[planLang], names: [b.id, b.fr, b.en, b.pt] }));
  const others = [...partners.custom, ...partners.used].map((n) => ({ key: `c:${n}`, label: n, value: n, names: [n] }));
  const options = [...builtIn, ...others];
  const isChecked = (names: string[]) => a.partners.some((p) => names.some((n) => samePartner(p, n)));
  // Partners typed elsewhere (the CLI, a template) that match no option still show, ticked.
  const extra = a.partners.filter((p) => !options.some((o) => o.names.some((n) => samePartner(p, n))));
  const toggle = (names: string[], value: string, on: boolean) => {
    const rest = a.partners.filter((p) => !names.some((n) => samePartner(p, n)));
    onChange(on ? [...rest, value] : rest);
  };
  const labels = a.partners.map((p) => builtIn.find((b) => b.names.some((n) => samePartner(p, n)))?.label ?? p);

  const add = async () => {
    const n = name.trim();
    if (!n) return;
    setBusy(true);
    const added = await onAddPartner(n);
    setBusy(false);
    if (added) {
      if (!a.partners.some((p) => samePartner(p, added))) onChange([...a.partners, added]);
      setName('');
    }
  };

  return (
    <details className="ws-partners">
      <summary id={`${id}-partners`}>
        {t('plan.partners', { count: a.partners.length })}
        {labels.length ? <span className="ws-partner-names"> : {labels.join(', ')}</span> : null}
      </summary>
      <fieldset className="checkbox-group">
        <legend className="visually-hidden">{t('plan.partnersLegend')}</legend>
        <ul className="ws-partner-options">
          {options.map((o) => (
            <li key={o.key}>
              <label>
                <input type="checkbox" checked={isChecked(o.names)} onChange={(e) => toggle(o.names, o.value, e.target.checked)} /> {o.label}
              </label>
            </li>
          ))}
          {extra.map((p) => (
            <li key={`x:${p}`}>
              <label>
                <input type="checkbox" checked onChange={() => toggle([p], p, false)} /> {p}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="ws-add-partner">
        <label htmlFor={`${uid}-new`}>{t('plan.newPartner')}</label>
        <input
          id={`${uid}-new`}
          type="text"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void add();
            }
          }}
        />
        <button type="button" className="button button-small" disabled={busy || !name.trim()} onClick={() => void add()}>
          {t('plan.addPartner')}
        </button>
      </div>
    </details>
  );
}
