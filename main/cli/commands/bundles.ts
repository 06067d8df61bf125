/** Commands over .socle bundles: export, import, conflicts, resolve, identity. */
import path from 'node:path';
import type { Command, CommandContext } from '../context';
import type { MethodInput } from '../../core/contract';
import { HubFailure } from '../../core/result';
import { onBundleProgress, type BundleProgress } from '../../core/bundles/progress';
import { formatFingerprint } from '../../core/bundles/format';
import type { ImportPreview } from '../../core/bundles/import';
import { list, printJson, str } from '../options';


const PHASES: Record<BundleProgress['phase'], string> = {
  select: 'selecting',
  hash: 'preparing records',
  compress: 'compressing',
  write: 'writing',
  read: 'reading',
  verify: 'checking records',
  plan: 'comparing',
  apply: 'importing',
};

/**
 * Runs `fn` with progress lines on stderr when stderr is a terminal (never in pipes or logs,
 * where \r updates would be noise). Progress arrives through the same per-hub channel a desktop
 * shell would forward, tagged with this call's token.
 */
async function withProgress<T>(ctx: CommandContext, fn: (token: string) => Promise<T>): Promise<T> {
  const token = `cli-${process.pid}-${Date.now()}`;
  if (!process.stderr.isTTY) return fn(token);
  let shown = false;
  const off = onBundleProgress(await ctx.hub(), (p) => {
    if (p.token !== token) return;
    shown = true;
    process.stderr.write(`\r\x1b[2K${PHASES[p.phase]}: ${p.done}/${p.total}`);
  });
  try {
    return await fn(token);
  } finally {
    off();
    if (shown) process.stderr.write('\r\x1b[2K');
  }
}

const absolute = (file: string) => path.resolve(file);

