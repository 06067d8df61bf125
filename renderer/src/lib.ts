/** Small helpers shared by the screens: sanitising, dates, loading state. */
import { useCallback, useEffect, useRef, useState } from 'react';
import createDOMPurify from 'dompurify';
import type { HubError, Result } from '../../main/core/result';
import type { Change } from '../../main/core/changes';
import { useLiveTick } from './live';

export const purify = createDOMPurify(window);

/**
 * Search snippets are HTML-escaped text with <mark> only; sanitise anyway (defence in depth) and
 * let nothing else through.
 */
export function snippetHtml(snippet: string): string {
  return String(purify.sanitize(snippet, { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] }));
}

/** The Intl locale of a UI language (Portuguese as written in Cabo Verde and Guinea-Bissau follows pt-PT). */
export function localeOf(lang: string): string {
  return lang === 'en' ? 'en-GB' : lang === 'pt' ? 'pt-PT' : 'fr-FR';
}

export function formatDate(iso: string, lang: string, withTime = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(lang), {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(d);
}

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'ok'; value: T }
  | { state: 'error'; error: HubError };

/**
 * Runs an API call when its dependencies change and keeps only the latest answer, so a slow
 * response to an old request never overwrites a newer one.
 */
export function useResult<T>(
  call: () => Promise<Result<T>>,
  deps: readonly unknown[],
  opts: { live?: (c: Change) => boolean } = {},
): [Loadable<T>, () => void] {
  const [data, setData] = useState<Loadable<T>>({ state: 'loading' });
  const seq = useRef(0);
  const [tick, setTick] = useState(0);
  // Changes made elsewhere (another window, the CLI, the room) refresh the answer in place: the
  // screen keeps showing the previous answer until the new one arrives, with no "loading" flash.
  const liveTick = useLiveTick(opts.live);
  const lastDeps = useRef<readonly unknown[] | null>(null);
  useEffect(() => {
    const mine = ++seq.current;
    const depsKey = [...deps, tick];
    const sameDeps = lastDeps.current !== null && lastDeps.current.length === depsKey.length && lastDeps.current.every((d, i) => Object.is(d, depsKey[i]));
    lastDeps.current = depsKey;
    if (!sameDeps) setData({ state: 'loading' });
    void call().then((r) => {
      if (mine !== seq.current) return;
      setData(r.ok ? { state: 'ok', value: r.value } : { state: 'error', error: r.error });
    });
    // The caller lists the call's inputs in `deps` (the call itself is a fresh closure each render).
  }, [...deps, tick, liveTick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return [data, reload];
}

export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Socle` : 'Socle';
  }, [title]);
}
