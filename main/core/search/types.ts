/**
 * The search engine's public shapes. The engine itself (./engine.ts) is pure TypeScript over lunr;
 * the hub feeds it `SearchDoc`s derived from records and never lets it see storage.
 */
import type { Lang, RecordType } from '../model';

/** What the engine indexes for one record (one language version). */
export interface SearchDoc {
  id: string;
  type: RecordType;
  lang: Lang;
  title: string;
  summary: string;
  /** Plain text (Markdown already stripped). */
  body: string;
  /** Extra searchable text: country names, theme labels, translated titles, tags. */
  keywords: string;
  /** Facet fields. `countries` = the record's country plus partner countries. */
  countries: string[];
  steps: number[];
  branches: string[];
  guarantees: string[];
  themes: string[];
  instrument?: string;
  updatedAt: string;
}

/**
 * A SearchDoc without its texts (summary, body, keywords): what the data-dir index cache stores for
 * each user document, next to the segments that index it. The texts are fetched again when needed
 * (snippets, re-indexing) through `SearchEngineOptions.docOf`, from the records the hub holds anyway.
 */
export interface DocMeta extends Omit<SearchDoc, 'summary' | 'body' | 'keywords'> {
  /** The revision key (engine.ts `revisionKey`) of the full document the segments indexed. */
  rev: string;
}

export const FACETS = ['type', 'lang', 'country', 'step', 'branch', 'guarantee', 'theme'] as const;
export type FacetName = (typeof FACETS)[number];

export interface SearchQuery {
  q: string;
  type?: RecordType[];
  lang?: Lang[];
  country?: string[];
  step?: number[];
  branch?: string[];
  guarantee?: string[];
  theme?: string[];
  limit?: number;
  offset?: number;
  /**
   * The interface language: the prior of the query-language detection (./query-lang.ts). Without
   * it, a single `lang` filter serves as the prior, else French.
   */
  uiLang?: Lang;
}

export interface SearchHit {
  /** The record's id (a hit through a record's translation has the record's id too). */
  id: string;
  type: RecordType;
  /** The record's language. */
  lang: Lang;
  /** The language of the text that matched: the record's, or one of its translations'. */
  matchedLang: Lang;
  /** The title in `matchedLang`. */
  title: string;
  score: number;
  /** HTML-escaped text in which matched words are wrapped in <mark>...</mark>; nothing else is markup. */
  snippet: string;
  countries: string[];
  updatedAt: string;
  /** Set when the record matched only some of the query's words (ranked after full matches). */
  partial?: boolean;
  /**
   * What to highlight when the record is opened from this hit: lowercase words and phrases (a
   * phrase is several words separated by single spaces), as they appear in the matched text.
   */
  highlights: string[];
}

export interface SearchResult {
  query: string;
  total: number;
  hits: SearchHit[];
  /** facet -> value -> number of matching records (over all matches, not just this page). */
  facets: Record<FacetName, Record<string, number>>;
  /** The language the query was taken to be in (./query-lang.ts). */
  queryLang?: Lang;
  /**
   * A corrected query, offered whenever a word is unknown in the query's language (even when it
   * exists in another), or when nothing matched exactly and a corrected query was used instead.
   */
  didYouMean?: string;
  /** True when the corrected query's results come first (the original had few in the query's language). */
  corrected?: boolean;
  /** True when the results come from the fuzzy retry. */
  fuzzy: boolean;
}

/** A glossary term: its names per language, used to expand queries across languages. */
export interface GlossaryTerm {
  id: string;
  fr: string;
  en: string;
  pt: string;
  also?: Partial<Record<Lang, string[]>>;
  definition?: Partial<Record<Lang, string>>;
}

/** A serialized index segment (per language), as written at build time or to the data dir cache. */
export interface SerializedSegment {
  lang: Lang;
  /**
   * The segment's inverted index: a `SegmentJSON` of ./segment.ts (format "socle-segment/1":
   * sorted terms, document ids, field lengths and postings as base64 varints). Not lunr's JSON,
   * which was 15x larger and 20x slower to load; see ./segment.ts. Or the SegmentIndex itself,
   * as read from (or to be written to) a binary index file (./index-file.ts).
   */
  index: object;
  /** Ids this segment indexed, with the revision key they were indexed at (for cache validation). */
  refs: Record<string, string>;
  /**
   * The metadata of the segment's documents, slot by slot (read from the index cache's columns,
   * ./doc-columns.ts): `loadBase` then takes every slot as a document of its own, with no `docs`
   * list and no `refs` check (the columns were written from the very documents the slots index).
   */
  docs?: SegmentDocs;
}

/** Documents' metadata per slot of a segment (./doc-columns.ts `DocColumns`). */
export interface SegmentDocs {
  readonly count: number;
  /** The document without texts (`light`: the engine fetches texts through `docOf`). */
  doc(slot: number): SearchDoc;
  /** Its revision key (engine.ts `revisionKey` of the full document indexed). */
  rev(slot: number): string;
  /**
   * The documents' facet values as codes of `codeFor` (./facets.ts `FacetIndex.codeFor`, called
   * once per distinct value): per slot, one distinct list per facet in FACETS order.
   */
  facetCodes(codeFor: (facet: number, value: string) => number): (slot: number) => number[][];
}
