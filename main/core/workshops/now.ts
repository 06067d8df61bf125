/**
 * The "now" view of a workshop: which session is running, which comes next, which day it is and
 * which groups are working. A pure function of the workshop and a clock, so the capture screen can
 * recompute it every few seconds without asking the core, and tests can ask about any moment.
 *
 * Session times are wall-clock times at the workshop ("09:00" in Dakar). The clock is read in the
 * given IANA time zone, or in the machine's local zone (the facilitator's laptop is in the room).
 */
import type { Group, Session, Workshop } from '../model';

export type NowStatus = 'before' | 'session' | 'break' | 'between' | 'after';

export interface SessionView {
  id: string;
  day: number;
  date: string;
  start: string;
  end: string;
  title: string;
  kind: Session['kind'];
  groups: Group[];
  rotationMinutes?: number;
}

/** Where a rotating group-work series stands (sessions of one day that share their groups). */
export interface RotationView {
  /** Sessions of the series, in order (Dakar day 2: rotation 1, 2 and 3). */
  sessionIds: string[];
  /** 0-based index of the current rotation in the series. */
  index: number;
  count: number;
  /** Minutes left before participants move on (within the current session). */
  minutesLeft: number;
  /** For each block of participants (block b starts at group b): where it is now and goes next. */
  blocks: { block: number; groupId: string; nextGroupId?: string }[];
}

export interface NowView {
  status: NowStatus;
  /** The instant asked about, ISO. */
  at: string;
  /** Wall-clock date and time at the workshop for that instant. */
  localDate: string;
  localTime: string;
  /** The workshop day of that date, if it is one. */
  day?: { day: number; date: string; title: string };
  current?: SessionView;
  next?: SessionView;
  /** Groups working now (those of the current session). */
  groups: Group[];
  minutesLeft?: number;
  minutesUntilNext?: number;
  rotation?: RotationView;
}

const MINUTES_PER_DAY = 24 * 60;

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Days since 1970-01-01 for a YYYY-MM-DD date (calendar arithmetic, no time zone involved). */
function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round(Date.UTC(y!, m! - 1, d!) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * 86_400_000).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The wall-clock date and minutes-since-midnight (with seconds as a fraction) of an instant. */
export function wallClock(at: Date, timeZone?: string): { date: string; minutes: number } {
  if (!timeZone) {
    const date = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
    return { date, minutes: at.getHours() * 60 + at.getMinutes() + at.getSeconds() / 60 + at.getMilliseconds() / 60_000 };
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute) + Number(parts.second) / 60 + at.getMilliseconds() / 60_000,
  };
}

/** The date of a workshop day: from `days` when listed, else counted from the start date. */
export function dateOfDay(w: Pick<Workshop, 'days' | 'startDate'>, day: number): string {
  return w.days.find((d) => d.day === day)?.date ?? addDays(w.startDate, day - 1);
}

interface Placed {
  session: Session;
  date: string;
  /** Absolute minutes (days since epoch * 1440 + minutes). */
  start: number;
  end: number;
}

