/**
 * The benchmark's query set: ~240 varied, deterministic queries over the corpus vocabulary, each
 * tagged with a category so slow kinds of query stand out in the results.
 */
import type { SearchQuery } from '../main/core/search/types';
import { prng, pick, int, VOCAB, type Rand } from './corpus';

export type QueryCategory =
  | 'word-fr'
  | 'word-en'
  | 'unaccented'
  | 'phrase-fr'
  | 'phrase-en'
  | 'prefix'
  | 'filtered'
  | 'misspelled';

export interface BenchQuery {
  category: QueryCategory;
  query: SearchQuery;
}

export function foldAccents(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

/** A word from a rank band of the frequency-ordered list (head, body, tail). */
function fromBand(rand: Rand, words: string[], band: 'head' | 'mid' | 'tail'): string {
  const [lo, hi] = band === 'head' ? [0, 30] : band === 'mid' ? [30, 150] : [150, words.length - 1];
  return words[int(rand, lo, Math.min(hi, words.length - 1))]!;
}
const BANDS = ['head', 'mid', 'mid', 'tail'] as const;

function misspell(rand: Rand, w: string): string {
  const chars = [...w];
  const i = int(rand, 1, chars.length - 2);
  switch (int(rand, 0, 2)) {
    case 0: // transposition
      [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
      break;
    case 1: // dropped letter
      chars.splice(i, 1);
      break;
    default: // wrong letter
      chars[i] = chars[i] === 'e' ? 'a' : 'e';
  }
  return chars.join('');
}

const FILTERS: Omit<SearchQuery, 'q'>[] = [
  { country: ['SN'] },
  { type: ['practice'] },
  { country: ['SN', 'CV'] },
  { lang: ['en'] },
  { step: [2] },
  { country: ['CM'], type: ['practice'] },
  { branch: ['old-age'] },
  { theme: ['cash-transfers'] },
];

export function makeQueries(seed = 7): BenchQuery[] {
  const rand = prng(seed);
  const fr = VOCAB.fr.contentWords;
  const en = VOCAB.en.contentWords;
  const out: BenchQuery[] = [];
  const add = (category: QueryCategory, q: string, extra: Omit<SearchQuery, 'q'> = {}) => out.push({ category, query: { q, ...extra } });

  for (let i = 0; i < 60; i++) add('word-fr', fromBand(rand, fr, BANDS[i % 4]!));
  for (let i = 0; i < 35; i++) add('word-en', fromBand(rand, en, BANDS[i % 4]!));
  const accented = fr.filter((w) => foldAccents(w) !== w.toLowerCase());
  for (let i = 0; i < 20; i++) add('unaccented', foldAccents(pick(rand, accented)));
  for (let i = 0; i < 25; i++) {
    const p = i < 15 ? pick(rand, VOCAB.fr.phraseList) : `${fromBand(rand, fr, 'head')} ${fromBand(rand, fr, 'mid')}`;
    add('phrase-fr', p.split(' ').slice(0, 2).join(' '));
  }
  for (let i = 0; i < 15; i++) add('phrase-en', pick(rand, VOCAB.en.phraseList).split(' ').slice(0, 2).join(' '));
  // Prefixes as typed: the same word at 3..7 letters, and a finished word followed by a prefix.
  for (let i = 0; i < 7; i++) {
    const w = fromBand(rand, i % 2 ? en : fr, i < 4 ? 'head' : 'mid');
    for (let len = 3; len <= Math.min(7, w.length - 1); len++) add('prefix', w.slice(0, len));
  }
  for (let i = 0; i < 8; i++) {
    const [a, b] = pick(rand, i % 2 ? VOCAB.en.phraseList : VOCAB.fr.phraseList).split(' ');
    add('prefix', `${a} ${b!.slice(0, Math.max(3, Math.ceil(b!.length / 2)))}`);
  }
  for (let i = 0; i < 40; i++) {
    const r = rand();
    const q =
      r < 0.4
        ? fromBand(rand, fr, pick(rand, BANDS))
        : r < 0.6
          ? fromBand(rand, en, pick(rand, BANDS))
          : r < 0.85
            ? pick(rand, VOCAB.fr.phraseList).split(' ').slice(0, 2).join(' ')
            : foldAccents(pick(rand, accented));
    add('filtered', q, FILTERS[i % FILTERS.length]!);
  }
  const long = [...fr.slice(0, 200), ...en.slice(0, 120)].filter((w) => w.length >= 6 && !w.includes('-'));
  for (let i = 0; i < 20; i++) add('misspelled', misspell(rand, pick(rand, long)));
  const seen = new Set<string>();
  return out.filter((x) => {
    const key = JSON.stringify(x.query);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
