/**
 * The clinics' words in French, English and Portuguese: series names, formulas in words, function
 * and context labels, and warning messages. Isomorphic (no Node): the CLI, the exports and the
 * renderer's live sheet all say the same thing, from here.
 */
import type { CoverageFunction, Lang, SdgSeries } from '../model';

type L = Record<Lang, string>;

export const SERIES_LABELS: Record<SdgSeries, L> = {
  atLeastOne: { fr: 'Population couverte par au moins une prestation', en: 'Population covered by at least one benefit', pt: 'População coberta por pelo menos uma prestação' },
  children: { fr: 'Enfants', en: 'Children', pt: 'Crianças' },
  mothers: { fr: 'Mères de nouveau-nés', en: 'Mothers with newborns', pt: 'Mães com recém-nascidos' },
  disability: { fr: 'Personnes en situation de handicap sévère', en: 'Persons with severe disabilities', pt: 'Pessoas com deficiência grave' },
  unemployed: { fr: 'Chômeurs', en: 'Unemployed persons', pt: 'Pessoas desempregadas' },
  employmentInjury: { fr: 'Travailleurs protégés (accidents du travail)', en: 'Workers protected (employment injury)', pt: 'Trabalhadores protegidos (acidentes de trabalho)' },
  olderPersons: { fr: 'Personnes âgées', en: 'Older persons', pt: 'Pessoas idosas' },
  vulnerable: { fr: 'Personnes vulnérables (assistance sociale)', en: 'Vulnerable persons (social assistance)', pt: 'Pessoas vulneráveis (assistência social)' },
  poor: { fr: 'Personnes pauvres (assistance sociale)', en: 'Poor persons (social assistance)', pt: 'Pessoas pobres (assistência social)' },
};

/** The SDG 1.3.1 definitions (ILO, custodian agency), in our own words. */
export const SERIES_FORMULAS: Record<SdgSeries, L> = {
  atLeastOne: {
    fr: 'Personnes recevant au moins une prestation ou cotisant à un régime, chacune comptée une seule fois ÷ population totale × 100',
    en: 'People receiving at least one benefit or contributing to a scheme, each counted once ÷ total population × 100',
    pt: 'Pessoas que recebem pelo menos uma prestação ou contribuem para um regime, cada uma contada uma só vez ÷ população total × 100',
  },
  children: {
    fr: 'Bénéficiaires de prestations pour enfants ou aux familles ÷ nombre d’enfants × 100',
    en: 'Recipients of child or family benefits ÷ children × 100',
    pt: 'Beneficiários de prestações para crianças ou familiares ÷ número de crianças × 100',
  },
  mothers: {
    fr: 'Bénéficiaires de prestations de maternité en espèces ÷ naissances × 100',
    en: 'Recipients of cash maternity benefits ÷ births × 100',
    pt: 'Beneficiárias de prestações de maternidade em dinheiro ÷ nascimentos × 100',
  },
  disability: {
    fr: 'Bénéficiaires de prestations d’invalidité ÷ personnes en situation de handicap sévère × 100',
    en: 'Recipients of disability benefits ÷ persons with severe disabilities × 100',
    pt: 'Beneficiários de prestações de invalidez ÷ pessoas com deficiência grave × 100',
  },
  unemployed: {
    fr: 'Bénéficiaires de prestations de chômage ÷ chômeurs × 100',
    en: 'Recipients of unemployment benefits ÷ unemployed persons × 100',
    pt: 'Beneficiários de prestações de desemprego ÷ pessoas desempregadas × 100',
  },
  employmentInjury: {
    fr: 'Travailleurs protégés (cotisants aux régimes d’accidents du travail) ÷ personnes occupées × 100',
    en: 'Workers protected (contributors to employment-injury schemes) ÷ employed persons × 100',
    pt: 'Trabalhadores protegidos (contribuintes dos regimes de acidentes de trabalho) ÷ pessoas empregadas × 100',
  },
  olderPersons: {
    fr: 'Bénéficiaires d’une pension de vieillesse, contributive ou non ÷ personnes ayant dépassé l’âge légal de la retraite × 100',
    en: 'Recipients of an old-age pension, contributory or not ÷ persons above the statutory retirement age × 100',
    pt: 'Beneficiários de uma pensão de velhice, contributiva ou não ÷ pessoas acima da idade legal de reforma × 100',
  },
  vulnerable: {
    fr: 'Bénéficiaires de l’assistance sociale ÷ (population totale − personnes couvertes par des régimes contributifs) × 100',
    en: 'Recipients of social assistance ÷ (total population − people covered by contributory schemes) × 100',
    pt: 'Beneficiários da assistência social ÷ (população total − pessoas cobertas por regimes contributivos) × 100',
  },
  poor: {
    fr: 'Bénéficiaires de l’assistance sociale ÷ personnes sous le seuil national de pauvreté × 100',
    en: 'Recipients of social assistance ÷ people below the national poverty line × 100',
    pt: 'Beneficiários da assistência social ÷ pessoas abaixo da linha nacional de pobreza × 100',
  },
};

