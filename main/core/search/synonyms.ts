/**
 * Curated morphology and synonyms: groups of words that a specialist treats as the same search in
 * this domain but that the stemmers keep apart, mostly derivations (`maternelle`/`maternité`,
 * `familial`/`famille`, `invalide`/`invalidité`, `vieux`/`vieillesse`, `santé`/`sanitaire`,
 * `contributif`/`cotisation`). Kept as data, per language; a query word also matches the other
 * members of its group, with a lower weight (`SYNONYM_WEIGHT`) than the word itself, and a word
 * whose group is known in a language counts as known there. Cross-language equivalents and
 * multi-word terms belong in the glossary (library/glossary.yaml), not here.
 */
import type { Lang } from '../model';
import { term } from './analysis';

/** Weight of a term reached through a synonym (the word itself counts 1). */
export const SYNONYM_WEIGHT = 0.7;

export const SYNONYM_GROUPS: Readonly<Record<Lang, readonly (readonly string[])[]>> = {
  fr: [
    ['maternité', 'maternel', 'maternelle', 'maternels', 'maternelles'],
    ['famille', 'familial', 'familiale', 'familiaux', 'familiales'],
    ['invalidité', 'invalide', 'invalides'],
    ['vieillesse', 'vieux', 'vieil', 'vieille', 'vieilles', 'vieillissement'],
    ['santé', 'sanitaire', 'sanitaires'],
    ['cotisation', 'cotisations', 'cotisant', 'cotisants', 'contributif', 'contributive', 'contributifs', 'contributives'],
    ['chômage', 'chômeur', 'chômeurs', 'chômeuse'],
    ['enfant', 'enfants', 'enfance', 'infantile'],
    ['retraite', 'retraites', 'retraité', 'retraités'],
    ['grossesse', 'enceinte', 'enceintes'],
    ['maladie', 'malade', 'malades'],
    ['médical', 'médicaux', 'médicale', 'médecin', 'médecins'],
  ],
  en: [
    ['maternity', 'maternal'],
    ['invalidity', 'invalid', 'disability', 'disabled'],
    ['child', 'children', 'childhood'],
    ['contribution', 'contributions', 'contributory'],
    ['unemployment', 'unemployed'],
    ['old', 'elderly', 'older'],
    ['health', 'sanitary'],
    ['pregnancy', 'pregnant'],
  ],
  pt: [
    ['maternidade', 'materno', 'materna', 'maternos', 'maternas'],
    ['família', 'familiar', 'familiares'],
    ['invalidez', 'inválido', 'inválidos'],
    ['velhice', 'idoso', 'idosos', 'idosa', 'idosas', 'velho', 'velhos'],
    ['saúde', 'sanitário', 'sanitária', 'sanitários'],
    ['contribuição', 'contributivo', 'contributiva', 'contributivos', 'contributivas', 'cotização', 'quotização'],
    ['desemprego', 'desempregado', 'desempregados'],
    ['criança', 'crianças', 'infância', 'infantil'],
    ['gravidez', 'grávida', 'grávidas'],
  ],
};

/** Per language: term -> the other terms of its groups. */
const compiled: Partial<Record<Lang, Map<string, string[]>>> = {};

function compile(lang: Lang): Map<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const group of SYNONYM_GROUPS[lang]) {
    const terms = [...new Set(group.map((w) => term(lang, w.toLowerCase())).filter(Boolean))];
    for (const t of terms) {
      const set = map.get(t) ?? new Set<string>();
      for (const o of terms) if (o !== t) set.add(o);
      map.set(t, set);
    }
  }
  return new Map([...map].map(([t, s]) => [t, [...s]]));
}

/** The other terms that `t` (an index term of `lang`) also matches; empty when it has no group. */
export function synonymTerms(lang: Lang, t: string): readonly string[] {
  const map = (compiled[lang] ??= compile(lang));
  return map.get(t) ?? [];
}
