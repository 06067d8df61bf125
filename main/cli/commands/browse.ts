/**
 * Browse commands: a country's page, "cite this", and bookmarks (the reading lists kept in the
 * data directory), all through the contract like every other command.
 */
import type { Command } from '../context';
import type { MethodInput } from '../../core/contract';
import { HubFailure } from '../../core/result';
import { writeFileAtomic } from '../../core/store/atomic-file';
import { formatSummaries } from '../format';
import { need, printJson, str } from '../options';
import { countryName } from '../../core/labels';

const FORMATS = ['text', 'bibtex', 'ris'] as const;

export const country: Command = {
  name: 'country',
  usage: 'socle country <CC> [--lang fr|en|pt]',
  summary: "Everything about one country: C102 status, practices, plans, workshops, notes",
  options: { lang: { type: 'string' } },
  async run(ctx) {
    const code = need(ctx.args[0], 'country code', this.usage).toUpperCase();
    const lang = str(ctx.opts.lang) ?? 'fr';
    const page = await ctx.call('countryPage', { country: code, lang } as MethodInput<'countryPage'>);
    if (ctx.json) {
      printJson(ctx, page);
      return 0;
    }
    const l = page.c102?.lang ?? 'fr';
    const out = [`# ${countryName(code, l)}`];
    if (page.c102) out.push('', `## C102 (${page.c102.guideId}${page.c102.section ? `#${page.c102.section}` : ''})`, page.c102.markdown || '(no section in the guide: see NORMLEX)');
    const block = (title: string, items: Parameters<typeof formatSummaries>[0], total = items.length) => {
      if (items.length) out.push('', `## ${title}`, formatSummaries(items, total));
    };
    block('Practices', page.practices);
    block('Partner in', page.partnerPractices);
    block('Plans', page.plans);
    block('Workshops', page.workshops);
    block('Notes', page.notes.items, page.notes.total);
    ctx.io.out(out.join('\n'));
    return 0;
  },
};

export const cite: Command = {
  name: 'cite',
  usage: 'socle cite <id> [--format text|bibtex|ris] [--lang fr|en|pt] [--out FILE]',
  summary: 'Cite a guide or practice (plain text, BibTeX or RIS)',
  options: { format: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' } },
  async run(ctx) {
    const id = need(ctx.args[0], 'record id', this.usage);
    const format = str(ctx.opts.format) ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) throw new HubFailure('invalid', `--format must be text, bibtex or ris (got "${format}")`);
    const c = await ctx.call('cite', { id, lang: str(ctx.opts.lang) } as MethodInput<'cite'>);
    if (ctx.json) {
      printJson(ctx, c);
      return 0;
    }
    const text = c[format as (typeof FORMATS)[number]];
    const out = str(ctx.opts.out);
    if (out) {
      await writeFileAtomic(out, text.endsWith('\n') ? text : `${text}\n`);
      ctx.io.out(`Written: ${out}`);
    } else ctx.io.out(text.trimEnd());
    return 0;
  },
};

export const bookmark: Command = {
  name: 'bookmark',
  usage: 'socle bookmark <id> [--list LIST_ID]',
  summary: 'Add a record to a reading list (default: your reading list)',
  options: { list: { type: 'string' } },
  async run(ctx) {
    const id = need(ctx.args[0], 'record id', this.usage);
    const r = await ctx.call('bookmarkAdd', { id, list: str(ctx.opts.list) } as MethodInput<'bookmarkAdd'>);
    if (ctx.json) {
      printJson(ctx, r);
      return 0;
    }
    ctx.io.out(`Bookmarked ${id}.`);
    return 0;
  },
};

export const unbookmark: Command = {
  name: 'unbookmark',
  usage: 'socle unbookmark <id> [--list LIST_ID]',
  summary: 'Remove a record from one reading list, or from all',
  options: { list: { type: 'string' } },
  async run(ctx) {
    const id = need(ctx.args[0], 'record id', this.usage);
    const r = await ctx.call('bookmarkRemove', { id, list: str(ctx.opts.list) } as MethodInput<'bookmarkRemove'>);
    if (ctx.json) {
      printJson(ctx, r);
      return 0;
    }
    ctx.io.out(`Removed ${id}.`);
    return 0;
  },
};

export const bookmarks: Command = {
  name: 'bookmarks',
  usage: 'socle bookmarks',
  summary: 'Show the reading lists',
  async run(ctx) {
    const r = await ctx.call('readingLists', {});
    if (ctx.json) {
      printJson(ctx, r);
      return 0;
    }
    const out: string[] = [];
    if (r.problem) ctx.io.err(`warning: ${r.problem}`);
    for (const l of r.lists) {
      out.push(`# ${l.name || 'Reading list'} (${l.id}): ${l.items.length}`);
      for (const i of l.items) out.push(`  ${i.id.padEnd(36)} ${i.record ? i.record.title : '(deleted or missing)'}`);
    }
    ctx.io.out(out.join('\n'));
    return 0;
  },
};

export const BROWSE_COMMANDS: Command[] = [country, cite, bookmark, unbookmark, bookmarks];
