/**
 * The dashboard as one standalone HTML document: inline CSS, inline SVG bar charts, no script, no
 * external resource (no font, image, stylesheet or frame is fetched), so it opens offline on any
 * machine, prints cleanly (@media print, a page per heading) and is the single source of the PDF
 * (the desktop shell prints it with printToPDF; the browser mode with the print dialog).
 *
 * Safety: every piece of text is HTML-escaped; note bodies are Markdown rendered by the injected
 * renderer, which must sanitise (renderMarkdownNode: marked + DOMPurify). The only URLs that can
 * appear are links written in notes, as anchors the reader may click; nothing loads by itself.
 */
import type { Dashboard, DashboardAction, DashboardNote, DashboardSection } from './dashboard';
import { compiledAtLabel, workshopDatesLabel } from './text';

type L = 'fr' | 'en';

const T = {
  title: { fr: 'Tableau de bord des résultats', en: 'Results dashboard' },
  compiled: { fr: 'Compilé le', en: 'Compiled on' },
  contents: { fr: 'Sommaire', en: 'Contents' },
  figures: { fr: 'Chiffres clés', en: 'Key figures' },
  notes: { fr: 'notes', en: 'notes' },
  actions: { fr: 'actions', en: 'actions' },
  plans: { fr: 'plans pays', en: 'country plans' },
  pilots: { fr: 'pilotes Sud-Sud candidats', en: 'candidate South-South pilots' },
  supportRequests: { fr: "demandes d'appui technique", en: 'technical support requests' },
  partnersCount: { fr: 'partenaires', en: 'partners' },
  chartSteps: { fr: 'Actions par pays et par étape', en: 'Actions per country and step' },
  chartPartners: { fr: 'Implication des partenaires (nombre d’actions)', en: "Partners' involvement (number of actions)" },
  chartNotes: { fr: 'Notes par séance', en: 'Notes per session' },
  partnerByCountry: { fr: 'Partenaires par pays', en: 'Partners by country' },
  partner: { fr: 'Partenaire', en: 'Partner' },
  total: { fr: 'Total', en: 'Total' },
  noData: { fr: 'Pas encore de données.', en: 'No data yet.' },
  nothing: { fr: 'Rien pour cette rubrique pour l’instant.', en: 'Nothing under this heading yet.' },
  planActions: { fr: 'Actions des plans pays', en: 'Country plan actions' },
  groupNotes: { fr: 'Notes des groupes', en: 'Group notes' },
  otherNotes: { fr: 'Autres notes des groupes', en: 'Other group notes' },
  clinics: { fr: 'Fiches des cliniques de compétences', en: 'Skills clinic sheets' },
  coverageSheet: { fr: 'fiche de couverture ODD 1.3.1', en: 'SDG 1.3.1 coverage sheet' },
  project: { fr: 'projet', en: 'project' },
  pastProject: { fr: 'projet passé', en: 'past project' },
  newProject: { fr: 'nouveau projet', en: 'new project' },
  illustrative: { fr: 'Chiffres fictifs, pas des statistiques réelles', en: 'Illustrative figures, not real statistics' },
  otherNotesIntro: {
    fr: 'Notes qu’aucune rubrique n’a retenues : ajoutez une #étiquette (par exemple #partenariat, #pilote, #communication) pour les classer.',
    en: 'Notes no heading claimed: add a #tag (for example #partnership, #pilot, #communication) to file them.',
  },
  partners: { fr: 'Partenaires', en: 'Partners' },
  timeline: { fr: 'Calendrier', en: 'Timeline' },
  status: { fr: 'Statut', en: 'Status' },
  support: { fr: 'Appui technique demandé', en: 'Technical support requested' },
  pilot: { fr: 'Pilote Sud-Sud', en: 'South-South pilot' },
  why: { fr: 'Classé ici', en: 'Filed here' },
  group: { fr: 'Groupe', en: 'Group' },
  session: { fr: 'Séance', en: 'Session' },
  footer: { fr: 'Document produit hors ligne par Socle.', en: 'Produced offline by Socle.' },
  step: { fr: 'Étape', en: 'Step' },
  day: { fr: 'J', en: 'D' },
} satisfies Record<string, Record<L, string>>;

const STATUS: Record<DashboardAction['status'], Record<L, string>> = {
  proposed: { fr: 'proposée', en: 'proposed' },
  planned: { fr: 'planifiée', en: 'planned' },
  'in-progress': { fr: 'en cours', en: 'in progress' },
  done: { fr: 'réalisée', en: 'done' },
  dropped: { fr: 'abandonnée', en: 'dropped' },
};

