/**
 * Socle's offline search engine: pure TypeScript (no Node APIs, so it runs in the main process, a
 * worker thread or the renderer), lunr-languages analysis and lunr's BM25 over compact segments
 * (./segment.ts explains why not lunr's own index).
 *
 * Layout, per language (fr, en, pt):
 *   - base segments, built ahead of time and loaded with `loadBase`: the bundled library
 *     (immutable) and the user-records cache;
 *   - sealed segments: former deltas, immutable;
 *   - one delta segment, rebuilt from the few documents changed since the base (lazily, at the
 *     next search) and sealed when it reaches `deltaThreshold` documents.
 * Every document has exactly one authoritative (segment, slot); hits from any other segment for
 * that id are ignored. That is how an edit or a delete shadows the base without rebuilding it.
 * `compact` (a merge of postings, no re-analysis) or `replaceUserBase` (segments built in a worker
 * by `buildSegments`) folds all user documents back into one user base per language.
 *
 * Documents may be loaded without their texts (`DocMeta`, what `exportUserMeta` gives for the
 * data-dir cache): searching needs only the segments and the metadata (title, facets, dates); the
 * texts are fetched through `SearchEngineOptions.docOf` for the hits that get a snippet (a small
 * LRU keeps them) and for a document that has to be indexed again.
 *
 * Scoring statistics (document count, document frequencies, average field lengths) are taken per
 * language over live slots only, across all segments, so a document scores the same wherever it
 * lives: edits, compaction and cache round trips do not change results.
 *
 * Query semantics (see `search`): words are analysed per language (./analysis.ts); within one
 * language's segments every word is required, except stop words and words that are absent from
 * that language but known in another (so a French `au` does not empty the English results); the
 * last word also matches as a prefix while it is being typed; glossary terms are replaced, per
 * language, by that language's names for them. A word known nowhere triggers the fuzzy retry.
 * Around that, in files of their own: the query's language (./query-lang.ts), tiers, the
 * language prior and the folding of a record's translations into one hit (./ranking.ts,
 * ./versions.ts), curated synonyms (./synonyms.ts), phrases and highlights (./phrases.ts). This
 * file runs them: `collect` executes a query plan per language (full matches, then the soft AND
 * when the query's language has few), `search` adds the corrected query's results when needed.
 */
import { LANGS, RECORD_TYPES, type Lang } from '../vocabulary';
import {
  type DocMeta,
  type GlossaryTerm,
  type SearchDoc,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SegmentDocs,
  type SerializedSegment,
} from './types';
import { WORD, editDistance as editDistanceCapped, fold, isStopWord, term as termOf } from './analysis';
import { Glossary, glossaryKey, type GlossarySpan } from './glossary';
import { detectQueryLang, type WordEvidence } from './query-lang';
import { SYNONYM_WEIGHT, synonymTerms } from './synonyms';
import { containsPhrases, hitHighlights, planPhrases, quotedRanges, type PhraseSet } from './phrases';
import { FEW_RESULTS, OTHER_LANGUAGE_FACTOR, TIER_CORRECTED, TIER_FULL, TIER_PARTIAL, foldVersions } from './ranking';
import { Collected, MatchColumns, langCode, topK } from './matches';
import { recordIdOf, versionIds } from './versions';
import { FIELDS, NF, SegmentIndex, idf, type ResolvedClause } from './segment';
import { makeSnippet, type SnippetMatch } from './snippet';
import { FacetIndex } from './facets';

export { FIELDS, FIELD_BOOSTS, SEGMENT_FORMAT, type SegmentJSON } from './segment';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 500;
export const DEFAULT_DELTA_THRESHOLD = 32;
export const DEFAULT_MAX_SEALED = 4;
/**
 * Documents per step of `loadBaseInSteps`: ~15-25 ms of work on the 2-core bench machine (3,000
 * made the step the longest of the cold start again); each pause costs a turn of the event loop,
 * which on a loaded machine can wait for a core, so not much smaller.
 */
export const LOAD_CHUNK = 1500;
/** The last word matches as a prefix only from this many (folded) characters. */
export const PREFIX_MIN_CHARS = 3;
/** Boost of terms reached only through the prefix (an exact match of the word counts 1). */
const PREFIX_BOOST = 0.3;
/** A prefix expanding to more terms than this is cut (keeps "pre…" on a huge vocabulary bounded). */
const MAX_PREFIX_TERMS = 2000;
const MAX_QUERY_WORDS = 32;
/** A word known in other languages but not the query's gets a correction from this many letters. */
const FOREIGN_MIN_CHARS = 5;
/** Soft AND (all words but one) is tried for queries of at most this many words. */
const MAX_SOFT_AND_CLAUSES = 8;
const MAX_QUERY_CHARS = 1000;
/** Glossary alternatives run per language (the product of the matched terms' forms is capped). */
const MAX_ALTERNATIVES = 12;
/** Texts fetched through `docOf` for snippets, kept for this many documents (a few result pages). */
const TEXT_CACHE_SIZE = 256;

export type Layer = 'library' | 'user';
type SegmentKind = Layer | 'sealed' | 'delta';

export interface SearchEngineOptions {
  glossary?: GlossaryTerm[];
  /** Delta size (documents) at which it is sealed. Default 32. */
  deltaThreshold?: number;
  /** Sealed segments beyond which `needsCompaction()` says yes. Default 4. */
  maxSealed?: number;
  /**
   * The current full document for an id. Needed when documents are loaded as `DocMeta` (without
   * their texts, as the data-dir cache stores them): the engine asks for the texts of the few
   * documents it makes a snippet of (kept in a small LRU), and of any document it has to index
   * again (its base segment is unreadable or does not cover it). Without it, such documents get
   * empty snippets and are re-indexed from their title and metadata only.
   */
  docOf?: (id: string) => SearchDoc | undefined;
}

export interface EngineStats {
  docs: number;
  library: number;
  user: number;
  sealedSegments: number;
  deltaDocs: Record<Lang, number>;
  /** Superseded or deleted slots still present in user base / sealed segments. */
  deadSlots: number;
  /** What the last `loadBase` did: segments given, rejected as unreadable, documents indexed from text. */
  lastLoad: { layer: Layer; segments: number; rejected: number; indexedFromText: number } | null;
}

/**
 * The revision key a segment records for each document (SerializedSegment.refs): the document's
 * updatedAt, language, the lengths of its indexed texts and a hash of its title. Cheap enough to
 * check every cached document at load (hashing whole texts cost ~100 ms per 10,000 documents);
 * every save changes updatedAt, and a change in how SearchDocs are derived changes the lengths
 * (or should bump the hub's cache version).
 */
export function revisionKey(doc: SearchDoc): string {
  let h = 0x811c9dc5;
  const title = doc.title ?? '';
  for (let i = 0; i < title.length; i++) h = Math.imul(h ^ title.charCodeAt(i), 0x01000193);
  const lens = `${title.length}.${(doc.summary ?? '').length}.${(doc.keywords ?? '').length}.${(doc.body ?? '').length}`;
  return `${doc.updatedAt}#${doc.lang}#${lens}#${(h >>> 0).toString(36)}`;
}

/* ------------------------------------------------------------------------------------------ */

interface DocEntry {
  /** The document; loaded from a DocMeta, its summary, body and keywords are empty (`light`). */
  doc: SearchDoc;
  /** The revision key of the version the index holds (`revisionKey` of the full document). */
  rev: string;
  /** Loaded without its texts (DocMeta): `docOf` supplies them when needed. */
  light: boolean;
  layer: Layer;
  typeRank: number;
  /** Dense document number (facet bitsets). */
  num: number;
  /** Authoritative segment and slot (slot -1 while pending in a dirty delta). */
  seg: Segment | null;
  slot: number;
  /** The record id (./versions.ts): the id itself, or the record a translation belongs to. */
  rid: string;
  /** A dense number for `rid` (SearchEngine.recordNums). */
  rnum: number;
  /** A translation's version, or a record that has some: its hits are folded per record. */
  versioned: boolean;
}

/** A segment as the engine uses it: the index plus who owns each slot, and live statistics. */
class Segment {
  owners: (DocEntry | null)[] = [];
  /** The owner's document number per slot (-1: none): what the per-match loop reads (./matches.ts). */
  slotNum = new Int32Array(0);
  /** Owned (live) slots and the sum of their field lengths. */
  owned = 0;
  readonly ownedLen = new Float64Array(NF);
  private dead: number[] | null = null;
  private readonly liveDfMemo = new Map<string, number>();

