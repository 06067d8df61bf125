import { describe, it, expect, beforeAll } from 'vitest';
import { loadLibrary, type Library } from '../../main/core/library/load';
import { libraryDir } from '../../main/platform/paths';
import type { HubRecord } from '../../main/core/model';

// The corrections of the December 2026 specialist review
// (../shared/reference/content-review-2026-12.md): each row of its corrections table is asserted
// here against the shipped records, so a later edit cannot quietly bring an error back.
let library: Library;
beforeAll(async () => {
  ({ library } = await loadLibrary(libraryDir(), { strict: true }));
});

type Practice = Extract<HubRecord, { type: 'practice' }>;
type Guide = Extract<HubRecord, { type: 'guide' }>;
const practice = (id: string) => {
  const r = library.records.find((x) => x.id === id);
  if (r?.type !== 'practice') throw new Error(`no practice ${id}`);
  return r;
};
const guide = (id: string) => {
  const r = library.records.find((x) => x.id === id);
  if (r?.type !== 'guide') throw new Error(`no guide ${id}`);
  return r;
};
/** Every French and English text of a practice, front matter included. */
const allText = (p: Practice) =>
  [p.title, p.summary, p.body, p.results, p.lessons, ...Object.values(p.translations).flatMap((t) => [t?.title, t?.summary, t?.body])].join('\n');
const sourceTitles = (r: Practice | Guide) => r.sources.map((s) => `${s.title} ${s.url ?? ''}`).join('\n');

describe('review corrections: Senegal', () => {
  it('free care is tagged with the one health guarantee (R202 para 5(a)), not the income guarantees', () => {
    for (const id of ['sn-gratuite', 'sn-cmu']) expect(practice(id).guarantees, id).toEqual(['health']);
  });

  it('the CMU agency was replaced by SEN-CSU (decree 2024-832), with the source in the record', () => {
    for (const id of ['sn-cmu', 'sn-gratuite']) {
      const p = practice(id);
      expect(allText(p), id).toMatch(/SEN-CSU/);
      expect(p.contact, id).toMatch(/SEN-CSU/);
      expect(sourceTitles(p), id).toMatch(/2024-832/);
    }
    expect(practice('sn-cmu').body).toMatch(/décret n° 2024-832 du 27 mars 2024/);
  });

  it('free care for under-fives was the CMU\'s new measure; Plan Sésame dates from 2006', () => {
    const g = practice('sn-gratuite');
    expect(g.body).toMatch(/Plan Sésame\*\*, lancé en \*\*2006/);
    expect(g.body).toMatch(/mesure nouvelle/);
    expect(g.summary).not.toMatch(/Trois gratuités ciblées de la CMU/);
  });

  it('the PNBSF started with 50,000 households in 2013 and reached 300,000 in 2016-2017', () => {
    const p = practice('sn-pnbsf');
    expect(p.summary).toMatch(/2013 avec 50 000 ménages/);
    expect(p.summary).toMatch(/300 000 ménages en 2016-2017/);
    expect(p.translations.en?.summary).toMatch(/50,000 households/);
    expect(sourceTitles(p)).toMatch(/jeuneafrique\.com\/mag\/379419/);
  });
});

describe('review corrections: Togo', () => {
  it('Novissi: voter-register targeting first, machine learning only for the rural expansion, about 920,000 paid', () => {
    const p = practice('tg-novissi');
    const text = allText(p);
    expect(text).not.toMatch(/demi-million|half a million/);
    expect(p.summary).toMatch(/920 000/);
    expect(p.summary).toMatch(/140 000/);
    expect(p.translations.en?.summary).toMatch(/about 920,000 people/);
    expect(p.body).toMatch(/première phase, urbaine/);
    expect(sourceTitles(p)).toMatch(/includeplatform\.net/);
    expect(sourceTitles(p)).toMatch(/parispeaceforum\.org/);
  });

  it('the CEACR sent Togo two direct requests (2016 and 2019) on C102', () => {
    const p = practice('tg-c102-ratification');
    expect(p.body).toMatch(/180 mois/);
    expect(p.body).toMatch(/article 63, paragraphe 2/);
    expect(p.body).toMatch(/adoptée en 2019/);
    for (const id of ['c102-country-status-fr', 'c102-country-status-en']) expect(guide(id).body, id).toMatch(/2019/);
  });
});

