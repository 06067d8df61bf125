/**
 * The search engine's index lifecycle: edits and deletes over the base, delta sealing, compaction,
 * serialization round trips, worker-built user bases, stale caches and the library/user layers.
 */
import { describe, expect, it } from 'vitest';
import lunr from 'lunr';
import { SearchEngine, revisionKey } from '../../main/core/search/engine';
import { SegmentIndex } from '../../main/core/search/segment';
import { indexTerm } from '../../main/core/search/analysis';
import type { SearchDoc, SearchQuery, SearchResult } from '../../main/core/search/types';
import { searchDoc } from './search-helpers';

function doc(id: string, lang: SearchDoc['lang'], title: string, body = '', over: Partial<SearchDoc> = {}): SearchDoc {
  return searchDoc({ id, lang, title, body, ...over });
}

/** A deterministic little corpus: n documents mixing a few topic words. */
function corpus(n: number, prefix = 'doc'): SearchDoc[] {
  const fr = ['retraite', 'santé', 'mutuelle', 'cotisation', 'famille', 'chômage', 'pension', 'registre'];
  const en = ['pension', 'health', 'insurance', 'contribution', 'family', 'unemployment', 'registry', 'floor'];
  const countries = ['SN', 'CV', 'GH', 'TG'];
  return Array.from({ length: n }, (_, i) => {
    const lang = i % 3 === 2 ? 'en' : 'fr';
    const words = lang === 'fr' ? fr : en;
    const w = (k: number) => words[(i * 7 + k * 3) % words.length]!;
    return doc(`${prefix}-${String(i).padStart(4, '0')}`, lang, `${w(0)} ${w(1)} ${i}`, `${w(2)} ${w(3)} ${w(0)} ${w(4)} texte ${i % 5}`, {
      summary: `${w(5)} ${w(1)}`,
      countries: [countries[i % countries.length]!],
      steps: [1 + (i % 3)],
      type: i % 4 === 0 ? 'note' : 'practice',
    });
  });
}

const QUERIES: SearchQuery[] = [
  { q: 'retraite' },
  { q: 'pension' },
  { q: 'santé mutuelle' },
  { q: 'health', lang: ['en'] },
  { q: 'cotis' },
  { q: 'famille', country: ['SN', 'GH'] },
  { q: 'registre', step: [2], limit: 5 },
  { q: 'texte', limit: 50 },
  { q: 'pensoin' },
  { q: '' },
  { q: '', type: ['note'], limit: 100 },
];

/** Everything a result says, for exact comparisons. */
function snapshot(e: SearchEngine): SearchResult[] {
  return QUERIES.map((q) => e.search(q));
}

function fresh(docs: SearchDoc[], layer: 'library' | 'user' = 'user'): SearchEngine {
  const e = new SearchEngine({});
  e.loadBase(SearchEngine.buildSegments(docs), docs, { layer });
  return e;
}

const edited = (d: SearchDoc, body: string, at = '2026-02-01T00:00:00.000Z'): SearchDoc => ({ ...d, body, updatedAt: at });

