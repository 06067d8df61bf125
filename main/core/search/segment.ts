/**
 * Index segments: an immutable inverted index of a set of documents in one language.
 *
 * Per term (terms sorted, so a prefix is a contiguous range of term ids), a postings list of
 * (document, field, term frequency) in typed arrays, plus every document's field lengths. No
 * weights are stored: scores are computed at query time with lunr's BM25 (k1 = 1.2, b = 0.75,
 * lunr's idf, field boosts title 10 / summary 4 / keywords 2 / body 1) from statistics the engine
 * takes over all live documents of the language, across segments. That is what makes a document's
 * score independent of where it lives (library base, user base, sealed or delta segment), so edits,
 * compaction and a cache round trip never reshuffle results.
 *
 * Why not lunr's own index, as first planned: `npm run bench` measures stock lunr (one index per
 * language, title/summary/body) beside this engine and MiniSearch in every run. At 10,000
 * documents of ~300 words on a 2-core machine it took ~11 s to build, 44 MB serialized, 1.1 s to
 * be ready from disk, 156 MB of heap, and its query executor, which allocates objects per matching
 * field, had a median 4x MiniSearch's (the budget is 2x); compaction meant a full rebuild.
 * This layout takes ~5.5 MB for the same corpus, decodes in well under 100 ms, and compaction is
 * a merge of postings rather than a rebuild.
 */
import type { Lang } from '../model';
import type { SearchDoc } from './types';
import { editDistance, fold, indexTerm, words } from './analysis';
import { VarintReader, VarintWriter, fromBase64, toBase64 } from './codec';

/** Indexed fields and their boosts. */
export const FIELDS = ['title', 'summary', 'keywords', 'body'] as const;
export type FieldName = (typeof FIELDS)[number];
export const FIELD_BOOSTS: Readonly<Record<FieldName, number>> = { title: 10, summary: 4, keywords: 2, body: 1 };
export const NF = FIELDS.length; // 4: the serialized postings pack the field in 2 bits
const BOOSTS = Float64Array.from(FIELDS, (f) => FIELD_BOOSTS[f]);
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
const MAX_TF = 0xffff;

export const SEGMENT_FORMAT = 'socle-segment/1';

/** The serialized form of a segment (SerializedSegment.index). */
export interface SegmentJSON {
  format: typeof SEGMENT_FORMAT;
  lang: Lang;
  fields: string[];
  /** Sorted terms, joined by "\n" (terms are letters/digits only). */
  terms: string;
  /** Document ids, in document-number order. */
  ids: string[];
  /** Total number of postings entries. */
  entries: number;
  /** base64 varints: field lengths, NF per document. */
  lengths: string;
  /** base64 varints: per term, its entry count, then per entry the document gap and tf * NF + field. */
  postings: string;
  /**
   * Lexicon: per term (one line each, "\n"-separated), the lowercase words that produced it with
   * their counts, "word count word count ...", for "did you mean" suggestions.
   */
  forms: string;
}

/** A segment's arrays, unencoded, to cross a thread boundary (SegmentIndex.toTransfer / fromTransfer). */
export interface SegmentTransfer {
  lang: Lang;
  terms: string[];
  ids: string[];
  fieldLen: Uint32Array;
  offsets: Int32Array;
  postDoc: Int32Array;
  postField: Uint8Array;
  postTf: Uint16Array;
  formLines: string[];
}

/** The lexicon of a segment, flattened: every surface form with its folded spelling, term and count. */
export interface Lexicon {
  forms: string[];
  folded: string[];
  term: Int32Array;
  count: Int32Array;
}

/** lunr's idf, on counts (df = number of (document, field) pairs that contain the term). */
export function idf(df: number, documentCount: number): number {
  const x = (documentCount - df + 0.5) / (df + 0.5);
  return Math.log(1 + Math.abs(x));
}

/** One conjunct of a query resolved against one segment: any of `terms`, each with its multiplier (boost x idf). */
export interface ResolvedClause {
  terms: number[];
  mults: number[];
}

export interface FuzzyMatch {
  term: number;
  distance: number;
}

function textsOf(doc: SearchDoc): string[] {
  return [doc.title, doc.summary, doc.keywords, doc.body];
}

export class SegmentIndex {
  readonly termIds: Map<string, number>;
  readonly docNums: Map<string, number>;
  /** Sum of field lengths over all documents, per field. */
  readonly lengthSums: Float64Array;
  /** Per (doc, field): k1 * (1 - b + b * length / avgLength), for `preparedFor`. */
  private norms: Float32Array;
  private preparedFor: number[] = [];
  private readonly fuzzyCache = new Map<string, FuzzyMatch[]>();

