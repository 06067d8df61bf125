/**
 * The import preview (`#/import/preview`): who published the bundle and whether its signature
 * holds (with the key's fingerprint to compare), what it says it contains, and every record as
 * new, updated, unchanged, in conflict or rejected (with the reason and the fields that differ).
 * Nothing is written until "Import", which applies exactly this preview (expectPreviewId) or is
 * refused. A refused bundle shows the core's reason, and nothing is imported.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useLang } from '../../i18n';
import { href, navigate } from '../../router';
import { formatDate, useDocumentTitle } from '../../lib';
import { TYPE_LABELS, countryName, themeLabel } from '../../../../main/core/labels';
import type { MethodOutputs } from '../../../../main/core/contract';
import type { HubError } from '../../../../main/core/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { ShareTabs } from '../../components/bundles/common';
import { refreshConflictCount } from '../../components/bundles/conflict-count';
import { formatBytes, formatFingerprint } from '../../components/bundles/files';
import { clearImport, sourceInput, useImportSource, type ImportSource } from '../../components/bundles/import-source';
import { ProgressBar, newProgressToken, useBundleProgress } from '../../components/bundles/progress';
import { bundleHref } from '../../components/bundles/routes';
import { Reason, fieldLabel } from '../../components/bundles/values';

type Preview = MethodOutputs['importPreview'];
type Summary = MethodOutputs['importApply'];
type Status = Preview['items'][number]['status'];

/** Groups in the order that asks for attention first. */
const GROUPS: Status[] = ['conflict', 'new', 'updated', 'rejected', 'unchanged'];
const PAGE = 200;

type State =
  | { state: 'loading'; token: string }
  | { state: 'error'; error: HubError }
  | { state: 'ready'; preview: Preview }
  | { state: 'applying'; preview: Preview; token: string }
  | { state: 'applied'; preview: Preview; summary: Summary }
  | { state: 'apply-error'; preview: Preview; error: HubError };

export function PreviewScreen() {
  const { t } = useTranslation();
  const entry = useImportSource();
  useDocumentTitle(t('bundles.preview.title'));
  if (!entry) {
    return (
      <div className="screen bundles-preview" data-ready="true" data-state="empty">
        <PageTitle>{t('bundles.preview.title')}</PageTitle>
        <ShareTabs current="import" />
        <p>{t('bundles.preview.noFile')}</p>
        <p>
          <a className="button" href={bundleHref.import()}>
            {t('bundles.preview.chooseFile')}
          </a>
        </p>
      </div>
    );
  }
  return <PreviewOf key={entry.seq} source={entry.source} />;
}

