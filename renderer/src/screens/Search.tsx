/**
 * Search: results as you type (debounced, stale answers dropped), facet filters with counts and
 * human labels, highlighted snippets, "did you mean", a helpful empty state, and a virtualised
 * list of links that the arrow keys walk through. The interface language is sent as the prior of
 * the query-language detection; a hit found through a translation, or matching only some words,
 * says so; a result link carries the matched terms for the reader to highlight (../highlight.ts).
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { api } from '../api';
import { useLang, type UiLang } from '../i18n';
import { href, navigate } from '../router';
import { snippetHtml, useDocumentTitle } from '../lib';
import { recordHref } from '../highlight';
import { anyRecord, useLiveTick } from '../live';
import { useIndexStatus } from '../index-status';
import { FACET_ORDER, facetValueLabel } from '../facets';
import { FOCUS_RESULTS_EVENT, SEARCH_INPUT_ID } from '../focus';
import { LANG_LABELS, TYPE_LABELS, countryName } from '../../../main/core/labels';
import type { FacetName, SearchHit, SearchResult } from '../../../main/core/search/types';
import type { HubError } from '../../../main/core/result';
import { ErrorMessage } from '../components/ErrorMessage';
import { PageTitle } from '../components/PageTitle';

export const DEBOUNCE_MS = 150;
export const PAGE_SIZE = 200;
const FACET_PREVIEW = 8;

const EXAMPLES: Record<UiLang, string[]> = {
  fr: ['retraite', 'santé maternelle', 'Cadastro Único', 'registre social', 'travailleurs migrants'],
  en: ['pension', 'maternal health', 'Cadastro Único', 'social registry', 'migrant workers'],
  pt: ['pensão', 'saúde materna', 'Cadastro Único', 'cadastro social', 'trabalhadores migrantes'],
};

type Filters = Record<FacetName, string[]>;

function readFilters(params: URLSearchParams): Filters {
  const f = {} as Filters;
  for (const name of FACET_ORDER) f[name] = params.getAll(name).filter(Boolean);
  return f;
}

function withQuery(paramString: string, q: string): URLSearchParams {
  const next = new URLSearchParams(paramString);
  next.set('q', q);
  return next;
}

function hasFilters(f: Filters): boolean {
  return FACET_ORDER.some((n) => f[n].length > 0);
}

export function Search({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const lang = useLang();
  const paramString = params.toString();
  const q = params.get('q') ?? '';
  const filters = useMemo(() => readFilters(new URLSearchParams(paramString)), [paramString]);
  const filtered = hasFilters(filters);
  const idle = !q.trim() && !filtered;

  const [result, setResult] = useState<{ key: string; value: SearchResult } | null>(null);
  const [error, setError] = useState<HubError | null>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);

  // Records saved elsewhere (another window, the CLI, a sync, the room) are searched again.
  const liveTick = useLiveTick(anyRecord);
  // Right after a start without index cache the search waits for the index: say how far it is.
  const indexStatus = useIndexStatus();
  const indexing = !!indexStatus && !indexStatus.ready;

  useDocumentTitle(q ? t('search.titleFor', { q }) : t('search.title'));

  useEffect(() => {
    const mine = ++seq.current;
    if (idle) {
      setBusy(false);
      setResult(null);
      setError(null);
      return;
    }
    setBusy(true);
    const timer = window.setTimeout(() => {
      const input: Record<string, unknown> = { q, limit: PAGE_SIZE, uiLang: lang };
      for (const name of FACET_ORDER) if (filters[name].length) input[name] = name === 'step' ? filters[name].map(Number) : filters[name];
      void api.search(input as Parameters<typeof api.search>[0]).then((r) => {
        if (mine !== seq.current) return; // a newer query is on its way: drop this answer
        setBusy(false);
        if (r.ok) {
          setResult({ key: paramString, value: r.value });
          setError(null);
        } else {
          setError(r.error);
        }
      });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [paramString, q, filters, idle, liveTick, lang]);

  const setFilter = (name: FacetName, value: string, on: boolean) => {
    const next = new URLSearchParams(paramString);
    const values = next.getAll(name).filter((v) => v !== value);
    next.delete(name);
    for (const v of on ? [...values, value] : values) next.append(name, v);
    navigate(href.search(next));
  };

  const clearFilters = () => {
    const next = new URLSearchParams();
    if (q) next.set('q', q);
    navigate(href.search(next));
  };

  const value = result?.value;
  const ready = !busy && (idle || result?.key === paramString || error !== null);

  return (
    <div className="screen search" data-ready={ready ? 'true' : 'false'} data-query={q}>
      <PageTitle>{q ? t('search.titleFor', { q }) : t('search.title')}</PageTitle>

      {idle ? (
        <SearchIntro lang={lang} />
      ) : (
        <div className="search-layout">
          <section className="facets" aria-labelledby="facets-title">
            <h2 id="facets-title" className="facets-title">
              {t('search.filters')}
            </h2>
            {filtered ? (
              <button type="button" className="button button-small" onClick={clearFilters}>
                {t('search.clearFilters')}
              </button>
            ) : null}
            {FACET_ORDER.map((name) => (
              <FacetGroup
                key={name}
                name={name}
                counts={value?.facets[name] ?? {}}
                selected={filters[name]}
                lang={lang}
                onChange={(v, on) => setFilter(name, v, on)}
              />
            ))}
          </section>
          <section className="results-area" aria-labelledby="results-title">
            <h2 id="results-title" className="visually-hidden">
              {t('search.results')}
            </h2>
            <p className={`results-count${value && value.total === 0 && !busy ? ' visually-hidden' : ''}`} role="status" aria-live="polite">
              {busy && !value ? t('search.searching') : value ? countText(t, value, q) : ''}
            </p>
            {indexing && busy && !value ? (
              <p className="indexing-note" data-testid="indexing-note">
                {t('indexing.waiting', { percent: indexStatus.percent })}
              </p>
            ) : null}
            {value?.didYouMean ? (
              <p className="did-you-mean">
                {t('search.didYouMean')}{' '}
                <a href={href.search(withQuery(paramString, value.didYouMean))}>
                  {t('common.quoted', { q: value.didYouMean })}
                </a>
                {value.fuzzy ? <> — {t('search.fuzzyNote', { q })}</> : null}
                {value.corrected ? <> {t('searchHints.correctedFirst', { fixed: value.didYouMean })}</> : null}
              </p>
            ) : null}
            {error ? <ErrorMessage error={error} /> : null}
            {value && value.hits.length > 0 ? <ResultList hits={value.hits} busy={busy} lang={lang} /> : null}
            {value && value.hits.length === 0 && !busy ? (
              <EmptyState q={q} lang={lang} filtered={filtered} onClear={clearFilters} />
            ) : null}
          </section>
        </div>
      )}
    </div>
  );
}

function countText(t: (k: string, o?: Record<string, unknown>) => string, value: SearchResult, q: string): string {
  if (value.total === 0) return t('search.none', { q });
  if (value.total > value.hits.length) return t('search.countPartial', { count: value.total, shown: value.hits.length });
  return t('search.count', { count: value.total });
}

function FacetGroup({
  name,
  counts,
  selected,
  lang,
  onChange,
}: {
  name: FacetName;
  counts: Record<string, number>;
  selected: string[];
  lang: UiLang;
  onChange: (value: string, on: boolean) => void;
}) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const entries = useMemo(() => {
    const all = new Map(Object.entries(counts));
    for (const s of selected) if (!all.has(s)) all.set(s, 0);
    return [...all.entries()]
      .map(([v, n]) => ({ v, n, label: facetValueLabel(name, v, lang) }))
      .sort((a, b) => (name === 'step' ? Number(a.v) - Number(b.v) : b.n - a.n || a.label.localeCompare(b.label, lang)));
  }, [counts, selected, name, lang]);
  if (entries.length === 0) return null;
  const shown = expanded ? entries : entries.slice(0, FACET_PREVIEW);
  const id = `facet-${name}`;
  return (
    <fieldset className="facet">
      <legend>{t(`facets.${name}`)}</legend>
      <ul id={id}>
        {shown.map(({ v, n, label }) => (
          <li key={v}>
            <label>
              <input type="checkbox" checked={selected.includes(v)} onChange={(e) => onChange(v, e.target.checked)} />
              <span className="facet-label">{label}</span> <span className="facet-count">{n}</span>
            </label>
          </li>
        ))}
      </ul>
      {entries.length > FACET_PREVIEW ? (
        <button type="button" className="link-button" aria-expanded={expanded} aria-controls={id} onClick={() => setExpanded((x) => !x)}>
          {expanded ? t('search.showFewer') : t('search.showAll', { count: entries.length })}
        </button>
      ) : null}
    </fieldset>
  );
}

function ResultList({ hits, busy, lang }: { hits: SearchHit[]; busy: boolean; lang: UiLang }) {
  const { t } = useTranslation();
  const listRef = useRef<HTMLOListElement>(null);
  const [margin, setMargin] = useState(0);

  // The list scrolls with the page: tell the virtualiser where it starts (it moves as filters change).
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const top = Math.round(el.getBoundingClientRect().top + window.scrollY);
    if (top !== margin) setMargin(top);
  });

  const virtualizer = useWindowVirtualizer({
    count: hits.length,
    estimateSize: () => 128,
    overscan: 8,
    scrollMargin: margin,
    getItemKey: (i) => hits[i]?.id ?? i,
  });

  const focusIndex = useCallback(
    (i: number) => {
      if (i < 0) {
        document.getElementById(SEARCH_INPUT_ID)?.focus();
        return;
      }
      const index = Math.min(i, hits.length - 1);
      virtualizer.scrollToIndex(index, { align: 'auto' });
      // The row may only exist after the virtualiser re-renders: try for a few frames.
      let tries = 0;
      const attempt = () => {
        const el = listRef.current?.querySelector<HTMLAnchorElement>(`a[data-result-index="${index}"]`);
        if (el) el.focus();
        else if (tries++ < 20) requestAnimationFrame(attempt);
      };
      attempt();
    },
    [hits.length, virtualizer],
  );

  useEffect(() => {
    const onFocusResults = () => focusIndex(0);
    window.addEventListener(FOCUS_RESULTS_EVENT, onFocusResults);
    return () => window.removeEventListener(FOCUS_RESULTS_EVENT, onFocusResults);
  }, [focusIndex]);

  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    const current = (e.target as HTMLElement).closest<HTMLElement>('[data-result-index]');
    if (!current) return;
    const i = Number(current.dataset.resultIndex);
    const moves: Record<string, number> = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: hits.length - 1 };
    const next = moves[e.key];
    if (next === undefined || next >= hits.length) return;
    e.preventDefault();
    focusIndex(next);
  };

  return (
    <ol
      ref={listRef}
      className="results"
      aria-label={t('search.results')}
      aria-busy={busy}
      onKeyDown={onKeyDown}
      style={{ height: virtualizer.getTotalSize() }}
    >
      {virtualizer.getVirtualItems().map((item) => {
        const hit = hits[item.index]!;
        return (
          <li
            key={item.key}
            ref={virtualizer.measureElement}
            data-index={item.index}
            aria-setsize={hits.length}
            aria-posinset={item.index + 1}
            className="result"
            style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
          >
            <a
              href={recordHref(hit.id, hit.highlights)}
              data-result-index={item.index}
              lang={hit.matchedLang !== lang ? hit.matchedLang : undefined}
            >
              {hit.title}
            </a>
            <p className="meta">
              <span className={`badge badge-${hit.type}`}>{TYPE_LABELS[hit.type][lang]}</span>
              <span>{LANG_LABELS[hit.lang]}</span>
              {hit.matchedLang !== hit.lang ? (
                <span className="matched-in">{t('searchHints.matchedIn', { lang: LANG_LABELS[hit.matchedLang] })}</span>
              ) : null}
              {hit.countries.length ? <span>{hit.countries.map((c) => countryName(c, lang)).join(', ')}</span> : null}
              {hit.partial ? (
                <span className="badge badge-partial" title={t('searchHints.partialTitle')}>
                  {t('searchHints.partial')}
                </span>
              ) : null}
            </p>
            {hit.snippet ? (
              <p
                className="snippet"
                lang={hit.matchedLang !== lang ? hit.matchedLang : undefined}
                dangerouslySetInnerHTML={{ __html: snippetHtml(hit.snippet) }}
              />
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function Examples({ lang }: { lang: UiLang }) {
  const { t } = useTranslation();
  return (
    <ul className="example-queries">
      {EXAMPLES[lang].map((q) => (
        <li key={q}>
          <a href={href.search(q)}>{t('common.quoted', { q })}</a>
        </li>
      ))}
    </ul>
  );
}

function SearchIntro({ lang }: { lang: UiLang }) {
  const { t } = useTranslation();
  return (
    <div className="search-intro">
      <p className="lead">{t('search.intro')}</p>
      <h2>{t('search.examples')}</h2>
      <Examples lang={lang} />
      <h2>{t('search.browse')}</h2>
      <ul className="example-queries">
        <li>
          {/* The guides exist in French and English: a Portuguese reader gets both rather than none. */}
          <a href={href.search(new URLSearchParams({ type: 'guide', ...(lang === 'pt' ? {} : { lang }) }))}>{t('search.browseGuides')}</a>
        </li>
        <li>
          <a href={href.search(new URLSearchParams({ type: 'practice' }))}>{t('search.browsePractices')}</a>
        </li>
      </ul>
      <p className="hint">{t('search.shortcutHint')}</p>
    </div>
  );
}

function EmptyState({ q, lang, filtered, onClear }: { q: string; lang: UiLang; filtered: boolean; onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="empty-state">
      <h3>{q ? t('search.emptyTitle', { q }) : t('search.emptyTitleNoQuery')}</h3>
      <ul>
        {filtered ? (
          <li>
            {t('search.emptyFilters')}{' '}
            <button type="button" className="link-button" onClick={onClear}>
              {t('search.clearFilters')}
            </button>
          </li>
        ) : null}
        <li>{t('search.emptySpelling')}</li>
        <li>{t('search.emptyLanguages')}</li>
      </ul>
      <p>{t('search.examples')}</p>
      <Examples lang={lang} />
    </div>
  );
}