  private constructor(
    readonly lang: Lang,
    /** Sorted. Term id = position. */
    readonly terms: string[],
    /** Document ids; document number = position. */
    readonly ids: string[],
    /** NF lengths (tokens after stop words) per document. */
    readonly fieldLen: Uint32Array,
    /** Postings of term t: entries offsets[t] .. offsets[t+1]-1, sorted by document then field. */
    readonly offsets: Int32Array,
    readonly postDoc: Int32Array,
    readonly postField: Uint8Array,
    readonly postTf: Uint16Array,
    /** Per term: "word count word count ..." (see SegmentJSON.forms), or all of them "\n"-joined, split on first use. */
    forms: readonly string[] | string,
  ) {
    if (typeof forms === 'string') this.formsText = forms;
    else this.formLinesCache = forms;
    this.termIds = new Map();
    for (let i = 0; i < terms.length; i++) this.termIds.set(terms[i]!, i);
    this.docNums = new Map();
    for (let i = 0; i < ids.length; i++) this.docNums.set(ids[i]!, i);
    this.lengthSums = new Float64Array(NF);
    for (let i = 0; i < fieldLen.length; i++) this.lengthSums[i % NF]! += fieldLen[i]!;
    this.norms = new Float32Array(fieldLen.length);
  }

  get docCount(): number {
    return this.ids.length;
  }

  private formsText: string | null = null;
  private formLinesCache: readonly string[] | null = null;

  /** Per term: "word count word count ..." (the lexicon; only suggestions and snippets read it). */
  get formLines(): readonly string[] {
    if (!this.formLinesCache) {
      const lines = this.formsText ? this.formsText.split('\n') : [];
      this.formLinesCache = lines.length === this.terms.length ? lines : new Array<string>(this.terms.length).fill('');
      this.formsText = null;
    }
    return this.formLinesCache;
  }

  private lexiconCache: Lexicon | null = null;

  /** The surface forms of all terms (parsed on first use). */
  lexicon(): Lexicon {
    if (this.lexiconCache) return this.lexiconCache;
    const forms: string[] = [];
    const folded: string[] = [];
    const term: number[] = [];
    const count: number[] = [];
    for (let t = 0; t < this.formLines.length; t++) {
      const parts = this.formLines[t]!.split(' ');
      for (let k = 0; k + 1 < parts.length; k += 2) {
        forms.push(parts[k]!);
        folded.push(fold(parts[k]!));
        term.push(t);
        count.push(Number(parts[k + 1]));
      }
    }
    return (this.lexiconCache = { forms, folded, term: Int32Array.from(term), count: Int32Array.from(count) });
  }

  private readonly formsCache = new Map<number, string[]>();

  /** The surface forms of term `t` (cached). */
  formList(t: number): string[] {
    let out = this.formsCache.get(t);
    if (!out) {
      out = [...this.formsOf(t).keys()];
      if (this.formsCache.size > 4096) this.formsCache.clear();
      this.formsCache.set(t, out);
    }
    return out;
  }

  /** "word count ..." lines as a map per term (building and merging). */
  formsOf(t: number): Map<string, number> {
    const out = new Map<string, number>();
    const parts = (this.formLines[t] ?? '').split(' ');
    for (let k = 0; k + 1 < parts.length; k += 2) out.set(parts[k]!, Number(parts[k + 1]));
    return out;
  }

  /** Document frequency in lunr's sense: (document, field) pairs containing the term. */
  df(term: string): number {
    const t = this.termIds.get(term);
    return t === undefined ? 0 : this.offsets[t + 1]! - this.offsets[t]!;
  }

  /** Number of entries (fields) of term `t` in document `d`. */
  entriesFor(t: number, d: number): number {
    const end = this.offsets[t + 1]!;
    let lo = this.firstPosting(t, d);
    let n = 0;
    while (lo < end && this.postDoc[lo] === d) {
      n++;
      lo++;
    }
    return n;
  }