describe('edits over the base', () => {
  it('makes an upserted edit searchable and hides the old version', () => {
    const docs = corpus(60);
    const e = fresh(docs);
    const target = docs.find((d) => d.lang === 'fr' && d.title.startsWith('retraite'))!;
    expect(e.search({ q: 'retraite', limit: 500 }).hits.map((h) => h.id)).toContain(target.id);

    e.upsert({ ...target, title: 'Xylophone et gouvernance', summary: '', body: 'zanzibar', updatedAt: '2026-03-01T00:00:00Z' });
    expect(e.search({ q: 'zanzibar' }).hits.map((h) => h.id)).toEqual([target.id]);
    expect(e.search({ q: 'xylophone' }).hits[0]!.title).toBe('Xylophone et gouvernance');
    expect(e.search({ q: 'retraite', limit: 500 }).hits.map((h) => h.id)).not.toContain(target.id);
    expect(e.size()).toBe(60);
  });

  it('follows a document whose language changes', () => {
    const e = fresh([doc('a', 'fr', 'Sécurité sociale')]);
    e.upsert(doc('a', 'en', 'Social security', '', { updatedAt: '2026-05-01T00:00:00Z' }));
    expect(e.search({ q: 'security' }).hits.map((h) => [h.id, h.lang])).toEqual([['a', 'en']]);
    expect(e.search({ q: 'sécurité', lang: ['fr'] }).total).toBe(0);
  });

  it('removes a document: it is no longer found, counted or browsed', () => {
    const docs = corpus(30);
    const e = fresh(docs);
    const victim = docs[4]!;
    const before = e.search({ q: '' }).total;
    expect(e.remove(victim.id)).toBe(true);
    expect(e.remove(victim.id)).toBe(false);
    expect(e.has(victim.id)).toBe(false);
    expect(e.size()).toBe(29);
    expect(e.search({ q: '' }).total).toBe(before - 1);
    expect(e.search({ q: victim.title.split(' ')[0]!, limit: 500 }).hits.map((h) => h.id)).not.toContain(victim.id);
    expect(e.search({ q: String(4) }).hits.map((h) => h.id)).not.toContain(victim.id);
  });

  it('scores an edited document exactly like a freshly built index would', () => {
    const docs = corpus(40);
    const e = fresh(docs);
    const changed = docs.map((d, i) => (i % 9 === 0 ? edited(d, `${d.body} pension pension`) : d));
    for (const d of changed) if (d !== docs[changed.indexOf(d)]) e.upsert(d);
    expect(snapshot(e)).toEqual(snapshot(fresh(changed)));
  });
});

describe('delta segments', () => {
  it('seals the delta past its threshold and keeps every edit searchable', () => {
    const e = new SearchEngine({ deltaThreshold: 4, maxSealed: 3 });
    e.loadBase(SearchEngine.buildSegments(corpus(20)), corpus(20), { layer: 'user' });
    expect(e.stats().sealedSegments).toBe(0);
    for (let i = 0; i < 10; i++) e.upsert(doc(`new-${i}`, 'fr', `Nouveauté numéro${i}`, 'quokka'));
    const st = e.stats();
    expect(st.sealedSegments).toBe(2);
    expect(st.deltaDocs.fr).toBe(2);
    expect(e.needsCompaction()).toBe(false);
    expect(e.search({ q: 'quokka', limit: 50 }).total).toBe(10);
    for (let i = 0; i < 10; i++) expect(e.search({ q: `numéro${i}` }).hits.map((h) => h.id)).toEqual([`new-${i}`]);
    // an edit of a document living in a sealed segment shadows it
    e.upsert(doc('new-0', 'fr', 'Nouveauté numéro0', 'wombat'));
    expect(e.search({ q: 'quokka', limit: 50 }).total).toBe(9);
    expect(e.search({ q: 'wombat' }).hits.map((h) => h.id)).toEqual(['new-0']);
    for (let i = 10; i < 14; i++) e.upsert(doc(`new-${i}`, 'fr', `Autre ${i}`));
    expect(e.stats().sealedSegments).toBe(3);
    expect(e.needsCompaction()).toBe(true);
  });
});

