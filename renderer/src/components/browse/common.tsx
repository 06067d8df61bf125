/** Small pieces shared by the browse screens: record lists, a refresh-on-return hook, the clipboard. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { href } from '../../router';
import { countryName } from '../../../../main/core/labels';
import type { RecordSummary } from '../../../../main/core/contract';
import type { UiLang } from '../../i18n';
import './browse.css';

/** The browse strings (namespace file browse.<lang>.json). */
export function useBt() {
  return useTranslation('translation', { keyPrefix: 'browse' });
}

/**
 * Keeps a browse page current: it reloads when a record changes anywhere (the hub's change feed,
 * a long poll: this window, another one, the CLI or a workshop room on the same data folder) and
 * when the user comes back to the window (reading lists are a side file, not in the feed).
 * Pages are computed fresh by the core on each call, so a reload is all it takes.
 */
export function useRefreshOnReturn(reload: () => void): void {
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') reload();
    };
    window.addEventListener('focus', reload);
    document.addEventListener('visibilitychange', onVisible);
    let live = true;
    void (async () => {
      let since: number | undefined;
      while (live) {
        const r = await api.changes(since === undefined ? {} : { since, waitMs: 25_000 });
        if (!live) return;
        if (!r.ok) {
          await new Promise((resolve) => setTimeout(resolve, 5_000)); // the hub is away: try again later
          continue;
        }
        const changed = since !== undefined && (r.value.reset || r.value.changes.some((c) => c.kind === 'record'));
        since = r.value.seq;
        if (changed) reload();
      }
    })();
    return () => {
      live = false;
      window.removeEventListener('focus', reload);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [reload]);
}

/** Record links as cards (title, country, summary); the text's language is marked when it differs from the UI's. */
export function RecordCards({ items, lang, showCountry = true }: { items: RecordSummary[]; lang: UiLang; showCountry?: boolean }) {
  const { t } = useTranslation();
  return (
    <ul className="cards browse-cards">
      {items.map((r) => {
        // A guide shown in another language (no version in the UI's) says so to screen readers.
        const textLang = r.type === 'guide' && r.lang !== lang ? r.lang : undefined;
        return (
          <li key={r.id} className="card">
            <a href={href.record(r.id)} lang={textLang}>
              {r.title}
            </a>
            <p className="meta browse-card-meta">
              {showCountry && r.country ? countryName(r.country, lang) : null}
              {showCountry && r.country && r.status ? ' · ' : null}
              {r.status ? t(`practice.status.${r.status}`) : null}
            </p>
            {r.summary ? <p lang={textLang}>{r.summary}</p> : null}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Copies text to the clipboard: the async Clipboard API (a secure context: the app:// window,
 * http://127.0.0.1), else a hidden textarea and execCommand for older engines.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (permissions, not focused): try the fallback.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