const STEP_COLORS = ['#1f5f8b', '#d9822b', '#3c8d40'] as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** "Label : valeur" in French typography, "Label: value" in English. */
function label(name: string, value: string, lang: L): string {
  return `${name}${lang === 'fr' ? '\u202f:' : ':'} ${value}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function reasonText(reason: string, lang: L): string {
  const [kind, value] = reason.includes(':') ? [reason.slice(0, reason.indexOf(':')), reason.slice(reason.indexOf(':') + 1)] : [reason, ''];
  const fr: Record<string, string> = {
    heading: 'rubrique choisie',
    plan: 'plan pays',
    'sstc-pilot': 'pilote Sud-Sud',
    'support-requested': 'appui demandé',
    partners: 'partenaires',
    tag: `#${value}`,
    keyword: `« ${value} »`,
    session: 'séance',
    'country-group': 'groupe pays',
  };
  const en: Record<string, string> = {
    heading: 'chosen heading',
    plan: 'country plan',
    'sstc-pilot': 'South-South pilot',
    'support-requested': 'support requested',
    partners: 'partners',
    tag: `#${value}`,
    keyword: `“${value}”`,
    session: 'session',
    'country-group': 'country group',
  };
  return (lang === 'en' ? en : fr)[kind] ?? reason;
}

// ---- charts (inline SVG, no script; sizes in user units so they scale when printed) -----------

function emptyChart(lang: L): string {
  return `<p class="empty">${escapeHtml(T.noData[lang])}</p>`;
}

function groupedBars(d: Dashboard, lang: L): string {
  const rows = d.charts.actionsByCountryStep;
  if (!rows.length || rows.every((r) => r.total === 0)) return emptyChart(lang);
  const max = Math.max(1, ...rows.flatMap((r) => r.steps));
  const barW = 22;
  const gap = 26;
  const groupW = barW * 3 + gap;
  const left = 36;
  const top = 18;
  const plotH = 180;
  const width = Math.max(360, left + rows.length * groupW + 10);
  const height = top + plotH + 70;
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  const ticks = Math.min(max, 5);
  for (let i = 0; i <= ticks; i++) {
    const v = Math.round((max * i) / ticks);
    parts.push(`<line x1="${left}" x2="${width - 6}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="tick">${v}</text>`);
  }
  rows.forEach((r, i) => {
    const x0 = left + 8 + i * groupW;
    r.steps.forEach((v, s) => {
      const x = x0 + s * barW;
      parts.push(
        `<rect x="${x}" y="${y(v).toFixed(1)}" width="${barW - 3}" height="${(top + plotH - y(v)).toFixed(1)}" fill="${STEP_COLORS[s]}"><title>${escapeHtml(`${r.label}, ${T.step[lang]} ${s + 1}: ${v}`)}</title></rect>`,
      );
      parts.push(`<text x="${x + (barW - 3) / 2}" y="${(y(v) - 4).toFixed(1)}" text-anchor="middle" class="value">${v}</text>`);
    });
    parts.push(`<text x="${x0 + (barW * 3) / 2}" y="${top + plotH + 16}" text-anchor="middle" class="label">${escapeHtml(clip(r.label, 16))}</text>`);
  });
  const legendY = top + plotH + 40;
  [0, 1, 2].forEach((s) => {
    const x = left + s * 110;
    parts.push(`<rect x="${x}" y="${legendY}" width="12" height="12" fill="${STEP_COLORS[s]}"/>`);
    parts.push(`<text x="${x + 18}" y="${legendY + 10}" class="label">${escapeHtml(`${T.step[lang]} ${s + 1}`)}</text>`);
  });
  return svg(width, height, T.chartSteps[lang], parts);
}

function horizontalBars(items: { label: string; value: number }[], title: string, lang: L, color: string): string {
  if (!items.length || items.every((i) => i.value === 0)) return emptyChart(lang);
  const max = Math.max(1, ...items.map((i) => i.value));
  const labelW = 250;
  const plotW = 330;
  const rowH = 22;
  const width = labelW + plotW + 40;
  const height = items.length * rowH + 10;
  const parts: string[] = [];
  items.forEach((it, i) => {
    const yy = 5 + i * rowH;
    const w = (it.value / max) * plotW;
    parts.push(`<text x="${labelW - 8}" y="${yy + 14}" text-anchor="end" class="label">${escapeHtml(clip(it.label, 42))}</text>`);
    parts.push(`<rect x="${labelW}" y="${yy + 3}" width="${w.toFixed(1)}" height="${rowH - 7}" fill="${color}"><title>${escapeHtml(`${it.label}: ${it.value}`)}</title></rect>`);
    parts.push(`<text x="${(labelW + w + 6).toFixed(1)}" y="${yy + 14}" class="value">${it.value}</text>`);
  });
  return svg(width, height, title, parts);
}