  constructor(
    readonly id: number,
    readonly lang: Lang,
    public kind: SegmentKind,
    public ix: SegmentIndex,
    /** Revision keys recorded when the segment was built (loaded segments only). */
    readonly refs: Record<string, string> | null = null,
  ) {
    this.reset(ix);
  }

  reset(ix: SegmentIndex): void {
    this.ix = ix;
    this.owners = new Array<DocEntry | null>(ix.docCount).fill(null);
    this.slotNum = new Int32Array(ix.docCount).fill(-1);
    this.owned = 0;
    this.ownedLen.fill(0);
    this.changed();
  }

  own(slot: number, e: DocEntry): void {
    if (this.owners[slot] === null) {
      this.owned++;
      for (let f = 0; f < NF; f++) this.ownedLen[f]! += this.ix.fieldLen[slot * NF + f]!;
    }
    this.owners[slot] = e;
    this.slotNum[slot] = e.num;
    this.changed();
  }

  release(slot: number): void {
    if (this.owners[slot] === null) return;
    this.owners[slot] = null;
    this.slotNum[slot] = -1;
    this.owned--;
    for (let f = 0; f < NF; f++) this.ownedLen[f]! -= this.ix.fieldLen[slot * NF + f]!;
    this.changed();
  }

  get deadSlots(): number {
    return this.ix.docCount - this.owned;
  }

  /** Document frequency over live slots only. */
  liveDf(term: string): number {
    const t = this.ix.termIds.get(term);
    if (t === undefined) return 0;
    const df = this.ix.offsets[t + 1]! - this.ix.offsets[t]!;
    if (this.owned === this.ix.docCount) return df;
    let live = this.liveDfMemo.get(term);
    if (live === undefined) {
      const dead = (this.dead ??= this.owners.flatMap((o, slot) => (o ? [] : [slot])));
      let gone = 0;
      if (dead.length * 16 < df) for (const d of dead) gone += this.ix.entriesFor(t, d);
      else for (let p = this.ix.offsets[t]!; p < this.ix.offsets[t + 1]!; p++) if (!this.owners[this.ix.postDoc[p]!]) gone++;
      live = df - gone;
      this.liveDfMemo.set(term, live);
    }
    return live;
  }

  private changed(): void {
    this.dead = null;
    this.liveDfMemo.clear();
  }
}

interface Delta {
  seg: Segment;
  ids: Set<string>;
  dirty: boolean;
}

/* ------------------------------------------------------------------------------------------ */

interface QueryWord {
  word: string;
  folded: string;
  start: number;
  end: number;
}

type WordStatus =
  | { kind: 'stop' }
  | { kind: 'absent'; term: string }
  | { kind: 'present'; term: string; prefix: string | null; syn: readonly string[] };

/** Everything one run of a query needs (./engine.ts `search` builds it; a corrected query reuses it). */
interface QueryPlan {
  qwords: QueryWord[];
  spans: GlossarySpan[];
  prefixWord: number;
  unknown: Set<number>;
  fuzzy: boolean;
  corrections: Map<number, string>;
  /** Per query word, the index of the quoted range it is in (-1: none). */
  quoteOf: number[];
  queryLang: Lang;
  status: (lang: Lang, word: string, folded: string, allowPrefix: boolean) => WordStatus;
  /** Filled by `collect`. */
  phrases?: Record<Lang, PhraseSet>;
}

type RunFn = (clauses: ClauseSpec[], coverage: number, tier: number, norm: number) => void;

/** `q` with the words at `fixes`' indices replaced. */
function applyFixes(q: string, qwords: readonly QueryWord[], fixes: ReadonlyMap<number, string>): string {
  let fixed = '';
  let pos = 0;
  for (const [i, word] of [...fixes].sort((a, b) => a[0] - b[0])) {
    fixed += q.slice(pos, qwords[i]!.start) + word;
    pos = qwords[i]!.end;
  }
  return fixed + q.slice(pos);
}

/** One conjunct before resolution against a segment. */
interface ClauseSpec {
  term: string;
  /** Also match every term starting with this (the word being typed). */
  prefix: string | null;
  /** Fuzzy retry: match terms within this edit distance instead of the term itself... */
  fuzzy: number;
  /** ...and this term: the suggested correction's (it catches typos the stemmer mangles). */
  corrected: string | null;
  /** Synonym terms (./synonyms.ts) present in this language, matched with a lower weight. */
  syn: readonly string[];
}

/**
 * One conjunction to run against a language's segments. `coverage` is the share of the query's
 * (non-stop) words it requires; scores are multiplied by it, so documents matching every word
 * rank above those of a language where some words had to be skipped.
 */
interface Alternative {
  clauses: ClauseSpec[];
  coverage: number;
  /**
   * Scores are multiplied by this: the number of words typed over the number of words required
   * (below 1 for a glossary form longer than what was typed, so that a document matching the
   * seven words of a treaty's full title does not outscore one matching `convention 102` seven
   * times over).
   */
  norm: number;
}

function clampInt(v: unknown, dflt: number, min: number, max: number): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? Math.floor(v) : dflt;
  return Math.min(max, Math.max(min, n));
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return a.slice(0, i);
}

const TYPE_RANK = new Map<string, number>(RECORD_TYPES.map((t, i) => [t, i]));
const COLLATOR = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

const isStr = (v: unknown): v is string => typeof v === 'string';
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const arr = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);

/** Validates a SearchDoc; returns it as is when well formed, else a repaired copy. */
export function normalizeDoc(doc: SearchDoc): SearchDoc {
  if (!doc || typeof doc.id !== 'string' || !doc.id) throw new TypeError('SearchDoc needs an id');
  if (doc.lang !== 'fr' && doc.lang !== 'en' && doc.lang !== 'pt') throw new TypeError(`SearchDoc ${doc.id}: unknown lang ${String(doc.lang)}`);
  if (
    isStr(doc.title) && isStr(doc.summary) && isStr(doc.body) && isStr(doc.keywords) && isStr(doc.updatedAt) &&
    Array.isArray(doc.countries) && Array.isArray(doc.steps) && Array.isArray(doc.branches) &&
    Array.isArray(doc.guarantees) && Array.isArray(doc.themes)
  ) {
    return doc;
  }
  return {
    ...doc,
    title: str(doc.title),
    summary: str(doc.summary),
    body: str(doc.body),
    keywords: str(doc.keywords),
    updatedAt: str(doc.updatedAt),
    countries: arr(doc.countries),
    steps: arr(doc.steps),
    branches: arr(doc.branches),
    guarantees: arr(doc.guarantees),
    themes: arr(doc.themes),
  };
}

/**
 * A plain object copy of a SearchDoc (a `ColumnDoc`'s getters included), field by field; without
 * its texts when `texts` is false. `instrument` is present only when set, as in `toSearchDoc`.
 */
export function plainDoc(d: SearchDoc, texts = true): SearchDoc {
  const out = {
    id: d.id,
    type: d.type,
    lang: d.lang,
    title: d.title,
    ...(texts ? { summary: d.summary, body: d.body, keywords: d.keywords } : {}),
    countries: d.countries,
    steps: d.steps,
    branches: d.branches,
    guarantees: d.guarantees,
    themes: d.themes,
    updatedAt: d.updatedAt,
  } as SearchDoc;
  const instrument = d.instrument;
  if (instrument !== undefined) out.instrument = instrument;
  return out;
}

/** The index of a serialized segment: decoded already (read from a binary index file), or its JSON form. */
function segmentOf(s: SerializedSegment): SegmentIndex {
  return s.index instanceof SegmentIndex ? s.index : SegmentIndex.fromJSON(s.index, s.lang);
}

/** A document as given to `loadBase` / `replaceUserBase`: full, or metadata only. */
type LoadedDoc = { doc: SearchDoc; rev: string; light: boolean };

function isMeta(d: SearchDoc | DocMeta): d is DocMeta {
  return typeof (d as DocMeta).rev === 'string' && typeof (d as Partial<SearchDoc>).body !== 'string';
}

