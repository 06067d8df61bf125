/** Plain-terminal rendering of results (the --json output is the structured form). */
import type { RecordSummary } from '../core/contract';
import type { SearchResult } from '../core/search/types';
import type { HubRecord } from '../core/model';

export function snippetToTerminal(snippet: string, color: boolean): string {
  const marked = color ? snippet.replace(/<mark>/g, '\x1b[1m').replace(/<\/mark>/g, '\x1b[22m') : snippet.replace(/<\/?mark>/g, '*');
  return marked
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

export function formatSearch(r: SearchResult, color: boolean): string {
  const lines: string[] = [];
  if (r.didYouMean) {
    if (r.fuzzy) lines.push(`No exact match. Did you mean: ${r.didYouMean}?`);
    else lines.push(`Did you mean: ${r.didYouMean}?${r.corrected ? ' (its results come first)' : ''}`);
  }
  lines.push(`${r.total} result${r.total === 1 ? '' : 's'}${r.query ? ` for "${r.query}"` : ''}`);
  r.hits.forEach((h, i) => {
    // `fr>en`: a French record found through its English translation.
    const langs = h.matchedLang && h.matchedLang !== h.lang ? `${h.lang}>${h.matchedLang}` : h.lang;
    lines.push(`${String(i + 1).padStart(3)}. [${h.type} ${langs}] ${h.title}  (${h.id})${h.partial ? '  (partial match)' : ''}`);
    if (h.snippet) lines.push(`     ${snippetToTerminal(h.snippet, color)}`);
  });
  return lines.join('\n');
}

export function formatSummaries(items: RecordSummary[], total: number): string {
  const lines = items.map((s) => `${s.id.padEnd(36)} ${s.type.padEnd(9)} ${s.lang} ${(s.country ?? '').padEnd(2)} r${s.rev}  ${s.title}`);
  lines.push(`${total} record${total === 1 ? '' : 's'}${items.length < total ? ` (showing ${items.length})` : ''}`);
  return lines.join('\n');
}

export function formatRecord(r: HubRecord): string {
  const head = [`${r.title || r.id}`, `id: ${r.id}   type: ${r.type}   lang: ${r.lang}   rev: ${r.rev}   updated: ${r.updatedAt}`];
  const fields: string[] = [];
  if ('country' in r && r.country) fields.push(`country: ${r.country}`);
  if (r.type === 'practice' || r.type === 'guide') {
    if (r.steps.length) fields.push(`steps: ${r.steps.join(', ')}`);
    if (r.branches.length) fields.push(`C102 branches: ${r.branches.join(', ')}`);
    if (r.guarantees.length) fields.push(`R202 guarantees: ${r.guarantees.join(', ')}`);
    if (r.themes.length) fields.push(`themes: ${r.themes.join(', ')}`);
  }
  const body = 'body' in r ? r.body : '';
  const summary = 'summary' in r && r.summary ? `\n${r.summary}\n` : '';
  const sources = 'sources' in r && r.sources.length ? `\nSources:\n${r.sources.map((s) => `- ${s.title}${s.url ? ` <${s.url}>` : ''}`).join('\n')}` : '';
  return [...head, ...(fields.length ? [fields.join('   ')] : []), summary, body, sources].join('\n').trimEnd();
}