function place(w: Workshop): Placed[] {
  return w.sessions
    .map((s) => {
      const date = dateOfDay(w, s.day);
      const base = dayNumber(date) * MINUTES_PER_DAY;
      const start = base + toMinutes(s.start);
      let end = base + toMinutes(s.end);
      if (end <= start) end = start; // an unfinished or inverted slot counts as an instant, never as a day
      return { session: s, date, start, end };
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

function view(w: Workshop, p: Placed): SessionView {
  const groups = p.session.groupIds.map((id) => w.groups.find((g) => g.id === id)).filter((g): g is Group => !!g);
  return {
    id: p.session.id,
    day: p.session.day,
    date: p.date,
    start: p.session.start,
    end: p.session.end,
    title: p.session.title,
    kind: p.session.kind,
    groups,
    ...(p.session.rotationMinutes ? { rotationMinutes: p.session.rotationMinutes } : {}),
  };
}

/**
 * The sessions of a rotating series: group-work sessions of the same day with a rotation time and
 * the same groups (Dakar: three one-hour rotations of the same four groups around lunch).
 */
export function rotationSeries(w: Workshop, sessionId: string): Session[] {
  const s = w.sessions.find((x) => x.id === sessionId);
  if (!s || !s.rotationMinutes || !s.groupIds.length) return s ? [s] : [];
  const key = s.groupIds.join('\n');
  return w.sessions
    .filter((x) => x.day === s.day && x.rotationMinutes && x.groupIds.join('\n') === key)
    .sort((a, b) => toMinutes(a.start) - toMinutes(b.start));
}

/** Rotations in a session: its length divided by the rotation time, at least one. */
function rotationsIn(s: Session): number {
  if (!s.rotationMinutes) return 1;
  return Math.max(1, Math.ceil((toMinutes(s.end) - toMinutes(s.start)) / s.rotationMinutes));
}

/** Block b is at group (b + index) mod n: everyone visits every group once when count = n. */
export function blockAssignments(groupIds: readonly string[], index: number, count: number): RotationView['blocks'] {
  const n = groupIds.length;
  return groupIds.map((_, b) => ({
    block: b,
    groupId: groupIds[(b + index) % n]!,
    ...(index + 1 < count ? { nextGroupId: groupIds[(b + index + 1) % n]! } : {}),
  }));
}

/**
 * How a session sits in its rotation series: the series' sessions, the index of the session's
 * first rotation, and the number of rotations in the whole series.
 */
export function rotationPlan(w: Workshop, sessionId: string): { sessionIds: string[]; offset: number; count: number } {
  const series = rotationSeries(w, sessionId);
  let offset = 0;
  for (const x of series) {
    if (x.id === sessionId) break;
    offset += rotationsIn(x);
  }
  return { sessionIds: series.map((x) => x.id), offset, count: series.reduce((n, x) => n + rotationsIn(x), 0) };
}

function scheduledRotation(w: Workshop, p: Placed, now: number): RotationView | undefined {
  const s = p.session;
  if (!s.rotationMinutes || !s.groupIds.length) return undefined;
  const { sessionIds, offset, count } = rotationPlan(w, s.id);
  const within = Math.min(Math.floor((now - p.start) / s.rotationMinutes), rotationsIn(s) - 1);
  const index = offset + within;
  const rotationEnd = Math.min(p.start + (within + 1) * s.rotationMinutes, p.end);
  return {
    sessionIds,
    index,
    count,
    minutesLeft: Math.max(0, Math.ceil(rotationEnd - now)),
    blocks: blockAssignments(s.groupIds, index, count),
  };
}

/**
 * What is happening at the workshop at `at`. Overlapping sessions (a five-minute agenda slot
 * inside a longer one) resolve to the one that started last.
 */
export function nowView(w: Workshop, at: Date, opts: { timeZone?: string } = {}): NowView {
  const clock = wallClock(at, opts.timeZone);
  const now = dayNumber(clock.date) * MINUTES_PER_DAY + clock.minutes;
  const placed = place(w);
  const hh = Math.floor(clock.minutes / 60);
  const mm = Math.floor(clock.minutes % 60);
  const dayEntry = w.days.find((d) => d.date === clock.date);
  const sessionDay = placed.find((p) => p.date === clock.date)?.session.day;
  const day = dayEntry
    ? { day: dayEntry.day, date: dayEntry.date, title: dayEntry.title }
    : sessionDay !== undefined
      ? { day: sessionDay, date: clock.date, title: '' }
      : undefined;
  const base: NowView = {
    status: 'between',
    at: at.toISOString(),
    localDate: clock.date,
    localTime: `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`,
    ...(day ? { day } : {}),
    groups: [],
  };
  if (!placed.length) {
    const first = dayNumber(w.startDate) * MINUTES_PER_DAY;
    return { ...base, status: now < first ? 'before' : 'after' };
  }
  const running = placed.filter((p) => p.start <= now && now < p.end);
  const current = running.sort((a, b) => b.start - a.start || a.end - b.end)[0];
  const nextP = placed.find((p) => p.start > now);
  const firstStart = placed[0]!.start;
  const lastEnd = Math.max(...placed.map((p) => p.end));
  const status: NowStatus = current
    ? current.session.kind === 'break'
      ? 'break'
      : 'session'
    : now < firstStart
      ? 'before'
      : now >= lastEnd
        ? 'after'
        : 'between';
  const out: NowView = { ...base, status };
  if (current) {
    out.current = view(w, current);
    out.groups = out.current.groups;
    out.minutesLeft = Math.max(0, Math.ceil(current.end - now));
    const rotation = scheduledRotation(w, current, now);
    if (rotation) out.rotation = rotation;
  }
  if (nextP) {
    out.next = view(w, nextP);
    out.minutesUntilNext = Math.max(0, Math.ceil(nextP.start - now));
  }
  return out;
}