describe('compaction', () => {
  it('keeps results identical, and equal to a fresh build', () => {
    const base = corpus(80);
    const e = new SearchEngine({ deltaThreshold: 5 });
    e.loadBase(SearchEngine.buildSegments(base), base, { layer: 'user' });
    let current = [...base];
    // edits, additions and removals: some land in sealed segments, some in the delta
    for (let i = 0; i < 80; i += 6) {
      const d = edited(base[i]!, `${base[i]!.body} mutuelle santé`);
      e.upsert(d);
      current = current.map((x) => (x.id === d.id ? d : x));
    }
    for (let i = 0; i < 12; i++) {
      const d = doc(`added-${i}`, i % 2 ? 'en' : 'fr', `Ajout ${i} pension`, 'texte famille');
      e.upsert(d);
      current.push(d);
    }
    for (const id of ['doc-0001', 'doc-0013', 'added-3']) {
      e.remove(id);
      current = current.filter((x) => x.id !== id);
    }
    expect(e.stats().sealedSegments).toBeGreaterThan(0);
    expect(e.stats().deadSlots).toBeGreaterThan(0);

    const before = snapshot(e);
    e.compact();
    expect(e.stats()).toMatchObject({ sealedSegments: 0, deadSlots: 0, deltaDocs: { fr: 0, en: 0, pt: 0 } });
    expect(snapshot(e)).toEqual(before);
    expect(before).toEqual(snapshot(fresh(current)));

    // the compacted base is exactly what buildSegments makes of the current documents (but for
    // the suggestion lexicon, which keeps the words of replaced versions)
    const exported = e.exportUser();
    const strip = (segs: typeof exported.segments) => segs.map((s) => ({ ...s, index: { ...s.index, forms: undefined } }));
    expect(strip(exported.segments)).toEqual(strip(SearchEngine.buildSegments(current)));
    expect(exported.docs.map((d) => d.id).sort()).toEqual(current.map((d) => d.id).sort());
  });

  it('leaves library documents out of the user base', () => {
    const lib = [doc('lib-1', 'fr', 'Guide de la retraite', '', { type: 'guide' }), doc('lib-2', 'en', 'Pension guide', '', { type: 'guide' })];
    const e = new SearchEngine({ deltaThreshold: 2 });
    e.loadBase(SearchEngine.buildSegments(lib), lib, { layer: 'library' });
    e.upsert(doc('u-1', 'fr', 'Ma note sur la retraite'));
    e.upsert(doc('u-2', 'fr', 'Autre note'));
    e.upsert(doc('u-3', 'en', 'My pension note'));
    e.compact();
    const { docs, segments } = e.exportUser();
    expect(docs.map((d) => d.id).sort()).toEqual(['u-1', 'u-2', 'u-3']);
    expect(segments.flatMap((s) => Object.keys(s.refs)).sort()).toEqual(['u-1', 'u-2', 'u-3']);
    expect(e.search({ q: 'retraite' }).hits.map((h) => h.id).sort()).toEqual(['lib-1', 'u-1']);
  });
});

describe('serialization', () => {
  it('round-trips buildSegments -> JSON -> loadBase with identical results', () => {
    const docs = corpus(120);
    const segments = SearchEngine.buildSegments(docs);
    const json = JSON.parse(JSON.stringify({ segments, docs })) as { segments: typeof segments; docs: SearchDoc[] };
    const loaded = new SearchEngine({});
    loaded.loadBase(json.segments, json.docs, { layer: 'library' });
    // and the same documents indexed one by one through the delta path
    const incremental = new SearchEngine({ deltaThreshold: 7 });
    for (const d of docs) incremental.upsert(d);
    expect(incremental.stats().sealedSegments).toBeGreaterThan(10);
    const expected = snapshot(fresh(docs, 'library'));
    expect(snapshot(loaded)).toEqual(expected);
    expect(snapshot(incremental)).toEqual(expected);
  });

  it('serializes compactly and deterministically', () => {
    const docs = corpus(200);
    const a = JSON.stringify(SearchEngine.buildSegments(docs));
    const b = JSON.stringify(SearchEngine.buildSegments([...docs].reverse()));
    expect(a).toBe(b);
    const textBytes = docs.reduce((n, d) => n + d.title.length + d.summary.length + d.body.length, 0);
    expect(a.length).toBeLessThan(textBytes * 2);
  });

  it('indexes the documents of an unreadable segment from their text', () => {
    const docs = corpus(40);
    const [fr, en] = SearchEngine.buildSegments(docs);
    const e = new SearchEngine({ deltaThreshold: 8 });
    // a damaged French segment and an English one claiming to be Portuguese
    e.loadBase([{ ...fr!, index: { format: 'lunr', version: '2.3.9' } }, { ...en!, lang: 'pt' }], docs, { layer: 'user' });
    expect(e.stats().lastLoad).toEqual({ layer: 'user', segments: 2, rejected: 2, indexedFromText: 40 });
    expect(e.stats().sealedSegments).toBe(0);
    expect(snapshot(e)).toEqual(snapshot(fresh(docs)));
    // and the next export is a proper cache again
    const again = new SearchEngine({});
    const exported = e.exportUser();
    again.loadBase(exported.segments, exported.docs, { layer: 'user' });
    expect(again.stats().lastLoad).toEqual({ layer: 'user', segments: 2, rejected: 0, indexedFromText: 0 });
    expect(snapshot(again)).toEqual(snapshot(fresh(docs)));
  });

  it('loads a segment without its suggestion lexicon', () => {
    const docs = [doc('a', 'fr', 'Retraite anticipée')];
    const [seg] = SearchEngine.buildSegments(docs);
    const e = new SearchEngine({});
    e.loadBase([{ ...seg!, index: { ...seg!.index, forms: undefined } }], docs);
    expect(e.stats().lastLoad?.indexedFromText).toBe(0);
    expect(e.search({ q: 'retraites' }).hits.map((h) => h.id)).toEqual(['a']);
  });

  it('indexes a stale cached document from its current text', () => {
    const old = [doc('a', 'fr', 'Retraite', 'ancien texte'), doc('b', 'fr', 'Famille')];
    const segments = SearchEngine.buildSegments(old);
    const now = [{ ...old[0]!, body: 'nouveau contenu', updatedAt: '2026-06-01T00:00:00Z' }, old[1]!];
    const e = new SearchEngine({});
    e.loadBase(segments, now, { layer: 'user' });
    expect(e.search({ q: 'nouveau' }).hits.map((h) => h.id)).toEqual(['a']);
    expect(e.search({ q: 'ancien' }).total).toBe(0);
    expect(e.search({ q: 'famille' }).hits.map((h) => h.id)).toEqual(['b']);
    expect(e.stats().deltaDocs.fr).toBe(1);
  });
});

