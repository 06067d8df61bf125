/**
 * The vocabulary the workshop feature matches on, in French and English: the Flagship steps, the
 * themes, the development partners and the closing dashboard's headings. Plain lists on purpose:
 * a facilitator asking "why is this action under Partnerships?" gets the keyword as the answer,
 * and adding a word is a one-line change here.
 *
 * Words are folded before matching (see text.ts): write them with or without accents.
 */
import type { Lang, Step } from '../model';
import { THEMES } from '../model';
import { MatchText, fold, type Keywords } from './text';

type Label = { fr: string; en: string };

export const STEP_KEYWORDS: Record<Step, Keywords> = {
  1: {
    words: [
      'stratégie nationale', 'stratégies nationales', 'politique nationale', 'diagnostic', 'évaluation nationale',
      'dialogue national', 'cartographie', 'feuille de route', 'étape 1', 'national strategy', 'national strategies',
      'national policy', 'national dialogue', 'assessment', 'mapping', 'roadmap', 'step 1',
    ],
    acronyms: ['ABND', 'EBDN'],
  },
  2: {
    words: [
      'conception', 'design', 'réforme', 'réformes', 'régime', 'régimes', 'étude actuarielle', 'cadre juridique',
      'loi', 'législation', 'ratification', 'étape 2', 'reform', 'reforms', 'scheme', 'schemes', 'actuarial',
      'legal framework', 'legislation', 'law', 'step 2',
    ],
  },
  3: {
    words: [
      'mise en œuvre', 'mise en place opérationnelle', 'opérationnelle', 'opérationnel', 'immatriculation',
      'enregistrement', 'paiement', 'paiements', "système d'information", 'guichet unique', 'étape 3',
      'implementation', 'operational', 'registration', 'enrolment', 'enrollment', 'payment', 'payments',
      'information system', 'one-stop shop', 'delivery', 'step 3',
    ],
  },
};

export const THEME_KEYWORDS: Record<(typeof THEMES)[number], Keywords> = {
  'social-health-protection': {
    words: [
      'protection sociale en santé', 'protection sociale de la santé', 'assurance maladie', 'couverture maladie',
      'couverture sanitaire universelle', 'mutuelle de santé', 'mutuelles de santé', 'santé', 'health insurance',
      'social health protection', 'universal health coverage', 'health',
    ],
    acronyms: ['CSU', 'CMU', 'AMU', 'UHC'],
  },
  migrants: { words: ['migrant', 'migrants', 'migration', 'travailleurs migrants', 'diaspora', 'migrant workers'] },
  'humanitarian-nexus': {
    words: ['humanitaire', 'humanitarian', 'crise', 'crises', 'réfugiés', 'déplacés', 'refugees', 'displaced', 'nexus'],
  },
  'informal-economy': {
    words: [
      'économie informelle', 'secteur informel', 'informel', 'informelle', 'informels', 'travailleurs indépendants',
      'informal economy', 'informal sector', 'informal', 'self-employed',
    ],
  },
  'climate-change': {
    words: ['changement climatique', 'climat', 'climatique', 'sécheresse', 'inondations', 'climate change', 'climate', 'drought', 'floods'],
  },
  'cash-transfers': {
    words: [
      'transferts monétaires', 'transfert monétaire', 'bourses familiales', 'bourses de sécurité familiale',
      'filets sociaux', 'filets de sécurité', 'cash transfer', 'cash transfers', 'safety nets',
    ],
  },
  'social-insurance': {
    words: ['assurance sociale', 'sécurité sociale', 'cotisations', 'social insurance', 'social security', 'contributions'],
    acronyms: ['CNPS', 'INPS', 'IPRES', 'CSS', 'INAM'],
  },
  'social-pensions': {
    words: ['pension sociale', 'pensions sociales', 'pension non contributive', 'social pension', 'social pensions', 'non-contributory pension'],
  },
  'social-registry': {
    words: [
      'registre social', 'registre national unifié', 'registre unique', 'ciblage', 'social registry', 'single registry',
      'cadastro único', 'targeting',
    ],
    acronyms: ['RNU'],
  },
  'digital-delivery': {
    words: ['numérique', 'numériques', 'mobile money', 'paiement mobile', 'digital', 'digitale', 'dématérialisation', 'e-payment'],
  },
  financing: {
    words: [
      'financement', 'financements', 'financer', 'espace budgétaire', 'budget', 'mobilisation des ressources',
      'financing', 'fiscal space', 'resource mobilisation', 'resource mobilization', 'funding',
    ],
  },
  governance: {
    words: ['gouvernance', 'coordination', 'cadre institutionnel', 'comité de pilotage', 'governance', 'institutional framework', 'steering committee'],
  },
  training: {
    words: ['formation', 'formations', 'renforcement des capacités', 'training', 'capacity building', 'capacity development'],
  },
  statistics: {
    words: ['statistiques', 'statistique', 'données', 'enquête', 'indicateurs', 'statistics', 'data', 'survey', 'indicators'],
  },
  'south-south': {
    words: [
      'sud-sud', 'coopération sud-sud', 'triangulaire', 'jumelage', "échange d'expériences", 'south-south',
      'triangular', 'twinning', 'peer learning',
    ],
    acronyms: ['CSST', 'SSTC'],
  },
};