let svgCounter = 0;
function svg(width: number, height: number, title: string, parts: string[]): string {
  const id = `chart-${++svgCounter}`;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}"><title id="${id}">${escapeHtml(title)}</title>${parts.join('')}</svg>`;
}

function partnerTable(d: Dashboard, lang: L): string {
  const partners = d.charts.partners;
  if (!partners.length) return '';
  const countries = [...new Set(partners.flatMap((p) => Object.keys(p.byCountry)))].sort();
  const name = (c: string) => d.plans.find((p) => p.country === c)?.countryName ?? c;
  const head = `<tr><th scope="col">${escapeHtml(T.partner[lang])}</th>${countries.map((c) => `<th scope="col">${escapeHtml(name(c))}</th>`).join('')}<th scope="col">${escapeHtml(T.total[lang])}</th></tr>`;
  const body = partners
    .map(
      (p) =>
        `<tr><th scope="row">${escapeHtml(p.label)}</th>${countries.map((c) => `<td>${p.byCountry[c] ?? ''}</td>`).join('')}<td>${p.total}</td></tr>`,
    )
    .join('');
  return `<table class="data"><caption>${escapeHtml(T.partnerByCountry[lang])}</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

// ---- sections ---------------------------------------------------------------------------------

function actionHtml(a: DashboardAction, lang: L, showCountry: boolean): string {
  const meta: string[] = [];
  if (showCountry) meta.push(`<span class="chip">${escapeHtml(a.countryName)}</span>`);
  meta.push(`<span class="chip step${a.step}">${escapeHtml(`${T.step[lang]} ${a.step}`)}</span>`);
  if (a.sstcPilot) meta.push(`<span class="chip pilot">${escapeHtml(T.pilot[lang])}</span>`);
  const fields: string[] = [];
  if (a.partners.length) fields.push(`<dt>${escapeHtml(T.partners[lang])}</dt><dd>${escapeHtml(a.partners.join(', '))}</dd>`);
  if (a.from || a.to) fields.push(`<dt>${escapeHtml(T.timeline[lang])}</dt><dd>${escapeHtml([a.from, a.to].filter(Boolean).join(' → '))}</dd>`);
  fields.push(`<dt>${escapeHtml(T.status[lang])}</dt><dd>${escapeHtml(STATUS[a.status][lang])}</dd>`);
  if (a.supportRequested.trim()) fields.push(`<dt>${escapeHtml(T.support[lang])}</dt><dd class="pre">${escapeHtml(a.supportRequested)}</dd>`);
  return [
    `<li class="item action">`,
    `<div class="meta">${meta.join(' ')}</div>`,
    `<p class="desc">${escapeHtml(a.description)}</p>`,
    `<dl>${fields.join('')}</dl>`,
    `<p class="why">${escapeHtml(label(T.why[lang], a.reasons.map((r) => reasonText(r, lang)).join(', '), lang))}</p>`,
    `</li>`,
  ].join('');
}

function noteHtml(n: DashboardNote, lang: L, render: (md: string) => string): string {
  const meta: string[] = [];
  if (n.countryName) meta.push(`<span class="chip">${escapeHtml(n.countryName)}</span>`);
  if (n.step) meta.push(`<span class="chip step${n.step}">${escapeHtml(`${T.step[lang]} ${n.step}`)}</span>`);
  if (n.groupName) meta.push(`<span class="src">${escapeHtml(label(T.group[lang], clip(n.groupName, 80), lang))}</span>`);
  if (n.sessionTitle) meta.push(`<span class="src">${escapeHtml(label(T.session[lang], clip(n.sessionTitle, 80), lang))}</span>`);
  const tags = n.tags.length ? `<p class="tags">${n.tags.map((t) => `<span class="tag">#${escapeHtml(t)}</span>`).join(' ')}</p>` : '';
  const why = n.reasons.length ? `<p class="why">${escapeHtml(label(T.why[lang], n.reasons.map((r) => reasonText(r, lang)).join(', '), lang))}</p>` : '';
  return `<li class="item note"><div class="meta">${meta.join(' ')}</div><div class="body">${render(n.body)}</div>${tags}${why}</li>`;
}

function sectionHtml(s: DashboardSection, index: number, lang: L, render: (md: string) => string): string {
  const out: string[] = [`<section id="h-${escapeHtml(s.id)}" class="heading-section">`, `<h2><span class="num">${index}.</span> ${escapeHtml(s.title)}</h2>`];
  if (!s.actions.length && !s.notes.length) out.push(`<p class="empty">${escapeHtml(T.nothing[lang])}</p>`);
  if (s.actions.length) {
    out.push(`<h3>${escapeHtml(T.planActions[lang])} (${s.actions.length})</h3>`);
    if (s.role === 'country-strategies') {
      // The strategies read country by country, step by step, as the plans were written.
      const countries = [...new Set(s.actions.map((a) => a.countryName))];
      for (const c of countries) {
        out.push(`<h4>${escapeHtml(c)}</h4><ul class="items">`);
        for (const a of s.actions.filter((x) => x.countryName === c)) out.push(actionHtml(a, lang, false));
        out.push('</ul>');
      }
    } else {
      out.push('<ul class="items">', ...s.actions.map((a) => actionHtml(a, lang, true)), '</ul>');
    }
  }
  if (s.notes.length) {
    out.push(`<h3>${escapeHtml(T.groupNotes[lang])} (${s.notes.length})</h3>`, '<ul class="items">', ...s.notes.map((n) => noteHtml(n, lang, render)), '</ul>');
  }
  out.push('</section>');
  return out.join('\n');
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; color: #1b1f23; margin: 0 auto; max-width: 60rem; padding: 1.5rem; line-height: 1.45; font-size: 15px; background: #fff; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; color: #123b5c; }
h2 { font-size: 1.3rem; color: #123b5c; border-bottom: 2px solid #123b5c; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; color: #333; }
.cover .workshop { font-size: 1.1rem; font-weight: 600; margin: .2rem 0; }
.cover .when { color: #555; margin: .2rem 0 1rem; }
.totals { display: flex; flex-wrap: wrap; gap: .6rem; padding: 0; list-style: none; }
.totals li { border: 1px solid #c9d3dc; border-radius: 6px; padding: .4rem .7rem; }
.totals strong { font-size: 1.2rem; display: block; color: #123b5c; }
nav ul.toc { list-style: none; padding-left: .3rem; }
nav ul.toc li { margin: .15rem 0; }
nav a { color: #123b5c; }
.figure { margin: 1rem 0 1.5rem; break-inside: avoid; }
.figure h3 { margin-bottom: .3rem; }
svg.chart { max-width: 100%; height: auto; font-size: 11px; }
svg .grid { stroke: #e2e6ea; stroke-width: 1; }
svg .tick, svg .label { fill: #333; }
svg .value { fill: #111; font-weight: 600; }
table.data { border-collapse: collapse; margin: .6rem 0; font-size: .9rem; }
table.data caption { text-align: left; font-weight: 600; margin-bottom: .3rem; }
table.data th, table.data td { border: 1px solid #c9d3dc; padding: .2rem .5rem; text-align: left; }
table.data td { text-align: right; }
ul.items { list-style: none; padding: 0; margin: 0; }
li.item { border-left: 4px solid #c9d3dc; padding: .4rem .8rem; margin: .5rem 0; break-inside: avoid; }
li.action { border-left-color: #1f5f8b; }
li.note { border-left-color: #d9822b; background: #fcfaf7; }
.meta { font-size: .85rem; color: #444; display: flex; flex-wrap: wrap; gap: .4rem; }
.chip { border: 1px solid #9aa8b5; border-radius: 999px; padding: 0 .5rem; }
.chip.step1 { border-color: #1f5f8b; } .chip.step2 { border-color: #d9822b; } .chip.step3 { border-color: #3c8d40; }
.chip.pilot { background: #fff3cd; border-color: #c69500; }
.desc { margin: .3rem 0; font-weight: 500; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .2rem 0; font-size: .9rem; }
dt { color: #555; }
dd { margin: 0; }
.pre { white-space: pre-line; }
.body p { margin: .3rem 0; }
.tags { margin: .2rem 0; font-size: .85rem; color: #555; }
.tag { margin-right: .3rem; }
.why { font-size: .78rem; color: #6a737d; margin: .2rem 0 0; }
.empty { color: #6a737d; font-style: italic; }
footer { margin-top: 2rem; font-size: .8rem; color: #6a737d; border-top: 1px solid #e2e6ea; padding-top: .5rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { break-after: page; }
  section.heading-section, section.figures, section.other-notes { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  li.note { background: none; }
}
`;

/**
 * Renders the dashboard. `renderMarkdown` must return sanitised HTML (renderMarkdownNode's html).
 */
export function dashboardToHtml(d: Dashboard, renderMarkdown: (md: string) => string): string {
  const lang = d.lang;
  svgCounter = 0;
  const w = d.workshop;
  const when = workshopDatesLabel(w.startDate, w.endDate, lang);
  const totals: [number, string][] = [
    [d.totals.plans, T.plans[lang]],
    [d.totals.actions, T.actions[lang]],
    [d.totals.notes, T.notes[lang]],
    [d.totals.partners, T.partnersCount[lang]],
    [d.totals.supportRequests, T.supportRequests[lang]],
    [d.totals.pilots, T.pilots[lang]],
  ];
  const toc = [
    `<li><a href="#figures">${escapeHtml(T.figures[lang])}</a></li>`,
    ...d.sections.map((s, i) => `<li><a href="#h-${escapeHtml(s.id)}">${i + 1}. ${escapeHtml(s.title)}</a></li>`),
    ...(d.otherNotes.length ? [`<li><a href="#other-notes">${escapeHtml(T.otherNotes[lang])}</a></li>`] : []),
  ];
  const sessionLabel = (s: Dashboard['charts']['notesBySession'][number]) =>
    s.day !== undefined ? `${T.day[lang]}${s.day} ${s.start ?? ''} · ${s.title}` : s.title;
  const figures = [
    `<section id="figures" class="figures">`,
    `<h2>${escapeHtml(T.figures[lang])}</h2>`,
    `<div class="figure"><h3>${escapeHtml(T.chartSteps[lang])}</h3>${groupedBars(d, lang)}</div>`,
    `<div class="figure"><h3>${escapeHtml(T.chartPartners[lang])}</h3>${horizontalBars(
      d.charts.partners.map((p) => ({ label: p.label, value: p.total })),
      T.chartPartners[lang],
      lang,
      '#1f5f8b',
    )}${partnerTable(d, lang)}</div>`,
    `<div class="figure"><h3>${escapeHtml(T.chartNotes[lang])}</h3>${horizontalBars(
      d.charts.notesBySession.map((s) => ({ label: sessionLabel(s), value: s.count })),
      T.chartNotes[lang],
      lang,
      '#d9822b',
    )}</div>`,
    `</section>`,
  ].join('\n');
  const other = d.otherNotes.length
    ? [
        `<section id="other-notes" class="other-notes">`,
        `<h2>${escapeHtml(T.otherNotes[lang])}</h2>`,
        `<p class="empty">${escapeHtml(T.otherNotesIntro[lang])}</p>`,
        '<ul class="items">',
        ...d.otherNotes.map((n) => noteHtml(n, lang, renderMarkdown)),
        '</ul>',
        '</section>',
      ].join('\n')
    : '';
  const clinicItems = [
    ...d.clinics.coverage.map((c) => `<li>${escapeHtml(c.title)} <span class="meta">(${escapeHtml(`${T.coverageSheet[lang]} · ${c.countryName} · ${c.year}`)})</span>${c.illustrative ? ` <strong>${escapeHtml(T.illustrative[lang])}</strong>` : ''}</li>`),
    ...d.clinics.projects.map((p) => `<li>${escapeHtml(p.title)} <span class="meta">(${escapeHtml(`${T.project[lang]} · ${p.countryName} · ${p.phase === 'past' ? T.pastProject[lang] : T.newProject[lang]}`)})</span>${p.illustrative ? ` <strong>${escapeHtml(T.illustrative[lang])}</strong>` : ''}</li>`),
  ];
  const clinics = clinicItems.length ? [`<section id="clinics" class="clinics">`, `<h2>${escapeHtml(T.clinics[lang])}</h2>`, '<ul class="items">', ...clinicItems, '</ul>', '</section>'].join('\n') : '';
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="Socle">`,
    `<title>${escapeHtml(`${T.title[lang]} — ${w.title}`)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header class="cover">',
    `<h1>${escapeHtml(T.title[lang])}</h1>`,
    `<p class="workshop">${escapeHtml(w.title)}</p>`,
    `<p class="when">${escapeHtml([w.place, when].filter(Boolean).join(' · '))} · ${escapeHtml(T.compiled[lang])} ${escapeHtml(compiledAtLabel(d.generatedAt, lang))}</p>`,
    `<ul class="totals">${totals.map(([n, label]) => `<li><strong>${n}</strong>${escapeHtml(label)}</li>`).join('')}</ul>`,
    '</header>',
    `<nav aria-label="${escapeHtml(T.contents[lang])}"><h2>${escapeHtml(T.contents[lang])}</h2><ul class="toc">${toc.join('')}</ul></nav>`,
    '<main>',
    figures,
    ...d.sections.map((s, i) => sectionHtml(s, i + 1, lang, renderMarkdown)),
    other,
    clinics,
    '</main>',
    `<footer>${escapeHtml(T.footer[lang])}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
