/**
 * Facet filtering and counting with bitsets: every document gets a dense number, every facet value
 * a bitset of the documents that have it. A search then costs O(matches) to mark its matches plus
 * O(values x documents / 32) word operations for all the counts, with no per-match object walks.
 *
 * Counts are "disjunctive": the count of value v of facet F is the number of matches that pass
 * every active filter except F's own (for a facet without an active filter, that is simply the
 * count over the filtered matches). Within one facet the selected values are OR-ed; across
 * facets, AND-ed.
 */
import { FACETS, type FacetName, type SearchDoc } from './types';

const NF = FACETS.length;

/** Facet values of a document, in FACETS order. */
function facetValues(doc: SearchDoc): readonly (readonly (string | number)[])[] {
  return [[doc.type], [doc.lang], doc.countries, doc.steps, doc.branches, doc.guarantees, doc.themes];
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** value -> count, most frequent first (then by value). */
function record(list: [string, number][]): Record<string, number> {
  list.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const out: Record<string, number> = {};
  for (const [v, n] of list) out[v] = n;
  return out;
}

/** Per-facet selected value codes (null: no filter on that facet). Unknown values select nothing. */
export type CompiledFilters = (number[] | null)[];

export interface FacetEvaluation {
  /** Indices (into the evaluated list) of the items that pass every filter, in list order. */
  passing: Int32Array;
  facets: Record<FacetName, Record<string, number>>;
}

export class FacetIndex {
  private readonly codeOf = FACETS.map(() => new Map<string, number>());
  private readonly values: string[][] = FACETS.map(() => []);
  /** bits[f][code]: documents having that value. */
  private readonly bits: Uint32Array[][] = FACETS.map(() => []);
  private words = 8;
  private nextNum = 0;
  private readonly freeNums: number[] = [];
  /** Codes currently recorded per document number (to clear them on change). */
  private readonly docCodes: (number[][] | undefined)[] = [];

  /** One more than the highest document number ever allocated (numbers are dense below it). */
  get capacity(): number {
    return this.nextNum;
  }

  /** A new document number. */
  allocate(): number {
    return this.freeNums.pop() ?? this.nextNum++;
  }

  /** Records `doc`'s facet values for document number `num` (replacing earlier ones). */
  set(num: number, doc: SearchDoc): void {
    // Plain loops (this runs for every document loaded at start-up).
    const values = facetValues(doc);
    const codes: number[][] = new Array<number[]>(NF);
    for (let f = 0; f < NF; f++) {
      const vals = values[f]!;
      const out: number[] = [];
      for (let i = 0; i < vals.length; i++) {
        const v = vals[i]!;
        const c = this.code(f, typeof v === 'string' ? v : String(v));
        if (!out.includes(c)) out.push(c);
      }
      codes[f] = out;
    }
    this.setCodes(num, codes);
  }

  /** The code of `value` in facet `f` (FACETS order), made when new: for callers that map their own codes once per value. */
  codeFor(f: number, value: string): number {
    return this.code(f, value);
  }

  /** Like `set`, with the document's codes already looked up (`codeFor`): per facet, distinct; kept as given (shared lists are fine: never changed here). */
  setCodes(num: number, codes: number[][]): void {
    this.clear(num);
    this.ensureCapacity(num);
    const w = num >>> 5;
    const bit = 1 << (num & 31);
    for (let f = 0; f < NF; f++) {
      const cs = codes[f]!;
      for (let i = 0; i < cs.length; i++) this.bits[f]![cs[i]!]![w]! |= bit;
    }
    this.docCodes[num] = codes;
  }

  /** Forgets document number `num` and makes it reusable. */
  release(num: number): void {
    this.clear(num);
    this.freeNums.push(num);
  }

  compile(selected: readonly (readonly (string | number)[] | undefined)[]): CompiledFilters {
    return selected.map((vals, f) => {
      if (!Array.isArray(vals) || !vals.length) return null;
      const codes: number[] = [];
      for (const v of vals) {
        const c = this.codeOf[f]!.get(String(v));
        if (c !== undefined && !codes.includes(c)) codes.push(c);
      }
      return codes;
    });
  }

  /** Filters `nums` (document numbers) and counts facet values over them; see the file comment. */
  evaluate(nums: ArrayLike<number>, filters: CompiledFilters): FacetEvaluation {
    let values = 0;
    for (const perFacet of this.bits) values += perFacet.length;
    // Few matches: walking their codes is cheaper than a pass over every value's bitset.
    if (nums.length * 128 < values * this.words) return this.evaluateDirect(nums, filters);
    return this.evaluateBitsets(nums, filters);
  }

  /** Bitset path: O(matches) to mark them, then word-wise AND + popcount per facet value. */
  private evaluateBitsets(nums: ArrayLike<number>, filters: CompiledFilters): FacetEvaluation {
    const W = this.words;
    const match = new Uint32Array(W);
    for (let i = 0; i < nums.length; i++) match[nums[i]! >>> 5]! |= 1 << (nums[i]! & 31);
    const filterBits: (Uint32Array | null)[] = filters.map((codes, f) => {
      if (!codes) return null;
      const fb = new Uint32Array(W);
      for (const c of codes) {
        const b = this.bits[f]![c]!;
        for (let k = 0; k < W; k++) fb[k]! |= b[k]!;
      }
      return fb;
    });
    const active = filterBits.flatMap((b, f) => (b ? [f] : []));
    const and = (skip: number): Uint32Array => {
      const out = match.slice();
      for (const g of active) {
        if (g === skip) continue;
        const fb = filterBits[g]!;
        for (let k = 0; k < W; k++) out[k]! &= fb[k]!;
      }
      return out;
    };
    const all = active.length ? and(-1) : match;
    const facets = {} as Record<FacetName, Record<string, number>>;
    for (let f = 0; f < NF; f++) {
      const base = filterBits[f] ? and(f) : all;
      let lo = 0;
      let hi = W;
      while (lo < hi && base[lo] === 0) lo++;
      while (hi > lo && base[hi - 1] === 0) hi--;
      const list: [string, number][] = [];
      const bitsF = this.bits[f]!;
      for (let c = 0; c < bitsF.length; c++) {
        const b = bitsF[c]!;
        let n = 0;
        for (let k = lo; k < hi; k++) {
          const x = base[k]! & b[k]!;
          if (x !== 0) n += popcount(x);
        }
        if (n > 0) list.push([this.values[f]![c]!, n]);
      }
      facets[FACETS[f]!] = record(list);
    }
    // Written into a typed array sized for every item (pushing ~40,000 indices into an array was a
    // third of this function's time at 100,000 practices).
    const n = nums.length;
    const passing = new Int32Array(n);
    let np = 0;
    if (!active.length) for (let i = 0; i < n; i++) passing[i] = i;
    else for (let i = 0; i < n; i++) if (all[nums[i]! >>> 5]! & (1 << (nums[i]! & 31))) passing[np++] = i;
    return { passing: active.length ? passing.subarray(0, np) : passing, facets };
  }

  /** Same result as the bitset path, by walking each match's codes. */
  private evaluateDirect(nums: ArrayLike<number>, filters: CompiledFilters): FacetEvaluation {
    const counts = this.values.map((v) => new Int32Array(v.length));
    const tables = filters.map((codes, f) => {
      if (!codes) return null;
      const t = new Uint8Array(this.values[f]!.length);
      for (const c of codes) t[c] = 1;
      return t;
    });
    const passing = new Int32Array(nums.length);
    let np = 0;
    for (let i = 0; i < nums.length; i++) {
      const codes = this.docCodes[nums[i]!]!;
      let failed = -1;
      let nFailed = 0;
      for (let f = 0; f < NF && nFailed < 2; f++) {
        const t = tables[f];
        if (!t) continue;
        let ok = false;
        for (const c of codes[f]!) if (t[c] === 1) ok = true;
        if (!ok) {
          failed = f;
          nFailed++;
        }
      }
      if (nFailed === 0) {
        passing[np++] = i;
        for (let f = 0; f < NF; f++) for (const c of codes[f]!) counts[f]![c]!++;
      } else if (nFailed === 1) {
        for (const c of codes[failed]!) counts[failed]![c]!++;
      }
    }
    const facets = {} as Record<FacetName, Record<string, number>>;
    for (let f = 0; f < NF; f++) {
      const list: [string, number][] = [];
      counts[f]!.forEach((n, c) => {
        if (n > 0) list.push([this.values[f]![c]!, n]);
      });
      facets[FACETS[f]!] = record(list);
    }
    return { passing: passing.subarray(0, np), facets };
  }

  private code(f: number, value: string): number {
    let c = this.codeOf[f]!.get(value);
    if (c === undefined) {
      c = this.values[f]!.length;
      this.codeOf[f]!.set(value, c);
      this.values[f]!.push(value);
      this.bits[f]!.push(new Uint32Array(this.words));
    }
    return c;
  }

  private clear(num: number): void {
    const codes = this.docCodes[num];
    if (!codes) return;
    const w = num >>> 5;
    const mask = ~(1 << (num & 31));
    codes.forEach((cs, f) => {
      for (const c of cs) this.bits[f]![c]![w]! &= mask;
    });
    this.docCodes[num] = undefined;
  }

  private ensureCapacity(num: number): void {
    if (num >>> 5 < this.words) return;
    let words = this.words;
    while (num >>> 5 >= words) words *= 2;
    for (const perFacet of this.bits) {
      perFacet.forEach((b, c) => {
        const next = new Uint32Array(words);
        next.set(b);
        perFacet[c] = next;
      });
    }
    this.words = words;
  }
}