/** The partners offered by default in a plan action's partner list (the user can add others). */
export const BUILTIN_PARTNERS = [
  'ilo',
  'unicef',
  'world-bank',
  'afdb',
  'african-union',
  'oecd',
  'jica',
  'bilateral',
  'south-south',
] as const;
export type BuiltinPartner = (typeof BUILTIN_PARTNERS)[number];

export const PARTNER_LABELS: Record<BuiltinPartner, Label> = {
  ilo: { fr: 'BIT / OIT', en: 'ILO' },
  unicef: { fr: 'UNICEF', en: 'UNICEF' },
  'world-bank': { fr: 'Banque mondiale', en: 'World Bank' },
  afdb: { fr: 'Banque africaine de développement', en: 'African Development Bank' },
  'african-union': { fr: 'Union africaine', en: 'African Union' },
  oecd: { fr: 'OCDE', en: 'OECD' },
  jica: { fr: 'JICA', en: 'JICA' },
  bilateral: { fr: 'Partenaires bilatéraux', en: 'Bilateral partners' },
  'south-south': { fr: 'Partenaires Sud-Sud', en: 'South-South partners' },
};

/** Portuguese names of the built-in partners, for the Portuguese interface's pickers. */
export const PARTNER_LABELS_PT: Record<BuiltinPartner, string> = {
  ilo: 'OIT',
  unicef: 'UNICEF',
  'world-bank': 'Banco Mundial',
  afdb: 'Banco Africano de Desenvolvimento',
  'african-union': 'União Africana',
  oecd: 'OCDE',
  jica: 'JICA',
  bilateral: 'Parceiros bilaterais',
  'south-south': 'Parceiros Sul-Sul',
};

export const PARTNER_KEYWORDS: Record<BuiltinPartner, Keywords> = {
  ilo: {
    words: [
      'ilo', 'bureau international du travail', 'organisation internationale du travail', 'international labour organization',
      'international labour office', 'international labor organization',
    ],
    acronyms: ['BIT', 'OIT', 'ILO'],
  },
  unicef: { words: ['unicef'] },
  'world-bank': { words: ['world bank', 'banque mondiale', 'world-bank'] },
  afdb: { words: ['banque africaine de développement', 'african development bank', 'afdb', 'bafd'], acronyms: ['BAD'] },
  'african-union': { words: ['union africaine', 'african union', 'african-union', 'commission de l union africaine'], acronyms: ['UA', 'CUA', 'AUC'] },
  oecd: { words: ['ocde', 'oecd', 'organisation de coopération et de développement économiques'] },
  jica: { words: ['jica', 'agence japonaise de coopération internationale', 'japan international cooperation agency'] },
  bilateral: {
    words: [
      'bilateral', 'bilatéral', 'bilatéraux', 'bilatérale', 'partenaires bilatéraux', 'bilateral partners', 'coopération bilatérale',
      'luxembourg', 'lux-development', 'luxdev', 'allemagne', 'germany', 'giz', 'kfw', 'agence française de développement',
      'coopération française', 'french development agency',
    ],
    acronyms: ['AFD'],
  },
  'south-south': {
    words: [
      'south-south', 'partenaires sud-sud', 'partenaire sud-sud', 'south-south partners', 'south-south partner',
      'coopération sud-sud', 'south-south cooperation', 'algérie', 'algeria', 'brésil', 'brazil', 'esssa',
    ],
  },
};

/** Known partner for a name typed in a plan ("BIT", "Banque mondiale", "ilo"), else undefined. */
export function canonicalPartner(name: string): BuiltinPartner | undefined {
  const f = fold(name);
  for (const p of BUILTIN_PARTNERS) if (fold(p) === f) return p;
  const m = new MatchText(name);
  for (const p of BUILTIN_PARTNERS) if (m.has(PARTNER_KEYWORDS[p])) return p;
  return undefined;
}

/**
 * Other names of a built-in partner: typed in a plan, they are shown as the partner's label in the
 * dashboard's language ("Banque mondiale" -> "World Bank"). A more specific name that merely
 * belongs to a partner group ("Luxembourg" in bilateral partners) is shown as typed.
 */
