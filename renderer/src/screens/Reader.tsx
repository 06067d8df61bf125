/**
 * The reader: a guide or a practice, rendered from Markdown (sanitised), with its table of
 * contents, language versions, related records and backlinks; practices also show their
 * structured fields, Edit / Delete, and their history. Opened from a search result, it highlights
 * the matched terms (../highlight.ts) until Esc.
 */
import { useEffect, useMemo, useState, type MouseEvent } from 'react';
import { applyHighlights, clearHighlights, useHighlightKey } from '../highlight';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useLang, type UiLang } from '../i18n';
import { href, navigate } from '../router';
import { formatDate, purify, useDocumentTitle, useResult } from '../lib';
import { renderMarkdown, safeExternalUrl, type Heading } from '../../../main/core/markdown';
import {
  GUARANTEE_LABELS,
  INSTRUMENT_LABELS,
  LANG_LABELS,
  STEP_LABELS,
  TYPE_LABELS,
  branchLabel,
  countryName,
  themeLabel,
} from '../../../main/core/labels';
import type { Guide, HubRecord, Practice, Source } from '../../../main/core/model';
import type { RecordSummary } from '../../../main/core/contract';
import type { HubError, Result } from '../../../main/core/result';
import { host, openExternal } from '../host';
import { ErrorMessage } from '../components/ErrorMessage';
import { PageTitle } from '../components/PageTitle';
import { RichText, scrollToSection } from '../components/RichText';
import { RecordTools } from './browse';
import { Provenance } from '../components/Provenance';
import { NoteContext } from '../components/NoteContext';
import { titleFromText } from '../../../main/core/workshops/text';

/** An id, or a guide key typed or linked by hand: the exact id first, then `<key>-<lang>`, then French. */
async function loadRecord(id: string, lang: string): Promise<Result<HubRecord>> {
  const exact = await api.get({ id });
  if (exact.ok || exact.error.code !== 'not-found') return exact;
  for (const candidate of [`${id}-${lang}`, `${id}-fr`]) {
    const r = await api.get({ id: candidate });
    if (r.ok) return r;
  }
  return exact;
}

/** A note has no title of its own: its first line stands for it (as on the dashboard), never its id. */
function displayTitle(record: HubRecord): string {
  if (record.title) return record.title;
  return (record.type === 'note' && titleFromText(record.body)) || record.id;
}