/** Validates a SearchDoc or a DocMeta (which becomes a SearchDoc with empty texts). */
function normalizeInput(raw: SearchDoc | DocMeta): LoadedDoc {
  if (raw && isMeta(raw)) {
    // Built field by field (no spread: this runs for every cached document at start-up).
    const doc: SearchDoc = {
      id: raw.id,
      type: raw.type,
      lang: raw.lang,
      title: raw.title,
      summary: '',
      body: '',
      keywords: '',
      countries: raw.countries,
      steps: raw.steps,
      branches: raw.branches,
      guarantees: raw.guarantees,
      themes: raw.themes,
      instrument: raw.instrument,
      updatedAt: raw.updatedAt,
    };
    return { doc: normalizeDoc(doc), rev: raw.rev, light: true };
  }
  const doc = normalizeDoc(raw);
  return { doc, rev: revisionKey(doc), light: false };
}

/**
 * A light document with the texts of a fetched version (only the texts: a fetched version must not
 * change what a hit says otherwise). A plain copy: a document read from columns has getters, which
 * a spread would not copy (./doc-columns.ts).
 */
function withTexts(d: SearchDoc, t: { summary: string; body: string; keywords: string }): SearchDoc {
  return { ...plainDoc(d, false), summary: t.summary, body: t.body, keywords: t.keywords };
}

function byId(a: SearchDoc, b: SearchDoc): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/* ------------------------------------------------------------------------------------------ */

export class SearchEngine {
  private readonly entries = new Map<string, DocEntry>();
  private readonly bases: Record<Layer, Segment[]> = { library: [], user: [] };
  private sealed: Segment[] = [];
  private readonly deltas: Record<Lang, Delta>;
  private nextSegmentId = 1;
  private readonly facetIndex = new FacetIndex();
  private glossary: Glossary;
  private readonly deltaThreshold: number;
  private readonly maxSealed: number;
  private lastLoad: EngineStats['lastLoad'] = null;
  /** Bumped by every change; keys the suggestion cache. */
  private version = 0;
  private readonly suggestions = new Map<string, string | null>();
  private suggestionsVersion = -1;
  private browseOrder: DocEntry[] | null = null;
  private readonly docOf: ((id: string) => SearchDoc | undefined) | undefined;
  /** id -> texts fetched through `docOf` for snippets (least recently used first). */
  private readonly texts = new Map<string, SearchDoc>();
  /** Record id -> number of its translation versions indexed (records absent have none). */
  private readonly versionCount = new Map<string, number>();
  /** Record id -> dense number (DocEntry.rnum), for per-match arrays instead of maps. Never shrinks. */
  private readonly recordNums = new Map<string, number>();
  /** Per document number, what the per-match steps read (./matches.ts). */
  private readonly cols = new MatchColumns<DocEntry>();
  /** The matches of a query and of its corrected form, reused from query to query (./matches.ts). */
  private readonly collected = [new Collected(), new Collected()] as const;

  constructor(opts: SearchEngineOptions = {}) {
    this.docOf = opts.docOf;
    this.glossary = new Glossary(opts.glossary ?? []);
    this.deltaThreshold = Math.max(1, opts.deltaThreshold ?? DEFAULT_DELTA_THRESHOLD);
    this.maxSealed = Math.max(1, opts.maxSealed ?? DEFAULT_MAX_SEALED);
    this.deltas = { fr: this.newDelta('fr'), en: this.newDelta('en'), pt: this.newDelta('pt') };
  }

  /** Replaces the glossary (queries from now on expand with it). */
  setGlossary(terms: GlossaryTerm[]): void {
    this.glossary = new Glossary(terms);
    this.version++;
  }

  /* ---------------------------------------------------------------------------- building */

  /** One segment per language present in `docs`, serialized. Deterministic (id order, sorted terms). */
  static buildSegments(docs: SearchDoc[]): SerializedSegment[] {
    const out: SerializedSegment[] = [];
    const all = docs.map(normalizeDoc);
    for (const lang of LANGS) {
      const mine = all.filter((d) => d.lang === lang).sort(byId);
      if (!mine.length) continue;
      const refs: Record<string, string> = {};
      for (const d of mine) refs[d.id] = revisionKey(d);
      out.push({ lang, index: SegmentIndex.build(lang, mine).toJSON(), refs });
    }
    return out;
  }

  /**
   * Loads prebuilt segments and their documents' metadata as the `layer` base (default
   * 'library'), replacing that layer's previous base. Never fails on a bad cache: a document whose
   * revision key does not match its segment's `refs` (stale cache), or whose segment is missing
   * or unreadable (damaged file, other format), is indexed from its text instead (see
   * `stats().lastLoad`), so the results are always those of the documents given.
   * Documents edited in this session (delta/sealed) keep precedence, and a user document shadows
   * the library document with the same id whatever the load order. A segment that carries its
   * documents' metadata (`SerializedSegment.docs`, the index cache's columns) needs no entry in
   * `docs`: each of its slots is a light document whose fields are read from the columns on demand.
   */
  loadBase(segments: SerializedSegment[], docs: readonly (SearchDoc | DocMeta)[], opts: { layer?: Layer } = {}): void {
    const steps = this.loadBaseSteps(segments, docs, opts.layer ?? 'library', Infinity);
    while (!steps.next().done);
  }

  /**
   * `loadBase` cut in steps of `chunk` documents, awaiting `pause()` between two (a full turn of
   * the caller's event loop: a load of 12,000 documents is ~90 ms in one step, 120,000 over a
   * second). Until it resolves the engine holds part of the base: its caller must not answer
   * searches from it meanwhile (the hub's cold path waits for it). Edits made meanwhile
   * (upsert/remove) behave as they do after a load, except that a document removed before its
   * turn comes back with the base: the caller reconciles with its records after the load, as the
   * hub does. If `pause` throws (the load was superseded), the load stops there.
   */
  async loadBaseInSteps(
    segments: SerializedSegment[],
    docs: readonly (SearchDoc | DocMeta)[],
    opts: { layer?: Layer; chunk?: number; pause: () => Promise<void> },
  ): Promise<void> {
    for (const _ of this.loadBaseSteps(segments, docs, opts.layer ?? 'library', Math.max(1, opts.chunk ?? LOAD_CHUNK))) await opts.pause();
  }

