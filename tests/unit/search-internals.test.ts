/**
 * Building blocks of the search engine: analysis, the varint/base64 codec, edit distance, the
 * segment merge and the two facet-counting paths.
 */
import { describe, expect, it } from 'vitest';
import { editDistance, fold, indexTerm, isStopWord, term, words } from '../../main/core/search/analysis';
import { VarintReader, VarintWriter, fromBase64, toBase64 } from '../../main/core/search/codec';
import { FacetIndex, type CompiledFilters } from '../../main/core/search/facets';
import { SegmentIndex } from '../../main/core/search/segment';
import { IndexFileError, decodeIndexFile, encodeIndexFile, readSegments, segmentSections } from '../../main/core/search/index-file';
import { Glossary } from '../../main/core/search/glossary';
import type { SearchDoc } from '../../main/core/search/types';
import { searchDoc } from './search-helpers';
import { prng } from '../../bench/corpus';

function doc(id: string, over: Partial<SearchDoc> = {}): SearchDoc {
  return searchDoc({ id, ...over });
}

describe('analysis', () => {
  it('folds accents, case and ligatures', () => {
    expect(fold('Sécurité')).toBe('securite');
    expect(fold('PROTEÇÃO')).toBe('protecao');
    expect(fold('œuvre')).toBe('oeuvre');
    expect(fold('Cæsar')).toBe('caesar');
    expect(fold('plain')).toBe('plain');
  });

  it('splits words on anything but letters, marks and digits', () => {
    expect(words("L'assurance-maladie (C102), 2e étape!")).toEqual(['l', 'assurance', 'maladie', 'c102', '2e', 'étape']);
    expect(words('title:pension~2^3')).toEqual(['title', 'pension', '2', '3']);
  });

  it('filters stop words before folding, and their unaccented spellings too', () => {
    expect(isStopWord('fr', 'était')).toBe(true);
    expect(isStopWord('fr', 'etait')).toBe(true);
    expect(isStopWord('fr', 'retraite')).toBe(false);
    expect(isStopWord('en', 'the')).toBe(true);
    expect(isStopWord('pt', 'não')).toBe(true);
    expect(indexTerm('fr', 'les')).toBeNull();
    expect(indexTerm('en', 'les')).toBe('le');
  });

  it('gives the same term to every spelling of a word', () => {
    expect(new Set(['sécurité', 'securite', 'sécurités', 'SECURITE'.toLowerCase()].map((w) => term('fr', w))).size).toBe(1);
    expect(new Set(['pensão', 'pensao', 'pensões', 'pensoes'].map((w) => term('pt', w))).size).toBe(1);
    expect(new Set(['proteção', 'protecao', 'proteções'].map((w) => term('pt', w))).size).toBe(1);
    expect(term('en', 'pensions')).toBe(term('en', 'pension'));
    expect(term('fr', 'retraites')).toBe(term('fr', 'retraite'));
    expect(term('fr', 'santé')).not.toBe(term('fr', 'sanction'));
  });

  it('measures edit distance with transpositions, capped', () => {
    expect(editDistance('pension', 'pension', 2)).toBe(0);
    expect(editDistance('pensoin', 'pension', 2)).toBe(1);
    expect(editDistance('pensin', 'pension', 2)).toBe(1);
    expect(editDistance('pnsoin', 'pension', 2)).toBe(2);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('codec', () => {
  it('round-trips varints through base64', () => {
    const rand = prng(1);
    const values = [0, 1, 127, 128, 300, 16383, 16384, 2 ** 31, 2 ** 40 + 5];
    for (let i = 0; i < 2000; i++) values.push(Math.floor(rand() * 2 ** (1 + Math.floor(rand() * 30))));
    const w = new VarintWriter();
    for (const v of values) w.write(v);
    const encoded = toBase64(w.bytes());
    expect(encoded).toMatch(/^[A-Za-z0-9+/]*=*$/);
    const r = new VarintReader(fromBase64(encoded));
    expect(values.map(() => r.read())).toEqual(values);
    expect(r.done).toBe(true);
    expect(() => r.read()).toThrow(/truncated/);
  });

  it('round-trips every byte length', () => {
    for (let n = 0; n < 10; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 0xff);
      expect([...fromBase64(toBase64(bytes))]).toEqual([...bytes]);
    }
    expect(() => fromBase64('ab$d')).toThrow(/base64/);
  });
});

describe('segments', () => {
  const docs = [
    doc('b', { title: 'Retraite et santé', body: 'La retraite.' }),
    doc('a', { title: 'Santé', summary: 'Mutuelle' }),
    doc('c', { title: 'Mutuelle', body: 'retraite retraite retraite' }),
  ];

  it('indexes documents in id order with sorted terms and field lengths', () => {
    const ix = SegmentIndex.build('fr', docs);
    expect(ix.ids).toEqual(['a', 'b', 'c']);
    expect(ix.terms).toEqual([...ix.terms].sort());
    expect(ix.df(term('fr', 'retraite'))).toBe(3); // (b, title), (b, body), (c, body)
    expect(ix.fieldMask(ix.termIds.get(term('fr', 'retraite'))!, 2)).toBe(1 << 3); // c: body only
    expect([...ix.fieldLen.subarray(8, 12)]).toEqual([1, 0, 0, 3]); // c: title 1 word, body 3
  });

  it('merges segments into exactly what a build of the kept documents gives', () => {
    const more = [doc('d', { title: 'Chômage', body: 'santé' }), doc('e', { title: 'Famille' })];
    const a = SegmentIndex.build('fr', docs);
    const b = SegmentIndex.build('fr', more);
    const merged = SegmentIndex.merge('fr', [
      { ix: a, keep: (slot) => a.ids[slot] !== 'b' },
      { ix: b, keep: () => true },
    ]);
    const built = SegmentIndex.build('fr', [docs[1]!, docs[2]!, ...more]);
    const { forms: mergedForms, ...mergedIndex } = merged.toJSON();
    const { forms: builtForms, ...builtIndex } = built.toJSON();
    expect(mergedIndex).toEqual(builtIndex);
    // the lexicon keeps the counts of the dropped document (it is only used for suggestions)
    expect(builtForms.split('\n')).toHaveLength(mergedForms.split('\n').length);
    expect(mergedForms).toContain('retraite 5'); // b had "retraite" twice, c three times
    expect(builtForms).toContain('retraite 3');
  });

  it('keeps a lexicon of the surface forms of each term', () => {
    const ix = SegmentIndex.build('fr', [doc('x', { title: 'Sécurité', body: 'securite sécurités sécurité' })]);
    const lex = ix.lexicon();
    expect(lex.forms).toEqual(['securite', 'sécurité', 'sécurités']);
    expect([...lex.count]).toEqual([1, 2, 1]);
    expect(lex.folded).toEqual(['securite', 'securite', 'securites']);
    expect(new Set(lex.term).size).toBe(1);
  });

  it('round-trips through JSON', () => {
    const ix = SegmentIndex.build('fr', docs);
    const back = SegmentIndex.fromJSON(JSON.parse(JSON.stringify(ix.toJSON())), 'fr');
    expect(back.toJSON()).toEqual(ix.toJSON());
    expect(() => SegmentIndex.fromJSON({ ...ix.toJSON(), entries: 3 }, 'fr')).toThrow();
  });

  it('round-trips through a binary index file, arrays read as views on its bytes', () => {
    const fr = SegmentIndex.build('fr', docs);
    const en = SegmentIndex.build('en', [doc('e1', { lang: 'en', title: 'Old-age pensions', body: 'pensions for informal workers' })]);
    const bytes = encodeIndexFile(7, { note: 'x' }, segmentSections([fr, en]));
    const file = decodeIndexFile(bytes, 7);
    expect(file.meta).toEqual({ note: 'x' });
    const back = readSegments(file);
    expect(back.map((ix) => ix.lang)).toEqual(['fr', 'en']);
    expect(back[0]!.toJSON()).toEqual(fr.toJSON());
    expect(back[1]!.toJSON()).toEqual(en.toJSON());
    expect(back[0]!.postDoc.buffer).toBe(file.get('seg.fr.postDoc', 'i32').buffer);
    // Another index version, a truncated file, a changed byte: refused, never misread.
    expect(() => decodeIndexFile(bytes, 8)).toThrow(IndexFileError);
    expect(() => decodeIndexFile(bytes.subarray(0, bytes.length - 1), 7)).toThrow(IndexFileError);
    const flipped = bytes.slice();
    flipped[bytes.length - 3]! ^= 1;
    expect(() => decodeIndexFile(flipped, 7)).toThrow(IndexFileError);
  });
});

describe('facet counting', () => {
  const FACET_VALUES = {
    type: ['guide', 'practice', 'note'],
    lang: ['fr', 'en', 'pt'],
    countries: ['SN', 'CV', 'GH', 'TG', 'BR'],
    steps: [1, 2, 3],
    branches: ['old-age', 'family', 'sickness'],
    guarantees: ['health', 'children'],
    themes: ['migrants', 'financing', 'governance', 'statistics'],
  };

  function randomDocs(n: number, rand: () => number): SearchDoc[] {
    const some = <T>(xs: readonly T[]) => xs.filter(() => rand() < 0.3);
    return Array.from({ length: n }, (_, i) =>
      doc(`d${i}`, {
        type: FACET_VALUES.type[Math.floor(rand() * 3)] as SearchDoc['type'],
        lang: FACET_VALUES.lang[Math.floor(rand() * 3)] as SearchDoc['lang'],
        countries: some(FACET_VALUES.countries),
        steps: some(FACET_VALUES.steps),
        branches: some(FACET_VALUES.branches),
        guarantees: some(FACET_VALUES.guarantees),
        themes: some(FACET_VALUES.themes),
      }),
    );
  }

  /** The definition, spelled out naively. */
  function naive(docs: SearchDoc[], filters: (readonly (string | number)[] | undefined)[]) {
    const values = (d: SearchDoc) => [[d.type], [d.lang], d.countries, d.steps, d.branches, d.guarantees, d.themes].map((vs) => vs.map(String));
    const pass = (d: SearchDoc, skip: number) =>
      filters.every((f, i) => i === skip || !f || !f.length || values(d)[i]!.some((v) => f.map(String).includes(v)));
    const names = ['type', 'lang', 'country', 'step', 'branch', 'guarantee', 'theme'];
    const facets: Record<string, Record<string, number>> = {};
    names.forEach((name, i) => {
      const counts: Record<string, number> = {};
      for (const d of docs) if (pass(d, i)) for (const v of new Set(values(d)[i])) counts[v] = (counts[v] ?? 0) + 1;
      facets[name] = counts;
    });
    return { passing: docs.filter((d) => pass(d, -1)).map((d) => d.id), facets };
  }

  it('gives the same answer on the bitset path, the direct path and the naive definition', () => {
    const rand = prng(42);
    const all = randomDocs(700, rand);
    const fi = new FacetIndex();
    const nums = new Map<string, number>();
    for (const d of all) {
      const n = fi.allocate();
      nums.set(d.id, n);
      fi.set(n, d);
    }
    const filterSets: (readonly (string | number)[] | undefined)[][] = [
      [],
      [undefined, undefined, ['SN']],
      [['practice', 'note'], undefined, ['SN', 'GH'], [2]],
      [undefined, ['en'], undefined, undefined, ['old-age'], ['health'], ['migrants', 'financing']],
      [undefined, undefined, ['XX']],
    ];
    const paths = fi as unknown as { evaluateDirect: FacetIndex['evaluate']; evaluateBitsets: FacetIndex['evaluate'] };
    const direct = paths.evaluateDirect.bind(fi);
    const bitsets = paths.evaluateBitsets.bind(fi);
    for (const subset of [all, all.filter((_, i) => i % 3 === 0), all.slice(0, 5)]) {
      const list = Int32Array.from(subset, (d) => nums.get(d.id)!);
      for (const f of filterSets) {
        const compiled: CompiledFilters = fi.compile(f);
        const expected = naive(subset, f);
        for (const result of [fi.evaluate(list, compiled), direct(list, compiled), bitsets(list, compiled)]) {
          expect(Array.from(result.passing, (i) => subset[i]!.id)).toEqual(expected.passing);
          for (const [name, counts] of Object.entries(expected.facets)) expect(result.facets[name as keyof typeof result.facets]).toEqual(counts);
        }
      }
    }
  });

  it('forgets released documents and reuses their numbers', () => {
    const fi = new FacetIndex();
    const a = fi.allocate();
    fi.set(a, doc('a', { countries: ['SN'] }));
    const b = fi.allocate();
    fi.set(b, doc('b', { countries: ['CV'] }));
    fi.release(a);
    expect(fi.evaluate(Int32Array.of(a, b), fi.compile([])).facets.country).toEqual({ CV: 1 });
    expect(fi.allocate()).toBe(a);
    fi.set(b, doc('b', { countries: ['GH'] }));
    expect(fi.evaluate(Int32Array.of(b), fi.compile([])).facets.country).toEqual({ GH: 1 });
  });
});

describe('glossary matching', () => {
  const g = new Glossary([
    { id: 'spf', fr: 'socle de protection sociale', en: 'social protection floor', pt: 'piso de proteção social', also: { en: ['SPF'] } },
    { id: 'sp', fr: 'protection sociale', en: 'social protection', pt: 'proteção social' },
  ]);

  it('prefers the longest term and ignores stop words and plurals', () => {
    const spans = g.match(words('les socles protection sociales du pays'));
    expect(spans.map((s) => [s.term.id, s.start, s.end])).toEqual([['spf', 1, 4]]);
    expect(g.match(words('protection sociale')).map((s) => s.term.id)).toEqual(['sp']);
    expect(g.match(words('spf')).map((s) => s.term.id)).toEqual(['spf']);
    expect(g.match(words('protection'))).toEqual([]);
  });
});