export const exportCommand: Command = {
  name: 'export',
  usage:
    'socle export [--country CC]... [--workshop ID]... [--type T]... [--theme T]... [--since DATE] [--until DATE] [--include-internal] [--sign] [--publisher-name N --organisation O [--publisher-country CC]] (--out FILE.socle [--force] | --dry-run)',
  summary: 'Export records into a .socle bundle to share with another Socle',
  options: {
    country: { type: 'string', multiple: true },
    workshop: { type: 'string', multiple: true },
    type: { type: 'string', multiple: true },
    theme: { type: 'string', multiple: true },
    since: { type: 'string' },
    until: { type: 'string' },
    'include-internal': { type: 'boolean' },
    sign: { type: 'boolean' },
    'publisher-name': { type: 'string' },
    organisation: { type: 'string' },
    'publisher-country': { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  },
  async run(ctx) {
    const o = ctx.opts;
    const scope = {
      countries: list(o.country).map((c) => c.toUpperCase()),
      workshops: list(o.workshop),
      types: list(o.type),
      themes: list(o.theme),
      since: str(o.since),
      until: str(o.until),
      includeInternal: o['include-internal'] === true,
    } as NonNullable<MethodInput<'exportPreview'>['scope']>;

    if (o['dry-run']) {
      const preview = await ctx.call('exportPreview', { scope });
      if (ctx.json) printJson(ctx, preview);
      else {
        for (const r of preview.records) ctx.io.out(`${r.id.padEnd(36)} ${r.type.padEnd(9)} ${(r.country ?? '').padEnd(2)} r${r.rev}  ${r.title}${r.sensitivity === 'internal' ? '  [internal]' : ''}`);
        const c = preview.counts;
        ctx.io.out(`${c.total} record${c.total === 1 ? '' : 's'} would be exported (practice ${c.practice}, note ${c.note}, workshop ${c.workshop}, plan ${c.plan}).`);
        if (preview.excluded.internal) ctx.io.out(`${preview.excluded.internal} record(s) marked internal left out (add --include-internal to include them).`);
        if (preview.excluded.library) ctx.io.out(`${preview.excluded.library} bundled library record(s) never changed here left out (every Socle has them).`);
      }
      return 0;
    }

    const out = str(o.out);
    if (!out) throw new HubFailure('invalid', `Missing --out FILE.socle (or --dry-run to see what would be exported). Usage: ${this.usage}`);
    const name = str(o['publisher-name']);
    if (!name && (o.organisation !== undefined || o['publisher-country'] !== undefined)) {
      throw new HubFailure('invalid', '--organisation and --publisher-country go with --publisher-name.');
    }
    const publisher = name
      ? { name, organisation: str(o.organisation) ?? '', country: str(o['publisher-country'])?.toUpperCase() }
      : undefined;
    const result = await withProgress(ctx, (progressToken) =>
      ctx.call('exportBundle', { scope, outFile: absolute(out), overwrite: o.force === true, sign: o.sign === true, publisher, progressToken } as MethodInput<'exportBundle'>),
    );
    if (ctx.json) printJson(ctx, result);
    else {
      const c = result.counts;
      ctx.io.out(`Exported ${result.count} record${result.count === 1 ? '' : 's'} (practice ${c.practice}, note ${c.note}, workshop ${c.workshop}, plan ${c.plan}) to ${result.file}`);
      ctx.io.out(`${result.bytes} bytes, SHA-256 ${result.sha256}`);
      if (result.fingerprint) ctx.io.out(`Signed. Publisher key fingerprint: ${formatFingerprint(result.fingerprint)}`);
    }
    return 0;
  },
};

function formatPreview(p: ImportPreview): string[] {
  const b = p.bundle;
  const who = `${b.publisher.name}${b.publisher.organisation ? `, ${b.publisher.organisation}` : ''}${b.publisher.country ? ` (${b.publisher.country})` : ''}`;
  const lines = [
    `Bundle ${b.bundleId}, made ${b.createdAt} by ${who}`,
    b.signed ? `Signed. Publisher key fingerprint: ${formatFingerprint(b.fingerprint!)}` : 'Not signed: check with the sender that this file is theirs.',
  ];
  if (b.signed) lines.push(b.trust.status === 'trusted' ? 'You trust this publisher key.' : 'You have not trusted this publisher key yet.');
  if (b.trust.keyChanged) {
    lines.push(
      `WARNING: "${b.trust.keyChanged.name}" is known here with another key (${b.trust.keyChanged.knownFingerprints.map(formatFingerprint).join('; ')}). ` +
        (b.signed ? 'This bundle is signed with a new key: ask the publisher before importing.' : 'This bundle is not signed: it may not come from them.'),
    );
  }
  for (const i of p.items) {
    const detail = i.reason ? `  (${i.reason}${i.fields?.length ? `: ${i.fields.join(', ')}` : ''})` : i.fields?.length ? `  (${i.fields.join(', ')})` : '';
    lines.push(`${i.status.padEnd(9)} ${i.id.padEnd(36)} ${i.type.padEnd(9)} r${i.incomingRev}${i.localRev !== undefined ? ` (here r${i.localRev})` : ''}  ${i.title}${detail}`);
  }
  const c = p.counts;
  lines.push(`${c.total} records: ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.conflict} in conflict, ${c.rejected} rejected.`);
  if (p.needsTrust) {
    lines.push(
      b.signed
        ? `${p.needsTrust} change(s) to the bundled library need your trust: compare the fingerprint with the publisher, then add --trust.`
        : `${p.needsTrust} change(s) to the bundled library were refused: only a signed bundle from a publisher you trust may make them.`,
    );
  }
  return lines;
}

export const importCommand: Command = {
  name: 'import',
  usage: 'socle import <file.socle> [--dry-run] [--trust]',
  summary: 'Import a .socle bundle (--dry-run: show what would happen, change nothing; --trust: trust its signer to change the bundled library)',
  options: { 'dry-run': { type: 'boolean' }, trust: { type: 'boolean' } },
  async run(ctx) {
    const file = ctx.args[0];
    if (!file) throw new HubFailure('invalid', `Missing the bundle file. Usage: ${this.usage}`);
    if (ctx.opts['dry-run']) {
      const preview = await withProgress(ctx, (progressToken) => ctx.call('importPreview', { file: absolute(file), progressToken, trustPublisher: !!ctx.opts.trust }));
      if (ctx.json) printJson(ctx, preview);
      else {
        for (const l of formatPreview(preview)) ctx.io.out(l);
        ctx.io.out(preview.changes ? `Nothing was changed. To import: socle import ${file}${ctx.opts.trust ? ' --trust' : ''}` : 'Importing it would change nothing.');
      }
      return 0;
    }
    const summary = await withProgress(ctx, (progressToken) => ctx.call('importApply', { file: absolute(file), progressToken, trustPublisher: !!ctx.opts.trust }));
    if (ctx.json) printJson(ctx, summary);
    else {
      const c = summary.counts;
      ctx.io.out(
        summary.changed
          ? `Imported bundle ${summary.bundleId}: ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.conflict} in conflict, ${c.rejected} rejected.`
          : `Nothing to import: every record of bundle ${summary.bundleId} is already here (${c.unchanged} unchanged, ${c.conflict} in conflict, ${c.rejected} rejected).`,
      );
      if (summary.conflicts.length) ctx.io.out(`Conflicts (both versions kept): ${summary.conflicts.join(', ')}. See: socle conflicts`);
    }
    return 0;
  },
};

export const conflictsCommand: Command = {
  name: 'conflicts',
  usage: 'socle conflicts',
  summary: 'Records changed both here and by a bundle publisher',
  async run(ctx) {
    const result = await ctx.call('conflicts', {});
    if (ctx.json) printJson(ctx, result);
    else {
      for (const c of result.items) {
        ctx.io.out(`${c.id.padEnd(36)} ${c.type.padEnd(9)} here r${c.localRev}${c.localDeleted ? ' (deleted)' : ''}, theirs r${c.incomingRev} from ${c.publisher.name}  fields: ${c.fields.join(', ')}`);
      }
      ctx.io.out(result.items.length ? `Resolve with: socle resolve <id> --mine | --theirs | --field NAME=mine|theirs` : 'No conflicts.');
      for (const p of result.problems) ctx.io.err(`problem: conflicts/${p} cannot be read`);
    }
    return 0;
  },
};

export const resolveCommand: Command = {
  name: 'resolve',
  usage: 'socle resolve <id> (--mine | --theirs | --field NAME=mine|theirs ...) [--line LINE]',
  summary: 'Resolve a bundle conflict: keep mine, take theirs, or pick per field',
  options: { mine: { type: 'boolean' }, theirs: { type: 'boolean' }, field: { type: 'string', multiple: true }, line: { type: 'string' } },
  async run(ctx) {
    const id = ctx.args[0];
    if (!id) throw new HubFailure('invalid', `Missing the record id. Usage: ${this.usage}`);
    const o = ctx.opts;
    const picks = list(o.field);
    const chosen = [o.mine === true, o.theirs === true, picks.length > 0].filter(Boolean).length;
    if (chosen !== 1) throw new HubFailure('invalid', `Say one of --mine, --theirs or --field. Usage: ${this.usage}`);
    const fields: Record<string, 'mine' | 'theirs'> = {};
    for (const p of picks) {
      const m = /^([A-Za-z]+)=(mine|theirs)$/.exec(p);
      if (!m) throw new HubFailure('invalid', `--field ${p}: write NAME=mine or NAME=theirs.`);
      fields[m[1]!] = m[2] as 'mine' | 'theirs';
    }
    const result = await ctx.call('resolveConflict', {
      id,
      line: str(o.line),
      choice: o.mine ? 'mine' : o.theirs ? 'theirs' : 'fields',
      fields: picks.length ? fields : undefined,
    });
    if (ctx.json) printJson(ctx, result);
    else ctx.io.out(`Resolved ${id} (${result.choice})${result.record ? `: now r${result.record.rev}` : ''}.${result.remaining ? ` ${result.remaining} other version(s) still waiting.` : ''}`);
    return 0;
  },
};

export const identityCommand: Command = {
  name: 'identity',
  usage: 'socle identity [--create]',
  summary: 'The publisher key used to sign bundles (its fingerprint)',
  options: { create: { type: 'boolean' } },
  async run(ctx) {
    const id = await ctx.call('identity', { create: ctx.opts.create === true });
    if (ctx.json) printJson(ctx, id);
    else if (!id.exists) ctx.io.out('No publisher key yet: one is made on the first signed export (or with --create).');
    else {
      ctx.io.out(`Publisher key fingerprint: ${id.display}`);
      if (id.publisher) ctx.io.out(`Publisher: ${id.publisher.name}${id.publisher.organisation ? `, ${id.publisher.organisation}` : ''}`);
    }
    return 0;
  },
};

export const bundleCommands: Command[] = [exportCommand, importCommand, conflictsCommand, resolveCommand, identityCommand];
