/**
 * The search engine's query behaviour: language analysis, ranking, filters and facets, snippets,
 * prefix, glossary, fuzzy retry and hostile input.
 */
import { describe, expect, it } from 'vitest';
import { SearchEngine } from '../../main/core/search/engine';
import type { GlossaryTerm, SearchDoc, SearchQuery } from '../../main/core/search/types';
import { searchDoc } from './search-helpers';

let seq = 0;
function doc(over: Partial<SearchDoc> & Pick<SearchDoc, 'lang' | 'title'>): SearchDoc {
  return searchDoc({ id: `d${++seq}`, ...over });
}

const GLOSSARY: GlossaryTerm[] = [
  { id: 'social-protection', fr: 'protection sociale', en: 'social protection', pt: 'proteção social', also: { fr: ['PS'], en: ['SP'] } },
  { id: 'old-age', fr: 'vieillesse', en: 'old age', pt: 'velhice' },
  {
    id: 'uhc',
    fr: 'couverture maladie universelle',
    en: 'universal health coverage',
    pt: 'cobertura universal de saúde',
    also: { fr: ['CMU'], en: ['UHC'] },
  },
];

const CORPUS: SearchDoc[] = [
  doc({
    id: 'fr-secu',
    lang: 'fr',
    title: 'Sécurité sociale au Sénégal',
    summary: 'La sécurité sociale protège les travailleurs du secteur formel.',
    body: 'Les cotisations financent les prestations familiales.',
    countries: ['SN'],
    steps: [1],
    branches: ['family'],
    themes: ['social-insurance'],
  }),
  doc({
    id: 'fr-retraite',
    lang: 'fr',
    title: 'Réforme du régime de retraite',
    summary: 'Le régime de retraite des fonctionnaires est réformé.',
    body: "La retraite est versée à l'âge légal.",
    countries: ['CV', 'SN'],
    steps: [2],
    branches: ['old-age'],
    guarantees: ['older-persons'],
  }),
  doc({
    id: 'fr-vieillesse',
    type: 'guide',
    lang: 'fr',
    title: 'La branche vieillesse',
    summary: 'Les prestations de vieillesse de la Partie V.',
    body: 'Une pension est servie aux personnes âgées.',
    branches: ['old-age'],
    guarantees: ['older-persons'],
  }),
  doc({
    id: 'fr-cmu',
    lang: 'fr',
    title: 'Couverture maladie universelle au Sénégal',
    summary: 'Les mutuelles de santé et la couverture maladie universelle.',
    body: 'La CMU repose sur les mutuelles communautaires.',
    countries: ['SN'],
    guarantees: ['health'],
    themes: ['social-health-protection'],
  }),
  doc({
    id: 'en-pension',
    lang: 'en',
    title: 'A universal pension in Ghana',
    summary: 'Every older person receives a pension.',
    body: 'The pension is paid monthly to people of old age.',
    countries: ['GH'],
    steps: [3],
    branches: ['old-age'],
    guarantees: ['older-persons'],
  }),
  doc({
    id: 'en-sp',
    type: 'note',
    lang: 'en',
    title: 'Social protection floors',
    summary: 'Extending social protection to informal workers.',
    body: 'Social protection floors guarantee basic income security.',
    countries: ['GH', 'SN'],
    themes: ['informal-economy'],
  }),
  doc({
    id: 'pt-protecao',
    lang: 'pt',
    title: 'Proteção social em Cabo Verde',
    summary: 'O sistema de proteção social cabo-verdiano.',
    body: 'As pensões sociais cobrem os idosos.',
    countries: ['CV'],
    steps: [2],
    themes: ['social-pensions'],
  }),
  doc({
    id: 'pt-velhice',
    lang: 'pt',
    title: 'Pensão de velhice',
    summary: 'A pensão de velhice em Moçambique.',
    body: 'A pensão é paga aos idosos.',
    countries: ['MZ'],
    branches: ['old-age'],
  }),
];

function engine(docs: SearchDoc[] = CORPUS, glossary: GlossaryTerm[] = GLOSSARY): SearchEngine {
  const e = new SearchEngine({ glossary });
  e.loadBase(SearchEngine.buildSegments(docs), docs, { layer: 'library' });
  return e;
}

const E = engine();
const ids = (q: SearchQuery, e = E) => e.search(q).hits.map((h) => h.id);
/** Hits that matched every word (partial matches, ranked after them, left out). */
const full = (q: SearchQuery, e = E) => e.search(q).hits.filter((h) => !h.partial).map((h) => h.id);