const PARTNER_ALIASES: Record<BuiltinPartner, readonly string[]> = {
  ilo: ['BIT', 'OIT', 'ILO', 'BIT / OIT', 'Bureau international du Travail', 'Organisation internationale du Travail', 'International Labour Organization', 'International Labour Office'],
  unicef: ['UNICEF'],
  'world-bank': ['Banque mondiale', 'World Bank', 'Groupe de la Banque mondiale', 'World Bank Group'],
  afdb: ['BAD', 'BAfD', 'AfDB', 'Banque africaine de développement', 'African Development Bank'],
  'african-union': ['UA', 'CUA', 'AUC', 'Union africaine', 'African Union', "Commission de l'Union africaine", 'African Union Commission'],
  oecd: ['OCDE', 'OECD'],
  jica: ['JICA', 'Agence japonaise de coopération internationale', 'Japan International Cooperation Agency'],
  bilateral: ['Partenaires bilatéraux', 'Partenaire bilatéral', 'Bilateral partners', 'Bilateral partner', 'bilatéral', 'bilateral'],
  'south-south': ['Partenaires Sud-Sud', 'Partenaire Sud-Sud', 'South-South partners', 'South-South partner', 'Sud-Sud', 'South-South'],
};

/** A partner's key for counting (built-in id, or the folded custom name) and the label to show. */
export function partnerKey(name: string, lang: 'fr' | 'en'): { key: string; label: string } {
  const p = canonicalPartner(name);
  if (!p) return { key: `custom:${fold(name)}`, label: name.trim() };
  const f = fold(name);
  const alias = f === fold(p) || [PARTNER_LABELS[p].fr, PARTNER_LABELS[p].en, ...PARTNER_ALIASES[p]].some((a) => fold(a) === f);
  return { key: p, label: alias ? PARTNER_LABELS[p][lang] : name.trim() };
}

/** The roles a closing-dashboard heading can have; the compilation rules hang on them. */
export const HEADING_ROLES = [
  'country-strategies',
  'resource-mobilisation',
  'partnerships',
  'results-measurement',
  'communication',
  'technical-support',
  'sstc-pilots',
] as const;
export type HeadingRole = (typeof HEADING_ROLES)[number];

export const HEADING_LABELS: Record<HeadingRole, Label> = {
  'country-strategies': {
    fr: 'Stratégies pour mettre en place le Programme phare dans les pays et les hubs régionaux',
    en: 'Strategies to implement the Flagship Programme in the countries and regional hubs',
  },
  'resource-mobilisation': { fr: 'Stratégies de mobilisation des ressources', en: 'Resource mobilisation strategies' },
  partnerships: {
    fr: 'Développement de partenariats, y compris la coopération Sud-Sud',
    en: 'Developing partnerships, including South-South cooperation',
  },
  'results-measurement': {
    fr: "Mise en place de l'outil de mesure des résultats et de l'impact",
    en: 'Implementing the results and impact measurement tool',
  },
  communication: { fr: 'Communication et sensibilisation', en: 'Communication and awareness raising' },
  'technical-support': {
    fr: 'Appui technique requis (spécialistes régionaux, Bureau régional, SOCPRO, PARDEV)',
    en: 'Technical support requested (regional specialists, Regional Office, SOCPRO, PARDEV)',
  },
  'sstc-pilots': {
    fr: 'Pilotes pouvant être appuyés par la coopération Sud-Sud',
    en: 'Pilots that South-South cooperation could support',
  },
};

/**
 * Keywords that place a note (or, for resource mobilisation, results and communication, a plan
 * action's description) under a heading. Every plan action is under country strategies anyway.
 */