function PreviewOf({ source }: { source: ImportSource }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [state, setState] = useState<State>(() => ({ state: 'loading', token: newProgressToken() }));
  const [tick, setTick] = useState(0);
  // The user trusts the signer: its changes to the bundled library are previewed and applied.
  const [trust, setTrust] = useState(false);

  useEffect(() => {
    let live = true;
    const token = newProgressToken();
    setState({ state: 'loading', token });
    void api.importPreview({ ...sourceInput(source), progressToken: token, trustPublisher: trust }).then((r) => {
      if (live) setState(r.ok ? { state: 'ready', preview: r.value } : { state: 'error', error: r.error });
    });
    return () => {
      live = false;
    };
  }, [source, tick, trust]);

  const token = state.state === 'loading' || state.state === 'applying' ? state.token : undefined;
  const progress = useBundleProgress(token);

  const apply = async (preview: Preview) => {
    const token = newProgressToken();
    setState({ state: 'applying', preview, token });
    const r = await api.importApply({ ...sourceInput(source), expectPreviewId: preview.previewId, progressToken: token, trustPublisher: trust });
    setState(r.ok ? { state: 'applied', preview, summary: r.value } : { state: 'apply-error', preview, error: r.error });
    if (r.ok) void refreshConflictCount();
  };

  const cancel = () => {
    clearImport();
    navigate(bundleHref.import());
  };

  const preview = 'preview' in state ? state.preview : undefined;
  const ready = state.state !== 'loading' && state.state !== 'applying';
  const sizeText = source.kind === 'bytes' ? ` (${formatBytes(source.size, lang)})` : '';

  return (
    <div className="screen bundles-preview" data-ready={ready ? 'true' : 'false'} data-state={state.state} aria-busy={!ready}>
      <PageTitle>{t('bundles.preview.title')}</PageTitle>
      <ShareTabs current="import" />
      <p className="lead">
        {t('bundles.preview.file')} <strong>{source.name}</strong>
        {sizeText}
      </p>

      {state.state === 'loading' ? <ProgressBar label={t('bundles.preview.checking')} progress={progress} /> : null}

      {state.state === 'error' ? (
        <section className="bundle-panel" data-refused="true">
          <h2>{t('bundles.preview.refusedTitle')}</h2>
          <Refusal error={state.error} />
          <p>{t('bundles.preview.refusedNothing')}</p>
          <div className="button-row">
            <a className="button" href={bundleHref.import()} onClick={() => clearImport()}>
              {t('bundles.preview.chooseOther')}
            </a>
          </div>
        </section>
      ) : null}

      {preview ? (
        <>
          <div className="bundle-layout">
            <BundleFacts preview={preview} />

            <section className="bundle-panel" aria-labelledby="preview-actions-title">
              <h2 id="preview-actions-title">{t('bundles.preview.summaryTitle')}</h2>
              <ul className="count-list" data-counts={JSON.stringify(preview.counts)}>
                {GROUPS.map((s) => (
                  <li key={s}>
                    <span className={`status-badge status-${s}`}>{t(`bundles.status.${s}`)}</span>
                    <strong>{preview.counts[s]}</strong>
                  </li>
                ))}
              </ul>
              <div aria-live="polite">
                {state.state === 'applying' ? <ProgressBar label={t('bundles.preview.applying')} progress={progress} /> : null}
                {state.state === 'applied' ? <AppliedSummary summary={state.summary} /> : null}
              </div>
              {state.state === 'apply-error' ? (
                <>
                  <ErrorMessage error={state.error} title={t('bundles.preview.applyFailed')} />
                  <div className="button-row">
                    <button type="button" className="button" onClick={() => setTick((n) => n + 1)}>
                      {t('bundles.preview.again')}
                    </button>
                  </div>
                </>
              ) : null}
              {state.state === 'ready' ? <TrustChoice preview={preview} trust={trust} onTrust={setTrust} /> : null}
              {state.state === 'ready' ? (
                <>
                  {!preview.changes ? <p className="notice notice-success">{t('bundles.preview.nothingToDo')}</p> : <p>{t('bundles.preview.applyHint')}</p>}
                  <div className="button-row">
                    <button type="button" className="button button-primary" disabled={!preview.changes} onClick={() => void apply(preview)}>
                      {t('bundles.preview.apply')}
                    </button>
                    <button type="button" className="button" onClick={cancel}>
                      {t('common.cancel')}
                    </button>
                  </div>
                </>
              ) : null}
            </section>
          </div>

          {GROUPS.map((s) => (
            <StatusGroup key={s} status={s} preview={preview} applied={state.state === 'applied'} />
          ))}
        </>
      ) : null}
    </div>
  );
}