  /** Index of the first posting of term `t` for document `d` or later (postings are sorted by doc). */
  private firstPosting(t: number, d: number): number {
    let lo = this.offsets[t]!;
    let hi = this.offsets[t + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.postDoc[mid]! < d) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Bit mask (1 << field index) of the fields of document `d` that contain term `t`. */
  fieldMask(t: number, d: number): number {
    const end = this.offsets[t + 1]!;
    let lo = this.firstPosting(t, d);
    let mask = 0;
    for (; lo < end && this.postDoc[lo] === d; lo++) mask |= 1 << this.postField[lo]!;
    return mask;
  }

  /** [from, to) range of term ids starting with `prefix`. */
  prefixRange(prefix: string): [number, number] {
    const terms = this.terms;
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (terms[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < terms.length && terms[end]!.startsWith(prefix)) end++;
    return [lo, end];
  }

  hasPrefix(prefix: string): boolean {
    const [a, b] = this.prefixRange(prefix);
    return b > a;
  }

  /** Terms within `maxDistance` edits (insertion, deletion, substitution, transposition), cached. */
  fuzzy(term: string, maxDistance: number): FuzzyMatch[] {
    const key = `${maxDistance}:${term}`;
    let out = this.fuzzyCache.get(key);
    if (out) return out;
    out = [];
    const len = term.length;
    for (let i = 0; i < this.terms.length; i++) {
      const t = this.terms[i]!;
      if (Math.abs(t.length - len) > maxDistance) continue;
      const d = editDistance(term, t, maxDistance);
      if (d <= maxDistance) out.push({ term: i, distance: d });
    }
    if (this.fuzzyCache.size >= 256) this.fuzzyCache.clear();
    this.fuzzyCache.set(key, out);
    return out;
  }

  /** Sets the BM25 length normalisation for the given average field lengths (no-op if unchanged). */
  prepare(avgLen: ArrayLike<number>): void {
    let same = this.preparedFor.length === NF;
    for (let f = 0; f < NF && same; f++) if (this.preparedFor[f] !== avgLen[f]) same = false;
    if (same) return;
    const inv = Array.from({ length: NF }, (_, f) => (avgLen[f]! > 0 ? 1 / avgLen[f]! : 0));
    const norms = this.norms;
    const len = this.fieldLen;
    for (let i = 0; i < len.length; i++) norms[i] = BM25_K1 * (1 - BM25_B + BM25_B * len[i]! * inv[i % NF]!);
    this.preparedFor = Array.from(avgLen);
  }

  /**
   * Conjunctive BM25: a document matches when it contains, for every clause, at least one of the
   * clause's terms (in any field); its score is the sum over matched (term, field) postings of
   * mult x fieldBoost x tf (k1 + 1) / (tf + norm). Work is proportional to the query's postings.
   * Call `prepare` first.
   */
  private scratchCount: Uint8Array | null = null;
  private scratchScore: Float64Array | null = null;
  private scratchCandidates: Int32Array | null = null;
  /** `execute`'s answer, valid until its next call: matches below `count`, slots and scores. */
  private readonly result = { count: 0, docs: new Int32Array(0), scores: new Float64Array(0) };

  execute(clauses: readonly ResolvedClause[]): { count: number; docs: Int32Array; scores: Float64Array } {
    const result = this.result;
    result.count = 0;
    const r = clauses.length;
    if (r === 0 || r > 255) return result;
    const sized = clauses.map((c) => {
      let size = 0;
      for (const t of c.terms) size += this.offsets[t + 1]! - this.offsets[t]!;
      return { c, size };
    });
    sized.sort((a, b) => a.size - b.size);
    if (sized[0]!.size === 0) return result;
    const n = this.ids.length;
    // Scratch accumulators kept between queries (zero outside a call: reset below over the
    // candidates, the only documents touched), rather than two arrays of the segment's size per
    // call; the candidates and the answer are written to arrays kept too (no growth, no boxing).
    if (!this.scratchCount || this.scratchCount.length < n) {
      this.scratchCount = new Uint8Array(n);
      this.scratchScore = new Float64Array(n);
      this.scratchCandidates = new Int32Array(n);
      result.docs = new Int32Array(n);
      result.scores = new Float64Array(n);
    }
    const { offsets, postDoc, postField, postTf, norms } = this;
    const k1p1 = BM25_K1 + 1;
    if (r === 1 && sized[0]!.c.terms.length === 1) {
      // One word, one term (the most common query): every posting's document matches, and its
      // postings are adjacent (sorted by document, then field), so each score is summed in place,
      // in the same order as below, without the accumulators.
      const t = sized[0]!.c.terms[0]!;
      const mult = sized[0]!.c.mults[0]! * k1p1;
      const docs = result.docs;
      const scores = result.scores;
      let m = -1;
      let last = -1;
      for (let p = offsets[t]!, end = offsets[t + 1]!; p < end; p++) {
        const d = postDoc[p]!;
        const f = postField[p]!;
        const tf = postTf[p]!;
        const add = (mult * BOOSTS[f]! * tf) / (tf + norms[d * NF + f]!);
        if (d !== last) {
          last = d;
          docs[++m] = d;
          scores[m] = 0 + add;
        } else scores[m] = scores[m]! + add;
      }
      result.count = m + 1;
      return result;
    }
    const count = this.scratchCount;
    const score = this.scratchScore!;
    const candidates = this.scratchCandidates!;
    let nc = 0;
    for (let ci = 0; ci < r; ci++) {
      const { terms, mults } = sized[ci]!.c;
      const next = ci + 1;
      for (let k = 0; k < terms.length; k++) {
        const t = terms[k]!;
        const mult = mults[k]! * k1p1;
        const end = offsets[t + 1]!;
        for (let p = offsets[t]!; p < end; p++) {
          const d = postDoc[p]!;
          let c = count[d]!;
          if (c === ci) {
            count[d] = c = next;
            if (ci === 0) candidates[nc++] = d;
          }
          if (c === next) {
            const f = postField[p]!;
            const tf = postTf[p]!;
            score[d] = score[d]! + (mult * BOOSTS[f]! * tf) / (tf + norms[d * NF + f]!);
          }
        }
      }
    }
    const docs = result.docs;
    const scores = result.scores;
    let m = 0;
    for (let i = 0; i < nc; i++) {
      const d = candidates[i]!;
      if (count[d] === r) {
        docs[m] = d;
        scores[m++] = score[d]!;
      }
      count[d] = 0;
      score[d] = 0;
    }
    result.count = m;
    return result;
  }

  /* ---------------------------------------------------------------------------- building */

  static empty(lang: Lang): SegmentIndex {
    return new SegmentIndex(lang, [], [], new Uint32Array(0), new Int32Array(1), new Int32Array(0), new Uint8Array(0), new Uint16Array(0), []);
  }

  /** Indexes `docs` (all in `lang`), in id order (see `SegmentBuilder`). */
  static build(lang: Lang, docs: readonly SearchDoc[]): SegmentIndex {
    const b = new SegmentBuilder(lang);
    for (const d of docs) b.add(d);
    return b.finish();
  }

  /** The segment `SegmentBuilder.finish` lays out (built in this process from checked documents: nothing to validate). */
  static fromBuilt(lang: Lang, terms: string[], ids: string[], fieldLen: Uint32Array, offsets: Int32Array, postDoc: Int32Array, postField: Uint8Array, postTf: Uint16Array, forms: string[]): SegmentIndex {
    return new SegmentIndex(lang, terms, ids, fieldLen, offsets, postDoc, postField, postTf, forms);
  }

  /**
   * The segment of the documents that `keep` selects across `parts` (same language), exactly as
   * `build` would index them (id order, sorted terms): compaction without re-analysing text.
   * An id kept in several parts is taken from the first.
   */
  static merge(lang: Lang, parts: readonly { ix: SegmentIndex; keep: (slot: number) => boolean }[]): SegmentIndex {
    const chosen: { id: string; part: number; slot: number }[] = [];
    const seen = new Set<string>();
    parts.forEach(({ ix, keep }, part) => {
      for (let slot = 0; slot < ix.ids.length; slot++) {
        const id = ix.ids[slot]!;
        if (keep(slot) && !seen.has(id)) {
          seen.add(id);
          chosen.push({ id, part, slot });
        }
      }
    });
    chosen.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const docMaps = parts.map(({ ix }) => new Int32Array(ix.ids.length).fill(-1));
    const fieldLen = new Uint32Array(chosen.length * NF);
    chosen.forEach((c, d) => {
      docMaps[c.part]![c.slot] = d;
      fieldLen.set(parts[c.part]!.ix.fieldLen.subarray(c.slot * NF, c.slot * NF + NF), d * NF);
    });
    // Terms that keep at least one entry, and their entry counts.
    const counts = new Map<string, number>();
    const sources = new Map<string, number>();
    for (let part = 0; part < parts.length; part++) {
      const ix = parts[part]!.ix;
      const map = docMaps[part]!;
      const { offsets: off, postDoc: pd } = ix;
      for (let t = 0; t < ix.terms.length; t++) {
        let n = 0;
        for (let p = off[t]!, end = off[t + 1]!; p < end; p++) if (map[pd[p]!]! >= 0) n++;
        if (!n) continue;
        const term = ix.terms[t]!;
        counts.set(term, (counts.get(term) ?? 0) + n);
        sources.set(term, (sources.get(term) ?? 0) + 1);
      }
    }
    const terms = [...counts.keys()].sort();
    const newId = new Map<string, number>();
    const offsets = new Int32Array(terms.length + 1);
    for (let i = 0; i < terms.length; i++) {
      newId.set(terms[i]!, i);
      offsets[i + 1] = offsets[i]! + counts.get(terms[i]!)!;
    }
    const total = offsets[terms.length]!;
    // Entries packed as ((doc * NF + field) * 65536 + tf): sorting a term's region orders it by doc, field.
    const packed = new Float64Array(total);
    const fill = offsets.slice(0, terms.length);
    for (let part = 0; part < parts.length; part++) {
      const ix = parts[part]!.ix;
      const map = docMaps[part]!;
      const { offsets: off, postDoc: pd, postField: pf, postTf: ptf } = ix;
      for (let t = 0; t < ix.terms.length; t++) {
        const nt = newId.get(ix.terms[t]!);
        if (nt === undefined) continue;
        let at = fill[nt]!;
        for (let p = off[t]!, end = off[t + 1]!; p < end; p++) {
          const d = map[pd[p]!]!;
          if (d >= 0) packed[at++] = (d * NF + pf[p]!) * 65536 + ptf[p]!;
        }
        fill[nt] = at;
      }
    }
    // Each part's entries are already in (doc, field) order: merge the runs rather than sort.
    let tmp = new Float64Array(0);
    for (let i = 0; i < terms.length; i++) {
      if (sources.get(terms[i]!)! < 2) continue;
      const from = offsets[i]!;
      const to = offsets[i + 1]!;
      if (tmp.length < to - from) tmp = new Float64Array(to - from);
      mergeRuns(packed, from, to, tmp);
    }
    const postDoc = new Int32Array(total);
    const postField = new Uint8Array(total);
    const postTf = new Uint16Array(total);
    for (let p = 0; p < total; p++) {
      const v = packed[p]!;
      const key = Math.floor(v / 65536);
      postTf[p] = v - key * 65536;
      postField[p] = key % NF;
      postDoc[p] = (key - (key % NF)) / NF;
    }
    // Surface forms: summed over the parts. Forms of dropped documents may linger (counts are not
    // per document); suggestions are checked against live document frequencies anyway.
    const formLines = new Array<string>(terms.length).fill('');
    const merged = new Map<number, Map<string, number>>();
    for (const { ix } of parts) {
      for (let t = 0; t < ix.terms.length; t++) {
        const nt = newId.get(ix.terms[t]!);
        if (nt === undefined) continue;
        if (sources.get(ix.terms[t]!) === 1) {
          formLines[nt] = ix.formLines[t] ?? '';
          continue;
        }
        let m = merged.get(nt);
        if (!m) merged.set(nt, (m = new Map()));
        for (const [w, c] of ix.formsOf(t)) m.set(w, (m.get(w) ?? 0) + c);
      }
    }
    for (const [nt, m] of merged) formLines[nt] = formLine(m);
    return new SegmentIndex(lang, terms, chosen.map((c) => c.id), fieldLen, offsets, postDoc, postField, postTf, formLines);
  }

  /* ---------------------------------------------------------------------------- serialization */

  /**
   * The segment's arrays as they are (no encoding), for handing a segment built in a worker
   * thread to the main thread: the typed arrays' buffers go in the transfer list (moved, not
   * copied). `fromTransfer` takes them back. See ./build-user-index.ts.
   */
  toTransfer(): SegmentTransfer {
    return {
      lang: this.lang,
      terms: this.terms,
      ids: this.ids,
      fieldLen: this.fieldLen,
      offsets: this.offsets,
      postDoc: this.postDoc,
      postField: this.postField,
      postTf: this.postTf,
      formLines: [...this.formLines],
    };
  }

  /** A segment from `toTransfer`; checks the shapes agree (it crossed a thread boundary). */
  static fromTransfer(p: SegmentTransfer): SegmentIndex {
    const n = p.terms.length;
    const entries = p.postDoc.length;
    const ok =
      p.fieldLen.length === p.ids.length * NF &&
      p.offsets.length === n + 1 &&
      p.offsets[n] === entries &&
      p.postField.length === entries &&
      p.postTf.length === entries &&
      p.formLines.length === n;
    if (!ok) throw new Error('malformed segment parts');
    return new SegmentIndex(p.lang, p.terms, p.ids, p.fieldLen, p.offsets, p.postDoc, p.postField, p.postTf, p.formLines);
  }

  /** The buffers of `toTransfer`'s typed arrays (a worker's transfer list). */
  static transferables(p: SegmentTransfer): ArrayBuffer[] {
    return [p.fieldLen, p.offsets, p.postDoc, p.postField, p.postTf].map((a) => a.buffer as ArrayBuffer);
  }

  toJSON(): SegmentJSON {
    const lengths = new VarintWriter();
    for (let i = 0; i < this.fieldLen.length; i++) lengths.write(this.fieldLen[i]!);
    const postings = new VarintWriter();
    for (let t = 0; t < this.terms.length; t++) {
      const from = this.offsets[t]!;
      const to = this.offsets[t + 1]!;
      postings.write(to - from);
      let prev = 0;
      for (let p = from; p < to; p++) {
        postings.write(this.postDoc[p]! - prev);
        prev = this.postDoc[p]!;
        postings.write(this.postTf[p]! * NF + this.postField[p]!);
      }
    }
    return {
      format: SEGMENT_FORMAT,
      lang: this.lang,
      fields: [...FIELDS],
      terms: this.terms.join('\n'),
      ids: [...this.ids],
      entries: this.postDoc.length,
      lengths: toBase64(lengths.bytes()),
      postings: toBase64(postings.bytes()),
      forms: this.formLines.join('\n'),
    };
  }

  /** See `segmentFromParts`, which validates the parts first. */
  static fromParts(lang: Lang, terms: string[], ids: string[], p: SegmentParts): SegmentIndex {
    return new SegmentIndex(lang, terms, ids, p.fieldLen, p.offsets, p.postDoc, p.postField, p.postTf, p.forms);
  }

  static fromJSON(json: unknown, lang: Lang): SegmentIndex {
    const j = json as Partial<SegmentJSON> | null;
    if (!j || j.format !== SEGMENT_FORMAT) throw new Error(`not a ${SEGMENT_FORMAT} segment`);
    if (j.lang !== lang) throw new Error(`segment is for ${String(j.lang)}, expected ${lang}`);
    if (!Array.isArray(j.fields) || j.fields.join() !== FIELDS.join()) throw new Error('segment fields do not match');
    if (typeof j.terms !== 'string' || !Array.isArray(j.ids) || typeof j.entries !== 'number') throw new Error('malformed segment');
    const terms = j.terms ? j.terms.split('\n') : [];
    for (let i = 1; i < terms.length; i++) if (!(terms[i - 1]! < terms[i]!)) throw new Error('segment terms are not sorted');
    const ids = j.ids.map(String);
    const lengths = new VarintReader(fromBase64(j.lengths ?? ''));
    const fieldLen = new Uint32Array(ids.length * NF);
    for (let i = 0; i < fieldLen.length; i++) fieldLen[i] = lengths.read();
    const total = j.entries;
    const offsets = new Int32Array(terms.length + 1);
    const postDoc = new Int32Array(total);
    const postField = new Uint8Array(total);
    const postTf = new Uint16Array(total);
    // Inlined varint decoding (the hot loop of a load). Values here stay far below 2^31.
    const buf = fromBase64(j.postings ?? '');
    const n = buf.length;
    let pos = 0;
    let p = 0;
    const bad = () => new Error('malformed segment postings');
    for (let t = 0; t < terms.length; t++) {
      let count = 0;
      for (let shift = 0; ; shift += 7) {
        if (pos >= n || shift > 28) throw bad();
        const b = buf[pos++]!;
        count |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
      if (p + count > total) throw bad();
      let doc = 0;
      for (const end = p + count; p < end; p++) {
        let gap = 0;
        for (let shift = 0; ; shift += 7) {
          if (pos >= n || shift > 28) throw bad();
          const b = buf[pos++]!;
          gap |= (b & 0x7f) << shift;
          if (b < 0x80) break;
        }
        let packed = 0;
        for (let shift = 0; ; shift += 7) {
          if (pos >= n || shift > 28) throw bad();
          const b = buf[pos++]!;
          packed |= (b & 0x7f) << shift;
          if (b < 0x80) break;
        }
        doc += gap;
        if (doc >= ids.length) throw bad();
        postDoc[p] = doc;
        postField[p] = packed & (NF - 1);
        postTf[p] = packed >>> 2;
      }
      offsets[t + 1] = p;
    }
    if (p !== total || pos !== n) throw bad();
    // The lexicon only feeds suggestions: a segment without one (or with a damaged one) still loads.
    let formLines = typeof j.forms === 'string' ? j.forms.split('\n') : [];
    if (formLines.length !== terms.length) formLines = new Array<string>(terms.length).fill('');
    return new SegmentIndex(lang, terms, ids, fieldLen, offsets, postDoc, postField, postTf, formLines);
  }
}

/**
 * Builds a segment document by document (the cold build feeds it chunk by chunk, reporting
 * progress, and calls `finish` once: no per-chunk segments to merge). `add` does the text analysis
 * at once, one map lookup per token: each distinct word is analysed once per builder (`indexTerm`:
 * folding, stop words, stemming) and remembered with its term and its count (the lexicon); a
 * document's postings are kept as (term, tf * NF + field) pairs in a growing typed array.
 * `finish` orders the documents by id and lays the postings out per sorted term with a counting
 * sort (by document, then field, as the engine reads them): the segment `SegmentIndex.build` gives.
 */
export class SegmentBuilder {
  private readonly ids: string[] = [];
  private lens = new Uint32Array(256 * NF);
  /** Per document, where its pairs start in `pairs` (one more at the end). */
  private starts: number[] = [0];
  private pairs = new Int32Array(1 << 16);
  private used = 0;
  private readonly wordSlot = new Map<string, number>();
  private readonly slotWord: string[] = [];
  /** Per distinct word: its term (-1: a stop word) and its count. */
  private readonly slotTerm: number[] = [];
  private readonly slotCount: number[] = [];
  private readonly termIds = new Map<string, number>();
  private readonly termText: string[] = [];
  private readonly tf: number[] = [];
  private readonly touched: number[] = [];

  constructor(readonly lang: Lang) {}

  get docCount(): number {
    return this.ids.length;
  }

  add(doc: SearchDoc): void {
    const d = this.ids.length;
    this.ids.push(doc.id);
    if (this.lens.length < (d + 1) * NF) {
      const grown = new Uint32Array(this.lens.length * 2);
      grown.set(this.lens);
      this.lens = grown;
    }
    const { wordSlot, slotTerm, slotCount, tf, touched } = this;
    const texts = textsOf(doc);
    for (let f = 0; f < NF; f++) {
      let len = 0;
      for (const w of words(texts[f]!)) {
        let slot = wordSlot.get(w);
        if (slot === undefined) slot = this.newWord(w);
        const id = slotTerm[slot]!;
        if (id < 0) continue;
        len++;
        slotCount[slot]!++;
        if (tf[id]! === 0) touched.push(id);
        tf[id]!++;
      }
      this.lens[d * NF + f] = len;
      if (this.pairs.length < this.used + touched.length * 2) {
        const grown = new Int32Array(Math.max(this.pairs.length * 2, this.used + touched.length * 2));
        grown.set(this.pairs.subarray(0, this.used));
        this.pairs = grown;
      }
      const pairs = this.pairs;
      let at = this.used;
      for (let k = 0; k < touched.length; k++) {
        const id = touched[k]!;
        const c = tf[id]!;
        pairs[at++] = id;
        pairs[at++] = (c > MAX_TF ? MAX_TF : c) * NF + f;
        tf[id] = 0;
      }
      this.used = at;
      touched.length = 0;
    }
    this.starts.push(this.used);
  }

  private newWord(w: string): number {
    const slot = this.slotWord.length;
    this.wordSlot.set(w, slot);
    this.slotWord.push(w);
    this.slotCount.push(0);
    const t = indexTerm(this.lang, w);
    let id = -1;
    if (t !== null) {
      id = this.termIds.get(t) ?? -1;
      if (id < 0) {
        id = this.termText.length;
        this.termIds.set(t, id);
        this.termText.push(t);
        this.tf.push(0);
      }
    }
    this.slotTerm.push(id);
    return slot;
  }

  finish(): SegmentIndex {
    const n = this.ids.length;
    // Documents in id order (ties in the order added, as a stable sort gives).
    const order = Array.from({ length: n }, (_, i) => i);
    const ids = this.ids;
    order.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : a - b));
    const terms = [...this.termText].sort();
    const position = new Int32Array(terms.length);
    for (let i = 0; i < terms.length; i++) position[this.termIds.get(terms[i]!)!] = i;
    const { pairs, used, starts } = this;
    const offsets = new Int32Array(terms.length + 1);
    for (let k = 0; k < used; k += 2) offsets[position[pairs[k]!]! + 1]!++;
    for (let i = 0; i < terms.length; i++) offsets[i + 1]! += offsets[i]!;
    const total = offsets[terms.length]!;
    const postDoc = new Int32Array(total);
    const postField = new Uint8Array(total);
    const postTf = new Uint16Array(total);
    const fill = offsets.slice(0, terms.length);
    const fieldLen = new Uint32Array(n * NF);
    for (let d = 0; d < n; d++) {
      const src = order[d]!;
      fieldLen.set(this.lens.subarray(src * NF, src * NF + NF), d * NF);
      for (let k = starts[src]!, end = starts[src + 1]!; k < end; k += 2) {
        const p = fill[position[pairs[k]!]!]!++;
        const packed = pairs[k + 1]!;
        postDoc[p] = d;
        postField[p] = packed & (NF - 1);
        postTf[p] = packed >>> 2;
      }
    }
    const forms = terms.map(() => new Map<string, number>());
    for (let slot = 0; slot < this.slotWord.length; slot++) {
      const id = this.slotTerm[slot]!;
      if (id >= 0 && this.slotCount[slot]! > 0) forms[position[id]!]!.set(this.slotWord[slot]!, this.slotCount[slot]!);
    }
    return SegmentIndex.fromBuilt(this.lang, terms, order.map((i) => ids[i]!), fieldLen, offsets, postDoc, postField, postTf, forms.map(formLine));
  }
}

/**
 * A segment as flat parts for the binary index file (./index-file.ts): strings for the terms, ids
 * and lexicon ("\n"-joined), and the typed arrays the engine searches, which the file stores as
 * they are in memory so that loading them is a view on the file's bytes, not a decode.
 */
export interface SegmentParts {
  terms: string;
  ids: string;
  forms: string;
  fieldLen: Uint32Array;
  offsets: Int32Array;
  postDoc: Int32Array;
  postField: Uint8Array;
  postTf: Uint16Array;
}

export function segmentParts(ix: SegmentIndex): SegmentParts {
  return {
    terms: ix.terms.join('\n'),
    ids: ix.ids.join('\n'),
    forms: ix.formLines.join('\n'),
    fieldLen: ix.fieldLen,
    offsets: ix.offsets,
    postDoc: ix.postDoc,
    postField: ix.postField,
    postTf: ix.postTf,
  };
}

/**
 * The segment of `parts` (as read from an index file). Checks what a damaged or foreign file
 * could get wrong and the engine would trip on: array lengths, sorted terms, offsets that
 * increase and end at the number of postings, document numbers in range. Throws when not.
 */
export function segmentFromParts(lang: Lang, p: SegmentParts): SegmentIndex {
  const terms = p.terms ? p.terms.split('\n') : [];
  const ids = p.ids ? p.ids.split('\n') : [];
  const bad = (why: string) => new Error(`malformed segment: ${why}`);
  for (let i = 1; i < terms.length; i++) if (!(terms[i - 1]! < terms[i]!)) throw bad('terms are not sorted');
  if (p.fieldLen.length !== ids.length * NF) throw bad('field lengths');
  if (p.offsets.length !== terms.length + 1 || p.offsets[0] !== 0) throw bad('offsets');
  const total = p.postDoc.length;
  if (p.postField.length !== total || p.postTf.length !== total || p.offsets[terms.length] !== total) throw bad('postings length');
  for (let t = 0; t < terms.length; t++) if (p.offsets[t + 1]! < p.offsets[t]!) throw bad('offsets decrease');
  const n = ids.length;
  const { postDoc, postField } = p;
  for (let k = 0; k < total; k++) if (postDoc[k]! >>> 0 >= n || postField[k]! >= NF) throw bad('posting out of range');
  return SegmentIndex.fromParts(lang, terms, ids, p);
}

/** Sorts a[from, to) made of a few ascending runs, by merging adjacent runs (linear per pass). */
function mergeRuns(a: Float64Array, from: number, to: number, tmp: Float64Array): void {
  for (;;) {
    const bounds = [from];
    for (let p = from + 1; p < to; p++) if (a[p]! < a[p - 1]!) bounds.push(p);
    bounds.push(to);
    if (bounds.length <= 2) return;
    for (let r = 0; r + 2 < bounds.length; r += 2) {
      const lo = bounds[r]!;
      const mid = bounds[r + 1]!;
      const hi = bounds[r + 2]!;
      tmp.set(a.subarray(lo, mid));
      let i = 0;
      const iEnd = mid - lo;
      let j = mid;
      let k = lo;
      while (i < iEnd && j < hi) a[k++] = tmp[i]! <= a[j]! ? tmp[i++]! : a[j++]!;
      while (i < iEnd) a[k++] = tmp[i++]!;
    }
  }
}

/** "word count word count ..." with words sorted (deterministic output). */
function formLine(forms: Map<string, number>): string {
  return [...forms.keys()]
    .sort()
    .map((w) => `${w} ${forms.get(w)}`)
    .join(' ');
}