describe('replaceUserBase (a base built in a worker)', () => {
  it('keeps the edits made after the snapshot', () => {
    const docs = corpus(40);
    const e = new SearchEngine({ deltaThreshold: 3 });
    e.loadBase(SearchEngine.buildSegments(docs.slice(0, 20)), docs.slice(0, 20), { layer: 'user' });
    for (const d of docs.slice(20)) e.upsert(d);
    expect(e.stats().sealedSegments).toBeGreaterThan(0);
    // snapshot handed to the worker
    const snapshotDocs = docs.map((d) => ({ ...d }));
    const built = SearchEngine.buildSegments(snapshotDocs);
    // meanwhile: one edit, one removal, one addition
    const changed = edited(docs[5]!, 'ornithorynque');
    e.upsert(changed);
    e.remove(docs[6]!.id);
    e.upsert(doc('late', 'en', 'Late addition', 'platypus'));
    e.replaceUserBase(built, snapshotDocs);

    expect(e.stats().sealedSegments).toBe(0);
    expect(e.stats().deltaDocs).toEqual({ fr: 0, en: 2, pt: 0 }); // the edit of docs[5] and "late"

    expect(e.search({ q: 'ornithorynque' }).hits.map((h) => h.id)).toEqual([docs[5]!.id]);
    expect(e.search({ q: docs[5]!.body.split(' ')[0]!, limit: 500 }).hits.map((h) => h.id)).not.toContain(docs[5]!.id);
    expect(e.has(docs[6]!.id)).toBe(false);
    expect(e.search({ q: '', limit: 500 }).hits.map((h) => h.id)).not.toContain(docs[6]!.id);
    expect(e.search({ q: 'platypus' }).hits.map((h) => h.id)).toEqual(['late']);
    const current = [...docs.filter((d) => d.id !== docs[6]!.id && d.id !== docs[5]!.id), changed, doc('late', 'en', 'Late addition', 'platypus')];
    expect(snapshot(e)).toEqual(snapshot(fresh(current)));
  });
});