describe('review corrections: Cabo Verde', () => {
  it('the RSI is 5,500 CVE per month per household, with its eligibility rules and legal bases', () => {
    const p = practice('cv-csu-rsi');
    expect(p.summary).toMatch(/par mois et par ménage/);
    expect(p.body).toMatch(/Portaria n° 37\/2018/);
    expect(p.body).toMatch(/Decreto Regulamentar n° 7\/2018/);
  });

  it('INPS coverage is cited from the July 2024 bulletin with its definition, not 55.0%', () => {
    const p = practice('cv-inps-coverage');
    expect(allText(p)).not.toMatch(/55,0|55\.0/);
    expect(p.body).toMatch(/119 275/);
    expect(p.body).toMatch(/63,5 % de la population occupée/);
    expect(sourceTitles(p)).toMatch(/expressodasilhas\.cv/);
  });

  it('country status: first C102 report examined in 2022, bound by C118 since 1987', () => {
    expect(guide('c102-country-status-fr').body).toMatch(/premier rapport\*\*[^\n]*2022/);
    expect(guide('c102-country-status-en').body).toMatch(/No\. 118\)\*\*/);
  });
});

describe('review corrections: Cameroon', () => {
  it('safety nets: 82,000 households reported in December 2017, not 2022', () => {
    const p = practice('cm-social-safety-nets');
    expect(allText(p)).not.toMatch(/2022/);
    expect(p.summary).toMatch(/décembre 2017/);
  });

  it('the strategy is the PNPS (December 2017), and the record id stays stable', () => {
    const p = practice('cm-sneps');
    expect(p.title).toMatch(/PNPS/);
    expect(sourceTitles(p)).toMatch(/Politique nationale de protection sociale/);
    const term = library.glossary.find((t) => t.id === 'national-strategy');
    expect(JSON.stringify(term)).not.toMatch(/SNePS/);
  });

  it('CNPS: no unsourced "10 %" figure; no general health care either (Part II)', () => {
    for (const id of ['cm-cnps', 'cm-sneps', 'cm-voluntary-insurance', 'cm-social-safety-nets']) expect(allText(practice(id)), id).not.toMatch(/10 ?%/);
    expect(practice('cm-cnps').branches).toEqual(['medical-care', 'sickness', 'unemployment']);
  });

  it('voluntary insurance covers old-age, invalidity and survivors pensions only (decree 2014/2377/PM)', () => {
    const p = practice('cm-voluntary-insurance');
    expect(p.branches).toEqual(['old-age', 'invalidity', 'survivors']);
    expect(p.results).toMatch(/2014\/2377\/PM/);
  });
});

