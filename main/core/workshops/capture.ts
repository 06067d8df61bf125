/**
 * Quick capture, the pure part: what a note taken in a group is tagged with, and the good-practice
 * draft a note can be promoted into. The service (./service.ts) saves; this file decides.
 */
import type { DraftOf, Group, Note, Session, Workshop } from '../model';
import { THEME_LABELS } from '../labels';
import { dateOfDay } from './now';
import { mergeTags, parseTags, titleFromText } from './text';
import { themeForTag } from './keywords';

export interface NoteContext {
  workshop: Workshop;
  session?: Session;
  group?: Group;
}

/**
 * The fields a note gets from where it was taken: the workshop, session and group, and the
 * group's country and step when it has them. These are typed fields rather than free tags so that
 * search facets (country, step) and the dashboard can rely on them; free tags are what the
 * facilitator typed as #tags.
 */
export function contextFields(ctx: NoteContext): Pick<Note, 'workshopId' | 'sessionId' | 'groupId' | 'country' | 'step'> {
  return {
    workshopId: ctx.workshop.id,
    ...(ctx.session ? { sessionId: ctx.session.id } : {}),
    ...(ctx.group ? { groupId: ctx.group.id } : {}),
    ...(ctx.group?.country ? { country: ctx.group.country } : {}),
    ...(ctx.group?.step ? { step: ctx.group.step } : {}),
  };
}

/** A note's tags: the #tags of its text, then the extra tags given (chips added in the UI). */
export function noteTags(text: string, extra: readonly string[] = []): string[] {
  return mergeTags(parseTags(text), extra);
}

/** Tags of a note that do not come from its text (kept when the text is edited). */
export function extraTags(note: Pick<Note, 'tags' | 'body'>): string[] {
  const fromText = new Set(parseTags(note.body));
  return note.tags.filter((t) => !fromText.has(t));
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** "Atelier …, Dakar — Séance … (2017-05-24, 11:00-12:00), Groupe 1": where a note was taken. */
export function sourceTitle(ctx: Partial<NoteContext>, lang: 'fr' | 'en'): string {
  const w = ctx.workshop;
  const parts: string[] = [];
  if (w) parts.push(`${w.title}${w.place ? `, ${w.place}` : ''}`);
  if (w && ctx.session) {
    const s = ctx.session;
    parts.push(`${lang === 'en' ? 'session' : 'séance'} « ${s.title} » (${dateOfDay(w, s.day)}, ${s.start}-${s.end})`);
  }
  if (ctx.group) parts.push(`${lang === 'en' ? 'group' : 'groupe'} ${ctx.group.name}`);
  return clip(parts.join(' — ') || (lang === 'en' ? 'Workshop note' : "Note d'atelier"), 500);
}

/**
 * The good-practice draft a note becomes: title from its first line, body = its text as typed,
 * country and step from the note (or its group), themes from its tags that name a known theme,
 * the workshop and session as source, status draft, and a link back to the note.
 * `country` is left out when nobody knows it: the editor then asks for it.
 */
export function practiceFromNote(note: Note, ctx: Partial<NoteContext>, opts: { country?: string } = {}): DraftOf<'practice'> {
  const lang = note.lang === 'en' ? 'en' : 'fr';
  const country = opts.country ?? note.country ?? ctx.group?.country;
  const step = note.step ?? ctx.group?.step;
  const themes: string[] = [];
  for (const tag of note.tags) {
    const theme = themeForTag(tag, THEME_LABELS);
    if (theme && !themes.includes(theme)) themes.push(theme);
  }
  const title =
    titleFromText(note.body) || clip(note.tags.map((t) => `#${t}`).join(' '), 120) || (lang === 'en' ? 'Practice from a workshop note' : "Pratique issue d'une note d'atelier");
  return {
    type: 'practice',
    lang: note.lang,
    title,
    summary: '',
    body: note.body,
    ...(country ? { country } : {}),
    partnerCountries: [],
    themes,
    steps: step ? [step] : [],
    sources: [{ title: sourceTitle(ctx, lang) }],
    status: 'draft',
    sensitivity: note.sensitivity,
    related: [note.id],
  } as DraftOf<'practice'>;
}