describe('language analysis', () => {
  it('folds accents before stemming, on both sides (fr)', () => {
    expect(ids({ q: 'securite sociale' })[0]).toBe('fr-secu');
    expect(ids({ q: 'SÉCURITÉ SOCIALE' })[0]).toBe('fr-secu');
    // and the other way round: an unaccented document is found by an accented query
    const e = engine([doc({ id: 'plain', lang: 'fr', title: 'Securite alimentaire' })]);
    expect(ids({ q: 'sécurité' }, e)).toEqual(['plain']);
  });

  it('folds accents in Portuguese', () => {
    expect(ids({ q: 'protecao' })).toContain('pt-protecao');
    expect(ids({ q: 'protecao', lang: ['pt'] })).toEqual(['pt-protecao']);
  });

  it('stems French', () => {
    // the documents only say "retraite" (singular)
    expect(ids({ q: 'retraites' })).toEqual(['fr-retraite']);
    expect(ids({ q: 'réformes' })).toEqual(['fr-retraite']);
  });

  it('stems English', () => {
    const e = engine([doc({ id: 'one', lang: 'en', title: 'The pension', body: 'a pension' }), doc({ id: 'other', lang: 'en', title: 'Health' })]);
    expect(ids({ q: 'pensions' }, e)).toEqual(['one']);
    expect(ids({ q: 'workers' }, engine([doc({ id: 'w', lang: 'en', title: 'A worker' })]))).toEqual(['w']);
  });

  it('stems Portuguese, nasal plurals included', () => {
    const e = engine([
      doc({ id: 'plural', lang: 'pt', title: 'As pensões sociais' }),
      doc({ id: 'singular', lang: 'pt', title: 'A pensão social' }),
      doc({ id: 'unrelated', lang: 'pt', title: 'Saúde' }),
    ]);
    expect(ids({ q: 'pensao' }, e).sort()).toEqual(['plural', 'singular']);
    expect(ids({ q: 'pensões' }, e).sort()).toEqual(['plural', 'singular']);
    expect(ids({ q: 'sociais' }, e).sort()).toEqual(['plural', 'singular']);
  });

  it('splits French elisions', () => {
    const e = engine([doc({ id: 'elided', lang: 'fr', title: "L'assurance d'entreprise" })]);
    expect(ids({ q: 'assurance' }, e)).toEqual(['elided']);
    expect(ids({ q: 'entreprise' }, e)).toEqual(['elided']);
  });

  it('skips a stop word of another language instead of emptying that language', () => {
    // "au" is a French stop word; English documents must still match "pension ... ghana"
    expect(ids({ q: 'pension au ghana' })[0]).toBe('en-pension');
    expect(ids({ q: 'pension au ghana', lang: ['en'] })).toEqual(['en-pension']);
    expect(ids({ q: 'la retraite' })).toEqual(['fr-retraite']);
    expect(ids({ q: 'the pension', lang: ['fr'] })).toEqual(['fr-vieillesse']);
  });

  it('skips, per language, words known only in another language, ranking full matches first', () => {
    // "ghana" is unknown to the French documents: French ones match on "vieillesse" alone and rank
    // below the English document that has both (through the glossary's "old age")
    const r = E.search({ q: 'vieillesse ghana' });
    expect(r.hits[0]!.id).toBe('en-pension');
    expect(r.hits.map((h) => h.id).sort()).toEqual(['en-pension', 'fr-vieillesse', 'pt-protecao', 'pt-velhice']);
    expect(r.hits[0]!.partial).toBeUndefined();
    expect(r.hits.slice(1).every((h) => h.partial)).toBe(true);
    expect(r.fuzzy).toBe(false);
    // a word unknown in every language is not skipped: it sends the query to the fuzzy retry
    expect(E.search({ q: 'vieillesse qwzx' }).fuzzy).toBe(true);
  });
});