  private *loadBaseSteps(segments: SerializedSegment[], docs: readonly (SearchDoc | DocMeta)[], layer: Layer, chunk: number): Generator<void, void, void> {
    // A document without an id or a known language throws here, before anything has changed.
    const inputs: LoadedDoc[] = new Array<LoadedDoc>(docs.length);
    // (Checking is cheaper than loading: 4 chunks per step.)
    for (let i = 0; i < docs.length; i++) {
      inputs[i] = normalizeInput(docs[i]!);
      if ((i + 1) % (chunk * 4) === 0) yield;
    }
    this.flush();
    const fresh: Segment[] = [];
    // Segments that carry their documents' metadata (columns of the index cache): every slot is a
    // document, read from the columns on demand; `seg` is undefined when the segment was rejected.
    const columnar: { seg: Segment | undefined; docs: SegmentDocs }[] = [];
    let rejected = 0;
    for (const s of segments) {
      let seg: Segment | undefined;
      try {
        if (!(LANGS as readonly string[]).includes(s?.lang)) throw new TypeError(`segment for unknown lang ${String(s?.lang)}`);
        // An already decoded segment (built in a worker, see ./build-user-index.ts, or read from the
        // binary index file) is taken as is.
        const ix = segmentOf(s);
        if (ix.lang !== s.lang) throw new TypeError(`segment for ${ix.lang} given as ${s.lang}`);
        if (s.docs && s.docs.count !== ix.docCount) throw new TypeError(`segment for ${s.lang}: ${s.docs.count} documents for ${ix.docCount} slots`);
        seg = new Segment(this.nextSegmentId++, s.lang, layer, ix, s.refs ?? {});
        fresh.push(seg);
      } catch {
        rejected++; // unreadable (damaged, or another format): its documents are indexed from their text below
      }
      if (s?.docs) columnar.push({ seg, docs: s.docs });
    }
    // Forget the previous base of this layer: every library document (they only come from here),
    // or the user documents the previous user base held (session edits in deltas stay).
    const previous = new Set(this.bases[layer]);
    for (const e of [...this.entries.values()]) {
      if (e.layer === layer && (layer === 'library' || (e.seg !== null && previous.has(e.seg)))) this.remove(e.doc.id);
    }
    this.bases[layer] = fresh;
    const uncovered: DocEntry[] = [];
    const place = (doc: SearchDoc, rev: string, light: boolean, seg: Segment | undefined, slot: number, codes?: number[][]) => {
      const existing = this.entries.get(doc.id);
      if (existing) {
        const pendingEdit = existing.seg && (existing.seg.kind === 'delta' || existing.seg.kind === 'sealed');
        if (pendingEdit && existing.layer === 'user') return;
        if (layer === 'library' && existing.layer === 'user') return;
        this.detach(existing);
        this.dropFromDeltas(doc.id);
      }
      const entry = this.setEntry(doc, layer, rev, light, codes);
      if (seg) this.setOwner(entry, seg, slot);
      else uncovered.push(entry);
    };
    let done = 0;
    for (const { doc, rev, light } of inputs) {
      if (done++ % chunk === chunk - 1) yield;
      // A document the columns give already is theirs (the columns and their slots are one file).
      if (columnar.some((c) => c.seg?.lang === doc.lang && c.seg.ix.docNums.has(doc.id))) continue;
      let seg: Segment | undefined;
      for (const s of fresh) if (s.lang === doc.lang && s.refs?.[doc.id] === rev && s.ix.docNums.has(doc.id)) seg = s;
      place(doc, rev, light, seg, seg ? seg.ix.docNums.get(doc.id)! : -1);
    }
    const codeFor = (f: number, v: string) => this.facetIndex.codeFor(f, v);
    for (const { seg, docs: cols } of columnar) {
      const codesOf = cols.facetCodes(codeFor);
      for (let slot = 0; slot < cols.count; slot++) {
        if (done++ % chunk === chunk - 1) yield;
        place(cols.doc(slot), cols.rev(slot), true, seg, slot, codesOf(slot));
      }
    }
    // Documents no segment covers (stale or unreadable cache): a few go to the delta; many get a
    // base segment of their own, built now, so that a bad cache costs one build, not a pile of deltas.
    if (uncovered.length < this.deltaThreshold) {
      for (const e of uncovered) this.addToDelta(e);
    } else {
      for (const e of uncovered) this.hydrate(e);
      for (const lang of LANGS) {
        const mine = uncovered.filter((e) => e.doc.lang === lang);
        if (!mine.length) continue;
        const seg = new Segment(this.nextSegmentId++, lang, layer, SegmentIndex.build(lang, mine.map((e) => e.doc)));
        this.bases[layer].push(seg);
        for (const e of mine) this.setOwner(e, seg, seg.ix.docNums.get(e.doc.id)!);
      }
    }
    this.lastLoad = { layer, segments: segments.length, rejected, indexedFromText: uncovered.length };
    this.browseOrder = null;
    this.version++;
  }

  /**
   * Adds or replaces a document (user layer); searchable at the next `search`. Upserting exactly
   * the bundled version of a library document (same revision key) restores its library slot.
   */
  upsert(raw: SearchDoc): void {
    const doc = normalizeDoc(raw);
    const prev = this.entries.get(doc.id);
    if (prev) this.detach(prev);
    const rev = revisionKey(doc);
    const lib = this.bases.library.find((s) => s.lang === doc.lang && s.ix.docNums.has(doc.id) && s.refs?.[doc.id] === rev);
    const entry = this.setEntry(doc, lib ? 'library' : 'user', rev, false);
    if (lib) {
      this.dropFromDeltas(doc.id);
      this.setOwner(entry, lib, lib.ix.docNums.get(doc.id)!);
    } else this.addToDelta(entry);
    this.version++;
  }

