/**
 * Language-aware search on small corpora: query-language detection and its prior, tiers (partial
 * matches after full ones, never a partial in another language above a full one in the query's
 * language), translations as language versions of a record, curated synonyms, Portuguese
 * pre-1990 spellings, quoted and glossary phrases, suggestions in the query's language, and the
 * reader's highlights.
 */
import { describe, expect, it } from 'vitest';
import { SearchEngine } from '../../main/core/search/engine';
import { term } from '../../main/core/search/analysis';
import { SYNONYM_GROUPS, synonymTerms } from '../../main/core/search/synonyms';
import { PRE_1990_SPELLINGS, modernPortuguese } from '../../main/core/search/pt-spellings';
import { detectQueryLang } from '../../main/core/search/query-lang';
import { quotedRanges } from '../../main/core/search/phrases';
import { toSearchDocs } from '../../main/core/search/docs';
import type { GlossaryTerm, SearchDoc } from '../../main/core/search/types';
import { practiceSchema } from '../../main/core/model';
import { searchDoc } from './search-helpers';

let seq = 0;
function doc(over: Partial<SearchDoc> & Pick<SearchDoc, 'lang' | 'title'>): SearchDoc {
  return searchDoc({ id: `d${++seq}`, type: 'guide', ...over });
}

function engine(docs: SearchDoc[], glossary: GlossaryTerm[] = []): SearchEngine {
  const e = new SearchEngine({ glossary });
  e.loadBase(SearchEngine.buildSegments(docs), docs, { layer: 'library' });
  return e;
}

const GLOSSARY: GlossaryTerm[] = [
  { id: 'social-security', fr: 'sécurité sociale', en: 'social security', pt: 'segurança social' },
  { id: 'maternity', fr: 'prestations de maternité', en: 'maternity benefit', pt: 'prestação de maternidade' },
];

const CORPUS = [
  doc({ id: 'fr-mat', lang: 'fr', title: 'Prestations de maternité', summary: 'La santé des femmes et le congé de maternité.' }),
  doc({ id: 'fr-fam', lang: 'fr', title: 'Prestations aux familles', summary: 'Les allocations versées aux familles.' }),
  doc({ id: 'fr-secu', lang: 'fr', title: 'La sécurité sociale au Sénégal', summary: 'Une sécurité sociale pour tous, une protection sociale unique.' }),
  doc({ id: 'en-mat', lang: 'en', title: 'Maternity benefit', summary: 'Maternal health and maternity leave.' }),
  doc({ id: 'en-secu', lang: 'en', title: 'Social security in Senegal', summary: 'Social security for all.' }),
  doc({ id: 'pt-prot', lang: 'pt', title: 'Proteção social em Cabo Verde', summary: 'A proteção social obrigatória e o pacto social.' }),
];
const E = engine(CORPUS, GLOSSARY);

describe('query language', () => {
  it('detects the language from the words, with the interface language deciding ambiguous queries', () => {
    expect(E.search({ q: 'santé des femmes', uiLang: 'en' }).queryLang).toBe('fr');
    expect(E.search({ q: 'maternal health', uiLang: 'fr' }).queryLang).toBe('en');
    expect(E.search({ q: 'proteção social', uiLang: 'fr' }).queryLang).toBe('pt');
    // "Senegal" / "Sénégal" folds the same in French and English: the prior decides
    expect(E.search({ q: 'senegal', uiLang: 'en' }).queryLang).toBe('en');
    expect(E.search({ q: 'senegal', uiLang: 'fr' }).queryLang).toBe('fr');
  });

  it('takes a word known only by its stem (a typo) as weaker evidence than a word known as written', () => {
    const evidence = (lang: string, word: string) =>
      lang === 'en' && word === 'socialle' ? { known: 0.5 as const, share: 0.5 } : { known: word === 'protection' ? (1 as const) : (0 as const), share: 0.1 };
    expect(detectQueryLang([{ word: 'protection', folded: 'protection' }, { word: 'socialle', folded: 'socialle' }], evidence, ['fr', 'en'], 'fr').lang).toBe('fr');
  });

  it('ranks documents in the query language first when they match comparably', () => {
    const r = E.search({ q: 'senegal', uiLang: 'en' });
    expect(r.hits.map((h) => h.id)).toEqual(['en-secu', 'fr-secu']);
    expect(E.search({ q: 'senegal', uiLang: 'fr' }).hits.map((h) => h.id)).toEqual(['fr-secu', 'en-secu']);
  });
});