describe('library and user layers', () => {
  const lib = [doc('p1', 'fr', 'Mutuelles de santé au Sénégal', 'texte de la bibliothèque'), doc('g1', 'en', 'Pension guide', '', { type: 'guide' })];

  it('lets a user edit shadow a library document, whatever the load order', () => {
    const userCopy = { ...lib[0]!, body: 'ma version annotée', updatedAt: '2026-07-01T00:00:00Z' };
    for (const order of ['library-first', 'user-first'] as const) {
      const e = new SearchEngine({});
      const loadLib = () => e.loadBase(SearchEngine.buildSegments(lib), lib, { layer: 'library' });
      const loadUser = () => e.loadBase(SearchEngine.buildSegments([userCopy]), [userCopy], { layer: 'user' });
      if (order === 'library-first') {
        loadLib();
        loadUser();
      } else {
        loadUser();
        loadLib();
      }
      expect(e.search({ q: 'annotée' }).hits.map((h) => h.id)).toEqual(['p1']);
      expect(e.search({ q: 'bibliothèque' }).total).toBe(0);
      expect(e.size()).toBe(2);
    }
  });

  it('restores the library slot when the bundled version is upserted back', () => {
    const e = new SearchEngine({});
    e.loadBase(SearchEngine.buildSegments(lib), lib, { layer: 'library' });
    e.upsert({ ...lib[0]!, body: 'modifié', updatedAt: '2026-07-01T00:00:00Z' });
    expect(e.stats().user).toBe(1);
    e.upsert(lib[0]!);
    expect(e.stats()).toMatchObject({ user: 0, library: 2, deltaDocs: { fr: 0, en: 0, pt: 0 } });
    expect(e.search({ q: 'bibliothèque' }).hits.map((h) => h.id)).toEqual(['p1']);
    expect(e.exportUser().docs).toEqual([]);
  });

  it('hides a removed library document', () => {
    const e = new SearchEngine({});
    e.loadBase(SearchEngine.buildSegments(lib), lib, { layer: 'library' });
    e.remove('g1');
    expect(e.search({ q: 'pension' }).total).toBe(0);
    expect(e.search({ q: '' }).hits.map((h) => h.id)).toEqual(['p1']);
  });
});

describe('scoring', () => {
  it("matches lunr's own BM25 scores for single-word queries", () => {
    const docs = corpus(50);
    const fr = docs.filter((d) => d.lang === 'fr');
    const builder = new lunr.Builder();
    const analyse = (token: lunr.Token) => {
      const t = indexTerm('fr', token.toString());
      return t === null ? (null as unknown as lunr.Token) : token.update(() => t);
    };
    lunr.Pipeline.registerFunction(analyse, 'test-socle-fr');
    builder.pipeline.add(analyse);
    (builder as unknown as { tokenizer: (s: unknown) => lunr.Token[] }).tokenizer = (s) =>
      (String(s ?? '').toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? []).map((w) => new lunr.Token(w, {}));
    builder.ref('id');
    builder.field('title', { boost: 10 });
    builder.field('summary', { boost: 4 });
    builder.field('keywords', { boost: 2 });
    builder.field('body', { boost: 1 });
    for (const d of fr) builder.add(d);
    const index = builder.build();
    const e = fresh(fr);
    for (const word of ['retraite', 'mutuelle', 'texte']) {
      const term = indexTerm('fr', word)!;
      const theirs = index.query((q) => q.term(term, { usePipeline: false }));
      const ours = e.search({ q: `${word} `, limit: 500 }); // trailing space: no prefix expansion
      expect(ours.total).toBe(theirs.length);
      const byId = new Map(ours.hits.map((h) => [h.id, h.score]));
      for (const r of theirs) expect(byId.get(r.ref)).toBeCloseTo(r.score, 2);
    }
  });

  it('gives a document the same score wherever it is stored', () => {
    const docs = corpus(30);
    const a = fresh(docs);
    const b = new SearchEngine({ deltaThreshold: 4 });
    b.loadBase(SearchEngine.buildSegments(docs.slice(0, 10)), docs.slice(0, 10), { layer: 'library' });
    for (const d of docs.slice(10)) b.upsert(d);
    expect(b.search({ q: 'pension' }).hits).toEqual(a.search({ q: 'pension' }).hits);
  });
});