function BundleFacts({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const lang = useLang();
  const b = preview.bundle;
  const scope = b.scope;
  const scopeParts = [
    scope.countries.length ? t('bundles.scope.countries', { list: scope.countries.map((c) => countryName(c, lang)).join(', ') }) : '',
    scope.types.length ? t('bundles.scope.types', { list: scope.types.map((x) => TYPE_LABELS[x][lang]).join(', ') }) : '',
    scope.themes.length ? t('bundles.scope.themes', { list: scope.themes.map((x) => themeLabel(x, lang)).join(', ') }) : '',
    scope.workshops.length ? t('bundles.scope.workshops', { count: scope.workshops.length }) : '',
    scope.since ? t('bundles.scope.since', { date: formatDate(scope.since, lang) }) : '',
    scope.until ? t('bundles.scope.until', { date: formatDate(scope.until, lang) }) : '',
    scope.includeInternal ? t('bundles.scope.internal') : '',
  ].filter(Boolean);
  return (
    <section className="bundle-panel" aria-labelledby="preview-bundle-title" data-signed={b.signed ? 'true' : 'false'}>
      <h2 id="preview-bundle-title">{t('bundles.preview.bundleTitle')}</h2>
      <dl className="bundle-facts">
        <dt>{t('bundles.preview.publisher')}</dt>
        <dd data-publisher="true">{b.publisher.name}</dd>
        {b.publisher.organisation ? (
          <>
            <dt>{t('bundles.preview.organisation')}</dt>
            <dd>{b.publisher.organisation}</dd>
          </>
        ) : null}
        {b.publisher.country ? (
          <>
            <dt>{t('bundles.preview.country')}</dt>
            <dd>{countryName(b.publisher.country, lang)}</dd>
          </>
        ) : null}
        <dt>{t('bundles.preview.createdAt')}</dt>
        <dd>{formatDate(b.createdAt, lang, true)}</dd>
        <dt>{t('bundles.preview.scope')}</dt>
        <dd>{scopeParts.length ? scopeParts.join(' · ') : t('bundles.scope.everything')}</dd>
        <dt>{t('bundles.preview.records')}</dt>
        <dd>
          {t('bundles.preview.recordCount', { count: b.counts.total })} · {formatBytes(b.bytes, lang)}
        </dd>
        <dt>{t('bundles.preview.signature')}</dt>
        <dd>{b.signed ? t('bundles.preview.signed') : t('bundles.preview.unsigned')}</dd>
      </dl>
      {b.signed && b.fingerprint ? (
        <div className="notice notice-success" data-fingerprint={b.fingerprint}>
          <p className="notice-title">{t('bundles.preview.signedTitle')}</p>
          <p>
            {t('bundles.preview.fingerprint')} <span className="fingerprint">{formatFingerprint(b.fingerprint)}</span>
          </p>
          <p>{t('bundles.preview.compare')}</p>
        </div>
      ) : (
        <div className="notice notice-warning" data-unsigned="true">
          <p className="notice-title">{t('bundles.preview.unsignedTitle')}</p>
          <p>{t('bundles.preview.unsignedWarning')}</p>
        </div>
      )}
      {b.signed ? <p data-trust={b.trust.status}>{t(`provenance.trust.${b.trust.status === 'trusted' ? 'trusted' : 'untrusted'}`)}</p> : null}
      {b.trust.keyChanged ? (
        <div className="notice notice-error" role="alert" data-key-changed="true">
          <p className="notice-title">{t('provenance.trust.keyChangedTitle')}</p>
          <p>
            {t(b.signed ? 'provenance.trust.keyChangedSigned' : 'provenance.trust.keyChangedUnsigned', {
              name: b.trust.keyChanged.name,
              known: b.trust.keyChanged.knownFingerprints.map(formatFingerprint).join(' ; '),
            })}
          </p>
        </div>
      ) : null}
      {b.fromThisInstall ? <p className="notice notice-warning">{t('bundles.preview.fromHere')}</p> : null}
    </section>
  );
}

/** Changes to the bundled library: refused unless the (signed) bundle's publisher is trusted; a checkbox grants that trust. */
function TrustChoice({ preview, trust, onTrust }: { preview: Preview; trust: boolean; onTrust: (v: boolean) => void }) {
  const { t } = useTranslation();
  const b = preview.bundle;
  const canTrust = b.signed && b.trust.status !== 'trusted';
  if (!preview.needsTrust && !(canTrust && trust)) return null;
  return (
    <div className="notice notice-warning" data-needs-trust={preview.needsTrust}>
      {preview.needsTrust ? <p>{t(b.signed ? 'provenance.trust.needsTrustSigned' : 'provenance.trust.needsTrustUnsigned', { count: preview.needsTrust })}</p> : null}
      {canTrust ? (
        <label>
          <input type="checkbox" checked={trust} onChange={(e) => onTrust(e.target.checked)} /> {t('provenance.trust.accept')}
        </label>
      ) : null}
    </div>
  );
}

function StatusGroup({ status, preview, applied }: { status: Status; preview: Preview; applied: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [all, setAll] = useState(false);
  const items = preview.items.filter((i) => i.status === status);
  if (!items.length) return null;
  const shown = all ? items : items.slice(0, PAGE);
  const id = `preview-group-${status}`;
  // A record exists here unless it is new and not imported yet, or was rejected.
  const linkable = (s: Status) => s !== 'rejected' && (s !== 'new' || applied);
  return (
    <section className="bundle-panel status-group" aria-labelledby={id} data-status-group={status}>
      <h3 id={id}>
        {t(`bundles.groups.${status}`)} ({items.length})
      </h3>
      <p className="hint">{t(`bundles.groups.${status}Hint`)}</p>
      <ul className={`record-lines${all ? ' tall' : ''}`}>
        {shown.map((item) => (
          <li key={item.id} data-item={item.id} data-status={item.status}>
            <span className={`status-badge status-${item.status}`}>{t(`bundles.status.${item.status}`)}</span>
            {linkable(item.status) ? <a href={href.record(item.id)}>{item.title || item.id}</a> : <strong>{item.title || item.id}</strong>}
            <p className="meta">
              {TYPE_LABELS[item.type][lang]} · {t('bundles.preview.theirRev', { rev: item.incomingRev })}
              {item.localRev !== undefined ? ` · ${t('bundles.preview.myRev', { rev: item.localRev })}` : ''}
            </p>
            {item.fields?.length ? (
              <p className="meta">
                {t('bundles.preview.fields')} {item.fields.map((f) => fieldLabel(t, f)).join(', ')}
              </p>
            ) : null}
            {item.reason ? (
              <p className="meta">
                {t('bundles.preview.reason')} <Reason reason={item.reason} />
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {items.length > shown.length ? (
        <button type="button" className="link-button" onClick={() => setAll(true)}>
          {t('bundles.preview.showAll', { count: items.length })}
        </button>
      ) : null}
    </section>
  );
}

function AppliedSummary({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-success" data-applied="true">
      <p className="notice-title">{summary.changed ? t('bundles.preview.appliedTitle') : t('bundles.preview.appliedNothing')}</p>
      <p>{t('bundles.preview.appliedRecords', { count: summary.written.records })}</p>
      {summary.conflicts.length ? (
        <p>
          {t('bundles.preview.appliedConflicts', { count: summary.conflicts.length })}{' '}
          <a href={bundleHref.conflicts()} data-conflicts-link="true">
            {t('bundles.preview.resolve')}
          </a>
        </p>
      ) : null}
    </div>
  );
}

const REFUSAL_CODES = new Set(['invalid', 'corrupt', 'too-large', 'unsupported', 'not-found']);

/** Why a bundle was refused: a sentence in the user's language by error code; the core's exact (English) message folded below it. */
function Refusal({ error }: { error: HubError }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert" data-code={error.code}>
      <p>
        <strong>{t(`bundles.refused.${REFUSAL_CODES.has(error.code) ? error.code : 'other'}`)}</strong>
      </p>
      {/* The core's exact words are in English: kept for whoever helps, folded under the sentence in the user's language. */}
      <details className="technical-detail">
        <summary>{t('bundles.refused.detail')}</summary>
        <p lang="en">{error.message}</p>
      </details>
    </div>
  );
}