describe('tiers: full matches, then partial ones', () => {
  const e = engine([
    doc({ id: 'fr-full', lang: 'fr', title: 'Rapport', body: 'Le régime des mutuelles au Togo.' }),
    doc({ id: 'en-one', lang: 'en', title: 'Mutuelles mutuelles mutuelles', summary: 'Mutuelles.' }),
    doc({ id: 'fr-one', lang: 'fr', title: 'Les mutuelles', summary: 'Les mutuelles du pays.' }),
  ]);

  it('never lets a one-word partial match in another language outrank a full match in the query language', () => {
    const r = e.search({ q: 'mutuelles togo', uiLang: 'fr' });
    expect(r.hits[0]!.id).toBe('fr-full');
    expect(r.hits[0]!.partial).toBeUndefined();
    expect(r.hits.slice(1).map((h) => h.id).sort()).toEqual(['en-one', 'fr-one']);
    expect(r.hits.slice(1).every((h) => h.partial === true)).toBe(true);
    // the partial ones really score higher on their own: only the tier keeps them below
    expect(r.hits[1]!.score).toBeGreaterThan(r.hits[0]!.score);
  });

  it('adds partial matches only when the query language has few full matches', () => {
    const many = engine(Array.from({ length: 8 }, (_, i) => doc({ id: `full-${i}`, lang: 'fr', title: `Mutuelles du Togo ${i}` })).concat(doc({ id: 'one', lang: 'fr', title: 'Mutuelles' })));
    const r = many.search({ q: 'mutuelles togo', uiLang: 'fr', limit: 50 });
    expect(r.hits.map((h) => h.id)).not.toContain('one');
  });
});

describe('translations as language versions of a record', () => {
  const practice = practiceSchema.parse({
    id: 'tg-x',
    type: 'practice',
    lang: 'fr',
    title: 'Togo : un transfert monétaire numérique',
    summary: 'Une aide versée par téléphone.',
    body: 'Le programme a payé des ménages.',
    country: 'TG',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    origin: { kind: 'library' },
    rev: 1,
    translations: { en: { title: 'Togo: a digital cash transfer', summary: 'Emergency cash paid by mobile money.', body: 'The programme paid households.' } },
  });

  it('indexes the translation as the English version and the hit says English matched', () => {
    const docs = toSearchDocs(practice);
    expect(docs.map((d) => `${d.id}:${d.lang}`)).toEqual(['tg-x:fr', 'tg-x@en:en']);
    const e = new SearchEngine();
    e.upsertRecord(docs);
    const r = e.search({ q: 'households mobile money', lang: ['en'] });
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0]).toMatchObject({ id: 'tg-x', lang: 'fr', matchedLang: 'en', title: 'Togo: a digital cash transfer' });
    expect(e.search({ q: 'ménages', uiLang: 'fr' }).hits[0]).toMatchObject({ id: 'tg-x', matchedLang: 'fr' });
  });

  it('browses records once, in their own language', () => {
    const e = new SearchEngine();
    e.upsertRecord(toSearchDocs(practice));
    const r = e.search({ q: '' });
    expect(r.total).toBe(1);
    expect(r.hits.map((h) => [h.id, h.lang, h.matchedLang])).toEqual([['tg-x', 'fr', 'fr']]);
  });

  it('drops a translation removed from the record, and every version with the record', () => {
    const e = new SearchEngine();
    e.upsertRecord(toSearchDocs(practice));
    e.upsertRecord(toSearchDocs({ ...practice, translations: {} }));
    expect(e.search({ q: 'households' }).total).toBe(0);
    expect(e.search({ q: 'ménages' }).total).toBe(1);
    e.upsertRecord(toSearchDocs(practice));
    expect(e.removeRecord('tg-x')).toBe(true);
    expect(e.search({ q: 'households' }).total + e.search({ q: 'ménages' }).total).toBe(0);
  });
});

describe('curated synonyms and derivations', () => {
  it('pairs the French derivations the issue lists, each stemmed differently', () => {
    const pairs: [string, string][] = [
      ['maternelle', 'maternité'],
      ['familial', 'famille'],
      ['invalide', 'invalidité'],
      ['vieux', 'vieillesse'],
      ['santé', 'sanitaire'],
      ['contributif', 'cotisation'],
    ];
    for (const [a, b] of pairs) {
      const ta = term('fr', a);
      const tb = term('fr', b);
      expect(ta, a).not.toBe(tb);
      expect(synonymTerms('fr', ta), `${a} -> ${b}`).toContain(tb);
      expect(synonymTerms('fr', tb), `${b} -> ${a}`).toContain(ta);
    }
    for (const lang of ['fr', 'en', 'pt'] as const) for (const g of SYNONYM_GROUPS[lang]) expect(g.length).toBeGreaterThan(1);
  });

  it('finds the maternity guide from « santé maternelle », first, in French', () => {
    const r = E.search({ q: 'santé maternelle', uiLang: 'fr' });
    expect(r.hits[0]).toMatchObject({ id: 'fr-mat', matchedLang: 'fr' });
    expect(r.hits[0]!.partial).toBeUndefined();
    // through the synonym, with a lower weight than the word itself
    const e = engine([doc({ id: 'exact', lang: 'fr', title: 'Santé maternelle' }), doc({ id: 'derived', lang: 'fr', title: 'Santé et maternité' })]);
    expect(e.search({ q: 'santé maternelle' }).hits.map((h) => h.id)).toEqual(['exact', 'derived']);
  });
});

