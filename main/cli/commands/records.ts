/** Commands over records (search is in ./search.ts): show, list, add, delete, restore, trash, history, info. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from '../context';
import { formatRecord, formatSummaries } from '../format';
import { HubFailure } from '../../core/result';
import type { MethodInput } from '../../core/contract';
import { intOpt, need, printJson } from '../options';

export const show: Command = {
  name: 'show',
  usage: 'socle show <id>',
  summary: 'Show one record',
  async run(ctx) {
    const record = await ctx.call('get', { id: need(ctx.args[0], 'record id', this.usage) });
    ctx.io.out(ctx.json ? JSON.stringify(record, null, 2) : formatRecord(record));
    return 0;
  },
};

export const list: Command = {
  name: 'list',
  usage: 'socle list [--type T] [--country CC] [--lang L] [--limit N]',
  summary: 'List records, newest first',
  options: { type: { type: 'string' }, country: { type: 'string' }, lang: { type: 'string' }, limit: { type: 'string' } },
  async run(ctx) {
    const o = ctx.opts;
    const result = await ctx.call('list', {
      type: o.type,
      country: typeof o.country === 'string' ? o.country.toUpperCase() : undefined,
      lang: o.lang,
      limit: intOpt(o.limit, 'limit'),
    } as MethodInput<'list'>);
    ctx.io.out(ctx.json ? JSON.stringify(result, null, 2) : formatSummaries(result.items, result.total));
    return 0;
  },
};

export const add: Command = {
  name: 'add',
  usage: 'socle add <file.md|file.json>',
  summary: 'Add a practice or note from a Markdown (YAML front matter) or JSON file',
  async run(ctx) {
    const file = need(ctx.args[0], 'file', this.usage);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      throw new HubFailure('not-found', `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    // Loaded here, not at the top: the Markdown/YAML reader is only for `add`.
    const { parseRecordFile } = await import('../../core/record-file');
    const record = parseRecordFile(text, path.basename(file));
    const saved = await ctx.call('create', { record } as MethodInput<'create'>);
    ctx.io.out(ctx.json ? JSON.stringify(saved, null, 2) : `Added ${saved.type} "${saved.title || saved.id}" as ${saved.id}`);
    return 0;
  },
};

export const remove: Command = {
  name: 'delete',
  usage: 'socle delete <id>',
  summary: 'Move a record to the trash (restore brings it back)',
  async run(ctx) {
    const entry = await ctx.call('delete', { id: need(ctx.args[0], 'record id', this.usage) });
    ctx.io.out(ctx.json ? JSON.stringify(entry, null, 2) : `Moved ${entry.record.id} to the trash. Undo with: socle restore ${entry.record.id}`);
    return 0;
  },
};

export const restore: Command = {
  name: 'restore',
  usage: 'socle restore <id>',
  summary: 'Take a record out of the trash',
  async run(ctx) {
    const record = await ctx.call('restore', { id: need(ctx.args[0], 'record id', this.usage) });
    ctx.io.out(ctx.json ? JSON.stringify(record, null, 2) : `Restored ${record.id}`);
    return 0;
  },
};

export const trash: Command = {
  name: 'trash',
  usage: 'socle trash',
  summary: 'List the trash',
  async run(ctx) {
    const entries = await ctx.call('trash', {});
    ctx.io.out(
      ctx.json
        ? JSON.stringify(entries, null, 2)
        : entries.map((e) => `${e.deletedAt}  ${e.record.id}  ${e.record.type}  ${'title' in e.record ? e.record.title : ''}`).join('\n') || 'The trash is empty.',
    );
    return 0;
  },
};

export const history: Command = {
  name: 'history',
  usage: 'socle history <id>',
  summary: 'Previous revisions of a record',
  async run(ctx) {
    const revs = await ctx.call('history', { id: need(ctx.args[0], 'record id', this.usage) });
    ctx.io.out(ctx.json ? JSON.stringify(revs, null, 2) : revs.map((r) => `r${r.rev}  ${r.updatedAt}  ${'title' in r ? r.title : ''}`).join('\n') || 'No previous revisions.');
    return 0;
  },
};

export const info: Command = {
  name: 'info',
  usage: 'socle info',
  summary: 'Data directory, counts and start-up problems',
  async run(ctx) {
    const i = await ctx.call('info', {});
    if (ctx.json) printJson(ctx, i);
    else {
      ctx.io.out(`Socle ${i.version}\ndata: ${i.dataDir}\nlibrary: v${i.library.version} (${i.library.date})${i.library.prebuiltIndex ? ', prebuilt index' : ''}`);
      ctx.io.out(Object.entries(i.counts).map(([t, n]) => `${t}: ${n}`).join('   '));
      for (const p of i.problems) ctx.io.err(`problem: ${p.file}: ${p.message}`);
    }
    return 0;
  },
};
