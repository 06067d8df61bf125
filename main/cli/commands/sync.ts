/**
 * Sync and scripted edits:
 *   socle sync <url> [--once] [--scope KEY=V1,V2 ...] [--json]   (continuous until Ctrl+C; one pass with --once)
 *   socle sync [--once]                                         (the server configured before)
 *   socle sync status [--json]
 *   socle set <id> field=value [field=value ...]
 * Credentials come from the URL (user:password@) or a prompt, are stored in the data folder
 * (0600) and never printed.
 */
import readline from 'node:readline';
import type { Command, CommandContext } from '../context';
import { HubFailure } from '../../core/result';
import type { MethodInput, MethodOutputs } from '../../core/contract';
import { list, need, printJson } from '../options';
import { EDITABLE_TYPES, type HubRecord } from '../../core/model';

type Scope = { countries: string[]; workshops: string[]; types: string[]; themes: string[] };
const SCOPE_KEYS: Record<string, keyof Scope> = {
  country: 'countries',
  countries: 'countries',
  workshop: 'workshops',
  workshops: 'workshops',
  type: 'types',
  types: 'types',
  theme: 'themes',
  themes: 'themes',
};

/** `--scope country=SN,TG --scope theme=pensions`: what this Socle replicates. */
export function parseScope(values: string[]): Scope | undefined {
  if (!values.length) return undefined;
  const scope: Scope = { countries: [], workshops: [], types: [], themes: [] };
  for (const v of values) {
    const m = /^([a-z]+)=(.+)$/.exec(v.trim());
    const key = m && SCOPE_KEYS[m[1]!];
    if (!m || !key) throw new HubFailure('invalid', `--scope "${v}": write KEY=VALUE[,VALUE] with KEY country, workshop, type or theme (e.g. --scope country=SN,TG).`);
    const items = m[2]!.split(',').map((s) => s.trim()).filter(Boolean);
    scope[key].push(...(key === 'countries' ? items.map((c) => c.toUpperCase()) : items));
  }
  return scope;
}

function describeScope(s: Scope): string {
  const parts = (Object.keys(s) as (keyof Scope)[]).filter((k) => s[k].length).map((k) => `${k} ${s[k].join(',')}`);
  return parts.length ? parts.join('; ') : 'everything shareable';
}

function formatStatus(s: MethodOutputs['syncStatus']): string {
  if (!s.configured) return 'Sync is not set up. Start with: socle sync <database URL>';
  const lines = [
    `server: ${s.url}${s.hasCredentials ? ' (credentials stored)' : ''}`,
    `scope: ${describeScope(s.scope)}`,
    `state: ${s.state}${s.continuous ? ' (continuous)' : ''}`,
    s.last ? `last sync: ${s.last.at} ${s.last.ok ? 'ok' : 'failed'}: pushed ${s.last.pushed}, pulled ${s.last.pulled}, conflicts ${s.last.conflicts}${s.last.error ? ` (${s.last.error})` : ''}` : 'last sync: never',
    `open conflicts: ${s.conflicts}${s.conflicts ? ' (socle conflicts; socle resolve <id> ...)' : ''}`,
  ];
  return lines.join('\n');
}

/** Asks for a user name and a password on the terminal (the password is not echoed). */
async function promptCredentials(ctx: CommandContext): Promise<{ username: string; password: string } | undefined> {
  if (!process.stdin.isTTY || ctx.io.env.SOCLE_NO_PROMPT) return undefined;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const ask = (q: string, hidden = false) =>
    new Promise<string>((resolve) => {
      const out = rl as unknown as { _writeToOutput?: (s: string) => void; output: NodeJS.WritableStream };
      if (hidden) {
        out._writeToOutput = (s: string) => {
          if (s.startsWith(q)) out.output.write(q);
        };
      }
      rl.question(q, (a) => {
        if (hidden) process.stderr.write('\n');
        resolve(a);
      });
    });
  try {
    const username = await ask('User name: ');
    const password = await ask('Password: ', true);
    return username ? { username, password } : undefined;
  } finally {
    rl.close();
  }
}

