/**
 * Export (`#/export`): choose what goes into a .socle bundle (countries, workshop, kinds, themes,
 * dates, internal records), who publishes it and whether it is signed; a live preview from
 * exportPreview shows what will go in and what is left out, and why. Desktop: a save dialog, then
 * exportBundle with progress events. Browser: a download from `POST /download/bundle`.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { host } from '../../host';
import { useLang } from '../../i18n';
import { href } from '../../router';
import { formatDate, useDocumentTitle, useResult } from '../../lib';
import { EDITABLE_TYPES, COUNTRY_NAMES, THEMES, type EditableType } from '../../../../main/core/model';
import { TYPE_LABELS, countryName, themeLabel } from '../../../../main/core/labels';
import type { MethodInput, MethodOutputs } from '../../../../main/core/contract';
import type { HubError } from '../../../../main/core/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { ShareTabs } from '../../components/bundles/common';
import { ProgressBar, newProgressToken, useBundleProgress } from '../../components/bundles/progress';
import { downloadBundle, formatBytes, formatFingerprint, suggestedBundleName } from '../../components/bundles/files';

type Scope = NonNullable<MethodInput<'exportPreview'>['scope']>;
type Preview = MethodOutputs['exportPreview'];
type Identity = MethodOutputs['identity'];

interface Done {
  fileName: string;
  path?: string;
  count: number;
  bytes: number;
  sha256: string;
  fingerprint?: string;
}

type Run = { state: 'idle' } | { state: 'running'; token?: string } | { state: 'done'; done: Done } | { state: 'error'; error: HubError };

const PREVIEW_LIMIT = 200;

export function ExportScreen() {
  const { t } = useTranslation();
  const lang = useLang();
  useDocumentTitle(t('bundles.export.title'));

  const [countries, setCountries] = useState<string[]>([]);
  const [workshop, setWorkshop] = useState('');
  const [types, setTypes] = useState<EditableType[]>([]);
  const [themes, setThemes] = useState<string[]>([]);
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [includeInternal, setIncludeInternal] = useState(false);
  // Signing happens only where the owner is (desktop window, CLI): the HTTP server refuses it.
  const canSign = !!host?.chooseBundleSaveFile;
  const [sign, setSign] = useState(canSign);
  const [publisher, setPublisher] = useState({ name: '', organisation: '', country: '' });
  const [nameError, setNameError] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);

  const [identityTick, setIdentityTick] = useState(0);
  const [identity] = useResult(() => api.identity({}), [identityTick]);
  const [workshops] = useResult(() => api.list({ type: 'workshop', limit: 200 }), []);

  // The publisher remembered from the last export fills the form once.
  const prefilled = useRef(false);
  useEffect(() => {
    if (prefilled.current || identity.state !== 'ok') return;
    prefilled.current = true;
    const p = identity.value.publisher;
    if (p) setPublisher({ name: p.name, organisation: p.organisation ?? '', country: p.country ?? '' });
  }, [identity]);

  const scope = useMemo<Scope>(
    () => ({
      countries,
      workshops: workshop ? [workshop] : [],
      types,
      themes,
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      includeInternal,
    }),
    [countries, workshop, types, themes, since, until, includeInternal],
  );

  // The live preview, a moment after the last change.
  const [preview, setPreview] = useState<{ state: 'loading'; last?: Preview } | { state: 'ok'; value: Preview } | { state: 'error'; error: HubError }>({ state: 'loading' });
  const previewSeq = useRef(0);
  useEffect(() => {
    const mine = ++previewSeq.current;
    setPreview((p) => ({ state: 'loading', last: p.state === 'ok' ? p.value : p.state === 'loading' ? p.last : undefined }));
    const timer = window.setTimeout(() => {
      void api.exportPreview({ scope, limit: PREVIEW_LIMIT }).then((r) => {
        if (mine !== previewSeq.current) return;
        setPreview(r.ok ? { state: 'ok', value: r.value } : { state: 'error', error: r.error });
      });
    }, 200);
    return () => window.clearTimeout(timer);
  }, [scope]);
  const shown = preview.state === 'ok' ? preview.value : preview.state === 'loading' ? preview.last : undefined;

  const [run, setRun] = useState<Run>({ state: 'idle' });
  const progress = useBundleProgress(run.state === 'running' ? run.token : undefined);

  const toggle = <T,>(list: T[], value: T, on: boolean): T[] => (on ? [...list, value] : list.filter((x) => x !== value));

  const doExport = async () => {
    const name = publisher.name.trim();
    if (!name) {
      setNameError(true);
      nameRef.current?.focus();
      return;
    }
    setNameError(false);
    const who = { name, organisation: publisher.organisation.trim(), ...(publisher.country ? { country: publisher.country } : {}) };
    const suggestedName = suggestedBundleName(countries);
    if (host?.chooseBundleSaveFile) {
      // Desktop: the dialog first (it needs the click's user gesture), then the export with progress.
      const choice = await host.chooseBundleSaveFile({ suggestedName });
      if (choice.status === 'canceled') return;
      if (choice.status === 'error') return setRun({ state: 'error', error: { code: 'internal', message: choice.message } });
      const token = newProgressToken();
      setRun({ state: 'running', token });
      const r = await api.exportBundle({ scope, outFile: choice.path, overwrite: true, sign, publisher: who, progressToken: token });
      if (!r.ok) return setRun({ state: 'error', error: r.error });
      const v = r.value;
      setRun({ state: 'done', done: { fileName: choice.name, path: v.file, count: v.count, bytes: v.bytes, sha256: v.sha256, fingerprint: v.fingerprint } });
    } else {
      setRun({ state: 'running' });
      const r = await downloadBundle({ scope, sign, publisher: who });
      if (!r.ok) return setRun({ state: 'error', error: r.error });
      setRun({ state: 'done', done: r.value });
    }
    setIdentityTick((n) => n + 1);
  };

  const createKey = async () => {
    const r = await api.identity({ create: true });
    if (r.ok) setIdentityTick((n) => n + 1);
  };

  const sortedCountries = useMemo(() => Object.keys(COUNTRY_NAMES).sort((a, b) => countryName(a, lang).localeCompare(countryName(b, lang), lang)), [lang]);
  const ready = identity.state !== 'loading' && preview.state !== 'loading';
  const total = shown?.counts.total ?? 0;

  return (
    <div className="screen bundles-export" data-ready={ready ? 'true' : 'false'} data-total={shown ? String(total) : undefined} aria-busy={!ready}>
      <PageTitle>{t('bundles.export.title')}</PageTitle>
      <ShareTabs current="export" />
      <p className="lead">{t('bundles.export.lead')}</p>

      <div className="bundle-layout">
        <form className="bundle-form" onSubmit={(e) => e.preventDefault()} aria-label={t('bundles.export.formLabel')}>
          <fieldset>
            <legend>{t('bundles.export.what')}</legend>
            <fieldset className="checkbox-group">
              <legend>{t('bundles.export.countries')}</legend>
              <p className="hint" id="export-countries-hint">
                {t('bundles.export.countriesHint')}
              </p>
              <ul className="checkbox-columns country-choices" aria-describedby="export-countries-hint">
                {sortedCountries.map((code) => (
                  <li key={code}>
                    <label>
                      <input type="checkbox" checked={countries.includes(code)} onChange={(e) => setCountries((c) => toggle(c, code, e.target.checked))} />{' '}
                      {countryName(code, lang)}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>

            <div className="field">
              <label htmlFor="export-workshop">{t('bundles.export.workshop')}</label>
              <select id="export-workshop" value={workshop} onChange={(e) => setWorkshop(e.target.value)}>
                <option value="">{t('bundles.export.anyWorkshop')}</option>
                {workshops.state === 'ok'
                  ? workshops.value.items.map((w) => (
                      <option key={w.id} value={w.id}>
                        {w.title}
                      </option>
                    ))
                  : null}
              </select>
            </div>

            <fieldset className="checkbox-group">
              <legend>{t('bundles.export.types')}</legend>
              <ul className="checkbox-columns">
                {EDITABLE_TYPES.map((type) => (
                  <li key={type}>
                    <label>
                      <input type="checkbox" checked={types.includes(type)} onChange={(e) => setTypes((c) => toggle(c, type, e.target.checked))} />{' '}
                      {TYPE_LABELS[type][lang]}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>

            <fieldset className="checkbox-group">
              <legend>{t('bundles.export.themes')}</legend>
              <ul className="checkbox-columns">
                {THEMES.map((theme) => (
                  <li key={theme}>
                    <label>
                      <input type="checkbox" checked={themes.includes(theme)} onChange={(e) => setThemes((c) => toggle(c, theme, e.target.checked))} />{' '}
                      {themeLabel(theme, lang)}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>

            <div className="field-inline">
              <div className="field">
                <label htmlFor="export-since">{t('bundles.export.since')}</label>
                <input id="export-since" type="date" value={since} max={until || undefined} onChange={(e) => setSince(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="export-until">{t('bundles.export.until')}</label>
                <input id="export-until" type="date" value={until} min={since || undefined} onChange={(e) => setUntil(e.target.value)} />
              </div>
            </div>
            <p className="hint">{t('bundles.export.combine')}</p>

            <label className="check-line">
              <input type="checkbox" checked={includeInternal} onChange={(e) => setIncludeInternal(e.target.checked)} aria-describedby="export-internal-warning" />
              <span>{t('bundles.export.includeInternal')}</span>
            </label>
            <div id="export-internal-warning" aria-live="polite">
              {includeInternal ? (
                <div className="notice notice-warning" data-internal-warning="true">
                  <p className="notice-title">{t('bundles.export.internalWarningTitle')}</p>
                  <p>{t('bundles.export.internalWarning')}</p>
                </div>
              ) : (
                <p className="hint">{t('bundles.export.internalHint')}</p>
              )}
            </div>
          </fieldset>

          <fieldset>
            <legend>{t('bundles.export.who')}</legend>
            <p className="hint">{t('bundles.export.whoHint')}</p>
            <div className="field">
              <label htmlFor="export-publisher-name">
                {t('bundles.export.publisherName')} <span className="required">({t('editor.required')})</span>
              </label>
              <input
                ref={nameRef}
                id="export-publisher-name"
                type="text"
                maxLength={200}
                value={publisher.name}
                aria-invalid={nameError || undefined}
                aria-describedby={nameError ? 'export-publisher-name-error' : undefined}
                onChange={(e) => setPublisher((p) => ({ ...p, name: e.target.value }))}
              />
              {nameError ? (
                <p className="field-error" id="export-publisher-name-error">
                  {t('bundles.export.publisherNameMissing')}
                </p>
              ) : null}
            </div>
            <div className="field-inline">
              <div className="field">
                <label htmlFor="export-publisher-org">{t('bundles.export.organisation')}</label>
                <input id="export-publisher-org" type="text" maxLength={200} value={publisher.organisation} onChange={(e) => setPublisher((p) => ({ ...p, organisation: e.target.value }))} />
              </div>
              <div className="field">
                <label htmlFor="export-publisher-country">{t('bundles.export.publisherCountry')}</label>
                <select id="export-publisher-country" value={publisher.country} onChange={(e) => setPublisher((p) => ({ ...p, country: e.target.value }))}>
                  <option value="">—</option>
                  {sortedCountries.map((code) => (
                    <option key={code} value={code}>
                      {countryName(code, lang)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <label className="check-line">
              <input type="checkbox" checked={sign} disabled={!canSign} onChange={(e) => setSign(e.target.checked)} aria-describedby="export-sign-hint" />
              <span>{t('bundles.export.sign')}</span>
            </label>
            <p className="hint" id="export-sign-hint" data-sign-desktop-only={canSign ? undefined : 'true'}>
              {!canSign ? t('room.browser.signDesktopOnly') : identity.state === 'ok' && identity.value.exists ? t('bundles.export.signHint') : t('bundles.export.signHintNoKey')}
            </p>
          </fieldset>

          <IdentityPanel identity={identity.state === 'ok' ? identity.value : undefined} onCreate={canSign ? () => void createKey() : undefined} />
        </form>

        <div className="bundle-side">
          <section className="bundle-panel" aria-busy={preview.state === 'loading'} data-preview-state={preview.state}>
            <h2 id="export-preview-title">{t('bundles.export.previewTitle')}</h2>
            {preview.state === 'error' ? <ErrorMessage error={preview.error} /> : null}
            {shown ? <ExportCounts preview={shown} /> : <p className="loading">{t('common.loading')}</p>}

            <div className="button-row">
              <button
                type="button"
                className="button button-primary"
                onClick={() => void doExport()}
                disabled={run.state === 'running' || preview.state === 'error' || (preview.state === 'ok' && total === 0)}
              >
                {host?.chooseBundleSaveFile ? t('bundles.export.exportDesktop', { count: total }) : t('bundles.export.exportBrowser', { count: total })}
              </button>
            </div>
            <div aria-live="polite">
              {run.state === 'running' ? <ProgressBar label={t('bundles.export.running')} progress={progress} /> : null}
              {run.state === 'done' ? <ExportDone done={run.done} /> : null}
            </div>
            {run.state === 'error' ? <ErrorMessage error={run.error} title={t('bundles.export.failed')} /> : null}
            {shown ? <ExportDetails preview={shown} /> : null}
          </section>
        </div>
      </div>
    </div>
  );
}

function ExportCounts({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { counts } = preview;
  return (
    <>
      <p className="big-count" data-export-total={counts.total}>
        {t('bundles.export.total', { count: counts.total })}
      </p>
      <ul className="count-list">
        {EDITABLE_TYPES.filter((type) => counts[type] > 0).map((type) => (
          <li key={type}>
            {TYPE_LABELS[type][lang]} : <strong>{counts[type]}</strong>
          </li>
        ))}
      </ul>
    </>
  );
}

function ExportDetails({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { counts, excluded, includedInternal, records } = preview;
  return (
    <>
      <h3>{t('bundles.export.excludedTitle')}</h3>
      <ul className="hint-list">
        <li>{t('bundles.export.excludedInternal', { count: excluded.internal })}</li>
        <li>{t('bundles.export.excludedLibrary', { count: excluded.library })}</li>
        <li>{t('bundles.export.excludedGuides')}</li>
        {includedInternal > 0 ? <li className="field-error">{t('bundles.export.includedInternal', { count: includedInternal })}</li> : null}
      </ul>
      {records.length > 0 ? (
        <>
          <h3>{t('bundles.export.recordsTitle')}</h3>
          <ul className="record-lines tall">
            {records.map((r) => (
              <li key={r.id}>
                <a href={href.record(r.id)}>{r.title || r.id}</a>
                <p className="meta">
                  {TYPE_LABELS[r.type][lang]}
                  {r.country ? ` · ${countryName(r.country, lang)}` : ''} · {t('bundles.export.updated', { date: formatDate(r.updatedAt, lang) })}
                  {r.sensitivity === 'internal' ? (
                    <>
                      {' · '}
                      <span className="badge badge-both">{t('practice.sensitivity.internal')}</span>
                    </>
                  ) : null}
                </p>
              </li>
            ))}
          </ul>
          {counts.total > records.length ? <p className="hint">{t('bundles.export.more', { count: counts.total - records.length })}</p> : null}
        </>
      ) : null}
    </>
  );
}

function ExportDone({ done }: { done: Done }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="notice notice-success" data-export-done="true">
      <p className="notice-title">{t('bundles.export.done', { name: done.fileName })}</p>
      <p>{t('bundles.export.doneCount', { count: done.count, size: formatBytes(done.bytes, lang) })}</p>
      {done.path ? (
        <p>
          {t('bundles.export.savedAt')} <code>{done.path}</code>
        </p>
      ) : (
        <p>{t('bundles.export.downloaded')}</p>
      )}
      {done.fingerprint ? (
        <p>
          {t('bundles.export.signedWith')} <span className="fingerprint">{formatFingerprint(done.fingerprint)}</span>
        </p>
      ) : (
        <p>{t('bundles.export.notSigned')}</p>
      )}
      <p className="hint">{t('bundles.export.sendHint')}</p>
    </div>
  );
}

function IdentityPanel({ identity, onCreate }: { identity?: Identity; onCreate?: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section className="bundle-panel" aria-labelledby="identity-title" data-identity={identity ? (identity.exists ? 'key' : 'none') : 'loading'}>
      <h2 id="identity-title">{t('bundles.identity.title')}</h2>
      {!identity ? <p className="loading">{t('common.loading')}</p> : null}
      {identity?.exists && identity.fingerprint ? (
        <>
          <p>{t('bundles.identity.fingerprint')}</p>
          <p>
            <span className="fingerprint" data-fingerprint={identity.fingerprint}>
              {formatFingerprint(identity.fingerprint)}
            </span>
          </p>
          {identity.createdAt ? <p className="meta">{t('bundles.identity.createdAt', { date: formatDate(identity.createdAt, lang, true) })}</p> : null}
          <p className="hint">{t('bundles.identity.share')}</p>
        </>
      ) : null}
      {identity && !identity.exists ? (
        <>
          <p>{t('bundles.identity.none')}</p>
          {onCreate ? (
            <button type="button" className="button" onClick={onCreate}>
              {t('bundles.identity.create')}
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
