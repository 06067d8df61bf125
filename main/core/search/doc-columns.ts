/**
 * Document metadata as columns: how the user index cache (./user-index.ts) stores the metadata of
 * a segment's documents (DocMeta without id and language: the segment gives those), slot by slot,
 * and how the engine reads it back one document at a time. Owns the column layout, its checks and
 * `ColumnDoc`, the SearchDoc whose fields are read from the columns when asked for.
 *
 * Why: a warm start used to parse every document's metadata (one JSON row per document) and make
 * an object, five arrays and several strings for each before the first search; at 100,000 records
 * that was most of the start (1.7 s) and ~300 MB of heap. Columns are typed arrays and a few
 * strings, viewed on the file's bytes; a document's title, dates and facet lists are made only
 * when something asks for them (a hit shown, a facet set, a re-index).
 *
 * Layout, per language segment `<lang>`, in the segment's slot order (n = its document count):
 *   docs.<lang>.type                 u8 [n]     index in RECORD_TYPES
 *   docs.<lang>.<s>, .<s>End         utf8, u32 [n]   s = title, updatedAt, rev: the strings
 *                                               concatenated, and where each ends (UTF-16 units)
 *   docs.<lang>.<l>Values            utf8       l = countries, steps, branches, guarantees, themes,
 *                                               instrument: a JSON array of the distinct values
 *   docs.<lang>.<l>Start, .<l>Codes  u32 [n+1], u32   document d's values are
 *                                               Values[Codes[Start[d] .. Start[d+1]-1]]
 *                                               (instrument: none or one)
 * `readDocColumns` checks every length, bound and code before anything is used, so a file that
 * passed the CRC but is inconsistent (another writer, a bug) throws IndexFileError, never
 * misreads; the caller rebuilds the index.
 */
import { RECORD_TYPES, type Lang, type RecordType } from '../vocabulary';
import { IndexFileError, type IndexFile, type SectionValue } from './index-file';
import type { SegmentIndex } from './segment';
import { plainDoc } from './engine';
import { FACETS, type DocMeta, type FacetName, type SearchDoc, type SegmentDocs } from './types';

const STRINGS = ['title', 'updatedAt', 'rev'] as const;
const LISTS = ['countries', 'steps', 'branches', 'guarantees', 'themes', 'instrument'] as const;
type StringCol = (typeof STRINGS)[number];
type ListCol = (typeof LISTS)[number];

/** The list facets (FACETS order after type and lang) and their columns. */
const FACET_LISTS: readonly (readonly [FacetName, ListCol])[] = [
  ['country', 'countries'],
  ['step', 'steps'],
  ['branch', 'branches'],
  ['guarantee', 'guarantees'],
  ['theme', 'themes'],
];
if (FACET_LISTS.some(([f], i) => FACETS[i + 2] !== f) || FACETS.length !== FACET_LISTS.length + 2) throw new Error('doc-columns: FACETS changed');

const TYPE_CODE = new Map<string, number>(RECORD_TYPES.map((t, i) => [t, i]));

/** The sections holding the metadata of a segment's documents (`ids`: its slots' ids, in order). */
export function docColumnSections(lang: Lang, ids: readonly string[], metaOf: (id: string) => DocMeta): Record<string, SectionValue> {
  const n = ids.length;
  const type = new Uint8Array(n);
  const text: Record<StringCol, string[]> = { title: [], updatedAt: [], rev: [] };
  const ends: Record<StringCol, Uint32Array> = { title: new Uint32Array(n), updatedAt: new Uint32Array(n), rev: new Uint32Array(n) };
  const at: Record<StringCol, number> = { title: 0, updatedAt: 0, rev: 0 };
  const values = {} as Record<ListCol, (string | number)[]>;
  const codeOf = {} as Record<ListCol, Map<string | number, number>>;
  const starts = {} as Record<ListCol, Uint32Array>;
  const codes = {} as Record<ListCol, number[]>;
  for (const l of LISTS) {
    values[l] = [];
    codeOf[l] = new Map();
    starts[l] = new Uint32Array(n + 1);
    codes[l] = [];
  }
  for (let d = 0; d < n; d++) {
    const m = metaOf(ids[d]!);
    const t = TYPE_CODE.get(m.type);
    if (t === undefined) throw new TypeError(`document ${m.id}: unknown type ${String(m.type)}`);
    type[d] = t;
    for (const s of STRINGS) {
      const v = m[s];
      text[s].push(v);
      ends[s][d] = at[s] += v.length;
    }
    for (const l of LISTS) {
      const list: readonly (string | number)[] = l === 'instrument' ? (m.instrument === undefined ? [] : [m.instrument]) : m[l];
      for (const v of list) {
        let c = codeOf[l].get(v);
        if (c === undefined) {
          c = values[l].length;
          codeOf[l].set(v, c);
          values[l].push(v);
        }
        codes[l].push(c);
      }
      starts[l][d + 1] = codes[l].length;
    }
  }
  const p = `docs.${lang}.`;
  const out: Record<string, SectionValue> = { [`${p}type`]: type };
  for (const s of STRINGS) {
    out[p + s] = text[s].join('');
    out[`${p}${s}End`] = ends[s];
  }
  for (const l of LISTS) {
    out[`${p}${l}Values`] = JSON.stringify(values[l]);
    out[`${p}${l}Start`] = starts[l];
    out[`${p}${l}Codes`] = Uint32Array.from(codes[l]);
  }
  return out;
}

