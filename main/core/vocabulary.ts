/**
 * The hub's fixed vocabularies: languages, record kinds, C102 branches, R202 guarantees, steps,
 * instruments, suggested themes and country names, with their types. Plain values, no zod: the
 * search path (engine, one-off `socle search`, main/cli/search-fast.ts) imports them without the
 * schemas; ./model.ts re-exports everything here with the schemas built on them.
 */
export const LANGS = ['fr', 'en', 'pt'] as const;

/** A country as the hub stores it: an ISO 3166-1 alpha-2 code (SN, CV, CM, TG...). */
export const COUNTRY_CODE = /^[A-Z]{2}$/;
export type Lang = (typeof LANGS)[number];

export const RECORD_TYPES = ['guide', 'practice', 'note', 'workshop', 'plan', 'coverage', 'project'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];
/** Kinds a user may create or edit; guides ship with the app and are read-only. */
export const EDITABLE_TYPES = ['practice', 'note', 'workshop', 'plan', 'coverage', 'project'] as const;
export type EditableType = (typeof EDITABLE_TYPES)[number];

/** C102 branches, by the Part of the Convention that sets their minimum standard. */
export const BRANCHES = [
  'medical-care', // Part II
  'sickness', // Part III
  'unemployment', // Part IV
  'old-age', // Part V
  'employment-injury', // Part VI
  'family', // Part VII
  'maternity', // Part VIII
  'invalidity', // Part IX
  'survivors', // Part X
] as const;
export type Branch = (typeof BRANCHES)[number];
export const BRANCH_PART: Record<Branch, string> = {
  'medical-care': 'II',
  sickness: 'III',
  unemployment: 'IV',
  'old-age': 'V',
  'employment-injury': 'VI',
  family: 'VII',
  maternity: 'VIII',
  invalidity: 'IX',
  survivors: 'X',
};

/** R202 para. 5: the four basic social security guarantees. */
export const GUARANTEES = ['health', 'children', 'active-age', 'older-persons'] as const;
export type Guarantee = (typeof GUARANTEES)[number];

/** The ILO Flagship Programme's three implementation steps. */
export const STEPS = [1, 2, 3] as const;
export type Step = (typeof STEPS)[number];

/** Instruments a guide belongs to (the library's top-level shelves). */
export const INSTRUMENTS = ['c102', 'r202', 'flagship', 'sdg', 'sstc', 'theme', 'glossary'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** Suggested themes; records may carry others (free tags, kebab-case). */
export const THEMES = [
  'social-health-protection',
  'migrants',
  'humanitarian-nexus',
  'informal-economy',
  'climate-change',
  'cash-transfers',
  'social-insurance',
  'social-pensions',
  'social-registry',
  'digital-delivery',
  'financing',
  'governance',
  'training',
  'statistics',
  'south-south',
] as const;

/** Countries the hub knows names for (pickers, facets, search keywords). Others are still valid codes. */
export const COUNTRY_NAMES: Record<string, { fr: string; en: string; pt: string }> = {
  SN: { fr: 'Sénégal', en: 'Senegal', pt: 'Senegal' },
  CV: { fr: 'Cabo Verde', en: 'Cabo Verde', pt: 'Cabo Verde' },
  CM: { fr: 'Cameroun', en: 'Cameroon', pt: 'Camarões' },
  TG: { fr: 'Togo', en: 'Togo', pt: 'Togo' },
  BR: { fr: 'Brésil', en: 'Brazil', pt: 'Brasil' },
  DZ: { fr: 'Algérie', en: 'Algeria', pt: 'Argélia' },
  IT: { fr: 'Italie', en: 'Italy', pt: 'Itália' },
  CH: { fr: 'Suisse', en: 'Switzerland', pt: 'Suíça' },
  GH: { fr: 'Ghana', en: 'Ghana', pt: 'Gana' },
  IN: { fr: 'Inde', en: 'India', pt: 'Índia' },
  CI: { fr: "Côte d'Ivoire", en: "Côte d'Ivoire", pt: 'Costa do Marfim' },
  ML: { fr: 'Mali', en: 'Mali', pt: 'Mali' },
  BF: { fr: 'Burkina Faso', en: 'Burkina Faso', pt: 'Burkina Faso' },
  BJ: { fr: 'Bénin', en: 'Benin', pt: 'Benim' },
  NE: { fr: 'Niger', en: 'Niger', pt: 'Níger' },
  GN: { fr: 'Guinée', en: 'Guinea', pt: 'Guiné' },
  GW: { fr: 'Guinée-Bissau', en: 'Guinea-Bissau', pt: 'Guiné-Bissau' },
  MR: { fr: 'Mauritanie', en: 'Mauritania', pt: 'Mauritânia' },
  GA: { fr: 'Gabon', en: 'Gabon', pt: 'Gabão' },
  TD: { fr: 'Tchad', en: 'Chad', pt: 'Chade' },
  CF: { fr: 'République centrafricaine', en: 'Central African Republic', pt: 'República Centro-Africana' },
  CG: { fr: 'Congo', en: 'Congo', pt: 'Congo' },
  CD: { fr: 'République démocratique du Congo', en: 'Democratic Republic of the Congo', pt: 'República Democrática do Congo' },
  ST: { fr: 'Sao Tomé-et-Principe', en: 'Sao Tome and Principe', pt: 'São Tomé e Príncipe' },
  AO: { fr: 'Angola', en: 'Angola', pt: 'Angola' },
  MZ: { fr: 'Mozambique', en: 'Mozambique', pt: 'Moçambique' },
  RW: { fr: 'Rwanda', en: 'Rwanda', pt: 'Ruanda' },
  MA: { fr: 'Maroc', en: 'Morocco', pt: 'Marrocos' },
  TN: { fr: 'Tunisie', en: 'Tunisia', pt: 'Tunísia' },
  LU: { fr: 'Luxembourg', en: 'Luxembourg', pt: 'Luxemburgo' },
  FR: { fr: 'France', en: 'France', pt: 'França' },
  DE: { fr: 'Allemagne', en: 'Germany', pt: 'Alemanha' },
  PT: { fr: 'Portugal', en: 'Portugal', pt: 'Portugal' },
  PY: { fr: 'Paraguay', en: 'Paraguay', pt: 'Paraguai' },
  /** ISO 3166-1 user-assigned code: the fictional country of the skills clinics' worked examples. */
  XX: { fr: 'Pays fictif (exercice)', en: 'Fictional country (exercise)', pt: 'País fictício (exercício)' },
};
