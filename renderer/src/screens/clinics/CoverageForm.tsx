/**
 * #/coverage/<id> (or #/coverage/new): a coverage sheet. Context figures and one line per scheme;
 * the nine SDG 1.3.1 series are computed in the page, by the core's own function
 * (main/core/clinics/coverage.ts), as figures are typed, with a bar chart in the dashboard's style.
 * Save writes the record (a stale revision is a conflict, shown, never overwritten); CSV and XLSX
 * exports come from the hub (coverageExport) and are handed over as a download, in the desktop
 * window and in a browser alike.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api';
import { useDocumentTitle } from '../../lib';
import { downloadBlob } from '../../download';
import { COUNTRY_NAMES, COVERAGE_FUNCTIONS, type Coverage, type CoverageFunction, type Source } from '../../../../main/core/model';
import { computeCoverage, type CoverageInput } from '../../../../main/core/clinics/coverage';
import { CONTEXT_KEYS, CONTEXT_LABELS, FUNCTION_LABELS, formatNumber, type ContextKey } from '../../../../main/core/clinics/text';
import { PageTitle } from '../../components/PageTitle';
import { BarChart } from '../../components/workshop/Charts';
import { ClinicsNav, IllustrativeBanner, figureText, parseFigure, useCt } from './common';
import { ClinicFormStatus, ClinicRecordScreen, useClinicDraft } from './record-form';
import { SelectField } from '../../components/form/fields';
import { SaveForm } from '../../components/form/SaveForm';

interface SchemeDraft {
  key: string;
  name: string;
  fn: CoverageFunction | '';
  contributory: boolean;
  recipients: string;
  contributors: string;
  year: string;
}

interface SheetDraft {
  title: string;
  country: string;
  year: string;
  illustrative: boolean;
  notes: string;
  context: Record<ContextKey | 'year', string>;
  schemes: SchemeDraft[];
  sources: Source[];
  workshopId?: string;
  sensitivity: 'shareable' | 'internal';
}

let keySeq = 0;
const newKey = () => `s${++keySeq}`;

function emptyDraft(workshopId?: string): SheetDraft {
  return {
    title: '',
    country: 'SN',
    year: String(new Date().getFullYear()),
    illustrative: false,
    notes: '',
    context: Object.fromEntries([...CONTEXT_KEYS, 'year'].map((k) => [k, ''])) as SheetDraft['context'],
    schemes: [],
    sources: [],
    ...(workshopId ? { workshopId } : {}),
    sensitivity: 'shareable',
  };
}

function draftOf(r: Coverage): SheetDraft {
  return {
    title: r.title,
    country: r.country,
    year: String(r.year),
    illustrative: r.illustrative,
    notes: r.notes,
    context: Object.fromEntries([...CONTEXT_KEYS, 'year'].map((k) => [k, figureText(r.context[k as ContextKey | 'year'])])) as SheetDraft['context'],
    schemes: r.schemes.map((s) => ({
      key: newKey(),
      name: s.name,
      fn: s.function ?? '',
      contributory: s.contributory,
      recipients: figureText(s.recipients),
      contributors: figureText(s.contributors),
      year: figureText(s.year),
    })),
    sources: r.sources,
    ...(r.workshopId ? { workshopId: r.workshopId } : {}),
    sensitivity: r.sensitivity,
  };
}

/** The draft as computation input (unreadable figures become NaN: "unknown" to the computation). */
function inputOf(d: SheetDraft): CoverageInput {
  return {
    title: d.title,
    country: d.country,
    year: parseFigure(d.year),
    illustrative: d.illustrative,
    context: Object.fromEntries([...CONTEXT_KEYS, 'year'].map((k) => [k, parseFigure(d.context[k as ContextKey | 'year'])])),
    schemes: d.schemes.map((s) => ({
      name: s.name,
      contributory: s.contributory,
      ...(s.fn ? { function: s.fn } : {}),
      recipients: parseFigure(s.recipients),
      contributors: parseFigure(s.contributors),
      year: parseFigure(s.year),
    })),
  };
}

/** The record's fields for create/update; undefined figures are left out. */
function fieldsOf(d: SheetDraft) {
  const strip = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  const i = inputOf(d);
  return {
    title: d.title.trim(),
    country: d.country,
    year: i.year,
    illustrative: d.illustrative,
    notes: d.notes,
    context: strip(i.context ?? {}),
    schemes: (i.schemes ?? []).map((s) => strip({ ...s, name: s.name?.trim() ?? '' })),
    sources: d.sources,
    sensitivity: d.sensitivity,
    ...(d.workshopId ? { workshopId: d.workshopId } : {}),
  };
}