export const sync: Command = {
  name: 'sync',
  usage: 'socle sync [<url>|status] [--once] [--scope KEY=V1,V2 ...] [--json]',
  summary: 'Replicate with a CouchDB server (continuous until Ctrl+C, or --once)',
  options: { once: { type: 'boolean' }, scope: { type: 'string', multiple: true } },
  async run(ctx) {
    if (ctx.args[0] === 'status') {
      const s = await ctx.call('syncStatus', {});
      if (ctx.json) printJson(ctx, s);
      else ctx.io.out(formatStatus(s));
      return 0;
    }
    const url = ctx.args[0];
    const scope = parseScope(list(ctx.opts.scope)) as MethodInput<'syncConfigure'>['scope'];
    if (url || scope) {
      const target = url ?? (await ctx.call('syncStatus', {})).url;
      if (!target) throw new HubFailure('invalid', `Missing the server's database URL. Usage: ${this.usage}`);
      try {
        await ctx.call('syncConfigure', { url: target, ...(scope ? { scope } : {}) });
      } catch (e) {
        // Refused: ask for credentials once, on a terminal (they are then stored, never printed).
        if (!(e instanceof HubFailure && /refused the credentials/.test(e.message))) throw e;
        const creds = await promptCredentials(ctx);
        if (!creds) throw e;
        await ctx.call('syncConfigure', { url: target, ...(scope ? { scope } : {}), ...creds });
      }
    }
    if (ctx.opts.once === true) {
      const r = await ctx.call('syncNow', {});
      if (ctx.json) printJson(ctx, { pushed: r.pushed, pulled: r.pulled, conflicts: r.conflicts });
      else ctx.io.out(`Synced with ${r.url}: pushed ${r.pushed}, pulled ${r.pulled}, conflicts ${r.conflicts}${r.conflicts ? ' (see socle conflicts)' : ''}.`);
      return 0;
    }
    // Continuous: until Ctrl+C. The first pass fails loudly (wrong URL, refused credentials);
    // later network failures are retried.
    const started = await ctx.call('syncStart', {});
    if (started.state === 'offline') {
      // Not reachable now: from a terminal that is a failure to report, not a silent retry loop.
      await ctx.call('syncStop', {}).catch(() => undefined);
      throw new HubFailure('internal', started.error ?? `Cannot reach ${started.url}.`);
    }
    if (!ctx.json) ctx.io.out(`Syncing with ${started.url} (${describeScope(started.scope)}); Ctrl+C to stop.`);
    let lastLine = '';
    const timer = setInterval(() => {
      void ctx.call('syncStatus', {}).then((s) => {
        const line = ctx.json ? JSON.stringify({ state: s.state, ...(s.last ? { pushed: s.last.pushed, pulled: s.last.pulled, conflicts: s.last.conflicts } : {}) }) : `${s.state}: pushed ${s.last?.pushed ?? 0}, pulled ${s.last?.pulled ?? 0}, conflicts ${s.last?.conflicts ?? 0}${s.error && s.state === 'offline' ? ` (${s.error})` : ''}`;
        if (line !== lastLine) ctx.io.out(line);
        lastLine = line;
      });
    }, 1000);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    clearInterval(timer);
    await ctx.call('syncStop', {}).catch(() => undefined);
    return 0;
  },
};

/** A `field=value` value, read as the field's current kind: lists split on commas, numbers, booleans, JSON for objects. */
function parseValue(field: string, raw: string, current: unknown): unknown {
  const t = raw.trim();
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      return JSON.parse(t);
    } catch {
      throw new HubFailure('invalid', `${field}: "${raw}" is not valid JSON.`, { field });
    }
  }
  if (Array.isArray(current)) return t ? t.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (typeof current[0] === 'number' || (field === 'steps' && /^\d+$/.test(s)) ? Number(s) : s)) : [];
  if (typeof current === 'number') {
    const n = Number(t);
    if (!Number.isFinite(n)) throw new HubFailure('invalid', `${field}: "${raw}" is not a number.`, { field });
    return n;
  }
  if (typeof current === 'boolean') {
    if (t !== 'true' && t !== 'false') throw new HubFailure('invalid', `${field}: write true or false (got "${raw}").`, { field });
    return t === 'true';
  }
  return raw;
}

const SETTABLE = new Set<string>(['practice', 'note', 'plan']);

export const set: Command = {
  name: 'set',
  usage: 'socle set <id> field=value [field=value ...]',
  summary: 'Change fields of a practice, note or plan (saved against the revision read)',
  async run(ctx) {
    const id = need(ctx.args[0], 'record id', this.usage);
    const pairs = ctx.args.slice(1);
    if (!pairs.length) throw new HubFailure('invalid', `Missing field=value. Usage: ${this.usage}`);
    const record = await ctx.call('get', { id });
    if (!SETTABLE.has(record.type)) {
      throw new HubFailure(record.type === 'guide' ? 'read-only' : 'invalid', `"${id}" is a ${record.type}; socle set changes practices, notes and plans (${EDITABLE_TYPES.filter((t) => SETTABLE.has(t)).join(', ')}).`);
    }
    const changes: Record<string, unknown> = {};
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new HubFailure('invalid', `"${pair}": write field=value. Usage: ${this.usage}`);
      const field = pair.slice(0, eq).trim();
      if (['id', 'type', 'rev', 'createdAt', 'updatedAt', 'origin'].includes(field)) throw new HubFailure('invalid', `${field}: set by Socle, not editable.`, { field });
      changes[field] = parseValue(field, pair.slice(eq + 1), (record as Record<string, unknown>)[field]);
    }
    // Saved against the revision just read: a change made meanwhile is a conflict, never overwritten.
    const saved: HubRecord = await ctx.call('update', { id, rev: record.rev, changes } as never);
    ctx.io.out(ctx.json ? JSON.stringify(saved, null, 2) : `Saved ${saved.id} (revision ${saved.rev}).`);
    return 0;
  },
};

export const syncCommands: Command[] = [sync, set];
