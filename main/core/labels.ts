/**
 * Human labels for the domain codes, in French, English and Portuguese. Isomorphic: used by the
 * renderer's pickers and facets, by the search (as keywords, so "vieillesse" finds practices
 * tagged old-age), and by exports.
 */
import type { Branch, Guarantee, Instrument, Lang, RecordType } from './model';
import { BRANCH_PART, COUNTRY_NAMES } from './vocabulary';

type L = Record<Lang, string>;

export const BRANCH_LABELS: Record<Branch, L> = {
  'medical-care': { fr: 'Soins médicaux', en: 'Medical care', pt: 'Cuidados médicos' },
  sickness: { fr: 'Indemnités de maladie', en: 'Sickness benefit', pt: 'Subsídio de doença' },
  unemployment: { fr: 'Prestations de chômage', en: 'Unemployment benefit', pt: 'Prestações de desemprego' },
  'old-age': { fr: 'Prestations de vieillesse', en: 'Old-age benefit', pt: 'Prestações de velhice' },
  'employment-injury': {
    fr: 'Accidents du travail et maladies professionnelles',
    en: 'Employment injury benefit',
    pt: 'Acidentes de trabalho e doenças profissionais',
  },
  family: { fr: 'Prestations aux familles', en: 'Family benefit', pt: 'Prestações familiares' },
  maternity: { fr: 'Prestations de maternité', en: 'Maternity benefit', pt: 'Prestações de maternidade' },
  invalidity: { fr: "Prestations d'invalidité", en: 'Invalidity benefit', pt: 'Prestações de invalidez' },
  survivors: { fr: 'Prestations de survivants', en: "Survivors' benefit", pt: 'Prestações de sobrevivência' },
};

export const GUARANTEE_LABELS: Record<Guarantee, L> = {
  health: { fr: 'Accès aux soins de santé essentiels', en: 'Access to essential health care', pt: 'Acesso a cuidados de saúde essenciais' },
  children: { fr: 'Sécurité du revenu des enfants', en: 'Income security for children', pt: 'Segurança de rendimento das crianças' },
  'active-age': {
    fr: "Sécurité du revenu des personnes d'âge actif",
    en: 'Income security in active age',
    pt: 'Segurança de rendimento em idade ativa',
  },
  'older-persons': { fr: 'Sécurité du revenu des personnes âgées', en: 'Income security for older persons', pt: 'Segurança de rendimento das pessoas idosas' },
};

export const STEP_LABELS: Record<1 | 2 | 3, L> = {
  1: { fr: 'Étape 1 : stratégies nationales', en: 'Step 1: national strategies', pt: 'Etapa 1: estratégias nacionais' },
  2: { fr: 'Étape 2 : conception et réforme des régimes', en: 'Step 2: design and reform of schemes', pt: 'Etapa 2: conceção e reforma dos regimes' },
  3: { fr: 'Étape 3 : mise en œuvre opérationnelle', en: 'Step 3: operational implementation', pt: 'Etapa 3: implementação operacional' },
};

export const INSTRUMENT_LABELS: Record<Instrument, L> = {
  c102: { fr: 'Convention n° 102', en: 'Convention No. 102', pt: 'Convenção n.º 102' },
  r202: { fr: 'Recommandation n° 202', en: 'Recommendation No. 202', pt: 'Recomendação n.º 202' },
  flagship: { fr: 'Programme phare : les trois étapes', en: 'Flagship Programme: the three steps', pt: 'Programa emblemático: as três etapas' },
  sdg: { fr: 'ODD, cible 1.3', en: 'SDG target 1.3', pt: 'ODS, meta 1.3' },
  sstc: { fr: 'Coopération Sud-Sud et triangulaire', en: 'South-South and triangular cooperation', pt: 'Cooperação Sul-Sul e triangular' },
  theme: { fr: 'Thèmes', en: 'Themes', pt: 'Temas' },
  glossary: { fr: 'Glossaire', en: 'Glossary', pt: 'Glossário' },
};

export const TYPE_LABELS: Record<RecordType, L> = {
  guide: { fr: 'Guide', en: 'Guide', pt: 'Guia' },
  practice: { fr: 'Bonne pratique', en: 'Good practice', pt: 'Boa prática' },
  note: { fr: 'Note', en: 'Note', pt: 'Nota' },
  workshop: { fr: 'Atelier', en: 'Workshop', pt: 'Oficina' },
  plan: { fr: 'Plan de mise en œuvre', en: 'Implementation plan', pt: 'Plano de implementação' },
  coverage: { fr: 'Fiche de couverture (ODD 1.3.1)', en: 'Coverage sheet (SDG 1.3.1)', pt: 'Ficha de cobertura (ODS 1.3.1)' },
  project: { fr: 'Projet (résultats et impact)', en: 'Project (results and impact)', pt: 'Projeto (resultados e impacto)' },
};

export const THEME_LABELS: Record<string, L> = {
  'social-health-protection': { fr: 'Protection sociale de la santé', en: 'Social health protection', pt: 'Proteção social da saúde' },
  migrants: { fr: 'Travailleurs migrants', en: 'Migrant workers', pt: 'Trabalhadores migrantes' },
  'humanitarian-nexus': { fr: 'Nexus humanitaire-développement', en: 'Humanitarian-development nexus', pt: 'Nexo humanitário-desenvolvimento' },
  'informal-economy': { fr: 'Économie informelle', en: 'Informal economy', pt: 'Economia informal' },
  'climate-change': { fr: 'Changement climatique', en: 'Climate change', pt: 'Alterações climáticas' },
  'cash-transfers': { fr: 'Transferts monétaires', en: 'Cash transfers', pt: 'Transferências monetárias' },
  'social-insurance': { fr: 'Assurance sociale', en: 'Social insurance', pt: 'Seguro social' },
  'social-pensions': { fr: 'Pensions sociales', en: 'Social pensions', pt: 'Pensões sociais' },
  'social-registry': { fr: 'Registre social', en: 'Social registry', pt: 'Cadastro social' },
  'digital-delivery': { fr: 'Paiements numériques', en: 'Digital delivery', pt: 'Pagamentos digitais' },
  financing: { fr: 'Financement', en: 'Financing', pt: 'Financiamento' },
  governance: { fr: 'Gouvernance', en: 'Governance', pt: 'Governação' },
  training: { fr: 'Formation', en: 'Training', pt: 'Formação' },
  statistics: { fr: 'Statistiques et suivi', en: 'Statistics and monitoring', pt: 'Estatísticas e monitorização' },
  'south-south': { fr: 'Coopération Sud-Sud', en: 'South-South cooperation', pt: 'Cooperação Sul-Sul' },
};

export const LANG_LABELS: L = { fr: 'Français', en: 'English', pt: 'Português' };

export function branchLabel(b: Branch, lang: Lang): string {
  return `${BRANCH_LABELS[b][lang]} (${lang === 'en' ? 'Part' : lang === 'pt' ? 'Parte' : 'Partie'} ${BRANCH_PART[b]})`;
}

export function themeLabel(t: string, lang: Lang): string {
  return THEME_LABELS[t]?.[lang] ?? t.replace(/-/g, ' ');
}

export function countryName(code: string, lang: Lang): string {
  return COUNTRY_NAMES[code]?.[lang] ?? code;
}

/** Every label of a code list in every language, joined: search keywords for a record. */
export function allLabels<T extends string | number>(codes: readonly T[], table: Record<string, L>): string {
  return codes
    .map((c) => table[String(c)])
    .filter(Boolean)
    .map((l) => `${l!.fr} ${l!.en} ${l!.pt}`)
    .join(' ');
}
