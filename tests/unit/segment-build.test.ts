/**
 * The cold build analyses documents into a `SegmentBuilder` (one map lookup per token, postings
 * laid out by a counting sort at the end, no per-chunk segments merged). Its segment must be the
 * one a plain inverted-index construction gives, byte for byte in the serialized form: otherwise
 * scores, suggestions and the index cache would change. The reference here is written the plain
 * way (maps per document and field, sort the terms, list postings per term).
 */
import { describe, expect, it } from 'vitest';
import { FIELDS, NF, SegmentBuilder, SegmentIndex } from '../../main/core/search/segment';
import { WORD, indexTerm, words } from '../../main/core/search/analysis';
import { toSearchDocs } from '../../main/core/search/docs';
import { normalizeDoc } from '../../main/core/search/engine';
import { ChunkedUserIndexBuild } from '../../main/core/search/build-user-index';
import { loadLibrary } from '../../main/core/library/load';
import { libraryDir } from '../../main/platform/paths';
import { makeCorpus } from '../../bench/corpus';
import type { Lang } from '../../main/core/model';
import type { SearchDoc } from '../../main/core/search/types';

/** The serialized segment of `docs`, built the plain way. */
function reference(lang: Lang, docs: SearchDoc[]) {
  const sorted = [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const postings = new Map<string, [number, number, number][]>();
  const forms = new Map<string, Map<string, number>>();
  const lengths: number[] = [];
  sorted.forEach((doc, d) => {
    FIELDS.forEach((field, f) => {
      const tf = new Map<string, number>();
      for (const w of words(doc[field])) {
        const t = indexTerm(lang, w);
        if (t === null) continue;
        tf.set(t, (tf.get(t) ?? 0) + 1);
        if (!forms.has(t)) forms.set(t, new Map());
        forms.get(t)!.set(w, (forms.get(t)!.get(w) ?? 0) + 1);
      }
      lengths.push([...tf.values()].reduce((a, b) => a + b, 0));
      for (const [t, c] of tf) {
        if (!postings.has(t)) postings.set(t, []);
        postings.get(t)!.push([d, f, c]);
      }
    });
  });
  const terms = [...postings.keys()].sort();
  return {
    terms,
    ids: sorted.map((d) => d.id),
    lengths,
    postings: terms.map((t) => postings.get(t)),
    forms: terms.map((t) => [...forms.get(t)!].sort(([a], [b]) => (a < b ? -1 : 1)).map(([w, c]) => `${w} ${c}`).join(' ')),
  };
}

function plain(ix: SegmentIndex) {
  return {
    terms: ix.terms,
    ids: ix.ids,
    lengths: [...ix.fieldLen],
    postings: ix.terms.map((_, t) => {
      const out: [number, number, number][] = [];
      for (let p = ix.offsets[t]!; p < ix.offsets[t + 1]!; p++) out.push([ix.postDoc[p]!, ix.postField[p]!, ix.postTf[p]!]);
      return out;
    }),
    forms: [...ix.formLines],
  };
}

describe('SegmentBuilder', () => {
  it('builds the plain inverted index of a generated corpus and of the bundled library, whatever the order documents come in', async () => {
    const { library } = await loadLibrary(libraryDir(), { strict: true });
    for (const records of [makeCorpus(200, 3), library.records]) {
      const docs = records.flatMap(toSearchDocs).map(normalizeDoc);
      for (const lang of ['fr', 'en', 'pt'] as const) {
        const mine = docs.filter((d) => d.lang === lang);
        if (!mine.length) continue;
        const b = new SegmentBuilder(lang);
        for (const d of [...mine].reverse()) b.add(d);
        const built = b.finish();
        expect(plain(built)).toEqual(reference(lang, mine));
        expect(built.fieldLen.length).toBe(mine.length * NF);
      }
    }
  });

  it('gives the chunked cold build the same segments and metadata as one build over all records', () => {
    const records = makeCorpus(900, 5);
    const chunked = new ChunkedUserIndexBuild();
    for (let i = 0; i < records.length; i += 250) chunked.add(records.slice(i, i + 250));
    const { segments, docs } = chunked.finish();
    const all = records.flatMap(toSearchDocs).map(normalizeDoc);
    expect(docs.map((d) => d.id)).toEqual(all.map((d) => d.id));
    for (const s of segments) expect(plain(s.index as SegmentIndex)).toEqual(plain(SegmentIndex.build(s.lang, all.filter((d) => d.lang === s.lang))));
    expect(segments.map((s) => s.lang)).toEqual(['fr', 'en']);
  });
});

describe('words (the tokeniser the build runs on every text)', () => {
  const byRegex = (t: string) => t.toLowerCase().match(new RegExp(WORD.source, 'gu')) ?? [];

  it('splits like the WORD regular expression, for every character of the BMP and around surrogate pairs', () => {
    const every: string[] = [];
    for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) every.push(`a${String.fromCharCode(c)}b ${String.fromCharCode(c)}c`);
    for (const t of [every.join(' '), every.join(''), 'İstanbul ﬁne x\u0301y \u0301z Ⅻ ½ ٣٤ a\u200bb', 'math 𝐀bc 𝟙 end', 'é\u0301\u0301 -\u0301a']) expect(words(t)).toEqual(byRegex(t));
  });

  it('splits the texts of the bundled library and of a generated corpus like the regular expression', async () => {
    const { library } = await loadLibrary(libraryDir(), { strict: true });
    const docs = [...library.records, ...makeCorpus(100, 8)].flatMap(toSearchDocs);
    for (const d of docs) for (const t of [d.title, d.summary, d.keywords, d.body]) expect(words(t)).toEqual(byRegex(t));
  });
});