  /** Removes a document (a tombstone: its slot in any base segment is ignored from now on). */
  remove(id: string): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    this.detach(e);
    this.dropFromDeltas(id);
    this.entries.delete(id);
    if (e.rid !== id) {
      const n = (this.versionCount.get(e.rid) ?? 1) - 1;
      if (n > 0) this.versionCount.set(e.rid, n);
      else {
        this.versionCount.delete(e.rid);
        const main = this.entries.get(e.rid);
        if (main) {
          main.versioned = false;
          this.cols.sync(main);
        }
      }
    }
    this.texts.delete(id);
    this.facetIndex.release(e.num);
    this.cols.drop(e.num);
    this.browseOrder = null;
    this.version++;
    return true;
  }

  /**
   * Adds or replaces all language versions of one record (./docs.ts `toSearchDocs`: the record's
   * document first, then its translations'); versions it no longer has are removed.
   */
  upsertRecord(docs: readonly SearchDoc[]): void {
    if (!docs.length) return;
    const rid = recordIdOf(docs[0]!.id);
    const keep = new Set(docs.map((d) => d.id));
    for (const id of [rid, ...versionIds(rid)]) if (!keep.has(id)) this.remove(id);
    for (const d of docs) this.upsert(d);
  }

  /** Removes a record and all its language versions. */
  removeRecord(id: string): boolean {
    let removed = this.remove(id);
    for (const v of versionIds(id)) removed = this.remove(v) || removed;
    return removed;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The layer that holds the document `id` (a user document edited back to its bundled version is 'library'). */
  layerOf(id: string): Layer | undefined {
    return this.entries.get(id)?.layer;
  }

  size(): number {
    return this.entries.size;
  }

  stats(): EngineStats {
    let library = 0;
    for (const e of this.entries.values()) if (e.layer === 'library') library++;
    return {
      docs: this.entries.size,
      library,
      user: this.entries.size - library,
      sealedSegments: this.sealed.length,
      deltaDocs: { fr: this.deltas.fr.ids.size, en: this.deltas.en.ids.size, pt: this.deltas.pt.ids.size },
      deadSlots: this.deadSlots(),
      lastLoad: this.lastLoad,
    };
  }

  /* ---------------------------------------------------------------------------- compaction */

  /** True when enough changes piled up (sealed segments, dead base slots) to warrant `compact()`. */
  needsCompaction(): boolean {
    return this.sealed.length >= this.maxSealed || this.deadSlots() >= this.maxSealed * this.deltaThreshold;
  }

  /**
   * Folds every user document into one user base segment per language and drops the sealed
   * segments and deltas. A merge of the existing postings (no text analysis): the result is
   * exactly what `buildSegments` would produce from the current user documents.
   */
  compact(): void {
    this.flush();
    const fresh: Segment[] = [];
    for (const lang of LANGS) {
      const holders = [...this.bases.user, ...this.sealed, this.deltas[lang].seg].filter((s) => s.lang === lang);
      const parts = holders.map((seg) => ({ ix: seg.ix, keep: (slot: number) => seg.owners[slot]?.layer === 'user' }));
      const ix = SegmentIndex.merge(lang, parts);
      if (ix.docCount) fresh.push(new Segment(this.nextSegmentId++, lang, 'user', ix));
    }
    this.installUserBase(fresh, () => true);
  }

  /**
   * Swaps in a user base built elsewhere (a worker running `buildSegments` on a snapshot of the
   * user documents). Documents changed or removed after the snapshot are detected through the
   * segments' revision keys: changed ones stay in (or move to) the delta, removed ones stay hidden.
   */
  replaceUserBase(segments: SerializedSegment[], docs: readonly (SearchDoc | DocMeta)[]): void {
    this.flush();
    const snapshot = new Map<string, string>();
    for (const d of docs) {
      const { doc, rev } = normalizeInput(d);
      snapshot.set(doc.id, rev);
    }
    const fresh = segments.map(
      (s) => new Segment(this.nextSegmentId++, s.lang, 'user', segmentOf(s), s.refs ?? {}),
    );
    this.installUserBase(fresh, (seg, entry) => (seg.refs?.[entry.doc.id] ?? snapshot.get(entry.doc.id)) === entry.rev);
  }

  /**
   * The user base: serialized segments and the user documents (full: documents loaded without
   * their texts get them from `docOf`). Compacts first if anything changed since the user base was
   * built, so the export is always complete. The data-dir cache uses `exportUserMeta`.
   */
  exportUser(): { segments: SerializedSegment[]; docs: SearchDoc[] } {
    const { segments, entries } = this.exportUserEntries();
    return { segments, docs: entries.map((e) => (e.light ? withTexts(e.doc, this.textOf(e)) : e.doc)) };
  }

  /**
   * The user base for the data-dir cache: serialized segments and the user documents' metadata
   * (DocMeta: no texts, which the cache would otherwise hold twice; `loadBase` takes them back with
   * a `docOf` to supply the texts). Compacts first, like `exportUser`.
   */
  exportUserMeta(): { segments: SerializedSegment[]; docs: DocMeta[] } {
    // The segments as they are (immutable): the binary cache writes their arrays directly.
    const { segments, entries } = this.exportUserEntries(false);
    const docs = entries.map((e): DocMeta => ({ ...plainDoc(e.doc, false), rev: e.rev }) as DocMeta);
    return { segments, docs };
  }

  private exportUserEntries(json = true): { segments: SerializedSegment[]; entries: DocEntry[] } {
    this.flush();
    let userCount = 0;
    for (const e of this.entries.values()) if (e.layer === 'user') userCount++;
    const inBase = this.bases.user.reduce((n, s) => n + s.owned, 0);
    const pending = this.sealed.length > 0 || LANGS.some((l) => this.deltas[l].ids.size > 0) || this.deadSlots() > 0;
    if (pending || inBase !== userCount || this.bases.user.some((s) => s.owners.some((o) => o && o.layer !== 'user'))) {
      this.compact();
    }
    const segments: SerializedSegment[] = [];
    const entries: DocEntry[] = [];
    for (const seg of this.bases.user) {
      const refs: Record<string, string> = {};
      for (const e of seg.owners) {
        if (!e) continue;
        refs[e.doc.id] = e.rev;
        entries.push(e);
      }
      segments.push({ lang: seg.lang, index: json ? seg.ix.toJSON() : seg.ix, refs });
    }
    return { segments, entries };
  }

  /* ---------------------------------------------------------------------------- search */

  /**
   * Searches. Empty `q` browses: all (filtered) documents by type then title.
   *
   * Filters: within one facet the values are OR-ed, across facets AND-ed. Facet counts are
   * "disjunctive": the count of value v of facet F is the number of matches that pass every
   * filter except F's own, so selecting a country still shows how many hits the other countries
   * have (for a facet without an active filter this is simply the count over the filtered results).
   * Every language is searched even with a `lang` filter, which is applied like the others.
   */
  search(query: SearchQuery): SearchResult {
    this.flush();
    const rawQ = typeof query.q === 'string' ? query.q : '';
    const q = rawQ.slice(0, MAX_QUERY_CHARS);
    const limit = clampInt(query.limit, DEFAULT_LIMIT, 0, MAX_LIMIT);
    const offset = clampInt(query.offset, 0, 0, Number.MAX_SAFE_INTEGER);
    const filters = this.facetIndex.compile([
      query.type,
      query.lang,
      query.country,
      query.step,
      query.branch,
      query.guarantee,
      query.theme,
    ]);

    const qwords: QueryWord[] = [];
    const re = new RegExp(WORD.source, 'gu');
    let m: RegExpExecArray | null;
    while ((m = re.exec(q)) !== null && qwords.length < MAX_QUERY_WORDS) {
      const word = m[0].toLowerCase();
      qwords.push({ word, folded: fold(word), start: m.index, end: m.index + m[0].length });
    }

    if (!qwords.length) {
      const entries = (this.browseOrder ??= this.computeBrowseOrder());
      const { passing, facets } = this.facetIndex.evaluate(Int32Array.from(entries, (e) => e.num), filters);
      const hits = Array.from(passing.subarray(Math.min(offset, passing.length), Math.min(offset + limit, passing.length)), (i) => this.toHit(entries[i]!, 0, undefined, false, []));
      return { query: rawQ, total: passing.length, hits, facets, fuzzy: false };
    }

    const last = qwords.length - 1;
    // The last word is a prefix while it is being typed (nothing after it in the input).
    const prefixWord = q.length === qwords[last]!.end && qwords[last]!.folded.length >= PREFIX_MIN_CHARS ? last : -1;
    const segs = {} as Record<Lang, Segment[]>;
    for (const lang of LANGS) segs[lang] = this.segmentsOf(lang);
    const available = LANGS.filter((l) => segs[l].length > 0);

    const statusMemo = new Map<string, WordStatus>();
    const status = (lang: Lang, word: string, folded: string, allowPrefix: boolean): WordStatus => {
      const key = `${lang}\u0000${allowPrefix ? 1 : 0}\u0000${word}`;
      let st = statusMemo.get(key);
      if (!st) {
        st = this.wordStatus(segs[lang], lang, word, folded, allowPrefix);
        statusMemo.set(key, st);
      }
      return st;
    };

    // Quoted phrases: their words are required in that order (checked on the candidates' texts).
    const quotes = quotedRanges(q);
    const quoteOf = qwords.map((w) => quotes.findIndex(([s, e]) => w.start >= s && w.end <= e));
    const spans = this.glossary.match(qwords.map((w) => w.word)).filter((sp) => quoteOf.slice(sp.start, sp.end).every((x) => x < 0));
    const inSpan = new Array<boolean>(qwords.length).fill(false);
    for (const sp of spans) for (let i = sp.start; i < sp.end; i++) inSpan[i] = true;

    // The query's language (./query-lang.ts), with the interface language as the prior.
    const prior = query.uiLang ?? (query.lang?.length === 1 ? query.lang[0] : undefined) ?? 'fr';
    const bonus: Partial<Record<Lang, number>> = {};
    for (const sp of spans) {
      const typed = qwords.slice(sp.start, sp.end).map((w) => glossaryKey(w.word)).filter((k) => k !== null).join(' ');
      for (const lang of LANGS) {
        if (sp.term.forms[lang].some((f) => f.map(glossaryKey).filter((k) => k !== null).join(' ') === typed)) bonus[lang] = (bonus[lang] ?? 0) + (sp.end - sp.start);
      }
    }
    const queryLang = detectQueryLang(qwords, (lang, word, folded) => this.evidence(segs[lang], lang, word, folded), available, prior, bonus).lang;

    // A word absent from every language's vocabulary (and not a prefix of anything) = no exact results.
    const unknown: number[] = [];
    // A word unknown in the query's language although another language knows it (`socialle`,
    // which English stems to `social`): offered a correction from the query's language.
    const foreign: number[] = [];
    qwords.forEach((w, i) => {
      if (inSpan[i]) return;
      const known = available.filter((l) => status(l, w.word, w.folded, i === prefixWord).kind !== 'absent');
      if (!known.length) unknown.push(i);
      else if (!known.includes(queryLang) && segs[queryLang].length && w.folded.length >= FOREIGN_MIN_CHARS && !/\d/.test(w.folded)) foreign.push(i);
    });
    const fuzzy = unknown.length > 0;
    const unknownSet = new Set(unknown);
    // Corrections (closest known surface word, in the query's language first), for didYouMean and the retry.
    const corrections = new Map<number, string>();
    for (const i of unknown) {
      const fix = this.suggest(qwords[i]!.word, segs, queryLang);
      if (fix) corrections.set(i, fix);
    }
    const foreignFixes = new Map<number, string>();
    for (const i of foreign) {
      const fix = this.suggest(qwords[i]!.word, segs, queryLang, true);
      if (fix) foreignFixes.set(i, fix);
    }
    const allFixes = new Map([...corrections, ...foreignFixes]);

    const plan: QueryPlan = { qwords, spans, prefixWord, unknown: unknownSet, fuzzy, corrections, quoteOf, queryLang, status };
    const queried = new Map<Segment, Set<number>>();
    const found = this.collect(plan, segs, queried, this.collected[0]);

    // The corrected query's results first when the original has few in the query's language.
    let corrected = false;
    if (allFixes.size && found.fullInQueryLang < FEW_RESULTS) {
      const fwords = qwords.map((w, i) => {
        const fix = allFixes.get(i);
        return fix ? { ...w, word: fix, folded: fold(fix) } : w;
      });
      const fspans = this.glossary.match(fwords.map((w) => w.word)).filter((sp) => quoteOf.slice(sp.start, sp.end).every((x) => x < 0));
      const fplan: QueryPlan = { ...plan, qwords: fwords, spans: fspans, unknown: new Set(), fuzzy: false, corrections: new Map() };
      const better = this.collect(fplan, segs, queried, this.collected[1]);
      if (better.fullInQueryLang > found.fullInQueryLang) {
        corrected = true;
        const qcode = langCode(queryLang);
        const langOf = this.cols.lang;
        for (let i = 0; i < better.count; i++) {
          const num = better.nums[i]!;
          found.add(num, better.scores[i]!, better.tiers[i] === TIER_FULL && langOf[num] === qcode ? TIER_CORRECTED : better.tiers[i]!, true);
        }
        plan.phrases = fplan.phrases;
      }
    }

    // One hit per record: the best of its language versions (those a `lang` filter keeps); the
    // version in the query's language is the one shown when it matched in the same tier.
    // Everything per match works on document numbers and typed arrays (./matches.ts); only the
    // page's hits become entries and objects.
    let langMask = (1 << LANGS.length) - 1;
    if (query.lang?.length) {
      langMask = 0;
      for (const l of query.lang) if ((LANGS as readonly string[]).includes(l)) langMask |= 1 << langCode(l);
    }
    const folded = foldVersions(found, this.cols, langCode(queryLang), langMask, this.recordNums.size);
    const { raw, tiers, keys } = folded;
    const nums = folded.nums.subarray(0, folded.count);
    const { passing, facets } = this.facetIndex.evaluate(nums, filters);
    const page = topK(nums, keys, passing, offset + limit, this.cols).slice(offset);
    const hits = page.map((i) => {
      const entry = this.cols.entry[nums[i]!]!;
      const phrases = plan.phrases?.[entry.doc.lang] ?? { list: [], quoted: [], only: new Set<string>() };
      return this.toHit(entry, raw[i]!, this.snippetMatch(entry, queried, phrases), tiers[i] === TIER_PARTIAL, phrases.list);
    });
    const result: SearchResult = { query: rawQ, total: passing.length, hits, facets, fuzzy, queryLang };
    if (allFixes.size) {
      result.didYouMean = applyFixes(q, qwords, allFixes);
      if (corrected) result.corrected = true;
    }
    return result;
  }

  /**
   * Runs a query plan against every language: all words required within a language (full
   * matches), then, when the query's language has few full matches, the documents that match all
   * words but one (partial). Scores are lunr's BM25 times the share of words matched, halved
   * outside the query's language; tiers (./ranking.ts) keep partial matches after full ones.
   */
  private collect(plan: QueryPlan, segs: Record<Lang, Segment[]>, queried: Map<Segment, Set<number>>, out: Collected): Collected {
    // Matches as parallel arrays of document numbers; one can only come twice when one language
    // runs several conjunctions (glossary alternatives, soft AND), and only then is an index needed.
    out.reset(this.facetIndex.capacity);
    const cols = this.cols;
    const order = [plan.queryLang, ...LANGS.filter((l) => l !== plan.queryLang)];
    const phrases = {} as Record<Lang, PhraseSet>;
    for (const lang of LANGS) phrases[lang] = planPhrases(lang, plan.qwords.map((w) => w.word), plan.spans, plan.quoteOf);
    plan.phrases = phrases;
    const quoted = phrases.fr.quoted.length > 0 || phrases.en.quoted.length > 0 || phrases.pt.quoted.length > 0;
    let fullInQueryLang = 0;
    const softAnd: { lang: Lang; alternatives: Alternative[]; run: RunFn }[] = [];
    let dedup = false;
    for (const lang of order) {
      const langSegs = segs[lang];
      if (!langSegs.length) continue;
      const alternatives = this.alternatives(lang, plan.qwords, plan.spans, plan.prefixWord, plan.unknown, plan.fuzzy, plan.corrections, plan.status);
      if (!alternatives.length) continue;
      // Language statistics over live slots (see the file comment).
      let docCount = 0;
      const avg = new Float64Array(NF);
      for (const seg of langSegs) {
        docCount += seg.owned;
        for (let f = 0; f < NF; f++) avg[f]! += seg.ownedLen[f]!;
      }
      if (!docCount) continue;
      for (let f = 0; f < NF; f++) avg[f]! /= docCount;
      for (const seg of langSegs) seg.ix.prepare(avg);
      const idfMemo = new Map<string, number>();
      const idfOf = (t: string): number => {
        let v = idfMemo.get(t);
        if (v === undefined) {
          let df = 0;
          for (const seg of langSegs) df += seg.liveDf(t);
          v = idf(df, docCount);
          idfMemo.set(t, v);
        }
        return v;
      };
      const langFactor = lang === plan.queryLang ? 1 : OTHER_LANGUAGE_FACTOR;
      const phraseList = phrases[lang].quoted;
      const run: RunFn = (clauses, coverage, tier, norm) => {
        for (const seg of langSegs) {
          if (!seg.owned) continue;
          const resolved = this.resolve(seg.ix, clauses, idfOf);
          if (!resolved) continue;
          let tids = queried.get(seg);
          if (!tids) queried.set(seg, (tids = new Set()));
          for (const rc of resolved) for (const t of rc.terms) tids.add(t);
          const { count, docs, scores } = seg.ix.execute(resolved);
          const slotNum = seg.slotNum;
          for (let k = 0; k < count; k++) {
            const num = slotNum[docs[k]!]!;
            if (num < 0) continue;
            if (quoted && !this.hasPhrases(cols.entry[num]!, phraseList)) continue;
            // Rounded so that sums taken in a different order (another segment layout) tie exactly.
            out.add(num, Math.round(scores[k]! * coverage * norm * langFactor * 1e6) / 1e6, tier, dedup);
          }
        }
      };
      dedup = alternatives.length > 1;
      for (const { clauses, coverage, norm } of alternatives) run(clauses, coverage, coverage >= 1 ? TIER_FULL : TIER_PARTIAL, norm);
      if (lang === plan.queryLang) for (let i = 0; i < out.count; i++) if (out.tiers[i] === TIER_FULL) fullInQueryLang++;
      softAnd.push({ lang, alternatives, run });
    }
    // Soft AND: the query's language has few full matches, so also rank documents matching all
    // words but one (in every language), as partial matches.
    if (fullInQueryLang < FEW_RESULTS) {
      dedup = true;
      for (const { alternatives, run } of softAnd) {
        for (const { clauses, coverage, norm } of alternatives) {
          if (clauses.length < 2 || clauses.length > MAX_SOFT_AND_CLAUSES || clauses.some((c) => c.fuzzy)) continue;
          const share = (clauses.length - 1) / clauses.length;
          for (let k = 0; k < clauses.length; k++) run(clauses.filter((_, j) => j !== k), coverage * share, TIER_PARTIAL, norm);
        }
      }
    }
    out.fullInQueryLang = fullInQueryLang;
    return out;
  }

  /* ---------------------------------------------------------------------------- internals */

  private newDelta(lang: Lang): Delta {
    return { seg: new Segment(this.nextSegmentId++, lang, 'delta', SegmentIndex.empty(lang)), ids: new Set(), dirty: false };
  }

  /** `facetCodes`: the document's facet codes when the caller has them (FacetIndex.setCodes), else they are looked up from `doc`. */
  private setEntry(doc: SearchDoc, layer: Layer, rev: string, light: boolean, facetCodes?: number[][]): DocEntry {
    let e = this.entries.get(doc.id);
    if (!e) {
      const rid = recordIdOf(doc.id);
      let rnum = this.recordNums.get(rid);
      if (rnum === undefined) this.recordNums.set(rid, (rnum = this.recordNums.size));
      e = { doc, rev, light, layer, typeRank: 0, num: this.facetIndex.allocate(), seg: null, slot: -1, rid, rnum, versioned: rid !== doc.id || this.versionCount.has(rid) };
      this.entries.set(doc.id, e);
      if (rid !== doc.id) {
        this.versionCount.set(rid, (this.versionCount.get(rid) ?? 0) + 1);
        const main = this.entries.get(rid);
        if (main) {
          main.versioned = true;
          this.cols.sync(main);
        }
      }
    }
    e.doc = doc;
    e.rev = rev;
    e.light = light;
    e.layer = layer;
    this.texts.delete(doc.id);
    e.typeRank = TYPE_RANK.get(doc.type) ?? RECORD_TYPES.length;
    if (facetCodes) this.facetIndex.setCodes(e.num, facetCodes);
    else this.facetIndex.set(e.num, doc);
    this.cols.sync(e);
    this.browseOrder = null;
    return e;
  }

  private detach(e: DocEntry): void {
    if (e.seg && e.slot >= 0 && e.seg.owners[e.slot] === e) e.seg.release(e.slot);
    e.seg = null;
    e.slot = -1;
  }

  private setOwner(e: DocEntry, seg: Segment, slot: number): void {
    this.detach(e);
    seg.own(slot, e);
    e.seg = seg;
    e.slot = slot;
  }

  private dropFromDeltas(id: string): void {
    for (const lang of LANGS) if (this.deltas[lang].ids.delete(id)) this.deltas[lang].dirty = true;
  }

  /**
   * Gives a light entry its full document before it is indexed again (from `docOf`: the current
   * version, which is then what the index holds; without one, its metadata with empty texts).
   */
  private hydrate(e: DocEntry): void {
    if (!e.light) return;
    const id = e.doc.id;
    let full: SearchDoc | undefined;
    try {
      const got = this.docOf?.(id);
      if (got && got.id === id) full = normalizeDoc(got);
    } catch {
      full = undefined; // a bad document: indexed from its metadata below
    }
    e.doc = full ?? e.doc;
    e.rev = revisionKey(e.doc);
    e.light = false;
    e.typeRank = TYPE_RANK.get(e.doc.type) ?? RECORD_TYPES.length;
    this.texts.delete(id);
    this.facetIndex.set(e.num, e.doc);
    this.cols.sync(e);
    this.browseOrder = null;
  }

  /** The summary and body of an entry (light entries: fetched through `docOf`, kept in an LRU). */
  private textOf(e: DocEntry): { summary: string; body: string; keywords: string } {
    if (!e.light) return e.doc;
    const id = e.doc.id;
    let full = this.texts.get(id);
    if (full) {
      this.texts.delete(id); // most recently used goes last
    } else {
      try {
        const got = this.docOf?.(id);
        full = got && got.id === id ? normalizeDoc(got) : undefined;
      } catch {
        full = undefined;
      }
      if (!full) return e.doc;
      if (this.texts.size >= TEXT_CACHE_SIZE) this.texts.delete(this.texts.keys().next().value!);
    }
    this.texts.set(id, full);
    return full;
  }

  private addToDelta(e: DocEntry): void {
    this.hydrate(e);
    const lang = e.doc.lang;
    this.dropFromDeltas(e.doc.id);
    const delta = this.deltas[lang];
    this.detach(e);
    e.seg = delta.seg; // pending: the slot is assigned when the delta is rebuilt
    delta.ids.add(e.doc.id);
    delta.dirty = true;
    if (delta.ids.size >= this.deltaThreshold) this.seal(lang);
  }

  private rebuildDelta(lang: Lang): void {
    const delta = this.deltas[lang];
    const docs = [...delta.ids].map((id) => this.entries.get(id)!.doc);
    const seg = delta.seg;
    seg.reset(docs.length ? SegmentIndex.build(lang, docs) : SegmentIndex.empty(lang));
    for (const id of delta.ids) {
      const e = this.entries.get(id)!;
      const slot = seg.ix.docNums.get(id)!;
      seg.own(slot, e);
      e.seg = seg;
      e.slot = slot;
    }
    delta.dirty = false;
  }

  private seal(lang: Lang): void {
    const delta = this.deltas[lang];
    if (delta.dirty) this.rebuildDelta(lang);
    if (!delta.ids.size) return;
    delta.seg.kind = 'sealed';
    this.sealed.push(delta.seg);
    this.deltas[lang] = this.newDelta(lang);
  }

  private flush(): void {
    for (const lang of LANGS) if (this.deltas[lang].dirty) this.rebuildDelta(lang);
  }

  /**
   * Installs `fresh` as the user base. Each user document is owned by its language's fresh segment
   * when `covers(seg, entry)` says the segment indexed its current version; otherwise it goes to
   * the delta. Sealed segments and deltas are dropped (library documents in them are re-queued).
   */
  private installUserBase(fresh: Segment[], covers: (seg: Segment, e: DocEntry) => boolean): void {
    this.bases.user = fresh;
    this.sealed = [];
    for (const lang of LANGS) this.deltas[lang] = this.newDelta(lang);
    const pending: DocEntry[] = [];
    for (const e of this.entries.values()) {
      const kind = e.seg?.kind;
      if (e.layer === 'user') {
        const seg = fresh.find((s) => s.lang === e.doc.lang && s.ix.docNums.has(e.doc.id));
        if (seg && covers(seg, e)) this.setOwner(e, seg, seg.ix.docNums.get(e.doc.id)!);
        else pending.push(e);
      } else if (kind === 'sealed' || kind === 'delta') {
        pending.push(e);
      }
    }
    for (const e of pending) this.addToDelta(e);
    this.flush();
    this.version++;
  }

  private segmentsOf(lang: Lang): Segment[] {
    const out: Segment[] = [];
    for (const s of this.bases.library) if (s.lang === lang && s.owned) out.push(s);
    for (const s of this.bases.user) if (s.lang === lang && s.owned) out.push(s);
    for (const s of this.sealed) if (s.lang === lang && s.owned) out.push(s);
    const d = this.deltas[lang].seg;
    if (d.owned) out.push(d);
    return out;
  }

  private deadSlots(): number {
    let n = 0;
    for (const s of this.bases.user) n += s.deadSlots;
    for (const s of this.sealed) n += s.deadSlots;
    return n;
  }

  private wordStatus(segs: Segment[], lang: Lang, word: string, folded: string, allowPrefix: boolean): WordStatus {
    if (isStopWord(lang, word)) return { kind: 'stop' };
    const t = termOf(lang, word);
    if (!t) return { kind: 'stop' };
    let exact = false;
    for (const s of segs) if (s.liveDf(t) > 0) exact = true;
    const syn = synonymTerms(lang, t).filter((o) => segs.some((s) => s.liveDf(o) > 0));
    if (syn.length) exact = true;
    let prefix: string | null = null;
    if (allowPrefix) {
      const p = commonPrefix(t, folded);
      if (p.length >= PREFIX_MIN_CHARS && segs.some((s) => s.ix.hasPrefix(p))) prefix = p;
    }
    return exact || prefix ? { kind: 'present', term: t, prefix, syn } : { kind: 'absent', term: t };
  }

  /** How well `lang`'s documents know a word (./query-lang.ts): as written, by its stem, through a synonym. */
  private evidence(segs: Segment[], lang: Lang, word: string, folded: string): WordEvidence {
    const t = termOf(lang, word);
    if (!t || !segs.length) return { known: 0, share: 0 };
    let df = 0;
    let docs = 0;
    let asWritten = false;
    for (const s of segs) {
      docs += s.owned;
      const d = s.liveDf(t);
      if (!d) continue;
      df += d;
      if (!asWritten) {
        const tid = s.ix.termIds.get(t);
        if (tid !== undefined) asWritten = s.ix.formList(tid).some((f) => f === word || fold(f) === folded);
      }
    }
    if (!df) return synonymTerms(lang, t).some((o) => segs.some((s) => s.liveDf(o) > 0)) ? { known: 1, share: 0 } : { known: 0, share: 0 };
    return { known: asWritten ? 1 : 0.5, share: docs ? Math.min(1, df / docs) : 0 };
  }

  /** Whether an entry's texts contain every quoted phrase (in its language). */
  private hasPhrases(e: DocEntry, phrases: readonly (readonly string[])[]): boolean {
    if (!phrases.length) return true;
    const t = this.textOf(e);
    return containsPhrases(`${e.doc.title}\n${t.summary}\n${t.body}\n${t.keywords}`, e.doc.lang, phrases);
  }

  /**
   * The conjunctions to run against `lang`'s segments: one per combination of the glossary terms'
   * forms in that language (usually exactly one).
   */
  private alternatives(
    lang: Lang,
    qwords: QueryWord[],
    spans: ReturnType<Glossary['match']>,
    prefixWord: number,
    unknown: Set<number>,
    fuzzy: boolean,
    corrections: Map<number, string>,
    status: (lang: Lang, word: string, folded: string, allowPrefix: boolean) => WordStatus,
  ): Alternative[] {
    type Item = { word: string; folded: string; index: number };
    let alts: Item[][] = [[]];
    const push = (from: number, to: number) => {
      for (let i = from; i < to; i++) for (const a of alts) a.push({ word: qwords[i]!.word, folded: qwords[i]!.folded, index: i });
    };
    let pos = 0;
    for (const span of spans) {
      push(pos, span.start);
      // This language's names for the term, and the words as typed (so that a glossary form never
      // narrows what the typed words alone would find). All of them are required as a whole.
      const typed = qwords.slice(span.start, span.end).map((w) => w.word);
      // The typed words first, then the term's forms, shortest first, as many as the cap allows.
      const forms = [typed, ...[...span.term.forms[lang]].sort((x, y) => x.length - y.length)];
      const usable = forms.slice(0, Math.max(1, Math.floor(MAX_ALTERNATIVES / alts.length)));
      const next: Item[][] = [];
      for (const a of alts) for (const f of usable) next.push([...a, ...f.map((w) => ({ word: w, folded: fold(w), index: -1 }))]);
      alts = next;
      pos = span.end;
    }
    push(pos, qwords.length);

    const out: Alternative[] = [];
    const seen = new Set<string>();
    const typedCount = qwords.filter((w) => !isStopWord(lang, w.word)).length;
    for (const alt of alts) {
      const clauses: ClauseSpec[] = [];
      let skipped = 0;
      let possible = true;
      for (const it of alt) {
        const st = status(lang, it.word, it.folded, it.index >= 0 && it.index === prefixWord);
        if (st.kind === 'stop') continue;
        if (st.kind === 'present') {
          clauses.push({ term: st.term, prefix: st.prefix, fuzzy: 0, corrected: null, syn: st.syn });
        } else if (it.index < 0) {
          possible = false; // a glossary form this language's documents never use
          break;
        } else if (fuzzy && unknown.has(it.index) && it.folded.length >= PREFIX_MIN_CHARS) {
          const fix = corrections.get(it.index);
          const fixed = fix ? status(lang, fix, fold(fix), false) : null;
          const corrected = fixed?.kind === 'present' ? fixed.term : null;
          clauses.push({ term: st.term, prefix: null, fuzzy: it.folded.length >= 7 ? 2 : 1, corrected, syn: [] });
        } else {
          skipped++; // absent here but known in another language (or too short to correct)
        }
      }
      if (!possible || !clauses.length) continue;
      const sig = clauses.map((c) => `${c.term}|${c.prefix ?? ''}|${c.fuzzy}|${c.corrected ?? ''}`).join(' ');
      if (seen.has(sig)) continue;
      seen.add(sig);
      out.push({ clauses, coverage: clauses.length / (clauses.length + skipped), norm: Math.min(1, typedCount / (clauses.length + skipped)) });
    }
    return out;
  }

  /** Resolves clause specs against one segment's terms; null when a clause cannot match there. */
  private resolve(ix: SegmentIndex, clauses: ClauseSpec[], idfOf: (t: string) => number): ResolvedClause[] | null {
    const out: ResolvedClause[] = [];
    for (const c of clauses) {
      const terms: number[] = [];
      const mults: number[] = [];
      if (c.fuzzy) {
        const fixed = c.corrected === null ? undefined : ix.termIds.get(c.corrected);
        for (const fm of ix.fuzzy(c.term, c.fuzzy)) {
          if (fm.term === fixed) continue;
          terms.push(fm.term);
          mults.push(idfOf(ix.terms[fm.term]!) / (1 + fm.distance));
        }
        if (fixed !== undefined) {
          terms.push(fixed);
          mults.push(idfOf(c.corrected!) / 2);
        }
      } else if (c.prefix) {
        const exact = ix.termIds.get(c.term);
        const [from, to] = ix.prefixRange(c.prefix);
        const end = Math.min(to, from + MAX_PREFIX_TERMS);
        for (let t = from; t < end; t++) {
          terms.push(t);
          mults.push((t === exact ? 1 : PREFIX_BOOST) * idfOf(ix.terms[t]!));
        }
        if (exact !== undefined && (exact < from || exact >= end)) {
          terms.push(exact);
          mults.push(idfOf(c.term));
        }
      } else {
        const exact = ix.termIds.get(c.term);
        if (exact !== undefined) {
          terms.push(exact);
          mults.push(idfOf(c.term));
        }
      }
      for (const o of c.syn) {
        const id = ix.termIds.get(o);
        if (id !== undefined && !terms.includes(id)) {
          terms.push(id);
          mults.push(SYNONYM_WEIGHT * idfOf(o));
        }
      }
      if (!terms.length) return null;
      out.push({ terms, mults });
    }
    return out;
  }

  private computeBrowseOrder(): DocEntry[] {
    // Browsing lists records: translations' versions are reached through their record.
    return [...this.entries.values()].filter((e) => e.rid === e.doc.id).sort(
      (a, b) => a.typeRank - b.typeRank || COLLATOR.compare(a.doc.title, b.doc.title) || (a.doc.id < b.doc.id ? -1 : 1),
    );
  }

  /** The terms through which `entry` matched, and whether its summary / body contain one. */
  private snippetMatch(entry: DocEntry, queried: Map<Segment, Set<number>>, phrases: PhraseSet): SnippetMatch | undefined {
    const seg = entry.seg;
    const tids = seg && queried.get(seg);
    if (!seg || !tids || entry.slot < 0) return undefined;
    const terms = new Set<string>();
    const forms: string[] = [];
    let mask = 0;
    for (const t of tids) {
      const m = seg.ix.fieldMask(t, entry.slot);
      if (m) {
        terms.add(seg.ix.terms[t]!);
        for (const f of seg.ix.formList(t)) forms.push(f);
        mask |= m;
      }
    }
    return {
      terms,
      forms,
      inSummary: (mask & (1 << FIELDS.indexOf('summary'))) !== 0,
      inBody: (mask & (1 << FIELDS.indexOf('body'))) !== 0,
      phrases: phrases.list,
      phraseOnly: phrases.only,
    };
  }

  private toHit(entry: DocEntry, score: number, match: SnippetMatch | undefined, partial: boolean, phrases: readonly (readonly string[])[]): SearchHit {
    const d = entry.doc;
    const text = entry.light ? withTexts(d, this.textOf(entry)) : d;
    const id = recordIdOf(d.id);
    const hit: SearchHit = {
      id,
      type: d.type,
      lang: id === d.id ? d.lang : (this.entries.get(id)?.doc.lang ?? d.lang),
      matchedLang: d.lang,
      title: d.title,
      score: Math.round(score * 1e4) / 1e4,
      snippet: makeSnippet(text, match),
      countries: d.countries,
      updatedAt: d.updatedAt,
      highlights: match ? hitHighlights(text, match, phrases) : [],
    };
    if (partial) hit.partial = true;
    return hit;
  }

  /**
   * The known word closest to `word`: smallest edit distance between folded spellings (1, or 2
   * from 7 letters), then the most frequent spelling, over the lexicons of all segments; words
   * whose term no live document has any more are ignored. Cached until the next change.
   */
  private suggest(word: string, segs: Record<Lang, Segment[]>, queryLang: Lang, onlyQueryLang = false): string | null {
    if (this.suggestionsVersion !== this.version) {
      this.suggestions.clear();
      this.suggestionsVersion = this.version;
    }
    const key = `${queryLang}${onlyQueryLang ? '!' : ''}\u0000${word}`;
    const cached = this.suggestions.get(key);
    if (cached !== undefined) return cached;
    const folded = fold(word);
    const max = folded.length >= 7 ? 2 : 1;
    const candidates = new Map<string, { d: number; n: number }>();
    if (folded.length >= PREFIX_MIN_CHARS) {
      // The query's language first: its closest word wins a tie with another language's.
      for (const lang of onlyQueryLang ? [queryLang] : [queryLang, ...LANGS.filter((l) => l !== queryLang)]) {
        for (const seg of segs[lang]) {
          const lex = seg.ix.lexicon();
          for (let i = 0; i < lex.forms.length; i++) {
            const f = lex.folded[i]!;
            if (Math.abs(f.length - folded.length) > max) continue;
            const d = editDistanceCapped(folded, f, max);
            if (d > max || d === 0) continue;
            if (!seg.liveDf(seg.ix.terms[lex.term[i]!]!)) continue;
            const form = lex.forms[i]!;
            const c = candidates.get(form);
            // Words of the query's language count as if they were much more frequent.
            const n = lex.count[i]! * (lang === queryLang ? 1000 : 1);
            if (c) c.n += n;
            else candidates.set(form, { d, n });
          }
        }
      }
    }
    let best: string | null = null;
    let bd = Infinity;
    let bn = -1;
    for (const [form, { d, n }] of candidates) {
      if (d < bd || (d === bd && (n > bn || (n === bn && form < best!)))) {
        best = form;
        bd = d;
        bn = n;
      }
    }
    if (this.suggestions.size > 1000) this.suggestions.clear();
    this.suggestions.set(key, best);
    return best;
  }
}