/** Whether the file has metadata columns for `lang`'s segment. */
export function hasDocColumns(file: IndexFile, lang: Lang): boolean {
  return file.has(`docs.${lang}.type`);
}

/** The metadata columns of one segment's documents, checked; see the file comment. */
export class DocColumns implements SegmentDocs {
  private constructor(
    readonly lang: Lang,
    /** The segment's ids (slot order): an array of its own, so holding it does not hold the file. */
    private readonly ids: readonly string[],
    private readonly types: Uint8Array,
    private readonly text: Record<StringCol, string>,
    private readonly ends: Record<StringCol, Uint32Array>,
    private readonly values: Record<ListCol, readonly (string | number)[]>,
    private readonly starts: Record<ListCol, Uint32Array>,
    private readonly codes: Record<ListCol, Uint32Array>,
  ) {}

  /** Reads and checks `lang`'s columns against its segment `ix`; throws IndexFileError. */
  static read(file: IndexFile, lang: Lang, ix: SegmentIndex): DocColumns {
    const fail = (why: string): never => {
      throw new IndexFileError(`index file: damaged document columns (${lang}: ${why})`);
    };
    const n = ix.docCount;
    // Each slot is one document: an id twice would give two slots one entry.
    if (ix.docNums.size !== n) fail('an id twice');
    const p = `docs.${lang}.`;
    // Copies, not views: a document's ColumnDoc lives as long as its entry, and a view would keep
    // the whole file's bytes alive after a compaction has replaced the segments read from it.
    const types = file.get(`${p}type`, 'u8').slice();
    if (types.length !== n) fail('type');
    for (let d = 0; d < n; d++) if (types[d]! >= RECORD_TYPES.length) fail('type');
    const text = {} as Record<StringCol, string>;
    const ends = {} as Record<StringCol, Uint32Array>;
    for (const s of STRINGS) {
      const t = (text[s] = file.get(p + s, 'utf8'));
      const e = (ends[s] = file.get(`${p}${s}End`, 'u32').slice());
      if (e.length !== n || (n > 0 && e[n - 1] !== t.length) || (n === 0 && t.length)) fail(s);
      for (let d = 1; d < n; d++) if (e[d]! < e[d - 1]!) fail(s);
    }
    const values = {} as Record<ListCol, readonly (string | number)[]>;
    const starts = {} as Record<ListCol, Uint32Array>;
    const codes = {} as Record<ListCol, Uint32Array>;
    for (const l of LISTS) {
      let v: unknown;
      try {
        v = JSON.parse(file.get(`${p}${l}Values`, 'utf8'));
      } catch {
        return fail(l);
      }
      const kind = l === 'steps' ? 'number' : 'string';
      if (!Array.isArray(v) || !v.every((x) => typeof x === kind)) fail(l);
      values[l] = v as (string | number)[];
      const st = (starts[l] = file.get(`${p}${l}Start`, 'u32').slice());
      const cs = (codes[l] = file.get(`${p}${l}Codes`, 'u32').slice());
      if (st.length !== n + 1 || st[0] !== 0 || st[n] !== cs.length) fail(l);
      for (let d = 0; d < n; d++) if (st[d + 1]! < st[d]! || (l === 'instrument' && st[d + 1]! - st[d]! > 1)) fail(l);
      const nv = (v as unknown[]).length;
      for (let k = 0; k < cs.length; k++) if (cs[k]! >= nv) fail(l);
    }
    return new DocColumns(lang, ix.ids, types, text, ends, values, starts, codes);
  }

  get count(): number {
    return this.types.length;
  }

  type(slot: number): RecordType {
    return RECORD_TYPES[this.types[slot]!]!;
  }

