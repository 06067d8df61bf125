/**
 * Glossary matching for cross-language query expansion. A query span "is" a glossary term when its
 * words, keyed language-neutrally, equal one of the term's forms (any language, main name or
 * `also`): key = folded word, Portuguese plural and pre-1990 spelling folding, trailing plural `s` dropped; stop words of
 * any language are ignored inside both, so `socle protection sociale` matches
 * `socle de protection sociale` and `protections sociales` matches `protection sociale`.
 */
import { LANGS, type Lang } from '../vocabulary';
import type { GlossaryTerm } from './types';
import { fold, isStopWordInAnyLanguage, normalizePortuguese, words } from './analysis';
import { modernPortuguese } from './pt-spellings';

export interface GlossarySpan {
  /** First query word of the span (index into the word list). */
  start: number;
  /** One past the last query word of the span. */
  end: number;
  term: CompiledTerm;
}

export interface CompiledTerm {
  id: string;
  /** Per language: the term's forms (main name first, then `also`), each as lowercase words. */
  forms: Record<Lang, string[][]>;
}

/** Language-neutral key of one lowercase word; null for stop words. */
export function glossaryKey(word: string): string | null {
  let f = fold(word);
  if (!f || isStopWordInAnyLanguage(f)) return null;
  f = modernPortuguese(normalizePortuguese(f));
  if (f.length > 3 && f.endsWith('s')) f = f.slice(0, -1);
  return f;
}

export class Glossary {
  /** First key -> candidate key sequences, longest first. */
  private readonly byFirstKey = new Map<string, { keys: string[]; term: CompiledTerm }[]>();

  constructor(terms: readonly GlossaryTerm[] = []) {
    for (const t of terms) {
      const forms = {} as Record<Lang, string[][]>;
      for (const lang of LANGS) {
        const names = [t[lang], ...(t.also?.[lang] ?? [])].filter((s): s is string => typeof s === 'string' && s.trim() !== '');
        const seen = new Set<string>();
        forms[lang] = [];
        for (const n of names) {
          const ws = words(n);
          const k = ws.join(' ');
          if (ws.length && !seen.has(k)) {
            seen.add(k);
            forms[lang].push(ws);
          }
        }
      }
      const term: CompiledTerm = { id: t.id, forms };
      const seenKeys = new Set<string>();
      for (const lang of LANGS) {
        for (const ws of forms[lang]) {
          const keys = ws.map(glossaryKey).filter((k): k is string => k !== null);
          const sig = keys.join(' ');
          if (!keys.length || seenKeys.has(sig)) continue;
          seenKeys.add(sig);
          const list = this.byFirstKey.get(keys[0]!) ?? [];
          list.push({ keys, term });
          list.sort((a, b) => b.keys.length - a.keys.length);
          this.byFirstKey.set(keys[0]!, list);
        }
      }
    }
  }

  get size(): number {
    return this.byFirstKey.size;
  }

  /** Non-overlapping glossary spans in `queryWords` (lowercase), longest match first, left to right. */
  match(queryWords: readonly string[]): GlossarySpan[] {
    if (!this.byFirstKey.size) return [];
    const keyed: { key: string; at: number }[] = [];
    queryWords.forEach((w, at) => {
      const key = glossaryKey(w);
      if (key !== null) keyed.push({ key, at });
    });
    const spans: GlossarySpan[] = [];
    for (let i = 0; i < keyed.length; ) {
      const candidates = this.byFirstKey.get(keyed[i]!.key);
      const hit = candidates?.find((c) => c.keys.length <= keyed.length - i && c.keys.every((k, j) => keyed[i + j]!.key === k));
      if (hit) {
        spans.push({ start: keyed[i]!.at, end: keyed[i + hit.keys.length - 1]!.at + 1, term: hit.term });
        i += hit.keys.length;
      } else i++;
    }
    return spans;
  }
}