export const FUNCTION_LABELS: Record<CoverageFunction, L> = {
  children: { fr: 'Enfants et familles', en: 'Children and family', pt: 'Crianças e família' },
  maternity: { fr: 'Maternité', en: 'Maternity', pt: 'Maternidade' },
  disability: { fr: 'Invalidité et handicap', en: 'Disability', pt: 'Invalidez e deficiência' },
  unemployment: { fr: 'Chômage', en: 'Unemployment', pt: 'Desemprego' },
  'employment-injury': { fr: 'Accidents du travail', en: 'Employment injury', pt: 'Acidentes de trabalho' },
  'old-age': { fr: 'Vieillesse', en: 'Old age', pt: 'Velhice' },
  survivors: { fr: 'Survivants', en: 'Survivors', pt: 'Sobrevivência' },
  sickness: { fr: 'Maladie (indemnités)', en: 'Sickness (cash)', pt: 'Doença (subsídios)' },
  health: { fr: 'Santé', en: 'Health', pt: 'Saúde' },
  'social-assistance': { fr: 'Assistance sociale', en: 'Social assistance', pt: 'Assistência social' },
};

export const CONTEXT_KEYS = ['population', 'children', 'births', 'severeDisability', 'unemployed', 'employed', 'aboveRetirementAge', 'poor', 'coveredAtLeastOne'] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];

export const CONTEXT_LABELS: Record<ContextKey, L> = {
  population: { fr: 'Population totale', en: 'Total population', pt: 'População total' },
  children: { fr: 'Enfants', en: 'Children', pt: 'Crianças' },
  births: { fr: 'Naissances (dans l’année)', en: 'Births (in the year)', pt: 'Nascimentos (no ano)' },
  severeDisability: { fr: 'Personnes en situation de handicap sévère', en: 'Persons with severe disabilities', pt: 'Pessoas com deficiência grave' },
  unemployed: { fr: 'Chômeurs', en: 'Unemployed persons', pt: 'Pessoas desempregadas' },
  employed: { fr: 'Personnes occupées', en: 'Employed persons', pt: 'Pessoas empregadas' },
  aboveRetirementAge: { fr: 'Personnes ayant dépassé l’âge légal de la retraite', en: 'Persons above the statutory retirement age', pt: 'Pessoas acima da idade legal de reforma' },
  poor: { fr: 'Personnes sous le seuil national de pauvreté', en: 'People below the national poverty line', pt: 'Pessoas abaixo da linha nacional de pobreza' },
  coveredAtLeastOne: {
    fr: 'Personnes couvertes par au moins une prestation ou cotisation (sans doublons)',
    en: 'People covered by at least one benefit or contribution (unduplicated)',
    pt: 'Pessoas cobertas por pelo menos uma prestação ou contribuição (sem duplicações)',
  },
};

