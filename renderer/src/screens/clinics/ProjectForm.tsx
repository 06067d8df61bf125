/**
 * #/project/<id> (or #/project/new?phase=past|new): a project's results and impact. Identity,
 * Flagship steps, C102 branches, R202 guarantees, budget, people reached, lessons, and the
 * logframe: a table of indicators where rows are added, moved up or down and removed with the
 * keyboard (each button names its row; the focus follows the row it moved). Saved as a `project`
 * record, compared on #/compare.
 */
import { useEffect, useRef } from 'react';
import { useDocumentTitle } from '../../lib';
import { BRANCHES, COUNTRY_NAMES, GUARANTEES, SDG_SERIES, type Branch, type Guarantee, type Project, type SdgSeries, type Source } from '../../../../main/core/model';
import { BRANCH_LABELS, GUARANTEE_LABELS, STEP_LABELS } from '../../../../main/core/labels';
import { SERIES_LABELS } from '../../../../main/core/clinics/text';
import { PageTitle } from '../../components/PageTitle';
import { ClinicsNav, IllustrativeBanner, chref, figureText, parseFigure, useCt } from './common';
import { ClinicFormStatus, ClinicRecordScreen, useClinicDraft } from './record-form';
import { SelectField } from '../../components/form/fields';
import { SaveForm } from '../../components/form/SaveForm';

interface Row {
  key: string;
  name: string;
  unit: string;
  baseline: string;
  target: string;
  actual: string;
  baselineDate: string;
  targetDate: string;
  sdgSeries: SdgSeries | '';
}

interface ProjectDraft {
  title: string;
  country: string;
  phase: 'past' | 'new';
  start: string;
  end: string;
  steps: (1 | 2 | 3)[];
  branches: Branch[];
  guarantees: Guarantee[];
  budget: { planned: string; spent: string; currency: string };
  reached: { legal: string; effective: string; adequacy: string; women: string; men: string };
  indicators: Row[];
  lessons: string;
  sources: Source[];
  illustrative: boolean;
  workshopId?: string;
  sensitivity: 'shareable' | 'internal';
}

let seq = 0;
const rowKey = () => `i${++seq}`;
const emptyRow = (): Row => ({ key: rowKey(), name: '', unit: '', baseline: '', target: '', actual: '', baselineDate: '', targetDate: '', sdgSeries: '' });

function draftOf(p?: Project, phase?: string, workshopId?: string): ProjectDraft {
  return {
    title: p?.title ?? '',
    country: p?.country ?? 'SN',
    phase: p?.phase ?? (phase === 'new' ? 'new' : 'past'),
    start: p?.start ?? '',
    end: p?.end ?? '',
    steps: p?.steps ?? [],
    branches: p?.branches ?? [],
    guarantees: p?.guarantees ?? [],
    budget: { planned: figureText(p?.budget.planned), spent: figureText(p?.budget.spent), currency: p?.budget.currency ?? 'XOF' },
    reached: {
      legal: figureText(p?.reached.legal),
      effective: figureText(p?.reached.effective),
      adequacy: figureText(p?.reached.adequacy),
      women: figureText(p?.reached.women),
      men: figureText(p?.reached.men),
    },
    indicators: (p?.indicators ?? []).map((i) => ({
      key: rowKey(),
      name: i.name,
      unit: i.unit,
      baseline: figureText(i.baseline),
      target: figureText(i.target),
      actual: figureText(i.actual),
      baselineDate: i.baselineDate ?? '',
      targetDate: i.targetDate ?? '',
      sdgSeries: i.sdgSeries ?? '',
    })),
    lessons: p?.lessons ?? '',
    sources: p?.sources ?? [],
    illustrative: p?.illustrative ?? false,
    ...(p?.workshopId ?? workshopId ? { workshopId: p?.workshopId ?? workshopId } : {}),
    sensitivity: p?.sensitivity ?? 'shareable',
  };
}

const bad = (s: string) => Number.isNaN(parseFigure(s));
const DATE = /^\d{4}-\d{2}(-\d{2})?$/;
const badDate = (s: string) => !!s && !DATE.test(s);

const isInvalid = (draft: ProjectDraft): boolean =>
  !draft.title.trim() ||
  badDate(draft.start) ||
  badDate(draft.end) ||
  Object.values(draft.budget).some((v, i) => i < 2 && bad(v)) ||
  Object.values(draft.reached).some(bad) ||
  draft.indicators.some((r) => !r.name.trim() || bad(r.baseline) || bad(r.target) || bad(r.actual) || badDate(r.baselineDate) || badDate(r.targetDate));