describe('ranking', () => {
  it('ranks a title match above a body-only match', () => {
    const e = engine([
      doc({ id: 'body', lang: 'fr', title: 'Rapport annuel', body: 'Les mutuelles, les mutuelles et encore les mutuelles du pays.' }),
      doc({ id: 'title', lang: 'fr', title: 'Les mutuelles de santé', body: 'Un rapport annuel.' }),
      doc({ id: 'summary', lang: 'fr', title: 'Rapport', summary: 'Sur les mutuelles.' }),
    ]);
    expect(ids({ q: 'mutuelles' }, e)).toEqual(['title', 'summary', 'body']);
  });

  it('requires every word within a language for a full match; the others come after, marked partial', () => {
    expect(full({ q: 'retraite sénégal' })).toEqual([]);
    const r = E.search({ q: 'retraite sénégal' });
    expect(r.hits.length).toBeGreaterThan(0);
    expect(r.hits.every((h) => h.partial)).toBe(true);
    expect(full({ q: 'cotisations sénégal' })).toEqual(['fr-secu']);
  });

  it('scores with lunr-style BM25 that does not depend on how documents are segmented', () => {
    const r = E.search({ q: 'pension' });
    expect(r.hits.length).toBeGreaterThan(1);
    for (let i = 1; i < r.hits.length; i++) expect(r.hits[i - 1]!.score).toBeGreaterThanOrEqual(r.hits[i]!.score);
    expect(r.hits.every((h) => h.score > 0)).toBe(true);
  });
});

describe('filters and facets', () => {
  it('filters on each facet', () => {
    expect(ids({ q: '', type: ['guide'] })).toEqual(['fr-vieillesse']);
    expect(ids({ q: '', type: ['note'] })).toEqual(['en-sp']);
    expect(ids({ q: '', lang: ['pt'] }).sort()).toEqual(['pt-protecao', 'pt-velhice']);
    expect(ids({ q: '', country: ['CV'] }).sort()).toEqual(['fr-retraite', 'pt-protecao']); // any of doc.countries
    expect(ids({ q: '', step: [2] }).sort()).toEqual(['fr-retraite', 'pt-protecao']);
    expect(ids({ q: '', branch: ['family'] })).toEqual(['fr-secu']);
    expect(ids({ q: '', guarantee: ['health'] })).toEqual(['fr-cmu']);
    expect(ids({ q: '', theme: ['informal-economy'] })).toEqual(['en-sp']);
    expect(ids({ q: '', country: ['XX'] })).toEqual([]);
  });

  it('ORs values within a facet and ANDs across facets', () => {
    expect(ids({ q: '', country: ['GH', 'MZ'] }).sort()).toEqual(['en-pension', 'en-sp', 'pt-velhice']);
    expect(ids({ q: '', country: ['GH', 'MZ'], branch: ['old-age'] }).sort()).toEqual(['en-pension', 'pt-velhice']);
    expect(ids({ q: 'pension', lang: ['en'] })).toEqual(['en-pension']);
  });

  it('counts facets disjunctively (other facets filtered, not the facet itself)', () => {
    const all = E.search({ q: '' });
    expect(all.total).toBe(CORPUS.length);
    expect(all.facets.country).toEqual({ SN: 4, CV: 2, GH: 2, MZ: 1 });
    expect(all.facets.type).toEqual({ practice: 6, guide: 1, note: 1 });
    expect(all.facets.step).toEqual({ '2': 2, '1': 1, '3': 1 });

    const sn = E.search({ q: '', country: ['SN'] });
    expect(sn.total).toBe(4);
    // the country facet ignores its own filter, so the other countries stay visible...
    expect(sn.facets.country).toEqual({ SN: 4, CV: 2, GH: 2, MZ: 1 });
    // ...while the other facets count the SN documents only
    expect(sn.facets.lang).toEqual({ fr: 3, en: 1 });
    expect(sn.facets.type).toEqual({ practice: 3, note: 1 });

    const snOld = E.search({ q: '', country: ['SN'], branch: ['old-age'] });
    expect(snOld.hits.map((h) => h.id)).toEqual(['fr-retraite']);
    expect(snOld.facets.branch).toEqual({ family: 1, 'old-age': 1 }); // SN docs by branch
    expect(snOld.facets.country).toEqual({ SN: 1, CV: 1, GH: 1, MZ: 1 }); // old-age docs by country
    expect(Object.keys(snOld.facets).sort()).toEqual(['branch', 'country', 'guarantee', 'lang', 'step', 'theme', 'type']);
  });

  it('counts facets over the query matches, not the whole corpus', () => {
    const r = E.search({ q: 'pension' });
    expect(r.total).toBe(2);
    expect(r.facets.lang).toEqual({ en: 1, fr: 1 });
    expect(r.facets.branch).toEqual({ 'old-age': 2 });
  });

  it('browses everything by type then title when the query is empty', () => {
    const r = E.search({ q: '   ' });
    expect(r.total).toBe(CORPUS.length);
    expect(r.hits.map((h) => h.id)).toEqual([
      'fr-vieillesse', // guide
      'en-pension', // practices by title: A universal..., Couverture..., Pensão..., Proteção..., Réforme..., Sécurité...
      'fr-cmu',
      'pt-velhice',
      'pt-protecao',
      'fr-retraite',
      'fr-secu',
      'en-sp', // note
    ]);
  });

  it('pages with limit and offset', () => {
    const all = ids({ q: '', limit: 500 });
    expect(ids({ q: '', limit: 3 })).toEqual(all.slice(0, 3));
    expect(ids({ q: '', limit: 3, offset: 3 })).toEqual(all.slice(3, 6));
    expect(E.search({ q: '', limit: 3, offset: 3 }).total).toBe(CORPUS.length);
    expect(ids({ q: '', limit: 100_000 })).toHaveLength(CORPUS.length);
    const many = engine(Array.from({ length: 30 }, (_, i) => doc({ id: `m${i}`, lang: 'en', title: `Pension ${i}` })));
    expect(many.search({ q: 'pension' }).hits).toHaveLength(20); // default limit
    expect(many.search({ q: 'pension' }).total).toBe(30);
    expect(many.search({ q: 'pension', offset: 25 }).hits).toHaveLength(5);
  });
});

