/**
 * The per-match side of a query, on document numbers (DocEntry.num, dense, ./facets.ts): what a
 * query touching tens of thousands of documents does for each of them reads and writes typed
 * arrays indexed by number, never the entry objects (nor their documents) scattered over the
 * heap. Only the page's hits are turned back into entries (`MatchColumns.entry`).
 *
 * - `MatchColumns`: per document number, the few fields the per-match steps need (language,
 *   whether the record has language versions, its record number, its type's rank), kept in step
 *   with the engine's entries (`sync`, `drop`). A derived copy: the documents' metadata stays
 *   where the engine keeps it.
 * - `Collected`: matched document versions as parallel typed arrays (number, score, tier), with
 *   an index by number made on the first addition that may repeat a document.
 * - `topK`: the first k of the passing matches (rank key, type, id) by a bounded heap: one
 *   comparison with the heap's root per match, never a sort of all matches.
 */
import { LANGS, type Lang } from '../vocabulary';
import { rankKey } from './ranking';

/** A language's code in the columns: its index in LANGS. */
export function langCode(lang: Lang): number {
  return LANGS.indexOf(lang);
}

/** What `MatchColumns` reads of an entry. */
export interface ColumnSource {
  num: number;
  doc: { id: string; lang: Lang };
  typeRank: number;
  rnum: number;
  versioned: boolean;
}

export class MatchColumns<E extends ColumnSource> {
  /** The entry of each live document number (undefined: free). */
  readonly entry: (E | undefined)[] = [];
  lang = new Uint8Array(64);
  versioned = new Uint8Array(64);
  typeRank = new Uint8Array(64);
  rnum = new Int32Array(64);

  /** Copies `e`'s fields into the columns (after any change to them). */
  sync(e: E): void {
    const n = e.num;
    if (n >= this.lang.length) this.grow(n);
    this.entry[n] = e;
    this.lang[n] = langCode(e.doc.lang);
    this.versioned[n] = e.versioned ? 1 : 0;
    this.typeRank[n] = Math.min(255, e.typeRank);
    this.rnum[n] = e.rnum;
  }

  /** Forgets document number `num` (its entry was removed). */
  drop(num: number): void {
    this.entry[num] = undefined;
  }

  private grow(n: number): void {
    let size = this.lang.length;
    while (size <= n) size *= 2;
    this.lang = grown(this.lang, size);
    this.versioned = grown(this.versioned, size);
    this.typeRank = grown(this.typeRank, size);
    this.rnum = grown(this.rnum, size);
  }
}

/** A copy of `a` at the start of a new array of `size` elements of the same type (the rest zeros). */
function grown<A extends Uint8Array | Int32Array | Float64Array>(a: A, size: number): A {
  const out = new (a.constructor as new (length: number) => A)(size);
  out.set(a);
  return out;
}

/** Matched document versions as parallel arrays: number, score and tier (./ranking.ts) of each. */
export class Collected {
  nums = new Int32Array(256);
  scores = new Float64Array(256);
  tiers = new Uint8Array(256);
  count = 0;
  /** Distinct documents of the query's language that matched every word. */
  fullInQueryLang = 0;
  /** num -> 1 + position (0: absent), in use once an addition may repeat a document. */
  private index: Int32Array | null = null;
  private indexed = false;
  /** One more than the highest document number. */
  private capacity = 0;

  /**
   * Empties it for a new query (the arrays are kept: a query's matches are read before the next
   * query starts). `capacity`: one more than the highest document number.
   */
  reset(capacity: number): void {
    if (this.indexed) for (let i = 0; i < this.count; i++) this.index![this.nums[i]!] = 0;
    this.indexed = false;
    this.count = 0;
    this.fullInQueryLang = 0;
    this.capacity = capacity;
  }

  /** Adds a match (`dedup`: the document may be there already; the better rank is kept). */
  add(num: number, score: number, tier: number, dedup: boolean): void {
    if (dedup || this.indexed) {
      let index = this.index;
      if (!this.indexed) {
        if (!index || index.length < this.capacity) index = this.index = new Int32Array(this.capacity);
        for (let i = 0; i < this.count; i++) index[this.nums[i]!] = i + 1;
        this.indexed = true;
      }
      index = index!;
      const at = index[num]! - 1;
      if (at >= 0) {
        if (rankKey(tier, score) > rankKey(this.tiers[at]!, this.scores[at]!)) {
          this.scores[at] = score;
          this.tiers[at] = tier;
        }
        return;
      }
      index[num] = this.count + 1;
    }
    const n = this.count;
    if (n === this.nums.length) this.grow();
    this.nums[n] = num;
    this.scores[n] = score;
    this.tiers[n] = tier;
    this.count = n + 1;
  }

  private grow(): void {
    const size = this.nums.length * 2;
    this.nums = grown(this.nums, size);
    this.scores = grown(this.scores, size);
    this.tiers = grown(this.tiers, size);
  }
}

/**
 * The first k of `idx` (positions into `nums` / `keys`) by rank key (higher first), then type
 * rank, then document id, in that order; the same list a full sort by that order would start
 * with (ids are unique, so the order is total), at one comparison with the heap's root per match.
 */
export function topK<E extends ColumnSource>(
  nums: Int32Array,
  keys: Float64Array,
  idx: Int32Array,
  k: number,
  cols: MatchColumns<E>,
): number[] {
  if (k <= 0 || !idx.length) return [];
  const typeRank = cols.typeRank;
  const entry = cols.entry;
  // Negative when position i ranks before position j.
  const cmp = (i: number, j: number): number => {
    const d = keys[j]! - keys[i]!;
    if (d !== 0) return d;
    const a = nums[i]!;
    const b = nums[j]!;
    const t = typeRank[a]! - typeRank[b]!;
    if (t !== 0) return t;
    const ia = entry[a]!.doc.id;
    const ib = entry[b]!.doc.id;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
  if (idx.length <= k * 4) return Array.from(idx).sort(cmp).slice(0, k);
  // Heap of the k best so far, worst at the root.
  const heap = new Int32Array(k);
  let size = 0;
  for (let x = 0; x < idx.length; x++) {
    const i = idx[x]!;
    if (size < k) {
      // Sift up.
      let at = size++;
      while (at > 0) {
        const p = (at - 1) >> 1;
        if (cmp(i, heap[p]!) <= 0) break;
        heap[at] = heap[p]!;
        at = p;
      }
      heap[at] = i;
      continue;
    }
    const root = heap[0]!;
    // A quick reject on the key alone (most matches): strictly below the worst kept.
    if (keys[i]! < keys[root]!) continue;
    if (cmp(i, root) >= 0) continue;
    // Replace the root and sift down.
    let at = 0;
    for (;;) {
      const l = 2 * at + 1;
      if (l >= size) break;
      const r = l + 1;
      const w = r < size && cmp(heap[r]!, heap[l]!) > 0 ? r : l;
      if (cmp(heap[w]!, i) <= 0) break;
      heap[at] = heap[w]!;
      at = w;
    }
    heap[at] = i;
  }
  return Array.from(heap.subarray(0, size)).sort(cmp);
}
