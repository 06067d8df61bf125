/**
 * Real domain vocabulary of social protection, in French and English, for the benchmark corpus.
 * Each list is ordered roughly from most to least frequent: the corpus generator draws from it
 * with a Zipf-like law over that order, so the head words ("protection", "sociale", "santé"...)
 * are everywhere and the tail words are rare, like in the real library.
 */

/** Multi-word expressions, drawn as units (they make two-word queries meaningful). */
export const PHRASES_FR = [
  'protection sociale',
  'sécurité sociale',
  'assurance maladie',
  'transferts monétaires',
  'registre social',
  'économie informelle',
  'ménages vulnérables',
  'couverture maladie universelle',
  'socle de protection sociale',
  'personnes âgées',
  'mutuelles de santé',
  'soins de santé',
  'pension sociale',
  'allocations familiales',
  'travailleurs indépendants',
  'espace budgétaire',
  'coopération Sud-Sud',
  'dialogue social',
  'caisse nationale',
  'accidents du travail',
  'mise en œuvre',
  'paiements numériques',
  'guichet unique',
  'bourses de sécurité familiale',
  'registre national unique',
  'régime non contributif',
  'prestations de vieillesse',
  'assurance volontaire',
  'filets sociaux',
  'travaux publics à haute intensité de main-d’œuvre',
  'sécurité du revenu',
  'indemnités journalières',
  'congé de maternité',
  'régime simplifié',
  'extension de la couverture',
  'étude actuarielle',
] as const;

export const PHRASES_EN = [
  'social protection',
  'social security',
  'health insurance',
  'cash transfers',
  'social registry',
  'informal economy',
  'vulnerable households',
  'universal health coverage',
  'social protection floor',
  'older persons',
  'mutual health organizations',
  'health care',
  'social pension',
  'family allowances',
  'self-employed workers',
  'fiscal space',
  'South-South cooperation',
  'social dialogue',
  'national fund',
  'employment injury',
  'digital payments',
  'single window',
  'income security',
  'non-contributory scheme',
  'old-age benefits',
  'voluntary insurance',
  'safety nets',
  'public works',
  'maternity leave',
  'actuarial valuation',
  'coverage extension',
  'sickness benefits',
] as const;

export const CONTENT_FR = `protection sociale santé sécurité retraite pension couverture assurance maladie prestations
cotisations ménages travailleurs régime nationale programme pauvreté vieillesse maternité familles enfants
financement registre transferts monétaires vulnérables informelle économie accès soins personnes âgées
caisse gouvernement pays stratégie politique réforme système gestion mise œuvre bénéficiaires paiements
mutuelles universelle prestation retraites pensions régimes cotisation sociaux sociales social national
travail emploi revenu minimum socle garanties institutions partenaires coopération expérience résultats
extension évaluation suivi données ciblage identification inscription immatriculation affiliation
numérique numériques mobile versements montant allocations allocation familiales invalidité survivants
chômage accidents professionnelles budget budgétaire fiscal espace dépenses recettes impôts contributions
contributif contributives gouvernance administration administrative administratif stratégies politiques
plan programmes projet projets pilote évaluations indicateurs statistiques enquête enquêtes registres
bénéficiaire adhésion adhérents affiliés paiement téléphonie banque banques versement montants revenus
garanti pauvres extrême inégalités exclusion inclusion hôpital hôpitaux centres médicaments gratuité
césarienne dialyse consultations prénatales accouchement accouchements femmes enceintes nourrissons
vaccination nutrition scolarisation école écoles éducation formation formations renforcement capacités
compétences expertise partenariat échanges échange expériences pratiques bonnes leçons apprises impact
efficacité efficience durabilité pérennité viabilité actuarielle actuariel projections démographiques
vieillissement espérance vie population populations dialogue tripartite syndicats employeurs ministère
ministres ministre décret loi lois ordonnance ratification convention recommandation normes norme minimales
cible objectifs développement durable résilience chocs climatiques sécheresse inondations crise crises
humanitaire urgence réfugiés migrants migration diaspora frontière portabilité droits droit accords
bilatéraux multilatéral coordination harmonisation décentralisation collectivités communes communautaires
communautaire associations organisations société civile artisans commerçants pêcheurs éleveurs vendeurs
marchés secteur secteurs privé public publique publics fonctionnaires agents guichet unique dossiers
dossier délais procédures simplification digitalisation plateforme plateformes interopérabilité systèmes
information base bases unifié unifiée recensement régional régionale africain africaine africains Afrique
triangulaire délégation délégations visite visites étude atelier ateliers séminaire séminaires conférence
rapport rapports diagnostic cartographie lacunes écarts élargissement progressive progressif progressivement
subvention subventions subventionnée tarifs tarif panier forfait remboursement remboursements prestataires
qualité contrôle fraude audit transparence redevabilité plaintes recours sensibilisation communication
campagne campagnes radio cotisants salariés salariale patronale taux assiette plafond revalorisation
indexation inflation pouvoir achat bourses alimentaire vivres cantines scolaires travaux intensité
insertion jeunes chômeurs apprentissage entrepreneuriat microfinance épargne crédit agriculture récoltes
bétail indemnisation agricoles agriculteurs rurale rurales urbain urbaines zones territoire territoires
handicap handicapées orphelins veuves veuvage décès invalides accidentés malades hospitalisation
urgences médecins infirmiers sages-femmes pharmacie pharmaceutique équipements infrastructures districts
départements provinces villages quartiers foyers chef chefs conditionnalités conditionnels inconditionnels
mensuel mensuels trimestriel trimestriels annuel annuelle barème seuil seuils éligibilité critères
vérification validation mise-à-jour actualisation biométrique biométriques identifiant identifiants
cartes carte assurés assuré couverts couverte couvertes employeur salarié salariées indépendant
indépendants journaliers saisonniers domestiques transport taxi-motos tailleurs coiffeurs menuisiers
mécaniciens ménagères solidarité équité justice dignité confiance participation concertation consultation
validation adoption vote parlement assemblée budget-programme arbitrage plaidoyer mobilisation ressources
bailleurs fonds donateurs prêt prêts dons appui technique assistance renforcées renforcer améliorer
étendre garantir simplifier harmoniser coordonner intégrer mobiliser financer cotiser verser payer
inscrire identifier cibler évaluer suivre former accompagner sensibiliser adapter réduire augmenter`;