describe('snippets', () => {
  it('wraps matched words in <mark> and escapes everything else', () => {
    const e = engine([
      doc({ id: 'x', lang: 'fr', title: 'Note', summary: 'Le <script>alert("x")</script> & la retraite anticipée.' }),
    ]);
    const [hit] = e.search({ q: 'retraites' }).hits;
    expect(hit!.snippet).toContain('<mark>retraite</mark>');
    expect(hit!.snippet).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; la');
    expect(hit!.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"]/);
  });

  it('marks every form of the matched word (folded, stemmed) and nothing else', () => {
    const e = engine([doc({ id: 'x', lang: 'fr', title: 'T', summary: 'Sécurité, securite et sécurités ; la santé.' })]);
    const s = e.search({ q: 'securite' }).hits[0]!.snippet;
    expect(s).toBe('<mark>Sécurité</mark>, <mark>securite</mark> et <mark>sécurités</mark> ; la santé.');
  });

  it('shows a window around the first match in the body', () => {
    const filler = Array.from({ length: 60 }, (_, i) => `mot${i}`).join(' ');
    const e = engine([doc({ id: 'x', lang: 'fr', title: 'T', summary: 'Résumé sans rapport.', body: `${filler} la cotisation sociale ${filler}` })]);
    const s = e.search({ q: 'cotisation' }).hits[0]!.snippet;
    expect(s.startsWith('… ')).toBe(true);
    expect(s.endsWith(' …')).toBe(true);
    expect(s).toContain('<mark>cotisation</mark>');
    expect(s.split(' ').length).toBeLessThanOrEqual(34);
  });

  it('falls back to the start of the summary when only the title matches', () => {
    const e = engine([doc({ id: 'x', lang: 'en', title: 'Pension reform', summary: 'A short summary.', body: 'Nothing here.' })]);
    expect(e.search({ q: 'pension' }).hits[0]!.snippet).toBe('A short summary.');
  });
});

describe('prefix while typing', () => {
  it('matches the last word as a prefix', () => {
    expect(ids({ q: 'protec' }).sort()).toEqual(['en-sp', 'pt-protecao']);
    expect(ids({ q: 'cotis' })).toEqual(['fr-secu']);
    expect(ids({ q: 'sécurité soc' })[0]).toBe('fr-secu');
    expect(ids({ q: 'sécurité soc', lang: ['fr'] })).toEqual(['fr-secu']);
    expect(ids({ q: 'mutu' })).toEqual(['fr-cmu']);
  });

  it('ranks an exact word above words it is only a prefix of', () => {
    const e = engine([
      doc({ id: 'longer', lang: 'en', title: 'Pensioners' }),
      doc({ id: 'exact', lang: 'en', title: 'Pension' }),
    ]);
    expect(ids({ q: 'pension' }, e)).toEqual(['exact', 'longer']);
  });

  it('does not treat a finished word (followed by a space) or a non-last word as a prefix', () => {
    expect(ids({ q: 'cotis ' })).not.toContain('fr-secu');
    expect(E.search({ q: 'cotis ' }).fuzzy).toBe(true);
    expect(ids({ q: 'cotis sénégal' })).not.toContain('fr-secu');
  });
});

describe('glossary', () => {
  it('expands a term to its name in every language', () => {
    // French query -> English "old age" and Portuguese "velhice" documents
    // (and pt-protecao through "idosos", a curated synonym of "velhice": ./synonyms.ts)
    expect(ids({ q: 'vieillesse' }).sort()).toEqual(['en-pension', 'fr-vieillesse', 'pt-protecao', 'pt-velhice']);
    // without the glossary only French matches
    expect(ids({ q: 'vieillesse' }, engine(CORPUS, [])).sort()).toEqual(['fr-vieillesse']);
  });

  it('finds English documents about "social protection" from "protection sociale"', () => {
    const e = engine([
      doc({ id: 'en', lang: 'en', title: 'Social protection for all' }),
      doc({ id: 'pt', lang: 'pt', title: 'Proteção social para todos' }),
      doc({ id: 'en-other', lang: 'en', title: 'Protection of the environment' }),
    ]);
    expect(full({ q: 'protection sociale' }, e).sort()).toEqual(['en', 'pt']);
  });

  it('understands abbreviations (also)', () => {
    expect(ids({ q: 'UHC' })).toContain('fr-cmu');
    expect(ids({ q: 'cmu', lang: ['fr'] })).toEqual(['fr-cmu']);
  });

  it('keeps the other words of the query', () => {
    expect(full({ q: 'vieillesse ghana', lang: ['en'] })).toEqual(['en-pension']);
    expect(full({ q: 'vieillesse moçambique', lang: ['pt'] })).toEqual(['pt-velhice']);
    // "cabo" is a Portuguese word of the corpus (Cabo Verde) but not of pt-velhice; pt-protecao has
    // it, and "idosos", a curated synonym of "velhice"
    expect(full({ q: 'vieillesse cabo', lang: ['pt'] })).toEqual(['pt-protecao']);
  });
});

describe('fuzzy retry', () => {
  it('corrects a misspelled word and says so', () => {
    const r = E.search({ q: 'pensoin' });
    expect(r.fuzzy).toBe(true);
    expect(r.didYouMean).toBe('pension');
    expect(r.hits.map((h) => h.id)).toContain('en-pension');
  });

  it('keeps the rest of the query and its spelling when correcting', () => {
    const r = E.search({ q: 'Ghana pensoin' });
    expect(r.fuzzy).toBe(true);
    expect(r.didYouMean).toBe('Ghana pension');
    expect(r.hits[0]!.id).toBe('en-pension');
    expect(E.search({ q: 'Ghana pensoin', lang: ['en'] }).hits.map((h) => h.id)).toEqual(['en-pension']);
  });

  it('suggests the accented spelling most documents use', () => {
    const r = E.search({ q: 'mutuellse' });
    expect(r.fuzzy).toBe(true);
    expect(r.didYouMean).toBe('mutuelles');
  });

  it('does not go fuzzy when the words are known', () => {
    const r = E.search({ q: 'pension' });
    expect(r.fuzzy).toBe(false);
    expect(r.didYouMean).toBeUndefined();
  });

  it('finds nothing for gibberish', () => {
    const r = E.search({ q: 'zzqxv' });
    expect(r.total).toBe(0);
    expect(r.hits).toEqual([]);
  });
});

describe('hostile input', () => {
  const nasty = [
    'title:pension',
    'pension~2',
    'pen*',
    '*',
    '+pension -retraite',
    '^10',
    'pension^',
    ':',
    '~',
    '-',
    '+',
    '"unclosed',
    '\\',
    '(a OR b) AND [c]',
    '{}',
    'a'.repeat(5000),
    'mot '.repeat(500),
    '\u0000\u0001\u200b',
    '🙂 pension 🙂',
    'ǅ ǈ ﬁ İ',
    '<script>alert(1)</script>',
  ];
  it.each(nasty)('never throws on %j', (q) => {
    const r = E.search({ q });
    expect(r.query).toBe(q);
    expect(Array.isArray(r.hits)).toBe(true);
    expect(r.total).toBeGreaterThanOrEqual(r.hits.length);
  });

  it('treats lunr syntax as plain separators', () => {
    expect(ids({ q: 'title:pension' }).sort()).toEqual(ids({ q: 'title pension' }).sort());
    expect(ids({ q: '+pension' })).toEqual(ids({ q: 'pension' }));
    expect(ids({ q: 'pension~2' })).toEqual(ids({ q: 'pension 2' }));
  });

  it('tolerates odd query values', () => {
    expect(() => E.search({ q: undefined as unknown as string })).not.toThrow();
    expect(E.search({ q: '', limit: -5 }).hits).toEqual([]);
    expect(E.search({ q: '', limit: Number.NaN }).hits).toHaveLength(CORPUS.length);
    expect(E.search({ q: '', offset: 1e12 }).hits).toEqual([]);
    expect(E.search({ q: 'pension', country: [] }).total).toBe(E.search({ q: 'pension' }).total);
  });
});