function fieldsOf(d: ProjectDraft) {
  const drop = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
  return {
    title: d.title.trim(),
    country: d.country,
    phase: d.phase,
    // null: a cleared date is removed from the saved record (see the contract's update).
    start: d.start || null,
    end: d.end || null,
    steps: d.steps,
    branches: d.branches,
    guarantees: d.guarantees,
    budget: drop({ planned: parseFigure(d.budget.planned), spent: parseFigure(d.budget.spent), currency: d.budget.currency.trim().toUpperCase() || undefined }),
    reached: drop({
      legal: parseFigure(d.reached.legal),
      effective: parseFigure(d.reached.effective),
      adequacy: parseFigure(d.reached.adequacy),
      women: parseFigure(d.reached.women),
      men: parseFigure(d.reached.men),
    }),
    indicators: d.indicators.map((r) =>
      drop({
        name: r.name.trim(),
        unit: r.unit.trim(),
        baseline: parseFigure(r.baseline),
        target: parseFigure(r.target),
        actual: parseFigure(r.actual),
        baselineDate: r.baselineDate || undefined,
        targetDate: r.targetDate || undefined,
        sdgSeries: r.sdgSeries || undefined,
      }),
    ),
    lessons: d.lessons,
    sources: d.sources,
    illustrative: d.illustrative,
    sensitivity: d.sensitivity,
    ...(d.workshopId ? { workshopId: d.workshopId } : {}),
  };
}

export function ProjectScreen({ id, params }: { id: string; params: URLSearchParams }) {
  return (
    <ClinicRecordScreen id={id} type="project">
      {(record) => <ProjectEditor record={record} phase={params.get('phase') ?? undefined} workshopId={params.get('workshop') ?? undefined} />}
    </ClinicRecordScreen>
  );
}