export const CONTENT_EN = `social protection health security pension coverage insurance benefits contributions households
workers scheme national programme poverty old-age maternity families children financing registry cash
transfers vulnerable informal economy access care older persons fund government country strategy policy
reform system management implementation beneficiaries payments mutual universal benefit pensions schemes
contribution income minimum floor guarantees institutions partners cooperation experience results extension
evaluation monitoring data targeting identification registration enrolment affiliation digital mobile
disbursements amount allowances allowance family invalidity disability survivors unemployment injury
occupational budget fiscal space spending revenue taxes contributory governance administration
administrative strategies policies plan programmes project projects pilot evaluations indicators statistics
survey surveys registries beneficiary membership members affiliated payment telephony bank banks transfer
amounts incomes guaranteed poor extreme inequality exclusion inclusion hospital hospitals centres medicines
free caesarean dialysis consultations prenatal childbirth deliveries women pregnant infants vaccination
nutrition schooling school schools education training capacity building skills expertise partnership
exchanges exchange experiences practices good lessons learned impact effectiveness efficiency
sustainability viability actuarial projections demographic ageing expectancy life population populations
dialogue tripartite unions employers ministry ministers minister decree law laws ordinance ratification
convention recommendation standards standard minimum target goals development sustainable resilience
shocks climate drought floods crisis crises humanitarian emergency refugees migrants migration diaspora
border portability rights right agreements bilateral multilateral coordination harmonization
decentralization local communities community associations organizations society civil artisans traders
fishers herders vendors markets sector sectors private public servants agents window files procedures
simplification digitalization platform platforms interoperability systems information database unified
census regional African Africa triangular delegation delegations visit visits study workshop workshops
seminar seminars conference report reports diagnostic mapping gaps extension progressive progressively
subsidy subsidies subsidized tariffs package flat-rate reimbursement reimbursements providers quality
control fraud audit transparency accountability complaints appeals awareness communication campaign
campaigns radio contributors employees employee employer rate ceiling indexation inflation purchasing
power grants food rations canteens public works labour-intensive youth unemployed apprenticeship
entrepreneurship microfinance savings credit agriculture harvests livestock compensation agricultural
farmers rural urban areas territory handicap orphans widows death sick hospitalization doctors nurses
midwives pharmacy equipment infrastructure districts provinces villages neighbourhoods heads conditional
unconditional monthly quarterly annual threshold thresholds eligibility criteria verification validation
update biometric identifier cards card insured covered self-employed day-labourers seasonal domestic
transport tailors hairdressers carpenters mechanics solidarity equity justice dignity trust participation
consultation adoption parliament assembly advocacy mobilization resources donors loan loans technical
assistance strengthen improve extend guarantee simplify harmonize coordinate integrate mobilize finance
contribute pay enrol identify target evaluate monitor train support reduce increase`;

export const FUNCTION_FR = `de la le les des et à en du pour dans un une par sur au aux avec est sont qui que ce cette ces
leur leurs son sa ses plus ont a été ainsi entre depuis dont mais ou aussi comme très sans sous vers afin
selon lors tout tous chaque notamment également il elle ils se ne pas y nous`;

export const FUNCTION_EN = `the of and to in a for is on that by with as are was this from be has have its their which an
at or been were it more also all through between into under such than other these who not most can will
each both since while new`;

export function wordList(s: string): string[] {
  return [...new Set(s.split(/\s+/).filter(Boolean))];
}
