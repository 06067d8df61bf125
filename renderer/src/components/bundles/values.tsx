/**
 * Showing record fields and import reasons to people: field names, values (countries, themes and
 * branches by name), and the core's English reasons in the UI language.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n';
import { GUARANTEE_LABELS, LANG_LABELS, STEP_LABELS, TYPE_LABELS, branchLabel, countryName, themeLabel } from '../../../../main/core/labels';
import type { Branch, Guarantee, Lang, RecordType } from '../../../../main/core/model';
import type { Publisher } from '../../../../main/core/bundles/format';

/** A field's name: the practice form's label where there is one, else the sharing screens' own. */
export function fieldLabel(t: TFunction, field: string): string {
  return t(`practice.fields.${field}`, { defaultValue: t(`bundles.fields.${field}`, { defaultValue: field }) });
}

export function publisherLabel(p: Publisher, lang: Lang): string {
  return [p.name, p.organisation, p.country ? countryName(p.country, lang) : ''].filter(Boolean).join(', ');
}

/** The import preview's reasons are fixed English sentences (main/core/bundles/import.ts); known ones are translated. */
const REASONS: Record<string, string> = {
  'same content': 'sameContent',
  'deleted here; this same version is in your trash': 'sameInTrash',
  'deleted here, but changed by the publisher': 'deletedHere',
  'a newer version of a record not changed here': 'newerVersion',
  'a newer revision; not changed here since the last import': 'newerRevision',
  'the bundled library version, changed by the publisher': 'libraryChanged',
  'another version of the bundled library; yours is kept': 'libraryKept',
  'already imported; you changed it since, your version is kept': 'alreadyImported',
  'older than the version last imported from this publisher': 'older',
  'an older version of your record': 'olderOfYours',
  'changed both here and by the publisher': 'changedBoth',
  'guides ship with Socle and are never imported': 'guide',
};
const WAITING = '; already waiting in the conflicts list';
const OTHER_KIND = /^"(.+)" is a (\w+) here, not a (\w+)$/;

/** The reason in the UI language, or the core's English sentence (then marked lang="en"). */
export function reasonText(t: TFunction, lang: Lang, reason: string): { text: string; lang?: string } {
  const waiting = reason.endsWith(WAITING);
  const base = waiting ? reason.slice(0, -WAITING.length) : reason;
  const suffix = waiting ? ` ${t('bundles.reasons.waiting')}` : '';
  const key = REASONS[base];
  if (key) return { text: `${t(`bundles.reasons.${key}`)}${suffix}` };
  const m = OTHER_KIND.exec(base);
  const here = m?.[2] as RecordType | undefined;
  const there = m?.[3] as RecordType | undefined;
  if (m && here && there && TYPE_LABELS[here] && TYPE_LABELS[there]) {
    return { text: `${t('bundles.reasons.otherKind', { id: m[1], here: TYPE_LABELS[here][lang], there: TYPE_LABELS[there][lang] })}${suffix}` };
  }
  return { text: reason, lang: 'en' };
}

export function Reason({ reason }: { reason: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const r = reasonText(t, lang, reason);
  return <span lang={r.lang}>{r.text}</span>;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

/** One field's value, side by side in the conflicts view. */
export function FieldValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (isEmpty(value)) return <span className="value empty-value">{t('conflict.empty')}</span>;
  const list = (xs: string[]) => <span className="value">{xs.join(', ')}</span>;
  const strings = Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number') ? (value as (string | number)[]).map(String) : undefined;
  switch (field) {
    case 'country':
      return <span className="value">{countryName(String(value), lang)}</span>;
    case 'partnerCountries':
      if (strings) return list(strings.map((c) => countryName(c, lang)));
      break;
    case 'themes':
    case 'tags':
      if (strings) return list(strings.map((x) => themeLabel(x, lang)));
      break;
    case 'branches':
      if (strings) return list(strings.map((b) => branchLabel(b as Branch, lang)));
      break;
    case 'guarantees':
      if (strings) return list(strings.map((g) => GUARANTEE_LABELS[g as Guarantee]?.[lang] ?? g));
      break;
    case 'steps':
      if (strings) return list(strings.map((s) => STEP_LABELS[Number(s) as 1 | 2 | 3]?.[lang] ?? s));
      break;
    case 'lang':
      return <span className="value">{LANG_LABELS[value as Lang] ?? String(value)}</span>;
    case 'status':
    case 'sensitivity':
      return <span className="value">{t(`practice.${field}.${String(value)}`, { defaultValue: String(value) })}</span>;
    case 'sources':
      if (Array.isArray(value)) {
        return (
          <ul className="value">
            {(value as { title?: string; url?: string }[]).map((s, i) => (
              <li key={i}>
                {s.title}
                {s.url ? ` — ${s.url}` : ''}
              </li>
            ))}
          </ul>
        );
      }
      break;
  }
  if (typeof value === 'string') return <span className="value value-text">{value}</span>;
  if (typeof value === 'number' || typeof value === 'boolean') return <span className="value">{String(value)}</span>;
  if (strings) return list(strings);
  return <pre className="value value-json">{JSON.stringify(value, null, 2)}</pre>;
}