  string(col: StringCol, slot: number): string {
    return this.text[col].slice(slot ? this.ends[col][slot - 1]! : 0, this.ends[col][slot]!);
  }

  list<T extends string | number>(col: ListCol, slot: number): T[] {
    const out: T[] = [];
    const cs = this.codes[col];
    const vals = this.values[col] as readonly T[];
    for (let k = this.starts[col][slot]!; k < this.starts[col][slot + 1]!; k++) out.push(vals[cs[k]!]!);
    return out;
  }

  /** The revision key of the document in `slot` (engine.ts `revisionKey`, as indexed). */
  rev(slot: number): string {
    return this.string('rev', slot);
  }

  /**
   * See SegmentDocs.facetCodes. The lists are shared between documents wherever they can be (the
   * type's, the language's, an empty list, a list of one value): at 100,000 documents that is
   * most of them, and the lists are never changed (FacetIndex only reads them).
   */
  facetCodes(codeFor: (facet: number, value: string) => number): (slot: number) => number[][] {
    const typeCodes = RECORD_TYPES.map((t) => [codeFor(FACETS.indexOf('type'), t)]);
    const langCodes = [codeFor(FACETS.indexOf('lang'), this.lang)];
    const none: number[] = [];
    // Parallel arrays and index loops: this runs once per document at start, mostly before the
    // optimising compiler has seen it, where destructuring and iterators cost several times more.
    const starts = FACET_LISTS.map(([, col]) => this.starts[col]);
    const codes = FACET_LISTS.map(([, col]) => this.codes[col]);
    const maps = FACET_LISTS.map(([facet, col]) => this.values[col].map((v) => codeFor(FACETS.indexOf(facet), String(v))));
    const singles = maps.map((map) => map.map((c) => [c]));
    const types = this.types;
    const nLists = FACET_LISTS.length;
    return (slot) => {
      const out: number[][] = new Array<number[]>(2 + nLists);
      out[0] = typeCodes[types[slot]!]!;
      out[1] = langCodes;
      for (let j = 0; j < nLists; j++) {
        const st = starts[j]!;
        const from = st[slot]!;
        const to = st[slot + 1]!;
        if (to === from) out[2 + j] = none;
        else if (to === from + 1) out[2 + j] = singles[j]![codes[j]![from]!]!;
        else {
          const cs = codes[j]!;
          const map = maps[j]!;
          const list: number[] = [];
          for (let k = from; k < to; k++) {
            const c = map[cs[k]!]!;
            if (!list.includes(c)) list.push(c);
          }
          out[2 + j] = list;
        }
      }
      return out;
    };
  }

  /** The document in `slot` as a SearchDoc without texts, its fields read on demand. */
  doc(slot: number): SearchDoc {
    return new ColumnDoc(this.ids[slot]!, this.lang, this, slot);
  }

  /** The document in `slot`'s metadata (what the cache was written from). */
  meta(slot: number): DocMeta {
    const d = this.doc(slot);
    return { ...plainDoc(d, false), rev: this.string('rev', slot) } as DocMeta;
  }
}

/**
 * A SearchDoc read from the columns: the id and language are fields, the rest getters (so a
 * document nobody asks about costs one small object). Texts are empty: the engine treats it as a
 * light document and fetches texts through its `docOf`. Spreading it (`{...doc}`) would copy only
 * the fields: use `plainDoc`.
 */
class ColumnDoc implements SearchDoc {
  constructor(
    readonly id: string,
    readonly lang: Lang,
    private readonly cols: DocColumns,
    private readonly slot: number,
  ) {}
  get type(): RecordType {
    return this.cols.type(this.slot);
  }
  get title(): string {
    return this.cols.string('title', this.slot);
  }
  get updatedAt(): string {
    return this.cols.string('updatedAt', this.slot);
  }
  get summary(): string {
    return '';
  }
  get body(): string {
    return '';
  }
  get keywords(): string {
    return '';
  }
  get countries(): string[] {
    return this.cols.list('countries', this.slot);
  }
  get steps(): number[] {
    return this.cols.list('steps', this.slot);
  }
  get branches(): string[] {
    return this.cols.list('branches', this.slot);
  }
  get guarantees(): string[] {
    return this.cols.list('guarantees', this.slot);
  }
  get themes(): string[] {
    return this.cols.list('themes', this.slot);
  }
  get instrument(): string | undefined {
    return this.cols.list<string>('instrument', this.slot)[0];
  }
  toJSON(): SearchDoc {
    return plainDoc(this);
  }
}
