/** Small pieces shared by the browse screens: record lists, a refresh-on-return hook, the clipboard. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { href } from '../../router';
import { browseHref } from './routes';
import { countryName } from '../../../../main/core/labels';
import type { RecordSummary } from '../../../../main/core/contract';
import type { UiLang } from '../../i18n';
import './browse.css';

/** The browse strings (namespace file browse.<lang>.json). */
export function useBt() {
  return useTranslation('translation', { keyPrefix: 'browse' });
}

/**
 * Reloads when the user comes back to the window: the reading lists are a side file, not records,
 * so the change feed (which keeps the other browse pages current through useResult's `live`)
 * does not announce them; another window or the CLI may have changed them meanwhile.
 */
export function useRefreshOnFocus(reload: () => void): void {
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') reload();
    };
    window.addEventListener('focus', reload);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
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

/** Home > Browse: the trail above every browse page. */
export function BrowseBreadcrumb() {
  const { t } = useBt();
  return (
    <nav className="breadcrumb" aria-label={t('breadcrumb')}>
      <ol>
        <li>
          <a href={href.home()}>{t('home')}</a>
        </li>
        <li>
          <a href={browseHref.index()}>{t('index.title')}</a>
        </li>
      </ol>
    </nav>
  );
}