export const ILLUSTRATIVE_NOTICE: L = {
  fr: 'CHIFFRES FICTIFS À DES FINS D’ILLUSTRATION, PAS DES STATISTIQUES RÉELLES',
  en: 'ILLUSTRATIVE FIGURES, NOT REAL STATISTICS',
  pt: 'NÚMEROS FICTÍCIOS PARA ILUSTRAÇÃO, NÃO SÃO ESTATÍSTICAS REAIS',
};

export type WarningCode =
  | 'above-100'
  | 'missing-denominator'
  | 'zero-denominator'
  | 'missing-figure'
  | 'missing-indicator-figure'
  | 'no-scheme'
  | 'no-function'
  | 'different-years'
  | 'upper-bound'
  | 'unit-differs'
  | 'only-in-a'
  | 'only-in-b'
  | 'no-target-change'
  | 'no-budget'
  | 'currency-differs'
  | 'duplicate-indicator';

/** A warning: a stable code for programs, and a sentence in the asked language for people. */
export interface ClinicWarning {
  code: WarningCode;
  message: string;
  /** The scheme or indicator it is about, when it is about one. */
  subject?: string;
}

const MESSAGES: Record<WarningCode, L> = {
  'above-100': {
    fr: 'Le taux dépasse 100 % ({value} %) : un numérateur compte sans doute des doublons ou ne correspond pas au dénominateur.',
    en: 'The ratio is above 100 % ({value} %): the numerator probably counts people twice or does not match the denominator.',
    pt: 'A taxa ultrapassa 100 % ({value} %): o numerador conta provavelmente pessoas em duplicado ou não corresponde ao denominador.',
  },
  'missing-denominator': {
    fr: 'Dénominateur manquant : saisissez « {figure} » pour calculer cette série.',
    en: 'Missing denominator: enter “{figure}” to compute this series.',
    pt: 'Denominador em falta: introduza «{figure}» para calcular esta série.',
  },
  'zero-denominator': {
    fr: 'Le dénominateur vaut {value} : la série ne peut pas être calculée.',
    en: 'The denominator is {value}: the series cannot be computed.',
    pt: 'O denominador é {value}: a série não pode ser calculada.',
  },
  'missing-figure': {
    fr: 'Le régime « {subject} » n’a pas de chiffre pour {figure} : il n’est pas compté, la série est sous-estimée.',
    en: 'Scheme “{subject}” has no figure for {figure}: it is left out, so the series is understated.',
    pt: 'O regime «{subject}» não tem número de {figure}: fica de fora, a série está subestimada.',
  },
  'missing-indicator-figure': {
    fr: 'Indicateur « {subject} » : il manque {figure} ; ce qui en dépend n’est pas calculé.',
    en: 'Indicator “{subject}”: {figure} missing; what depends on it is not computed.',
    pt: 'Indicador «{subject}»: falta {figure}; o que depende disso não é calculado.',
  },
  'no-scheme': {
    fr: 'Aucun régime de la fonction « {figure} » n’est saisi : 0 % s’il n’en existe vraiment aucun, sinon ajoutez-le.',
    en: 'No scheme of the “{figure}” function is listed: 0 % if there really is none, otherwise add it.',
    pt: 'Nenhum regime da função «{figure}» foi introduzido: 0 % se não existir mesmo nenhum; caso contrário, acrescente-o.',
  },
  'no-function': {
    fr: 'Le régime « {subject} » n’a pas de fonction : il ne compte dans aucune série sauf la borne supérieure « au moins une prestation ».',
    en: 'Scheme “{subject}” has no function: it counts in no series except the “at least one benefit” upper bound.',
    pt: 'O regime «{subject}» não tem função: não conta em nenhuma série, exceto no limite superior «pelo menos uma prestação».',
  },
  'different-years': {
    fr: 'Chiffres d’années différentes : « {subject} » date de {year}, la fiche de {sheetYear}.',
    en: 'Figures from different years: “{subject}” is from {year}, the sheet from {sheetYear}.',
    pt: 'Números de anos diferentes: «{subject}» é de {year}, a ficha de {sheetYear}.',
  },
  'upper-bound': {
    fr: 'Borne supérieure, pas l’indicateur : sans le nombre de personnes couvertes sans doublons, la somme des régimes compte deux fois une personne couverte par deux régimes.',
    en: 'Upper bound, not the indicator: without the unduplicated number of people covered, the sum over schemes counts twice a person covered by two schemes.',
    pt: 'Limite superior, não o indicador: sem o número de pessoas cobertas sem duplicações, a soma dos regimes conta duas vezes uma pessoa coberta por dois regimes.',
  },
  'unit-differs': {
    fr: 'Unités différentes (« {unitA} » et « {unitB} ») : les chiffres ne sont pas comparés.',
    en: 'Units differ (“{unitA}” and “{unitB}”): the figures are not compared.',
    pt: 'Unidades diferentes («{unitA}» e «{unitB}»): os números não são comparados.',
  },
  'only-in-a': {
    fr: 'Seul le projet A a cet indicateur.',
    en: 'Only project A has this indicator.',
    pt: 'Só o projeto A tem este indicador.',
  },
  'only-in-b': {
    fr: 'Seul le projet B a cet indicateur.',
    en: 'Only project B has this indicator.',
    pt: 'Só o projeto B tem este indicador.',
  },
  'no-target-change': {
    fr: 'Projet {side} : la cible égale la valeur de référence, la part de la cible atteinte n’a pas de sens.',
    en: 'Project {side}: the target equals the baseline, so the share of the target reached is undefined.',
    pt: 'Projeto {side}: a meta é igual ao valor de referência; a parte da meta atingida não está definida.',
  },
  'no-budget': {
    fr: 'Projet {side} : budget dépensé inconnu ou nul, pas de chiffre pour 1 000 dépensés.',
    en: 'Project {side}: budget spent unknown or zero, so no figure per 1,000 spent.',
    pt: 'Projeto {side}: orçamento gasto desconhecido ou nulo, sem valor por 1 000 gastos.',
  },
  'currency-differs': {
    fr: 'Les budgets sont dans des monnaies différentes ({unitA} et {unitB}) : les chiffres pour 1 000 dépensés ne se comparent pas directement.',
    en: 'The budgets are in different currencies ({unitA} and {unitB}): figures per 1,000 spent do not compare directly.',
    pt: 'Os orçamentos estão em moedas diferentes ({unitA} e {unitB}): os valores por 1 000 gastos não se comparam diretamente.',
  },
  'duplicate-indicator': {
    fr: 'Projet {side} : deux indicateurs portent le nom « {subject} » ; seul le premier est comparé.',
    en: 'Project {side}: two indicators are named “{subject}”; only the first is compared.',
    pt: 'Projeto {side}: dois indicadores chamam-se «{subject}»; só o primeiro é comparado.',
  },
};

/** A warning with its message in `lang` ({name} placeholders filled from `params`). */
export function warning(code: WarningCode, lang: Lang, params: Record<string, string | number | undefined> = {}, subject?: string): ClinicWarning {
  const message = MESSAGES[code][lang].replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = k === 'subject' ? subject : params[k];
    return v === undefined ? '' : typeof v === 'number' ? formatNumber(v, lang) : v;
  });
  return subject === undefined ? { code, message } : { code, message, subject };
}

/** 12 345,6 (fr), 12,345.6 (en), 12 345,6 (pt): plain text, no locale data needed at run time. */
export function formatNumber(n: number, lang: Lang, digits = 2): string {
  const fixed = Number.isInteger(n) ? String(Math.abs(n)) : Math.abs(n).toFixed(digits).replace(/0+$/, '').replace(/\.$/, '');
  const [int, frac] = fixed.split('.') as [string, string?];
  const sep = lang === 'en' ? ',' : '\u202f';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const dec = lang === 'en' ? '.' : ',';
  return `${n < 0 ? '−' : ''}${grouped}${frac ? dec + frac : ''}`;
}
