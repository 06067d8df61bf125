/**
 * Pieces shared by the workshop screens: translations (the "workshop" keys, see
 * i18n/workshop.*.json), the workshop's own sub-navigation, labels for sessions and groups, and a
 * polite live region for announcements ("Note saved", "Undone: …").
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group, Session, Workshop } from '../../../../main/core/model';
import { STEP_LABELS, countryName } from '../../../../main/core/labels';
import { whref } from './routes';
import { localeOf } from '../../lib';
import type { UiLang } from '../../i18n';
import './workshop.css';

/** `t` for the workshop keys (workshop.*) and `tc` for the app's common keys. */
export function useWt() {
  const { t } = useTranslation('translation', { keyPrefix: 'workshop' });
  const { t: tc } = useTranslation();
  return { t, tc };
}

export type WorkshopTab = 'home' | 'capture' | 'plans' | 'dashboard';

/** The workshop's sections, on every workshop screen. */
export function WorkshopNav({ workshop, current }: { workshop: Pick<Workshop, 'id' | 'title'>; current: WorkshopTab }) {
  const { t } = useWt();
  const tabs: { tab: WorkshopTab; to: string }[] = [
    { tab: 'home', to: whref.home(workshop.id) },
    { tab: 'capture', to: whref.capture(workshop.id) },
    { tab: 'plans', to: whref.plans(workshop.id) },
    { tab: 'dashboard', to: whref.dashboard(workshop.id) },
  ];
  return (
    <nav className="ws-subnav ws-no-print" aria-label={t('nav.label', { title: workshop.title })}>
      <p className="ws-subnav-back">
        <a href={whref.list()}>{t('nav.all')}</a>
      </p>
      <ul>
        {tabs.map(({ tab, to }) => (
          <li key={tab}>
            <a href={to} aria-current={tab === current ? 'page' : undefined}>
              {t(`nav.${tab}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function useSessionKindLabel() {
  const { t } = useWt();
  return (kind: Session['kind']) => t(`kinds.${kind}`);
}

/**
 * A group's name short enough for a list of rotations: "Groupe 1 — Étape 1 : le développement…"
 * becomes "Groupe 1" (the part before a dash, when there is one); other names stay whole.
 */
export function shortGroupName(name: string): string {
  const m = /^(.{2,40}?)\s+[—–-]\s+\S/.exec(name);
  return m ? m[1]! : name;
}

/** "Étape 2", "Sénégal", or the topic: what a group is about, in a few words. */
export function groupKindText(g: Group, lang: UiLang, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (g.kind === 'step' && g.step) return STEP_LABELS[g.step][lang];
  if (g.kind === 'country' && g.country) return t('groupKind.country', { country: countryName(g.country, lang) });
  return t('groupKind.topic');
}

/** "mardi 23 mai 2017" / "Tuesday 23 May 2017" from YYYY-MM-DD (no time zone involved). */
export function formatDay(date: string, lang: UiLang, style: 'long' | 'short' = 'long'): string {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(localeOf(lang), {
    timeZone: 'UTC',
    ...(style === 'long' ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } : { day: 'numeric', month: 'short' }),
  }).format(d);
}

/** "T1 2026" / "Q1 2026" from "2026-Q1". */
export function quarterLabel(q: string, lang: UiLang): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(q);
  if (!m) return q;
  return lang === 'en' ? `Q${m[2]} ${m[1]}` : `T${m[2]} ${m[1]}`; // trimestre (fr, pt) / quarter
}

/** A countdown: "59:07", "60:00" (minutes up to 99, as facilitators say them), then "2:05:09". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const s = String(total % 60).padStart(2, '0');
  if (total < 100 * 60) return `${Math.floor(total / 60)}:${s}`;
  const h = Math.floor(total / 3600);
  const m = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  return `${h}:${m}:${s}`;
}

/**
 * A polite live region and a function to announce in it. The same message twice in a row is
 * still announced (the text is cleared first).
 */
export function useAnnouncer(): [string, (message: string) => void] {
  const [message, setMessage] = useState('');
  const timer = useRef<number | undefined>(undefined);
  const announce = useCallback((m: string) => {
    setMessage('');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setMessage(m), 50);
  }, []);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return [message, announce];
}

export function LiveRegion({ message, className }: { message: string; className?: string }) {
  return (
    <div className={className ?? 'visually-hidden'} role="status" aria-live="polite">
      {message}
    </div>
  );
}

/** A workshop's dates: "23–25 mai 2017". */
export function workshopDates(w: Pick<Workshop, 'startDate' | 'days'>, lang: UiLang): string {
  const dates = w.days.map((d) => d.date).sort();
  const first = dates[0] ?? w.startDate;
  const last = dates.at(-1) ?? w.startDate;
  if (first === last) return formatDay(first, lang);
  const f = new Intl.DateTimeFormat(localeOf(lang), { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
  const a = new Date(`${first}T12:00:00Z`);
  const b = new Date(`${last}T12:00:00Z`);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return `${first} – ${last}`;
  return f.formatRange(a, b);
}