describe('speed', () => {
  it('makes an edit searchable quickly with thousands of documents loaded', () => {
    const docs = corpus(3000);
    const e = fresh(docs);
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const d = edited(docs[(i * 197) % docs.length]!, `marqueur${i} texte`);
      const t0 = performance.now();
      e.upsert(d);
      const ids = e.search({ q: `marqueur${i}` }).hits.map((h) => h.id);
      times.push(performance.now() - t0);
      expect(ids).toEqual([d.id]);
    }
    times.sort((x, y) => x - y);
    expect(times[Math.floor(times.length / 2)]!).toBeLessThan(100);
  });
});

describe('revisionKey', () => {
  it('changes with the indexed text and the update time', () => {
    const d = doc('a', 'fr', 'Titre', 'corps');
    expect(revisionKey({ ...d })).toBe(revisionKey(d));
    expect(revisionKey({ ...d, body: 'corps modifié' })).not.toBe(revisionKey(d));
    expect(revisionKey({ ...d, title: 'Titrf' })).not.toBe(revisionKey(d));
    expect(revisionKey({ ...d, updatedAt: '2027-01-01T00:00:00Z' })).not.toBe(revisionKey(d));
    expect(revisionKey({ ...d, lang: 'en' })).not.toBe(revisionKey(d));
  });

  it('is what buildSegments records', () => {
    const docs = corpus(5);
    const segs = SearchEngine.buildSegments(docs);
    for (const d of docs) expect(segs.find((s) => s.lang === d.lang)!.refs[d.id]).toBe(revisionKey(d));
    expect(SegmentIndex.fromJSON(segs[0]!.index, segs[0]!.lang).docCount).toBe(Object.keys(segs[0]!.refs).length);
  });
});

describe('reloading a base', () => {
  it('replaces the previous base of the layer, stale documents included', () => {
    const v1 = [doc('a', 'fr', 'Retraite'), doc('b', 'fr', 'Famille')];
    const e = new SearchEngine({});
    // a stale library load: "a" is not covered by the segments and goes to the delta
    e.loadBase(SearchEngine.buildSegments([v1[1]!]), v1, { layer: 'library' });
    expect(e.stats().deltaDocs.fr).toBe(1);
    const v2 = [doc('c', 'fr', 'Chômage'), doc('a', 'fr', 'Santé')].reverse();
    e.loadBase(SearchEngine.buildSegments(v2), v2, { layer: 'library' });
    expect(e.stats().deltaDocs.fr).toBe(0);
    expect(e.size()).toBe(2);
    expect(e.search({ q: 'retraite' }).total).toBe(0);
    expect(e.search({ q: 'famille' }).total).toBe(0);
    expect(e.search({ q: 'santé' }).hits.map((h) => h.id)).toEqual(['a']);
    expect(e.search({ q: '' }).hits.map((h) => h.id).sort()).toEqual(['a', 'c']);
    // a stale document that the new library no longer has is gone too
    e.loadBase(SearchEngine.buildSegments([v2[0]!]), [v2[0]!], { layer: 'library' });
    expect(e.search({ q: '' }).hits.map((h) => h.id)).toEqual([v2[0]!.id]);
  });

  it('keeps session edits when the user base is reloaded', () => {
    const e = new SearchEngine({});
    const base = [doc('a', 'fr', 'Retraite'), doc('b', 'fr', 'Famille')];
    e.loadBase(SearchEngine.buildSegments(base), base, { layer: 'user' });
    e.upsert(doc('n', 'fr', 'Nouvelle note', '', { updatedAt: '2026-09-01T00:00:00Z' }));
    e.loadBase(SearchEngine.buildSegments([base[0]!]), [base[0]!], { layer: 'user' });
    expect(e.search({ q: '' }).hits.map((h) => h.id).sort()).toEqual(['a', 'n']);
  });
});

