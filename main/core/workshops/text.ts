/**
 * Small text helpers for the workshop feature: accent folding, `#tag` parsing and explainable
 * keyword matching. Pure and isomorphic (the capture screen may parse tags as the user types to
 * show them live, with exactly the rules the core applies on save).
 */
import { tagSchema } from '../model';

/**
 * Folds text for matching: lowercase, accents and ligatures removed, apostrophes and punctuation
 * turned into single spaces. "Mise en œuvre de l'ÉTAPE 1" -> "mise en oeuvre de l etape 1".
 */
export function fold(text: string): string {
  return text
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Like fold() but keeps the case: used to match acronyms such as BIT or BAD without also matching "a bit" or "bad". */
function foldKeepCase(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export const MAX_TAGS = 30;
const MAX_TAG_LENGTH = 60;

/**
 * `#tag` at the start of the text or after a character that cannot be part of a word, a URL path
 * or an HTML entity (so "page#section", "&#39;" and "C#" are not tags). A tag starts with a letter
 * or digit: "# Titre" (a Markdown heading) is not a tag.
 */
const HASHTAG = /(^|[^\p{L}\p{M}\p{N}_&/#])#([\p{L}\p{N}][\p{L}\p{M}\p{N}_-]*)/gu;

/**
 * Normalises one tag: NFC, camelCase split into kebab-case ("MobileMoney" -> "mobile-money"),
 * "_" turned into "-", lowercased, repeated or edge hyphens removed. Returns undefined when what
 * is left is not a valid tag (see tagSchema in model.ts).
 */
export function normalizeTag(raw: string): string | undefined {
  const tag = raw
    .normalize('NFC')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1-$2')
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_TAG_LENGTH)
    .replace(/-+$/, '');
  return tag && tagSchema.safeParse(tag).success ? tag : undefined;
}

/**
 * The `#tags` typed in a text, normalised and de-duplicated in order of first appearance.
 * The text itself is never changed: the note keeps what was typed.
 */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(HASHTAG)) {
    const tag = normalizeTag(m[2]!);
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

/** The text without its #tags (for keyword matching, where a tag already counts on its own). */
export function stripTags(text: string): string {
  return text.replace(HASHTAG, '$1');
}

/** De-duplicates tags (normalising each), keeping the first occurrence, capped at MAX_TAGS. */
export function mergeTags(...lists: (readonly string[] | undefined)[]): string[] {
  const out: string[] = [];
  for (const list of lists) {
    for (const raw of list ?? []) {
      const tag = normalizeTag(raw);
      if (tag && !out.includes(tag)) out.push(tag);
    }
  }
  return out.slice(0, MAX_TAGS);
}

/** The first non-empty line of a text, without Markdown heading/list markers and without #tags. */
export function titleFromText(text: string, max = 120): string {
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine
      .replace(/^\s{0,3}#{1,6}\s+/, '')
      .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
      .replace(HASHTAG, '$1')
      .replace(/\s+/g, ' ')
      .trim();
    if (!line) continue;
    if (line.length <= max) return line;
    const cut = line.slice(0, max - 1);
    const space = cut.lastIndexOf(' ');
    return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
  }
  return '';
}

/**
 * A list of keywords for one concept (a step, a theme, a partner, a dashboard heading).
 * `words` are matched as whole words/phrases on folded text (case- and accent-insensitive);
 * `acronyms` are matched case-sensitively, so "BIT" (Bureau international du Travail) is found
 * but "a bit" is not.
 */
export interface Keywords {
  words: readonly string[];
  acronyms?: readonly string[];
}

/** Text prepared once for many keyword lookups. */
export class MatchText {
  private readonly folded: string;
  private readonly cased: string;
  constructor(text: string) {
    this.folded = ` ${fold(text)} `;
    this.cased = ` ${foldKeepCase(text)} `;
  }
  /** The keywords found (as written in the list), in list order. */
  find(keywords: Keywords): string[] {
    const found: string[] = [];
    for (const w of keywords.words) {
      const f = fold(w);
      if (f && this.folded.includes(` ${f} `)) found.push(w);
    }
    for (const a of keywords.acronyms ?? []) if (this.cased.includes(` ${foldKeepCase(a)} `)) found.push(a);
    return found;
  }
  has(keywords: Keywords): boolean {
    return this.find(keywords).length > 0;
  }
}

/**
 * The dashboard's dates, written once for the screen and the HTML export so both say the same:
 * "23 mai 2017 – 25 mai 2017" from two YYYY-MM-DD days (no time zone involved).
 */
export function workshopDatesLabel(startDate: string, endDate: string, lang: 'fr' | 'en'): string {
  const day = (iso: string) => {
    const d = new Date(`${iso}T12:00:00Z`);
    if (Number.isNaN(d.getTime())) return iso;
    return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(d);
  };
  return startDate === endDate ? day(startDate) : `${day(startDate)} – ${day(endDate)}`;
}

/** When a dashboard was compiled: "4 décembre 2026, 19:30 UTC" (UTC, so the screen and a file sent elsewhere agree). */
export function compiledAtLabel(iso: string, lang: 'fr' | 'en'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(d);
  return `${date}, ${d.toISOString().slice(11, 16)} UTC`;
}