const bad = (text: string) => Number.isNaN(parseFigure(text));

const isInvalid = (draft: SheetDraft): boolean =>
  !draft.title.trim() ||
  bad(draft.year) ||
  Object.values(draft.context).some(bad) ||
  draft.schemes.some((s) => !s.name.trim() || bad(s.recipients) || bad(s.contributors) || bad(s.year));

export function CoverageScreen({ id, params }: { id: string; params: URLSearchParams }) {
  return (
    <ClinicRecordScreen id={id} type="coverage">
      {(record) => <CoverageEditor record={record} workshopId={params.get('workshop') ?? undefined} />}
    </ClinicRecordScreen>
  );
}

function CoverageEditor({ record, workshopId }: { record?: Coverage; workshopId?: string }) {
  const { t, lang } = useCt();
  const [exporting, setExporting] = useState<null | 'csv' | 'xlsx'>(null);
  const form = useClinicDraft({ type: 'coverage', record, draftOf, initial: () => emptyDraft(workshopId), fieldsOf, invalid: isInvalid });
  const { draft, change, saved, dirty, save, setError, setStatus } = form;
  const busy = form.saving ? 'save' : exporting;
  const focusScheme = useRef<string | null>(null);
  useDocumentTitle(draft.title || t('coverage.title'));

  const report = useMemo(() => computeCoverage(inputOf(draft), lang), [draft, lang]);
  const series = Object.values(report.series);

  const setScheme = (key: string, patch: Partial<SchemeDraft>) => change((d) => ({ ...d, schemes: d.schemes.map((s) => (s.key === key ? { ...s, ...patch } : s)) }));
  const addScheme = () => {
    const key = newKey();
    focusScheme.current = key;
    change((d) => ({ ...d, schemes: [...d.schemes, { key, name: '', fn: '', contributory: false, recipients: '', contributors: '', year: '' }] }));
  };
  const removeScheme = (key: string, index: number) => {
    change((d) => ({ ...d, schemes: d.schemes.filter((s) => s.key !== key) }));
    // Keep the keyboard user in the table: the next row's remove button, else "add a scheme".
    requestAnimationFrame(() => {
      const buttons = document.querySelectorAll<HTMLButtonElement>('[data-remove-scheme]');
      (buttons[Math.min(index, buttons.length - 1)] ?? document.getElementById('clinic-add-scheme'))?.focus();
    });
  };
  useEffect(() => {
    if (focusScheme.current) {
      document.getElementById(`scheme-${focusScheme.current}-name`)?.focus();
      focusScheme.current = null;
    }
  }, [draft.schemes.length]);

  const doExport = async (format: 'csv' | 'xlsx') => {
    const target = dirty || !saved ? await save() : saved;
    if (!target) return;
    setExporting(format);
    const r = await api.coverageExport({ id: target.id, format, lang });
    setExporting(null);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    const bin = atob(r.value.base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    downloadBlob(new Blob([bytes], { type: r.value.mimeType }), r.value.fileName);
    setStatus(t('coverage.downloaded', { name: r.value.fileName }));
  };

  const countries = Object.keys(COUNTRY_NAMES).includes(draft.country) ? Object.keys(COUNTRY_NAMES) : [draft.country, ...Object.keys(COUNTRY_NAMES)];
  const pct = (v: number | null) => (v === null ? '—' : `${formatNumber(v, lang)} %`);
  const num = (v: number | null) => (v === null ? '—' : formatNumber(v, lang));

  return (
    <div className="screen clinic-coverage" data-ready="true" data-dirty={dirty ? 'true' : 'false'}>
      <ClinicsNav current="coverage" />
      <PageTitle>{draft.title || t('coverage.newTitle')}</PageTitle>
      <IllustrativeBanner show={draft.illustrative} />
      <p className="hint">{t('coverage.intro')}</p>

      {/* The series at a glance, kept in view while typing (details, formulas and warnings below). */}
      <aside className="clinic-live" aria-labelledby="cov-live-title">
        <p id="cov-live-title" className="visually-hidden">
          {t('coverage.liveHint')}
        </p>
        <ul>
          {series.map((s) => (
            <li key={s.key} data-live-series={s.key} className={s.warnings.length ? 'clinic-live-warn' : undefined}>
              <a href={`#cov-series-${s.key}`} onClick={(e) => { e.preventDefault(); document.getElementById(`cov-series-${s.key}`)?.scrollIntoView({ block: 'center' }); }}>
                <span className="clinic-live-label">{s.label}</span> <strong>{s.upperBound && s.value !== null ? `≤ ${pct(s.value)}` : pct(s.value)}</strong>
                {s.warnings.length ? <span aria-hidden="true"> ⚠</span> : null}
              </a>
            </li>
          ))}
        </ul>
      </aside>

      <SaveForm onSave={() => void save()}>
        <fieldset className="form-section">
          <legend>{t('coverage.sheet')}</legend>
          <div className="clinic-grid">
            <div className="field">
              <label htmlFor="cov-title">{t('coverage.fields.title')}</label>
              <input id="cov-title" type="text" value={draft.title} aria-invalid={!draft.title.trim()} onChange={(e) => change((d) => ({ ...d, title: e.target.value }))} />
            </div>
            <SelectField
              id="cov-country"
              label={t('coverage.fields.country')}
              value={draft.country}
              options={countries.map((c) => ({ value: c, label: `${COUNTRY_NAMES[c]?.[lang] ?? c} (${c})` }))}
              onChange={(v) => change((d) => ({ ...d, country: v }))}
            />
            <div className="field">
              <label htmlFor="cov-year">{t('coverage.fields.year')}</label>
              <input id="cov-year" type="text" inputMode="numeric" value={draft.year} aria-invalid={bad(draft.year)} onChange={(e) => change((d) => ({ ...d, year: e.target.value }))} />
            </div>
            <div className="field">
              <label className="ws-check">
                <input type="checkbox" checked={draft.illustrative} onChange={(e) => change((d) => ({ ...d, illustrative: e.target.checked }))} /> {t('coverage.fields.illustrative')}
              </label>
              <label className="ws-check">
                <input type="checkbox" checked={draft.sensitivity === 'internal'} onChange={(e) => change((d) => ({ ...d, sensitivity: e.target.checked ? 'internal' : 'shareable' }))} />{' '}
                {t('coverage.fields.internal')}
              </label>
            </div>
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('coverage.context')}</legend>
          <p className="hint">{t('coverage.contextHint')}</p>
          <div className="clinic-grid">
            {([...CONTEXT_KEYS, 'year'] as const).map((k) => (
              <div className="field" key={k}>
                <label htmlFor={`cov-ctx-${k}`}>{k === 'year' ? t('coverage.fields.contextYear') : CONTEXT_LABELS[k][lang]}</label>
                <input
                  id={`cov-ctx-${k}`}
                  type="text"
                  inputMode="numeric"
                  className={bad(draft.context[k]) ? 'clinic-invalid' : undefined}
                  aria-invalid={bad(draft.context[k])}
                  value={draft.context[k]}
                  onChange={(e) => change((d) => ({ ...d, context: { ...d.context, [k]: e.target.value } }))}
                />
              </div>
            ))}
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('coverage.schemes')}</legend>
          <p className="hint">{t('coverage.schemesHint')}</p>
          <div className="clinic-table-wrap">
            <table className="clinic-table" aria-label={t('coverage.schemes')}>
              <thead>
                <tr>
                  <th scope="col">{t('coverage.fields.scheme')}</th>
                  <th scope="col">{t('coverage.fields.function')}</th>
                  <th scope="col">{t('coverage.fields.contributory')}</th>
                  <th scope="col" className="num">{t('coverage.fields.recipients')}</th>
                  <th scope="col" className="num">{t('coverage.fields.contributors')}</th>
                  <th scope="col" className="num">{t('coverage.fields.schemeYear')}</th>
                  <th scope="col">{t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {draft.schemes.map((s, i) => {
                  const label = s.name.trim() || t('coverage.schemeN', { n: i + 1 });
                  return (
                    <tr key={s.key} data-scheme-row={i}>
                      <td>
                        <input id={`scheme-${s.key}-name`} type="text" aria-label={t('coverage.fields.schemeName', { n: i + 1 })} aria-invalid={!s.name.trim()} value={s.name} onChange={(e) => setScheme(s.key, { name: e.target.value })} />
                      </td>
                      <td>
                        <select aria-label={t('coverage.fields.functionOf', { name: label })} value={s.fn} onChange={(e) => setScheme(s.key, { fn: e.target.value as CoverageFunction | '' })}>
                          <option value="">{t('coverage.noFunction')}</option>
                          {COVERAGE_FUNCTIONS.map((f) => (
                            <option key={f} value={f}>
                              {FUNCTION_LABELS[f][lang]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <input type="checkbox" aria-label={t('coverage.fields.contributoryOf', { name: label })} checked={s.contributory} onChange={(e) => setScheme(s.key, { contributory: e.target.checked })} />
                      </td>
                      {(['recipients', 'contributors', 'year'] as const).map((f) => (
                        <td key={f}>
                          <input
                            type="text"
                            inputMode="numeric"
                            className={`num${bad(s[f]) ? ' clinic-invalid' : ''}`}
                            aria-invalid={bad(s[f])}
                            aria-label={t(`coverage.fields.${f === 'year' ? 'schemeYear' : f}Of`, { name: label })}
                            value={s[f]}
                            onChange={(e) => setScheme(s.key, { [f]: e.target.value })}
                          />
                        </td>
                      ))}
                      <td className="row-actions">
                        <button type="button" className="button button-small" data-remove-scheme aria-label={t('coverage.removeScheme', { name: label })} onClick={() => removeScheme(s.key, i)}>
                          {t('remove')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {draft.schemes.length === 0 ? <p className="hint">{t('coverage.noSchemes')}</p> : null}
          <button id="clinic-add-scheme" type="button" className="button" onClick={addScheme}>
            {t('coverage.addScheme')}
          </button>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('coverage.notes')}</legend>
          <label htmlFor="cov-notes" className="visually-hidden">
            {t('coverage.notes')}
          </label>
          <textarea id="cov-notes" rows={4} value={draft.notes} onChange={(e) => change((d) => ({ ...d, notes: e.target.value }))} />
        </fieldset>

        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy !== null}>
            {busy === 'save' ? t('saving') : t('save')}
          </button>
          <button type="button" className="button" disabled={busy !== null} onClick={() => void doExport('xlsx')}>
            {busy === 'xlsx' ? t('exporting') : t('coverage.exportXlsx')}
          </button>
          <button type="button" className="button" disabled={busy !== null} onClick={() => void doExport('csv')}>
            {busy === 'csv' ? t('exporting') : t('coverage.exportCsv')}
          </button>
        </div>
        <ClinicFormStatus status={form.status} dirty={dirty} newer={form.newer} takeNewer={form.takeNewer} error={form.error} />
      </SaveForm>

      <section aria-labelledby="cov-series-title" className="clinic-series">
        <h2 id="cov-series-title">{t('coverage.series')}</h2>
        <p className="hint">{t('coverage.seriesHint')}</p>
        <IllustrativeBanner show={draft.illustrative} />
        {report.warnings.length ? (
          <ul className="clinic-warnings" aria-label={t('coverage.sheetWarnings')}>
            {report.warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        ) : null}
        <div className="clinic-table-wrap" tabIndex={0} role="region" aria-label={t('coverage.series')}>
          <table className="clinic-table clinic-series-table">
            <caption className="visually-hidden">{t('coverage.series')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('coverage.seriesName')}</th>
                <th scope="col" className="num">{t('coverage.value')}</th>
                <th scope="col" className="num">{t('coverage.numerator')}</th>
                <th scope="col" className="num">{t('coverage.denominator')}</th>
              </tr>
            </thead>
            <tbody>
              {series.map((s) => (
                <tr key={s.key} data-series={s.key} id={`cov-series-${s.key}`}>
                  <th scope="row">
                    {s.label}
                    <p className="clinic-formula">{s.formula}</p>
                    {s.warnings.length ? (
                      <ul className="clinic-warnings">
                        {s.warnings.map((w, i) => (
                          <li key={i} data-warning={w.code}>
                            {w.message}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </th>
                  <td className="num clinic-series-value" data-value={s.value ?? ''}>
                    {s.upperBound && s.value !== null ? `≤ ${pct(s.value)}` : pct(s.value)}
                  </td>
                  <td className="num">{num(s.numerator)}</td>
                  <td className="num">{num(s.denominator)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <BarChart
          title={t('coverage.chart')}
          desc={t('coverage.chartDesc', {
            list: series
              .filter((s) => s.value !== null)
              .map((s) => `${s.label} ${pct(s.value)}`)
              .join(', ') || '—',
          })}
          rows={series.filter((s) => s.value !== null).map((s) => ({ label: s.label, values: [s.value!] }))}
          segments={[t('coverage.value')]}
          tableCaption={t('coverage.chart')}
          labelHeader={t('coverage.seriesName')}
          showData={t('showData')}
          empty={t('coverage.chartEmpty')}
          lang={lang}
        />
      </section>
    </div>
  );
}
