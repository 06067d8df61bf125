/**
 * Deterministic benchmark corpus: French and English practice records (~70% fr / 30% en) of
 * ~300 words each (title ~8, summary ~40, body ~250 incl. results and lessons), written from the
 * real domain vocabulary in ./vocabulary.ts with a Zipf-like word frequency. Every record is
 * validated against practiceSchema, so the store and the hub accept them as they are.
 */
import {
  BRANCHES,
  COUNTRY_NAMES,
  GUARANTEES,
  THEMES,
  practiceSchema,
  type Practice,
} from '../main/core/model';
import {
  CONTENT_EN,
  CONTENT_FR,
  FUNCTION_EN,
  FUNCTION_FR,
  PHRASES_EN,
  PHRASES_FR,
  wordList,
} from './vocabulary';

/* ------------------------------------------------------------------------------------------ */
/* Seeded randomness                                                                          */

/** mulberry32: small, fast, good enough for test data; same seed, same corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;

export const int = (rand: Rand, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
export const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** Picks from a list by a Zipf–Mandelbrot law over the list order: weight 1 / (rank + q)^s. */
export class Zipf<T> {
  private readonly cum: Float64Array;
  constructor(
    readonly items: readonly T[],
    s = 1.0,
    q = 2.7,
  ) {
    this.cum = new Float64Array(items.length);
    let total = 0;
    for (let i = 0; i < items.length; i++) {
      total += 1 / Math.pow(i + 1 + q, s);
      this.cum[i] = total;
    }
    for (let i = 0; i < items.length; i++) this.cum[i]! /= total;
  }
  draw(rand: Rand): T {
    const x = rand();
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Language models                                                                            */

export interface LangVocab {
  lang: 'fr' | 'en';
  content: Zipf<string>;
  fn: Zipf<string>;
  phrases: Zipf<string>;
  contentWords: string[];
  phraseList: readonly string[];
}

export const VOCAB: Record<'fr' | 'en', LangVocab> = {
  fr: {
    lang: 'fr',
    content: new Zipf(wordList(CONTENT_FR), 1.0, 2.7),
    fn: new Zipf(wordList(FUNCTION_FR), 1.1, 1),
    phrases: new Zipf(PHRASES_FR, 1.0, 1.5),
    contentWords: wordList(CONTENT_FR),
    phraseList: PHRASES_FR,
  },
  en: {
    lang: 'en',
    content: new Zipf(wordList(CONTENT_EN), 1.0, 2.7),
    fn: new Zipf(wordList(FUNCTION_EN), 1.1, 1),
    phrases: new Zipf(PHRASES_EN, 1.0, 1.5),
    contentWords: wordList(CONTENT_EN),
    phraseList: PHRASES_EN,
  },
};

const VOWEL_START = /^[aeiouyàâéèêëîïôöûùœh]/i;

/** One sentence of about `n` words: phrases, content words and function words, French elisions. */
function sentence(rand: Rand, v: LangVocab, n: number): string {
  const out: string[] = [];
  let count = 0;
  let lastWasFn = false;
  while (count < n) {
    const r = rand();
    if (r < 0.16) {
      const p = v.phrases.draw(rand);
      out.push(p);
      count += p.split(' ').length;
      lastWasFn = false;
    } else if (r < 0.55 && !lastWasFn) {
      out.push(v.fn.draw(rand));
      count++;
      lastWasFn = true;
    } else {
      out.push(v.content.draw(rand));
      count++;
      lastWasFn = false;
    }
  }
  // French elisions: "la assurance" -> "l'assurance", "de économie" -> "d'économie".
  if (v.lang === 'fr') {
    for (let i = 0; i < out.length - 1; i++) {
      const w = out[i]!;
      const next = out[i + 1]!;
      if ((w === 'le' || w === 'la' || w === 'de' || w === 'que' || w === 'ne' || w === 'se') && VOWEL_START.test(next)) {
        out[i] = `${w === 'que' ? 'qu' : w[0]}'${next}`;
        out.splice(i + 1, 1);
      }
    }
  }
  let s = out.join(' ');
  s = s[0]!.toUpperCase() + s.slice(1);
  if (rand() < 0.25) {
    const cut = s.indexOf(' ', Math.floor(s.length / 2));
    if (cut > 0) s = s.slice(0, cut) + ',' + s.slice(cut);
  }
  return s + '.';
}

function textOfWords(rand: Rand, v: LangVocab, words: number): string {
  const parts: string[] = [];
  let left = words;
  while (left > 0) {
    const n = Math.min(left, int(rand, 9, 22));
    parts.push(sentence(rand, v, n));
    left -= n;
  }
  return parts.join(' ');
}

function title(rand: Rand, v: LangVocab, country: string): string {
  const name = COUNTRY_NAMES[country]?.[v.lang] ?? country;
  const n = int(rand, 5, 8);
  const words: string[] = [];
  words.push(v.phrases.draw(rand));
  while (words.join(' ').split(' ').length < n) {
    words.push(rand() < 0.35 ? v.fn.draw(rand) : v.content.draw(rand));
  }
  const t = words.join(' ');
  return `${name}${v.lang === 'fr' ? ' : ' : ': '}${t[0]!.toUpperCase()}${t.slice(1)}`;
}

const HEADINGS = {
  fr: ['Contexte', 'Description', 'Mise en œuvre', 'Financement', 'Acteurs', 'Défis'],
  en: ['Context', 'Description', 'Implementation', 'Financing', 'Actors', 'Challenges'],
};

function bodyMarkdown(rand: Rand, v: LangVocab, words: number): string {
  const paras: string[] = [];
  let left = words;
  let h = 0;
  while (left > 0) {
    const n = Math.min(left, int(rand, 45, 80));
    if (rand() < 0.6) paras.push(`## ${HEADINGS[v.lang][h++ % HEADINGS[v.lang].length]}`);
    paras.push(textOfWords(rand, v, n));
    left -= n;
  }
  return paras.join('\n\n') + '\n';
}

function bullets(rand: Rand, v: LangVocab, words: number): string {
  const lines: string[] = [];
  let left = words;
  while (left > 0) {
    const n = Math.min(left, int(rand, 8, 14));
    lines.push(`- ${sentence(rand, v, n)}`);
    left -= n;
  }
  return lines.join('\n') + '\n';
}

/* ------------------------------------------------------------------------------------------ */
/* Records                                                                                    */

const MAIN_COUNTRIES = ['SN', 'CV', 'CM', 'TG', 'BR', 'DZ'];
const OTHER_COUNTRIES = Object.keys(COUNTRY_NAMES).filter((c) => !MAIN_COUNTRIES.includes(c));

function sample<T>(rand: Rand, xs: readonly T[], min: number, max: number): T[] {
  const n = int(rand, min, max);
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
  return out;
}

export function benchId(i: number): string {
  return `bench-practice-${String(i).padStart(6, '0')}`;
}

export function makePractice(i: number, seed = 20251129): Practice {
  const rand = prng(seed * 1_000_003 + i);
  const lang = rand() < 0.7 ? 'fr' : 'en';
  const v = VOCAB[lang];
  const country = rand() < 0.75 ? pick(rand, MAIN_COUNTRIES) : pick(rand, OTHER_COUNTRIES);
  const partners = sample(rand, [...MAIN_COUNTRIES, ...OTHER_COUNTRIES].filter((c) => c !== country), 0, 3);
  const created = new Date(Date.UTC(2012, 0, 1) + Math.floor(rand() * 13 * 365 * 86_400_000));
  const updated = new Date(created.getTime() + Math.floor(rand() * 400 * 86_400_000));
  const other = lang === 'fr' ? VOCAB.en : VOCAB.fr;
  const draft = {
    id: benchId(i),
    rev: 1,
    createdAt: created.toISOString(),
    updatedAt: updated.toISOString(),
    lang,
    origin: { kind: 'local', installId: 'bench' },
    type: 'practice',
    title: title(rand, v, country),
    summary: textOfWords(rand, v, int(rand, 34, 46)),
    body: bodyMarkdown(rand, v, int(rand, 180, 220)),
    country,
    partnerCountries: partners,
    themes: sample(rand, THEMES, 1, 3),
    steps: sample(rand, [1, 2, 3] as const, 1, 2).sort(),
    branches: sample(rand, BRANCHES, 0, 2),
    guarantees: sample(rand, GUARANTEES, 0, 2),
    sdgTargets: rand() < 0.5 ? ['1.3'] : [],
    results: rand() < 0.8 ? bullets(rand, v, int(rand, 18, 30)) : '',
    lessons: rand() < 0.7 ? bullets(rand, v, int(rand, 14, 26)) : '',
    sources: rand() < 0.5 ? [{ title: `${pick(rand, ['Rapport', 'Report', 'Étude', 'Study'])} ${1990 + int(rand, 0, 35)}` }] : [],
    contact: rand() < 0.4 ? `${pick(rand, ['Ministère', 'Caisse nationale', 'Ministry', 'National fund'])} (${country})` : '',
    status: rand() < 0.6 ? 'validated' : 'draft',
    sensitivity: 'shareable',
    translations: rand() < 0.2 ? { [other.lang]: { title: title(rand, other, country), summary: textOfWords(rand, other, 20) } } : {},
    related: [],
  };
  return practiceSchema.parse(draft);
}

/** `n` practices, deterministic for a given seed (record i is the same whatever n is). */
export function makeCorpus(n: number, seed = 20251129): Practice[] {
  const out = new Array<Practice>(n);
  for (let i = 0; i < n; i++) out[i] = makePractice(i + 1, seed);
  return out;
}

/** Rough word counts, to check the corpus looks like what it claims. */
export function corpusStats(records: Practice[]): { fr: number; en: number; avgWords: Record<string, number> } {
  const wc = (s: string) => (s.match(/[\p{L}\p{N}]+/gu) ?? []).length;
  const sum = { title: 0, summary: 0, body: 0, total: 0 };
  let fr = 0;
  for (const r of records) {
    if (r.lang === 'fr') fr++;
    const t = wc(r.title);
    const s = wc(r.summary);
    const b = wc(r.body) + wc(r.results) + wc(r.lessons);
    sum.title += t;
    sum.summary += s;
    sum.body += b;
    sum.total += t + s + b;
  }
  const n = records.length || 1;
  const avgWords = Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, Math.round(v / n)]));
  return { fr, en: records.length - fr, avgWords };
}