export function Reader({ id, section }: { id: string; section?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  // Saved elsewhere (another window, the CLI, a sync): the reader shows the new version.
  const [record, reload] = useResult(() => loadRecord(id, lang), [id], { live: (c) => c.id === id });

  // A key resolved to a language version: make the address the version's id.
  useEffect(() => {
    if (record.state === 'ok' && record.value.id !== id) navigate(href.record(record.value.id, section), { replace: true });
  }, [record, id, section]);

  // Coverage sheets and projects (skills clinics) open in their own tool.
  useEffect(() => {
    if (record.state === 'ok' && (record.value.type === 'coverage' || record.value.type === 'project')) navigate(`#/${record.value.type}/${encodeURIComponent(record.value.id)}`, { replace: true });
  }, [record]);

  useDocumentTitle(record.state === 'ok' ? displayTitle(record.value) : undefined);

  if (record.state === 'loading') {
    return (
      <div className="screen reader" data-ready="false" aria-busy="true">
        <p className="loading">{t('common.loading')}</p>
      </div>
    );
  }
  if (record.state === 'error') {
    return (
      <div className="screen reader" data-ready="true">
        <PageTitle>{t('reader.unavailable')}</PageTitle>
        <ErrorMessage error={record.error} />
        <p>
          <a href={href.home()}>{t('common.backHome')}</a>
        </p>
      </div>
    );
  }
  return <RecordView key={`${record.value.id}@${record.value.rev}`} record={record.value} section={section} onChanged={reload} />;
}

function RecordView({ record, section, onChanged }: { record: HubRecord; section?: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [related] = useResult(() => api.related({ id: record.id }), [record.id]);
  const body = 'body' in record ? record.body : '';
  const rendered = useMemo(() => renderMarkdown(body, purify), [body]);
  const linkLang = record.type === 'guide' ? record.lang : lang;

  useEffect(() => {
    if (section) requestAnimationFrame(() => scrollToSection(section));
  }, [section]);

  // Search terms from the result link: marked in the rendered texts, cleared with Esc.
  const highlightKey = useHighlightKey();
  const terms = useMemo(() => (highlightKey ? highlightKey.split('\n') : []), [highlightKey]);
  const [marked, setMarked] = useState<number | null>(null);
  const clearTerms = () => navigate(href.record(record.id, section), { replace: true });
  useEffect(() => {
    if (!terms.length) return;
    const roots = [...document.querySelectorAll('.reader-main .prose, .reader-main .lead')];
    const made = applyHighlights(roots, terms);
    setMarked(made.length);
    if (made[0] && !section) made[0].scrollIntoView({ block: 'center' });
    return () => {
      clearHighlights(roots);
      setMarked(null);
    };
  }, [terms, rendered.html, section]);
  useEffect(() => {
    if (!terms.length) return;
    const onKey = (e: KeyboardEvent) => {
      const inField = e.target instanceof HTMLElement && e.target.closest('input, textarea, select, [contenteditable="true"]');
      if (e.key !== 'Escape' || e.defaultPrevented || inField) return;
      navigate(href.record(record.id, section), { replace: true });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [terms, record.id, section]);

  const ready = related.state !== 'loading';
  const toc = rendered.headings.filter((h) => h.depth >= 2 && h.depth <= 3);

  return (
    <div className={`screen reader reader-${record.type}`} data-ready={ready ? 'true' : 'false'} data-record-id={record.id}>
      <nav className="breadcrumb" aria-label={t('reader.breadcrumb')}>
        <ol>
          <li>
            <a href={href.home()}>{t('nav.home')}</a>
          </li>
          <li>
            {record.type === 'guide' ? INSTRUMENT_LABELS[record.instrument][lang] : TYPE_LABELS[record.type][lang]}
          </li>
        </ol>
      </nav>
      <div className="reader-layout">
        <article className="reader-main" lang={record.lang}>
          <header className="record-header">
            <p className="eyebrow" lang={lang}>
              <span className={`badge badge-${record.type}`}>{TYPE_LABELS[record.type][lang]}</span>
              {record.type === 'practice' ? (
                <span className={`badge badge-status-${record.status}`}>{t(`practice.status.${record.status}`)}</span>
              ) : null}
            </p>
            <PageTitle>{displayTitle(record)}</PageTitle>
            {terms.length && marked !== null ? (
              <p className="highlight-note" role="status" lang={lang}>
                <span>{marked ? t('searchHints.highlighted', { count: marked }) : t('searchHints.highlightedNone')}</span>
                {marked ? (
                  <button type="button" className="button button-small" onClick={clearTerms}>
                    {t('searchHints.clearHighlights')}
                  </button>
                ) : null}
              </p>
            ) : null}
            {'summary' in record && record.summary ? <p className="lead">{record.summary}</p> : null}
            {record.type === 'guide' && related.state === 'ok' ? <Versions record={record} versions={related.value.versions} /> : null}
            {record.type === 'practice' ? <PracticeActions practice={record} onChanged={onChanged} /> : null}
            {record.type === 'guide' || record.type === 'practice' ? <RecordTools record={record} /> : null}
          </header>

          {record.type === 'note' ? <NoteContext note={record} /> : null}
          {record.type === 'practice' ? <PracticeTranslation practice={record} uiLang={lang} /> : null}
          {record.type === 'practice' ? <PracticeFields practice={record} /> : null}

          {body ? <RichText html={rendered.html} linkLang={linkLang} /> : null}

          {record.type === 'practice' ? <PracticeSections practice={record} linkLang={linkLang} /> : null}
          {record.type === 'guide' || record.type === 'practice' ? <Sources sources={record.sources} /> : null}
          {record.type === 'practice' ? <History practice={record} /> : null}
        </article>

        <aside className="reader-side" aria-label={t('reader.aside')}>
          {toc.length > 1 ? <Toc recordId={record.id} headings={toc} /> : null}
          <Provenance record={record} />
          {related.state === 'error' ? <ErrorMessage error={related.error} /> : null}
          {related.state === 'ok' ? (
            <>
              <RecordList title={t('reader.related')} items={related.value.related} id="related-title" />
              <RecordList title={t('reader.backlinks')} items={related.value.backlinks} id="backlinks-title" />
            </>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

function Versions({ record, versions }: { record: Guide; versions: { lang: string; id: string }[] }) {
  const { t } = useTranslation();
  if (versions.length < 2) return null;
  const sorted = [...versions].sort((a, b) => ['fr', 'en', 'pt'].indexOf(a.lang) - ['fr', 'en', 'pt'].indexOf(b.lang));
  return (
    <nav className="versions" aria-label={t('reader.versions')}>
      <span className="versions-label">{t('reader.readIn')}</span>
      <ul>
        {sorted.map((v) => (
          <li key={v.id}>
            <a href={href.record(v.id)} lang={v.lang} hrefLang={v.lang} aria-current={v.id === record.id ? 'page' : undefined}>
              {LANG_LABELS[v.lang as keyof typeof LANG_LABELS] ?? v.lang}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Toc({ recordId, headings }: { recordId: string; headings: Heading[] }) {
  const { t } = useTranslation();
  const go = (e: MouseEvent<HTMLAnchorElement>, id: string) => {
    e.preventDefault();
    scrollToSection(id);
    // Remember the section in the address without a new render or history entry.
    window.history.replaceState(null, '', href.record(recordId, id));
  };
  return (
    <nav className="toc" aria-labelledby="toc-title">
      <h2 id="toc-title">{t('reader.toc')}</h2>
      <ol>
        {headings.map((h) => (
          <li key={h.id} className={`toc-depth-${h.depth}`}>
            <a href={href.record(recordId, h.id)} onClick={(e) => go(e, h.id)}>
              {h.text}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function RecordList({ title, items, id }: { title: string; items: RecordSummary[]; id: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (items.length === 0) return null;
  return (
    <section className="side-list" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ul>
        {items.map((r) => (
          <li key={r.id}>
            <a href={href.record(r.id)}>{r.title}</a>
            <span className="meta">
              {' '}
              {TYPE_LABELS[r.type][lang]}
              {r.country ? ` · ${countryName(r.country, lang)}` : ''}
              {r.origin === 'local' ? ` · ${t('reader.local')}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Sources({ sources }: { sources: Source[] }) {
  const { t } = useTranslation();
  if (!sources.length) return null;
  return (
    <section className="sources" aria-labelledby="sources-title">
      <h2 id="sources-title">{t('practice.fields.sources')}</h2>
      <ul>
        {sources.map((s, i) => (
          <li key={i}>{s.url ? <ExternalLink url={s.url}>{s.title}</ExternalLink> : s.title}</li>
        ))}
      </ul>
    </section>
  );
}

/** A source link: leaves the app (system browser in the desktop, a new tab in a browser). */
export function ExternalLink({ url: raw, children }: { url: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  const url = safeExternalUrl(raw);
  if (!url) return <>{children}</>;
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (host?.openExternal) {
      e.preventDefault();
      openExternal(url);
    }
  };
  return (
    <a className="external" href={url} target="_blank" rel="noopener noreferrer" onClick={onClick}>
      {children}
      <span className="visually-hidden"> ({t('reader.opensOutside')})</span>
    </a>
  );
}

function PracticeTranslation({ practice, uiLang }: { practice: Practice; uiLang: UiLang }) {
  const { t } = useTranslation();
  const tr = practice.lang !== uiLang ? practice.translations[uiLang] : undefined;
  // The translated body (the bundled practices carry an English one); heading ids are dropped so
  // they never collide with the original's table of contents.
  const bodyHtml = useMemo(() => (tr?.body ? renderMarkdown(tr.body, purify).html.replace(/ id="[^"]*"/g, '') : ''), [tr?.body]);
  if (!tr || (!tr.title && !tr.summary && !tr.body)) return null;
  return (
    <section className="translation" aria-labelledby="translation-title" lang={uiLang}>
      <h2 id="translation-title">{t('reader.translation', { lang: LANG_LABELS[uiLang] })}</h2>
      {tr.title ? <p className="translation-title">{tr.title}</p> : null}
      {tr.summary ? <p>{tr.summary}</p> : null}
      {bodyHtml ? <RichText html={bodyHtml} linkLang={uiLang} /> : null}
    </section>
  );
}

function PracticeFields({ practice: p }: { practice: Practice }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows: [string, React.ReactNode][] = [
    [t('practice.fields.country'), countryName(p.country, lang)],
    [t('practice.fields.partnerCountries'), p.partnerCountries.map((c) => countryName(c, lang)).join(', ')],
    [t('practice.fields.steps'), p.steps.length ? <List items={p.steps.map((s) => STEP_LABELS[s][lang])} /> : ''],
    [t('practice.fields.branches'), p.branches.length ? <List items={p.branches.map((b) => branchLabel(b, lang))} /> : ''],
    [t('practice.fields.guarantees'), p.guarantees.length ? <List items={p.guarantees.map((g) => GUARANTEE_LABELS[g][lang])} /> : ''],
    [t('practice.fields.themes'), p.themes.map((th) => themeLabel(th, lang)).join(', ')],
    [t('practice.fields.sdgTargets'), p.sdgTargets.join(', ')],
    [t('practice.fields.contact'), p.contact],
    [t('practice.fields.status'), t(`practice.status.${p.status}`)],
    [t('practice.fields.sensitivity'), t(`practice.sensitivity.${p.sensitivity}`)],
    [t('reader.updated'), `${formatDate(p.updatedAt, lang, true)} · ${t('reader.revision', { rev: p.rev })}`],
  ];
  return (
    <dl className="fields" lang={lang}>
      {rows
        .filter(([, v]) => v !== '' && v !== null)
        .map(([k, v]) => (
          <div key={k} className="field-row">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

function List({ items }: { items: string[] }) {
  return (
    <ul className="inline-list">
      {items.map((i) => (
        <li key={i}>{i}</li>
      ))}
    </ul>
  );
}

function PracticeSections({ practice: p, linkLang }: { practice: Practice; linkLang: string }) {
  const { t } = useTranslation();
  const results = useMemo(() => renderMarkdown(p.results, purify).html, [p.results]);
  const lessons = useMemo(() => renderMarkdown(p.lessons, purify).html, [p.lessons]);
  return (
    <>
      {p.results ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t('practice.fields.results')}</h2>
          <RichText html={results} linkLang={linkLang} />
        </section>
      ) : null}
      {p.lessons ? (
        <section aria-labelledby="lessons-title">
          <h2 id="lessons-title">{t('practice.fields.lessons')}</h2>
          <RichText html={lessons} linkLang={linkLang} />
        </section>
      ) : null}
    </>
  );
}

function PracticeActions({ practice, onChanged }: { practice: Practice; onChanged: () => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<HubError | null>(null);
  const [busy, setBusy] = useState(false);

  const remove = async () => {
    setBusy(true);
    const r = await api.delete({ id: practice.id, rev: practice.rev });
    setBusy(false);
    if (r.ok) navigate(href.trash());
    else setError(r.error);
  };

  return (
    <div className="record-actions">
      <div className="button-row">
        <a className="button button-primary" href={href.edit(practice.id)}>
          {t('reader.edit')}
        </a>
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)} aria-expanded={confirming} disabled={confirming}>
          {t('reader.delete')}
        </button>
        <button type="button" className="button" onClick={() => window.print()}>
          {t('reader.print')}
        </button>
      </div>
      {confirming ? (
        <div className="confirm" role="group" aria-labelledby="confirm-delete">
          <p id="confirm-delete">{t('reader.confirmDelete')}</p>
          <div className="button-row">
            <button type="button" className="button button-danger" onClick={() => void remove()} disabled={busy} autoFocus>
              {t('reader.confirmDeleteYes')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {error ? (
        <>
          <ErrorMessage error={error} />
          {error.code === 'conflict' ? (
            <button type="button" className="button" onClick={onChanged}>
              {t('reader.reload')}
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function History({ practice }: { practice: Practice }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<HubRecord | null>(null);
  const [history] = useResult(() => (open ? api.history({ id: practice.id }) : Promise.resolve({ ok: true as const, value: [] })), [open, practice.id]);

  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">{t('reader.history')}</h2>
      {!open ? (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {t('reader.showHistory')}
        </button>
      ) : null}
      {open && history.state === 'loading' ? <p className="loading">{t('common.loading')}</p> : null}
      {open && history.state === 'error' ? <ErrorMessage error={history.error} /> : null}
      {open && history.state === 'ok' ? (
        history.value.length === 0 ? (
          <p id="history-list">{t('reader.noHistory')}</p>
        ) : (
          <ol id="history-list" className="history-list">
            {history.value.map((r) => (
              <li key={r.rev}>
                <span>
                  {t('reader.revision', { rev: r.rev })} · <time dateTime={r.updatedAt}>{formatDate(r.updatedAt, lang, true)}</time>
                </span>{' '}
                <button
                  type="button"
                  className="link-button"
                  aria-pressed={shown?.rev === r.rev}
                  onClick={() => setShown(shown?.rev === r.rev ? null : r)}
                >
                  {shown?.rev === r.rev ? t('reader.hideRevision') : t('reader.viewRevision')}
                </button>
              </li>
            ))}
          </ol>
        )
      ) : null}
      {shown ? <RevisionView record={shown} onClose={() => setShown(null)} /> : null}
    </section>
  );
}

function RevisionView({ record, onClose }: { record: HubRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const body = 'body' in record ? record.body : '';
  // Without heading ids: they would repeat the ids of the current version on the same page.
  const html = useMemo(() => renderMarkdown(body, purify).html.replace(/ id="[^"]*"/g, ''), [body]);
  return (
    <section className="revision" aria-labelledby="revision-title">
      <h3 id="revision-title">
        {t('reader.revisionOf', { rev: record.rev })} — {record.title}
      </h3>
      {'summary' in record && record.summary ? <p className="lead">{record.summary}</p> : null}
      {record.type === 'practice' ? <PracticeFields practice={record} /> : null}
      {body ? <RichText html={html} linkLang={record.lang} /> : null}
      <button type="button" className="button" onClick={onClose}>
        {t('common.close')}
      </button>
    </section>
  );
}