export const HEADING_KEYWORDS: Record<HeadingRole, Keywords> = {
  'country-strategies': {
    words: [
      "plan d'action", 'plans d action', 'stratégie pays', 'hub régional', 'hubs régionaux', 'action plan', 'country strategy', 'regional hub', 'regional hubs',
      // The assessment-based national dialogue is step 1 of a country's strategy, not the results tool.
      'évaluation nationale', 'dialogue national fondé sur l évaluation', 'assessment-based national dialogue', 'national assessment',
    ],
    acronyms: ['ABND', 'EBDN'],
  },
  'resource-mobilisation': {
    words: [
      'mobilisation des ressources', 'mobiliser des ressources', 'ressources', 'financement', 'financements', 'financer',
      'budget', 'espace budgétaire', 'bailleurs', 'donateurs', 'resource mobilisation', 'resource mobilization',
      'resources', 'funding', 'financing', 'donor', 'donors', 'fiscal space',
    ],
  },
  partnerships: {
    words: [
      'partenariat', 'partenariats', 'sud-sud', 'coopération sud-sud', 'triangulaire', 'partnership', 'partnerships',
      'south-south', 'triangular', 'réseau', 'network',
    ],
  },
  'results-measurement': {
    words: [
      // "évaluation" alone is too broad: « évaluation (ABND) » is a national assessment (country strategies).
      'mesure des résultats', 'résultats', 'impact', 'indicateurs', 'indicateur', 'suivi', "évaluation d'impact",
      'évaluation des résultats', 'suivi-évaluation', 'suivi et évaluation', 'enquête',
      'results', 'impact measurement', 'indicators', 'indicator', 'monitoring', 'impact evaluation', 'evaluation of results', 'survey',
    ],
    acronyms: ['ODD', 'SDG', 'SDGs'],
  },
  communication: {
    words: ['communication', 'sensibilisation', 'campagne', 'plaidoyer', 'médias', 'awareness', 'campaign', 'advocacy', 'media', 'outreach'],
  },
  'technical-support': {
    words: ['appui technique', 'assistance technique', 'expertise', 'technical support', 'technical assistance'],
    acronyms: ['SOCPRO', 'PARDEV'],
  },
  'sstc-pilots': { words: ['pilote', 'pilotes', 'projet pilote', 'pilot', 'pilots', 'pilot project'] },
};

/** Tags that file a note under a heading (besides the heading's id itself). */
export const HEADING_TAGS: Record<HeadingRole, readonly string[]> = {
  'country-strategies': ['strategie', 'strategy', 'plan', 'plan-pays', 'hub'],
  'resource-mobilisation': ['ressources', 'resources', 'financement', 'financing', 'mobilisation', 'budget'],
  partnerships: ['partenariat', 'partenariats', 'partnership', 'partnerships', 'partenaires', 'partners', 'sud-sud', 'south-south', 'csst', 'sstc'],
  'results-measurement': ['resultats', 'results', 'impact', 'indicateurs', 'indicators', 'suivi', 'monitoring', 'mesure'],
  communication: ['communication', 'sensibilisation', 'awareness', 'plaidoyer', 'advocacy'],
  'technical-support': ['appui', 'appui-technique', 'support', 'technical-support', 'assistance'],
  'sstc-pilots': ['pilote', 'pilotes', 'pilot', 'pilots'],
};

/**
 * Which role a workshop's heading has: by its id first, then by words in its title (most specific
 * first: "Stratégies de mobilisation des ressources" is about resources, not country strategies).
 */
export function headingRole(heading: { id: string; title: string }): HeadingRole | undefined {
  if ((HEADING_ROLES as readonly string[]).includes(heading.id)) return heading.id as HeadingRole;
  const t = new MatchText(`${heading.id.replace(/[-_.]/g, ' ')} ${heading.title}`);
  const rules: [HeadingRole, Keywords][] = [
    ['sstc-pilots', { words: ['pilote', 'pilotes', 'pilot', 'pilots'] }],
    ['technical-support', { words: ['appui technique', 'assistance technique', 'technical support', 'technical assistance'] }],
    ['resource-mobilisation', { words: ['ressources', 'resources', 'resource', 'financement', 'funding', 'financing'] }],
    ['results-measurement', { words: ['résultats', 'results', 'impact', 'mesure', 'measurement'] }],
    ['communication', { words: ['communication', 'sensibilisation', 'awareness'] }],
    ['partnerships', { words: ['partenariat', 'partenariats', 'partnership', 'partnerships'] }],
    ['country-strategies', { words: ['stratégie', 'stratégies', 'strategy', 'strategies', 'pays', 'country', 'countries'] }],
  ];
  return rules.find(([, k]) => t.has(k))?.[0];
}

/** The default headings of a new workshop's dashboard (the Dakar 2017 closing session's). */
export function defaultHeadings(lang: Lang): { id: string; title: string }[] {
  const l = lang === 'en' ? 'en' : 'fr';
  return HEADING_ROLES.map((id) => ({ id, title: HEADING_LABELS[id][l] }));
}

/** Matches a free tag to a known theme: by id ("financing") or by label in fr/en ("#financement"). */
export function themeForTag(tag: string, themeLabels: Record<string, { fr: string; en: string; pt: string }>): string | undefined {
  const f = fold(tag);
  for (const t of THEMES) {
    if (fold(t) === f) return t;
    const l = themeLabels[t];
    if (l && [l.fr, l.en, l.pt].some((x) => fold(x) === f)) return t;
  }
  // A tag that is exactly one of a theme's keywords: "#santé", "#csst", "#sécurité-sociale".
  for (const t of THEMES) {
    const k = THEME_KEYWORDS[t];
    if ([...k.words, ...(k.acronyms ?? [])].some((w) => fold(w) === f)) return t;
  }
  return undefined;
}
