/** Pieces shared by the sharing screens: the export/import/conflicts tabs and the nav badge. */
import { useTranslation } from 'react-i18next';
import { bundleHref } from './routes';
import { useConflictCount } from './conflict-count';
import './bundles.css';

export function ShareTabs({ current }: { current: 'export' | 'import' | 'conflicts' }) {
  const { t } = useTranslation();
  const count = useConflictCount();
  const tabs = [
    { key: 'export', to: bundleHref.export(), label: t('bundles.tabs.export') },
    { key: 'import', to: bundleHref.import(), label: t('bundles.tabs.import') },
    { key: 'conflicts', to: bundleHref.conflicts(), label: t('bundles.tabs.conflicts') },
  ] as const;
  return (
    <nav className="share-tabs" aria-label={t('bundles.tabs.label')}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.key}>
            <a href={tab.to} aria-current={tab.key === current ? 'page' : undefined}>
              {tab.label}
              {tab.key === 'conflicts' && count ? <CountBadge count={count} /> : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function CountBadge({ count }: { count: number }) {
  const { t } = useTranslation();
  return (
    <span className="count-badge" data-conflict-count={count}>
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden"> ({t('bundles.nav.badge', { count })})</span>
    </span>
  );
}

/** Beside "Share" in the main navigation: how many conflicts wait for a decision. */
export function ConflictBadge() {
  const count = useConflictCount();
  return count ? <CountBadge count={count} /> : null;
}
