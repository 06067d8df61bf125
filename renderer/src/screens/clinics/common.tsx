/**
 * Pieces shared by the skills-clinic screens (coverage sheets, projects, comparison): the
 * "clinics" translations (i18n/clinics.*.json), routes, number fields that accept what people
 * type ("10 000", "1,5"), the illustrative-figures banner and the section's navigation.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { subscribe } from '../../live';
import type { Lang } from '../../../../main/core/model';
import { ILLUSTRATIVE_NOTICE } from '../../../../main/core/clinics/text';
import { api } from '../../api';
import '../../components/workshop/workshop.css';
import './clinics.css';

export function useCt() {
  const { t, i18n } = useTranslation('translation', { keyPrefix: 'clinics' });
  const lang: Lang = i18n.language === 'en' ? 'en' : i18n.language === 'pt' ? 'pt' : 'fr';
  return { t, lang };
}

/**
 * Ids of records created by a "new" screen in this window: the screen keeps its instance (and
 * what is typed) when the address changes from new to the id (see index.tsx).
 */
export const adoptedIds = new Set<string>();

export const chref = {
  home: () => '#/clinics',
  coverage: (id: string, params?: Record<string, string>) => `#/coverage/${encodeURIComponent(id)}${params ? `?${new URLSearchParams(params)}` : ''}`,
  project: (id: string, params?: Record<string, string>) => `#/project/${encodeURIComponent(id)}${params ? `?${new URLSearchParams(params)}` : ''}`,
  compare: (a?: string, b?: string) => {
    const p = new URLSearchParams();
    if (a) p.set('a', a);
    if (b) p.set('b', b);
    const qs = p.toString();
    return `#/compare${qs ? `?${qs}` : ''}`;
  },
};

/**
 * A typed figure as a number: spaces (also thin and no-break ones) are thousands separators, a
 * comma is a decimal point. '' is "unknown" (undefined); anything else unreadable is NaN.
 */
export function parseFigure(text: string): number | undefined {
  const s = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!s) return undefined;
  return /^-?\d*\.?\d+$|^-?\d+\.$/.test(s) ? Number(s) : Number.NaN;
}

export const figureText = (n: number | undefined | null): string => (n === undefined || n === null ? '' : String(n));

export function IllustrativeBanner({ show }: { show: boolean }) {
  const { lang } = useCt();
  if (!show) return null;
  return (
    <p className="notice notice-warning clinic-illustrative" data-illustrative="true">
      <strong>{ILLUSTRATIVE_NOTICE[lang]}</strong>
    </p>
  );
}

export function ClinicsNav({ current }: { current: 'home' | 'coverage' | 'project' | 'compare' }) {
  const { t } = useCt();
  const items = [
    { key: 'home', to: chref.home(), label: t('home.title') },
    { key: 'compare', to: chref.compare(), label: t('compare.title') },
  ] as const;
  return (
    <nav className="ws-subnav ws-no-print" aria-label={t('navLabel')}>
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            <a href={i.to} aria-current={i.key === current ? 'page' : undefined}>
              {i.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The newer revision of record `id` saved elsewhere (another window, the CLI, a bundle import)
 * than `rev`, the one this screen holds; null while there is none. Deleted elsewhere: -1.
 */
export function useChangedElsewhere(id: string | undefined, rev: number | undefined): number | null {
  const [newer, setNewer] = useState<number | null>(null);
  useEffect(() => {
    setNewer(null);
    if (!id || rev === undefined) return undefined;
    return subscribe(
      (c) => c.kind === 'record' && c.id === id && (c.deleted === true || (c.rev ?? 0) > rev),
      () => {
        void api.get({ id }).then((r) => setNewer(!r.ok ? -1 : r.value.rev > rev ? r.value.rev : null));
      },
    );
  }, [id, rev]);
  return newer;
}