describe('Portuguese pre-1990 spellings', () => {
  it('folds the curated spellings and leaves words that keep their consonant alone', () => {
    expect(modernPortuguese('proteccao')).toBe('protecao');
    expect(modernPortuguese('accao')).toBe('acao');
    expect(modernPortuguese('actuarial')).toBe('atuarial');
    expect(modernPortuguese('accaos')).toBe('acaos');
    for (const keep of ['pacto', 'facto', 'contacto', 'secto']) expect(modernPortuguese(keep)).toBe(keep);
    expect(term('pt', 'protecção')).toBe(term('pt', 'proteção'));
    expect(term('pt', 'acções')).toBe(term('pt', 'ações'));
    expect(term('pt', 'actuariais')).toBe(term('pt', 'atuariais'));
    expect(term('pt', 'pacto')).not.toBe(term('pt', 'pato'));
    for (const [from, to] of Object.entries(PRE_1990_SPELLINGS)) expect(from).not.toBe(to);
  });

  it('finds a document in either spelling from a query in either spelling', () => {
    const e = engine([doc({ id: 'old', lang: 'pt', title: 'A protecção social e a acção do Estado' }), doc({ id: 'new', lang: 'pt', title: 'Estudo atuarial' })]);
    expect(e.search({ q: 'proteção', uiLang: 'pt' }).hits.map((h) => h.id)).toEqual(['old']);
    expect(e.search({ q: 'ação', uiLang: 'pt' }).hits.map((h) => h.id)).toEqual(['old']);
    expect(e.search({ q: 'actuarial', uiLang: 'pt' }).hits.map((h) => h.id)).toEqual(['new']);
  });
});

describe('phrases', () => {
  it('finds the quoted parts of a query', () => {
    expect(quotedRanges('a "b c" « d » “e”')).toEqual([
      [2, 7],
      [8, 13],
      [14, 17],
    ]);
  });

  it('requires a quoted phrase as such: its words in order', () => {
    const e = engine([
      doc({ id: 'phrase', lang: 'fr', title: 'Le registre social unique' }),
      doc({ id: 'apart', lang: 'fr', title: 'Un registre unique, un fichier social' }),
    ]);
    expect(e.search({ q: 'registre social unique' }).hits.map((h) => h.id).sort()).toEqual(['apart', 'phrase']);
    expect(e.search({ q: '"registre social unique"' }).hits.map((h) => h.id)).toEqual(['phrase']);
    expect(e.search({ q: '« registre social unique »' }).hits.map((h) => h.id)).toEqual(['phrase']);
  });

  it('marks a glossary term and a quoted phrase as one, not its words elsewhere', () => {
    const r = E.search({ q: 'sécurité sociale', uiLang: 'fr' });
    const hit = r.hits.find((h) => h.id === 'fr-secu')!;
    expect(hit.snippet).toBe('Une <mark>sécurité sociale</mark> pour tous, une protection sociale unique.');
    expect(hit.highlights).toEqual(['sécurité sociale']);
    const e = engine([doc({ id: 'x', lang: 'fr', title: 'T', summary: 'Le registre social unique, un registre utile.' })]);
    const q = e.search({ q: '"registre social" utile' }).hits[0]!;
    expect(q.snippet).toBe('Le <mark>registre social</mark> unique, un registre <mark>utile</mark>.');
    expect(q.highlights).toEqual(['registre social', 'utile']);
  });
});

describe('suggestions in the query language', () => {
  it('offers a French correction for a word only English knows (by its stem), and ranks the corrected results first', () => {
    const r = E.search({ q: 'securite socialle', uiLang: 'fr' });
    expect(r.queryLang).toBe('fr');
    expect(r.didYouMean).toBe('securite sociale');
    expect(r.corrected).toBe(true);
    expect(r.hits[0]!.id).toBe('fr-secu');
  });

  it('keeps the query as typed when it already has results in its language', () => {
    const r = E.search({ q: 'sécurité sociale', uiLang: 'fr' });
    expect(r.didYouMean).toBeUndefined();
    expect(r.corrected).toBeUndefined();
  });
});