describe('loading a base in steps (loadBaseInSteps, the cold path)', () => {
  it('gives the same results as loadBase, with the event loop free between steps', async () => {
    const docs = corpus(120);
    const library = corpus(30, 'lib');
    const whole = fresh(library, 'library');
    whole.loadBase(SearchEngine.buildSegments(docs), docs, { layer: 'user' });
    const stepped = fresh(library, 'library');
    let pauses = 0;
    await stepped.loadBaseInSteps(SearchEngine.buildSegments(docs), docs, { layer: 'user', chunk: 16, pause: async () => void pauses++ });
    // 120 documents checked (64 per step: 1 pause), then loaded (16 per step: 7 pauses).
    expect(pauses).toBe(8);
    expect(snapshot(stepped)).toEqual(snapshot(whole));
    expect(stepped.stats()).toEqual(whole.stats());
  });

  it('keeps the edits made between two steps, before or after their document was loaded', async () => {
    const docs = corpus(60);
    const early = docs[3]!; // loaded in the first step
    const late = docs[55]!; // loaded in the last one
    const gone = docs[10]!;
    const edits = (e: SearchEngine) => {
      e.upsert(edited(early, 'zèbre précoce'));
      e.upsert(edited(late, 'zèbre tardif'));
      e.upsert(doc('new-1', 'fr', 'Nouvelle note zèbre'));
      e.remove(gone.id);
    };
    const expected = fresh(docs);
    edits(expected);
    const e = new SearchEngine({});
    let step = 0;
    await e.loadBaseInSteps(SearchEngine.buildSegments(docs), docs, { layer: 'user', chunk: 8, pause: async () => void (++step === 3 && edits(e)) });
    // Pause 1 follows the check of 32 documents; pause 3 comes after 15 documents were loaded.
    expect(step).toBeGreaterThan(3);
    expect(e.search({ q: 'zèbre', limit: 10 }).hits.map((h) => h.id).sort()).toEqual([early.id, late.id, 'new-1'].sort());
    expect(e.search({ q: 'zèbre' })).toEqual(expected.search({ q: 'zèbre' }));
    expect(e.search({ q: '', limit: 500 }).hits.map((h) => h.id)).not.toContain(gone.id);
    expect(snapshot(e)).toEqual(snapshot(expected));
  });

  it('stops where it is when a pause throws (a newer build superseded it), and a new load replaces the part', async () => {
    const docs = corpus(40);
    const e = new SearchEngine({});
    const stop = new Error('superseded');
    let n = 0;
    await expect(e.loadBaseInSteps(SearchEngine.buildSegments(docs), docs, { layer: 'user', chunk: 5, pause: async () => { if (++n === 5) throw stop; } })).rejects.toBe(stop);
    expect(e.size()).toBeGreaterThan(0);
    expect(e.size()).toBeLessThan(docs.length);
    const v2 = docs.slice(0, 30);
    await e.loadBaseInSteps(SearchEngine.buildSegments(v2), v2, { layer: 'user', chunk: 5, pause: async () => undefined });
    expect(snapshot(e)).toEqual(snapshot(fresh(v2)));
  });
});