describe('review corrections: Brazil, the Flagship, the guides', () => {
  it('Cadastro Único from 2001; Bolsa Família replaced in 2021 and recreated in 2023', () => {
    const p = practice('br-cadastro-unico');
    expect(p.body).toMatch(/2001/);
    expect(p.body).toMatch(/Auxílio Brasil en novembre 2021/);
    expect(p.translations.pt?.summary).toMatch(/recriado em 2023/);
  });

  it('Flagship phase 2 is in the past tense, with over 55 million reached and phase III in preparation', () => {
    const p = practice('ilo-flagship-phase-2');
    expect(p.summary).toMatch(/55 millions/);
    expect(p.body).toMatch(/Phase III \(2026-2030\)/);
    expect(guide('flagship-overview-fr').body).toMatch(/a travaillé avec 50 pays/);
    expect(guide('flagship-overview-en').body).toMatch(/phase III \(2026-2030\)/);
  });

  it('C102 overview: "globally agreed", and Parts XII-XV described correctly', () => {
    const fr = guide('c102-overview-fr').body;
    const en = guide('c102-overview-en').body;
    expect(fr).toMatch(/convenues au niveau mondial/);
    expect(en).toMatch(/globally agreed/);
    expect(fr).toMatch(/Partie XII pose l'\*\*égalité de traitement des résidents non nationaux\*\*[^\n]*article 68/);
    expect(en).toMatch(/Part XV the \*\*final provisions\*\*/);
    expect(en).not.toMatch(/exact titles are to be checked/);
  });

  it('C102 medical care: option (b) also covers wives and children', () => {
    expect(guide('c102-medical-care-fr').body).toMatch(/au moins 20 % de l'ensemble des résidents, ainsi que leurs épouses et leurs enfants/);
    expect(guide('c102-medical-care-en').body).toMatch(/at least 20 per cent of all residents, and their wives and children/);
  });

  it('SDG 1.3: the official French wording, and the year of the 52.4% figure', () => {
    const fr = guide('sdg-1-3-fr').body;
    expect(fr).toMatch(/« Mettre en place des systèmes et mesures de protection sociale pour tous, adaptés au contexte national/);
    expect(fr).not.toMatch(/Traduction non officielle/);
    expect(fr).toMatch(/en \*\*2023\*\*, \*\*52,4 %\*\*/);
    expect(guide('sdg-1-3-en').body).toMatch(/in \*\*2023\*\*, \*\*52\.4%\*\*/);
  });

  it('Senegal and C121: ratified 1966, examined with C102', () => {
    expect(guide('c102-country-status-en').body).toMatch(/No\. 121\)\*\* in \*\*1966\*\*/);
    expect(guide('c102-employment-injury-fr').body).toMatch(/1966/);
  });
});

describe('C102 in substance: every branch guide states the parameters and ends with a checklist', () => {
  // Part, Schedule rate (null for medical care: a benefit in kind) and the articles each guide must cite.
  const BRANCHES: [string, string, string | null, string[]][] = [
    ['medical-care', 'II', null, ['8', '9', '10', '11', '12']],
    ['sickness', 'III', '45', ['14', '15', '16', '17', '18']],
    ['unemployment', 'IV', '45', ['20', '21', '22', '23', '24']],
    ['old-age', 'V', '40', ['26', '27', '28', '29', '30']],
    ['employment-injury', 'VI', '50', ['32', '33', '34', '36', '37', '38']],
    ['family', 'VII', null, ['40', '41', '42', '43', '44', '45']],
    ['maternity', 'VIII', '45', ['47', '48', '49', '50', '51', '52']],
    ['invalidity', 'IX', '40', ['54', '55', '56', '57', '58']],
    ['survivors', 'X', '40', ['60', '61', '62', '63', '64']],
  ];
  it.each(BRANCHES)('c102-%s: parameter table with articles, Schedule rate, checklist last', (key, _part, rate, articles) => {
    for (const lang of ['fr', 'en'] as const) {
      const body = guide(`c102-${key}-${lang}`).body;
      const params = body.split(lang === 'fr' ? '## Les paramètres de la Convention' : "## The Convention's parameters")[1]?.split('\n## ')[0] ?? '';
      expect(params, `${key}-${lang} parameter section`).toMatch(/^\s*\(?[Aa]rticles? /);
      for (const a of articles) expect(params, `${key}-${lang} cites article ${a}`).toMatch(new RegExp(`Art\\. ${a}\\b|art\\. ${a}\\b`));
      if (rate) expect(params, `${key}-${lang} Schedule rate`).toMatch(new RegExp(`${rate} (%|per cent)`));
      const sections = body.split('\n## ');
      const last = sections[sections.length - 1]!;
      expect(last, `${key}-${lang} ends with the checklist`).toMatch(lang === 'fr' ? /^Liste de contrôle de conformité/ : /^Compliance checklist/);
      expect(last).toMatch(lang === 'fr' ? /\| Exigence \| Article \| Notre législation \(texte, article\) \| Conforme \? \(oui \/ non \/ à vérifier\) \|/ : /\| Requirement \| Article \| Our law \(text, article\) \| Meets it\? \(yes \/ no \/ to check\) \|/);
      expect(last, `${key}-${lang} checklist includes the right of appeal or financing`).toMatch(/(art\.|Art\.) 7[01]/);
      expect(body, `${key}-${lang} no longer sends the reader back to the text`).not.toMatch(/reportez-vous au texte|à lire dans le texte|refer to the text|checked against the text/);
    }
  });

  it('states the confirmed durations and waiting days with their articles', () => {
    expect(guide('c102-sickness-fr').body).toMatch(/limitable à 26 semaines par cas\. \| art\. 18/);
    expect(guide('c102-sickness-en').body).toMatch(/first 3 days of suspension of earnings\. \| Art\. 18/);
    expect(guide('c102-unemployment-en').body).toMatch(/13 weeks within a period of 12 months/);
    expect(guide('c102-unemployment-fr').body).toMatch(/7 premiers jours/);
    expect(guide('c102-maternity-fr').body).toMatch(/limité à 12 semaines/);
    expect(guide('c102-old-age-en').body).toMatch(/not more than 65/);
  });

  it('describes Parts XII to XV and the right of appeal (Article 70) in the common-provisions guide', () => {
    for (const lang of ['fr', 'en'] as const) {
      const body = guide(`c102-administration-financing-${lang}`).body;
      expect(body).toMatch(/\| XII \|[^\n]*\| 68 \|/);
      expect(body).toMatch(/\| XV \|/);
      expect(body).toMatch(lang === 'fr' ? /\*\*droit de recours\*\*/ : /\*\*right of appeal\*\*/);
    }
  });
});

describe('the second edition\'s new guides', () => {
  it.each(['standards-beyond-c102', 'regional-coordination', 'au-protocol', 'costing-financing', 'ssi-in-practice', 'country-sn', 'country-tg', 'country-cv', 'country-cm'])('%s exists in French and English with sources', (key) => {
    for (const lang of ['fr', 'en'] as const) {
      const g = guide(`${key}-${lang}`);
      expect(g.sources.length, g.id).toBeGreaterThanOrEqual(3);
      expect(g.body.length, g.id).toBeGreaterThan(2000);
    }
  });

  it('practices come from at least 15 countries, each validated one with a document-level source', () => {
    const ps = library.records.filter((r): r is Practice => r.type === 'practice');
    expect(ps.length).toBeGreaterThanOrEqual(36);
    expect(new Set(ps.map((p) => p.country)).size).toBeGreaterThanOrEqual(15);
    for (const c of ['CI', 'BJ', 'MR', 'ML', 'NE', 'GW']) expect(ps.some((p) => p.country === c), c).toBe(true);
  });

  it('regional coordination states the dated milestones and leaves unknowns to be checked', () => {
    const fr = guide('regional-coordination-fr').body;
    expect(fr).toMatch(/Abidjan le 21 septembre 1993/);
    expect(fr).toMatch(/26 février 2006 à Dakar/);
    expect(fr).toMatch(/A\/SA\.5\/07\/13/);
    expect(fr).toMatch(/CPLP[\s\S]*\*\*à vérifier\*\*/);
  });
});

describe('the four countries mapped to C102', () => {
  it.each(['sn', 'tg', 'cv', 'cm'])('country-%s: FR and EN, every Part II-X mapped, ratifications and open questions, sourced', (c) => {
    for (const lang of ['fr', 'en'] as const) {
      const g = guide(`country-${c}-${lang}`);
      for (const part of ['II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X']) expect(g.body, `${g.id} Part ${part}`).toMatch(new RegExp(`^\\| ${part} \\|`, 'm'));
      expect(g.body).toMatch(lang === 'fr' ? /## Ratifications et commentaires de la CEACR/ : /## Ratifications and CEACR comments/);
      expect(g.body).toMatch(lang === 'fr' ? /## Questions ouvertes/ : /## Open questions/);
      expect(g.sources.length, g.id).toBeGreaterThanOrEqual(4);
    }
  });

  it('states only what the sources support: Cameroon\'s ratification and Cabo Verde\'s Parts stay "to be checked"', () => {
    expect(guide('country-cm-fr').body).toMatch(/ratification effective depuis est \*\*à vérifier\*\*/);
    expect(guide('country-cm-en').body).toMatch(/\*\*to be checked\*\* in NORMLEX/);
    expect(guide('country-cv-en').body).toMatch(/Parts accepted on ratification are not in our sources/);
    expect(guide('country-tg-fr').body).toMatch(/\| X \| Survivants \| CNSS \(branche des pensions\) \| Oui \|/);
  });
});

describe('review corrections: the Dakar 2017 workshop', () => {
  it('marks the invented end times as indicative and lists the IOE, companies and NGOs', () => {
    const w = library.records.find((r) => r.id === 'dakar-2017');
    if (w?.type !== 'workshop') throw new Error('no workshop');
    for (const id of ['d1-close', 'd2-close', 'd3-end']) expect(w.sessions.find((s) => s.id === id)?.description, id).toMatch(/Heure de fin indicative/);
    const orgs = w.participants.map((p) => p.organisation).join('\n');
    expect(orgs).toMatch(/Organisation internationale des employeurs/);
    expect(orgs).toMatch(/Entreprises du secteur privé/);
    expect(orgs).toMatch(/Organisations non gouvernementales/);
  });
});