function ProjectEditor({ record, phase, workshopId }: { record?: Project; phase?: string; workshopId?: string }) {
  const { t, lang } = useCt();
  const form = useClinicDraft({
    type: 'project',
    record,
    draftOf: (p) => draftOf(p),
    initial: () => draftOf(undefined, phase, workshopId),
    fieldsOf,
    // A cleared date is null in an update (removed from the record); a create leaves it out.
    forCreate: (f) => ({ ...f, start: f.start ?? undefined, end: f.end ?? undefined }),
    invalid: isInvalid,
  });
  const { draft, change, saved, dirty, setStatus } = form;
  const busy = form.saving;
  const focusAfter = useRef<string | null>(null);
  useDocumentTitle(draft.title || t('project.title'));

  const setRow = (key: string, patch: Partial<Row>) => change((d) => ({ ...d, indicators: d.indicators.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));
  const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...list.filter((x) => x !== v), v] : list.filter((x) => x !== v));

  // Moves and removals keep the focus on the row's own control, so a keyboard user can go on.
  useEffect(() => {
    if (focusAfter.current) {
      document.getElementById(focusAfter.current)?.focus();
      focusAfter.current = null;
    }
  });
  const addRow = () => {
    const r = emptyRow();
    focusAfter.current = `ind-${r.key}-name`;
    change((d) => ({ ...d, indicators: [...d.indicators, r] }));
  };
  const moveRow = (index: number, by: -1 | 1) => {
    const row = draft.indicators[index]!;
    const to = index + by;
    if (to < 0 || to >= draft.indicators.length) return;
    const edge = (by < 0 && to === 0) || (by > 0 && to === draft.indicators.length - 1);
    focusAfter.current = `ind-${row.key}-${edge ? (by < 0 ? 'down' : 'up') : by < 0 ? 'up' : 'down'}`;
    change((d) => {
      const list = [...d.indicators];
      list.splice(index, 1);
      list.splice(to, 0, row);
      return { ...d, indicators: list };
    });
    setStatus(t('project.moved', { name: row.name || t('project.indicatorN', { n: index + 1 }), n: to + 1 }));
  };
  const removeRow = (index: number) => {
    const rest = draft.indicators.filter((_, i) => i !== index);
    const next = rest[Math.min(index, rest.length - 1)];
    focusAfter.current = next ? `ind-${next.key}-remove` : 'clinic-add-indicator';
    change((d) => ({ ...d, indicators: rest }));
  };

  const countries = Object.keys(COUNTRY_NAMES).includes(draft.country) ? Object.keys(COUNTRY_NAMES) : [draft.country, ...Object.keys(COUNTRY_NAMES)];
  const num = (id: string, label: string, value: string, set: (v: string) => void) => (
    <div className="field" key={id}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" inputMode="decimal" value={value} aria-invalid={bad(value)} className={bad(value) ? 'clinic-invalid' : undefined} onChange={(e) => set(e.target.value)} />
    </div>
  );

  return (
    <div className="screen clinic-project" data-ready="true" data-dirty={dirty ? 'true' : 'false'}>
      <ClinicsNav current="project" />
      <PageTitle>{draft.title || t('project.newTitle')}</PageTitle>
      <IllustrativeBanner show={draft.illustrative} />
      <p className="hint">{t('project.intro')}</p>
      {saved ? (
        <p>
          <a href={chref.compare(saved.id)}>{t('project.compareThis')}</a>
        </p>
      ) : null}
      <SaveForm onSave={() => void form.save()}>
        <fieldset className="form-section">
          <legend>{t('project.identity')}</legend>
          <div className="clinic-grid">
            <div className="field">
              <label htmlFor="prj-title">{t('project.fields.title')}</label>
              <input id="prj-title" type="text" value={draft.title} aria-invalid={!draft.title.trim()} onChange={(e) => change((d) => ({ ...d, title: e.target.value }))} />
            </div>
            <SelectField
              id="prj-country"
              label={t('project.fields.country')}
              value={draft.country}
              options={countries.map((c) => ({ value: c, label: `${COUNTRY_NAMES[c]?.[lang] ?? c} (${c})` }))}
              onChange={(v) => change((d) => ({ ...d, country: v }))}
            />
            <fieldset className="ws-radio-row">
              <legend>{t('project.fields.phase')}</legend>
              {(['past', 'new'] as const).map((p) => (
                <label key={p}>
                  <input type="radio" name="prj-phase" value={p} checked={draft.phase === p} onChange={() => change((d) => ({ ...d, phase: p }))} /> {t(`project.phases.${p}`)}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="prj-start">{t('project.fields.start')}</label>
              <input id="prj-start" type="text" placeholder="2019-01-01" value={draft.start} aria-invalid={badDate(draft.start)} onChange={(e) => change((d) => ({ ...d, start: e.target.value.trim() }))} />
            </div>
            <div className="field">
              <label htmlFor="prj-end">{t('project.fields.end')}</label>
              <input id="prj-end" type="text" placeholder="2022-12-31" value={draft.end} aria-invalid={badDate(draft.end)} onChange={(e) => change((d) => ({ ...d, end: e.target.value.trim() }))} />
            </div>
            <div className="field">
              <label className="ws-check">
                <input type="checkbox" checked={draft.illustrative} onChange={(e) => change((d) => ({ ...d, illustrative: e.target.checked }))} /> {t('project.fields.illustrative')}
              </label>
              <label className="ws-check">
                <input type="checkbox" checked={draft.sensitivity === 'internal'} onChange={(e) => change((d) => ({ ...d, sensitivity: e.target.checked ? 'internal' : 'shareable' }))} /> {t('project.fields.internal')}
              </label>
            </div>
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('project.classification')}</legend>
          <div className="clinic-columns">
            <fieldset>
              <legend>{t('project.fields.steps')}</legend>
              {([1, 2, 3] as const).map((s) => (
                <label key={s} className="ws-check">
                  <input type="checkbox" checked={draft.steps.includes(s)} onChange={(e) => change((d) => ({ ...d, steps: toggle(d.steps, s, e.target.checked).sort() }))} /> {STEP_LABELS[s][lang]}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t('project.fields.branches')}</legend>
              {BRANCHES.map((b) => (
                <label key={b} className="ws-check">
                  <input type="checkbox" checked={draft.branches.includes(b)} onChange={(e) => change((d) => ({ ...d, branches: toggle(d.branches, b, e.target.checked) }))} /> {BRANCH_LABELS[b][lang]}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t('project.fields.guarantees')}</legend>
              {GUARANTEES.map((g) => (
                <label key={g} className="ws-check">
                  <input type="checkbox" checked={draft.guarantees.includes(g)} onChange={(e) => change((d) => ({ ...d, guarantees: toggle(d.guarantees, g, e.target.checked) }))} /> {GUARANTEE_LABELS[g][lang]}
                </label>
              ))}
            </fieldset>
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('project.budgetReached')}</legend>
          <div className="clinic-grid">
            {num('prj-planned', t('project.fields.planned'), draft.budget.planned, (v) => change((d) => ({ ...d, budget: { ...d.budget, planned: v } })))}
            {num('prj-spent', t('project.fields.spent'), draft.budget.spent, (v) => change((d) => ({ ...d, budget: { ...d.budget, spent: v } })))}
            <div className="field">
              <label htmlFor="prj-currency">{t('project.fields.currency')}</label>
              <input id="prj-currency" type="text" maxLength={3} value={draft.budget.currency} onChange={(e) => change((d) => ({ ...d, budget: { ...d.budget, currency: e.target.value.toUpperCase() } }))} />
            </div>
            {(['legal', 'effective', 'adequacy', 'women', 'men'] as const).map((k) =>
              num(`prj-reached-${k}`, t(`project.fields.reached.${k}`), draft.reached[k], (v) => change((d) => ({ ...d, reached: { ...d.reached, [k]: v } }))),
            )}
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('project.logframe')}</legend>
          <p className="hint">{t('project.logframeHint')}</p>
          <div className="clinic-table-wrap">
            <table className="clinic-table clinic-logframe" aria-label={t('project.logframe')}>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('project.fields.indicator')}</th>
                  <th scope="col">{t('project.fields.unit')}</th>
                  <th scope="col" className="num">{t('project.fields.baseline')}</th>
                  <th scope="col" className="num">{t('project.fields.target')}</th>
                  <th scope="col" className="num">{t('project.fields.actual')}</th>
                  <th scope="col">{t('project.fields.baselineDate')}</th>
                  <th scope="col">{t('project.fields.targetDate')}</th>
                  <th scope="col">{t('project.fields.sdgSeries')}</th>
                  <th scope="col">{t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {draft.indicators.map((r, i) => {
                  const label = r.name.trim() || t('project.indicatorN', { n: i + 1 });
                  const cell = (f: 'unit' | 'baseline' | 'target' | 'actual' | 'baselineDate' | 'targetDate', numeric: boolean) => (
                    <td key={f}>
                      <input
                        id={`ind-${r.key}-${f}`}
                        type="text"
                        inputMode={numeric ? 'decimal' : undefined}
                        className={numeric ? `num${bad(r[f]) ? ' clinic-invalid' : ''}` : badDate(r[f]) && f.endsWith('Date') ? 'clinic-invalid' : undefined}
                        aria-invalid={numeric ? bad(r[f]) : f.endsWith('Date') ? badDate(r[f]) : undefined}
                        aria-label={t(`project.fields.${f}Of`, { name: label })}
                        value={r[f]}
                        onChange={(e) => setRow(r.key, { [f]: e.target.value })}
                      />
                    </td>
                  );
                  return (
                    <tr key={r.key} data-indicator-row={i}>
                      <td>{i + 1}</td>
                      <td>
                        <input id={`ind-${r.key}-name`} type="text" aria-label={t('project.fields.indicatorN', { n: i + 1 })} aria-invalid={!r.name.trim()} value={r.name} onChange={(e) => setRow(r.key, { name: e.target.value })} />
                      </td>
                      {cell('unit', false)}
                      {cell('baseline', true)}
                      {cell('target', true)}
                      {cell('actual', true)}
                      {cell('baselineDate', false)}
                      {cell('targetDate', false)}
                      <td>
                        <select aria-label={t('project.fields.sdgSeriesOf', { name: label })} value={r.sdgSeries} onChange={(e) => setRow(r.key, { sdgSeries: e.target.value as SdgSeries | '' })}>
                          <option value="">—</option>
                          {SDG_SERIES.map((k) => (
                            <option key={k} value={k}>
                              {SERIES_LABELS[k][lang]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="row-actions">
                        <button id={`ind-${r.key}-up`} type="button" className="button button-small" disabled={i === 0} aria-label={t('project.moveUp', { name: label })} onClick={() => moveRow(i, -1)}>
                          ↑
                        </button>
                        <button
                          id={`ind-${r.key}-down`}
                          type="button"
                          className="button button-small"
                          disabled={i === draft.indicators.length - 1}
                          aria-label={t('project.moveDown', { name: label })}
                          onClick={() => moveRow(i, 1)}
                        >
                          ↓
                        </button>
                        <button id={`ind-${r.key}-remove`} type="button" className="button button-small" aria-label={t('project.removeIndicator', { name: label })} onClick={() => removeRow(i)}>
                          {t('remove')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {draft.indicators.length === 0 ? <p className="hint">{t('project.noIndicators')}</p> : null}
          <button id="clinic-add-indicator" type="button" className="button" onClick={addRow}>
            {t('project.addIndicator')}
          </button>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('project.fields.lessons')}</legend>
          <label htmlFor="prj-lessons" className="visually-hidden">
            {t('project.fields.lessons')}
          </label>
          <textarea id="prj-lessons" rows={4} value={draft.lessons} onChange={(e) => change((d) => ({ ...d, lessons: e.target.value }))} />
        </fieldset>

        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('saving') : t('save')}
          </button>
        </div>
        <ClinicFormStatus status={form.status} dirty={dirty} newer={form.newer} takeNewer={form.takeNewer} error={form.error} />
      </SaveForm>
    </div>
  );
}