describe('a cache without texts (DocMeta + docOf)', () => {
  /** An engine over `docs` as the hub loads its cache: segments + metadata, texts from `docOf`. */
  function fromMeta(docs: SearchDoc[], source: Map<string, SearchDoc> = new Map(docs.map((d) => [d.id, d])), opts: { deltaThreshold?: number } = {}) {
    const built = fresh(docs);
    const exported = JSON.parse(JSON.stringify(built.exportUserMeta())) as ReturnType<SearchEngine['exportUserMeta']>;
    const asked: string[] = [];
    const e = new SearchEngine({
      ...opts,
      docOf: (id) => {
        asked.push(id);
        return source.get(id);
      },
    });
    e.loadBase(exported.segments, exported.docs, { layer: 'user' });
    return { e, exported, asked };
  }

  it('exports metadata only and gives identical results, snippets included', () => {
    const docs = corpus(120);
    const { e, exported, asked } = fromMeta(docs);
    for (const d of exported.docs) expect(d).not.toHaveProperty('body');
    expect(JSON.stringify(exported.docs).length).toBeLessThan(JSON.stringify(docs).length);
    expect(e.stats().lastLoad).toEqual({ layer: 'user', segments: 2, rejected: 0, indexedFromText: 0 });
    expect(asked).toEqual([]); // nothing fetched to load
    expect(snapshot(e)).toEqual(snapshot(fresh(docs)));
    // only the hits shown are fetched (and then kept: a second identical pass fetches nothing)
    expect(new Set(asked).size).toBeLessThanOrEqual(QUERIES.reduce((n, q) => n + (q.limit ?? 20), 0));
    const before = asked.length;
    snapshot(e);
    expect(asked.length).toBe(before);
  });

  it('round-trips through exportUser (full documents) and exportUserMeta again', () => {
    const docs = corpus(40);
    const { e } = fromMeta(docs);
    const byIdOrder = (list: SearchDoc[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byIdOrder(e.exportUser().docs)).toEqual(byIdOrder(docs)); // texts fetched back through docOf
    const again = JSON.parse(JSON.stringify(e.exportUserMeta())) as ReturnType<SearchEngine['exportUserMeta']>;
    const other = new SearchEngine({ docOf: (id) => docs.find((d) => d.id === id) });
    other.loadBase(again.segments, again.docs, { layer: 'user' });
    expect(snapshot(other)).toEqual(snapshot(fresh(docs)));
  });

  it('indexes from docOf the documents an unreadable segment held, at their current version', () => {
    const docs = corpus(40);
    const source = new Map(docs.map((d) => [d.id, d]));
    const built = fresh(docs);
    const exported = built.exportUserMeta();
    const [fr, en] = exported.segments;
    const changed = { ...docs.find((d) => d.lang === 'fr')!, body: 'zanzibar', updatedAt: '2026-04-01T00:00:00Z' };
    source.set(changed.id, changed);
    const e = new SearchEngine({ deltaThreshold: 8, docOf: (id) => source.get(id) });
    e.loadBase([{ ...fr!, index: { format: 'other' } }, en!], exported.docs, { layer: 'user' });
    expect(e.stats().lastLoad).toMatchObject({ rejected: 1 });
    const current = [...source.values()];
    expect(snapshot(e)).toEqual(snapshot(fresh(current)));
    expect(e.search({ q: 'zanzibar' }).hits.map((h) => h.id)).toEqual([changed.id]);
  });

  it('without docOf, still finds documents by their index and metadata (snippets empty)', () => {
    const docs = corpus(30);
    const exported = fresh(docs).exportUserMeta();
    const e = new SearchEngine({});
    e.loadBase(exported.segments, exported.docs, { layer: 'user' });
    const res = e.search({ q: 'retraite', limit: 50 });
    expect(res.hits.map((h) => h.id)).toEqual(fresh(docs).search({ q: 'retraite', limit: 50 }).hits.map((h) => h.id));
    expect(res.hits.every((h) => h.snippet === '')).toBe(true);
  });

  it('forgets fetched texts when a document changes', () => {
    const docs = [doc('a', 'fr', 'Retraite', 'ancien texte de retraite')];
    const source = new Map(docs.map((d) => [d.id, d]));
    const { e } = fromMeta(docs, source);
    expect(e.search({ q: 'retraite' }).hits[0]!.snippet).toContain('ancien');
    const next = { ...docs[0]!, body: 'nouveau texte de retraite', updatedAt: '2026-05-01T00:00:00Z' };
    source.set('a', next);
    e.upsert(next);
    expect(e.search({ q: 'retraite' }).hits[0]!.snippet).toContain('nouveau');
    e.remove('a');
    expect(e.search({ q: 'retraite' }).total).toBe(0);
  });

  it('keeps edits made after the snapshot when a worker-built base is swapped in from metadata', () => {
    const docs = corpus(20);
    const { e } = fromMeta(docs);
    const snapshotDocs = fresh(docs).exportUserMeta();
    const edit = { ...docs[3]!, body: 'quokka', updatedAt: '2026-06-01T00:00:00Z' };
    e.upsert(edit);
    e.replaceUserBase(snapshotDocs.segments, snapshotDocs.docs);
    expect(e.search({ q: 'quokka' }).hits.map((h) => h.id)).toEqual([edit.id]);
  });
});
