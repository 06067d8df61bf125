/**
 * Workshop commands: `socle workshop list|create|now|timer|undo|plans`, `socle note` (quick
 * capture from a terminal) and `socle dashboard` (the results dashboard as a standalone HTML file).
 * Thin: every command is one or two contract calls, so the app and the browser behave the same.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from '../context';
import type { MethodInput } from '../../core/contract';
import type { Workshop } from '../../core/model';
import type { NowView, SessionView } from '../../core/workshops/now';
import type { TimerOutput } from '../../core/workshops/service';
import { HubFailure } from '../../core/result';
import { writeFileAtomic } from '../../core/store/atomic-file';
import { need, printJson, str } from '../options';



/** --at accepts any date the JS Date parser reads; without an offset it is the local time. */
function atOpt(value: unknown): string | undefined {
  const s = str(value);
  if (!s) return undefined;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new HubFailure('invalid', `--at must be a date and time such as 2017-05-24T11:30 (got "${s}")`);
  return d.toISOString();
}


function minutesLeft(n: number | undefined): string {
  if (n === undefined) return '';
  return n >= 60 ? `${Math.floor(n / 60)} h ${String(n % 60).padStart(2, '0')}` : `${n} min`;
}

function sessionLine(s: SessionView): string {
  return `day ${s.day} ${s.start}-${s.end}  ${s.title}  [${s.kind}]  (${s.id})`;
}

export function formatNow(w: Workshop, v: NowView): string {
  const lines = [`${w.title}  (${w.id})`, `${v.localDate} ${v.localTime}${v.day ? `  day ${v.day.day}${v.day.title ? `: ${v.day.title}` : ''}` : ''}`];
  const state: Record<NowView['status'], string> = {
    before: 'The workshop has not started yet.',
    session: 'Now:',
    break: 'Break:',
    between: 'No session right now.',
    after: 'The workshop is over.',
  };
  lines.push(state[v.status]);
  if (v.current) {
    lines.push(`  ${sessionLine(v.current)}  ${minutesLeft(v.minutesLeft)} left`);
    if (v.groups.length) lines.push(`  Groups at work: ${v.groups.map((g) => `${g.name} (${g.id})`).join('; ')}`);
  }
  if (v.rotation) {
    const r = v.rotation;
    lines.push(`  Rotation ${r.index + 1} of ${r.count}, participants move in ${minutesLeft(r.minutesLeft)}:`);
    for (const b of r.blocks) lines.push(`    block ${b.block + 1}: at ${b.groupId}${b.nextGroupId ? `, next ${b.nextGroupId}` : ''}`);
  }
  if (v.next) lines.push(`Next, in ${minutesLeft(v.minutesUntilNext)}:`, `  ${sessionLine(v.next)}`);
  return lines.join('\n');
}

function formatTimer(t: TimerOutput): string {
  if (!t.view || !t.state) return 'The rotation timer has not been started. Start it with: socle workshop timer <id> start';
  const v = t.view;
  const mmss = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`;
  const lines = [`Timer ${v.status}: rotation ${v.index + 1} of ${v.rotations}, ${mmss(v.remainingMs)} left of ${mmss(v.rotationMs)}${t.state.sessionId ? `  (session ${t.state.sessionId})` : ''}`];
  for (const b of v.blocks) lines.push(`  block ${b.block + 1}: at ${b.groupId}${b.nextGroupId ? `, next ${b.nextGroupId}` : ''}`);
  return lines.join('\n');
}

const WORKSHOP_USAGE = [
  'socle workshop list',
  '       socle workshop create [--from TEMPLATE] --start YYYY-MM-DD [--title T] [--id ID] [--place P] [--lang fr|en]',
  '       socle workshop now <id> [--at ISO] [--tz ZONE]',
  '       socle workshop timer <id> [start|pause|resume|advance|reset] [--session S] [--minutes N]',
  '       socle workshop undo <id>',
  '       socle workshop plans <id>',
].join('\n');

export const workshop: Command = {
  name: 'workshop',
  usage: WORKSHOP_USAGE,
  summary: 'Workshops: list, create (from a template), what is on now, rotation timer, undo, plans',
  options: {
    from: { type: 'string' },
    start: { type: 'string' },
    title: { type: 'string' },
    id: { type: 'string' },
    place: { type: 'string' },
    lang: { type: 'string' },
    at: { type: 'string' },
    tz: { type: 'string' },
    session: { type: 'string' },
    minutes: { type: 'string' },
  },
  async run(ctx) {
    const [sub, id, arg] = ctx.args;
    const o = ctx.opts;
    switch (sub) {
      case 'list': {
        const { items } = await ctx.call('list', { type: 'workshop', limit: 10_000 });
        const workshops = await Promise.all(items.map((s) => ctx.call('get', { id: s.id }) as Promise<Workshop>));
        workshops.sort((a, b) => b.startDate.localeCompare(a.startDate) || a.id.localeCompare(b.id));
        if (ctx.json) printJson(ctx, workshops.map((w) => ({ id: w.id, title: w.title, place: w.place, startDate: w.startDate, template: w.template, rev: w.rev })));
        else
          ctx.io.out(
            workshops.map((w) => `${w.id.padEnd(28)} ${w.startDate}  ${w.template ? '[template] ' : ''}${w.title}`).join('\n') || 'No workshops yet.',
          );
        return 0;
      }
      case 'create': {
        const input = {
          start: need(str(o.start), '--start YYYY-MM-DD', WORKSHOP_USAGE),
          ...(str(o.from) ? { from: str(o.from) } : {}),
          ...(str(o.title) ? { title: str(o.title) } : {}),
          ...(str(o.id) ? { id: str(o.id) } : {}),
          ...(typeof o.place === 'string' ? { place: o.place } : {}),
          ...(str(o.lang) ? { lang: str(o.lang) } : {}),
        } as MethodInput<'createWorkshop'>;
        const { workshop: w, plans } = await ctx.call('createWorkshop', input);
        if (ctx.json) printJson(ctx, { workshop: w, plans });
        else
          ctx.io.out(
            [
              `Created workshop ${w.id}: ${w.title}`,
              `  ${w.days.length} day(s) from ${w.startDate}, ${w.sessions.length} sessions, ${w.groups.length} groups, ${plans.length} country plan(s)`,
              ...plans.map((p) => `  plan ${p.id} (${p.country})`),
            ].join('\n'),
          );
        return 0;
      }
      case 'now': {
        const workshopId = need(id, 'workshop id', WORKSHOP_USAGE);
        const at = atOpt(o.at);
        const view = await ctx.call('workshopNow', { workshopId, ...(at ? { at } : {}), ...(str(o.tz) ? { timeZone: str(o.tz) } : {}) });
        if (ctx.json) printJson(ctx, view);
        else ctx.io.out(formatNow((await ctx.call('get', { id: workshopId })) as Workshop, view));
        return 0;
      }
      case 'timer': {
        const workshopId = need(id, 'workshop id', WORKSHOP_USAGE);
        const action = arg ?? 'get';
        const minutes = str(o.minutes) !== undefined ? Number(o.minutes) : undefined;
        if (minutes !== undefined && !Number.isFinite(minutes)) throw new HubFailure('invalid', `--minutes must be a number (got "${String(o.minutes)}")`);
        const at = atOpt(o.at);
        const t = await ctx.call('workshopTimer', {
          workshopId,
          action,
          ...(str(o.session) ? { sessionId: str(o.session) } : {}),
          ...(minutes !== undefined ? { minutes } : {}),
          ...(at ? { at } : {}),
        } as MethodInput<'workshopTimer'>);
        ctx.io.out(ctx.json ? JSON.stringify(t, null, 2) : formatTimer(t));
        return 0;
      }
      case 'undo': {
        const r = await ctx.call('undo', { workshopId: need(id, 'workshop id', WORKSHOP_USAGE) });
        if (ctx.json) printJson(ctx, r);
        else if (!r.undone) ctx.io.out('Nothing to undo.');
        else ctx.io.out(`Undone: ${r.undone.op} ${r.undone.recordType} ${r.undone.recordId} (${r.undone.label})${r.next ? `\nNext undo: ${r.next.op} ${r.next.label}` : ''}`);
        return 0;
      }
      case 'plans': {
        const plans = await ctx.call('workshopPlans', { workshopId: need(id, 'workshop id', WORKSHOP_USAGE) });
        if (ctx.json) printJson(ctx, plans);
        else
          ctx.io.out(
            plans
              .map((p) => [`${p.id}  ${p.country}  r${p.rev}  ${p.title}`, ...p.actions.map((a) => `  [step ${a.step}] ${a.description}${a.partners.length ? `  (${a.partners.join(', ')})` : ''}`)].join('\n'))
              .join('\n') || 'No plans.',
          );
        return 0;
      }
      default:
        throw new HubFailure('invalid', `${sub ? `Unknown workshop command "${sub}"` : 'Missing workshop command'}. Usage: ${WORKSHOP_USAGE}`);
    }
  },
};

export const note: Command = {
  name: 'note',
  usage: 'socle note <workshopId> --group G [--session S] [--client-id ID] [--at ISO] "text #tag"',
  summary: 'Capture a note in a workshop group (#tags in the text become tags)',
  options: { group: { type: 'string' }, session: { type: 'string' }, 'client-id': { type: 'string' }, at: { type: 'string' } },
  async run(ctx) {
    const [workshopId, ...words] = ctx.args;
    const text = words.join(' ');
    need(workshopId, 'workshop id', this.usage);
    need(text.trim() || undefined, 'note text', this.usage);
    const at = atOpt(ctx.opts.at);
    const r = await ctx.call('captureNote', {
      workshopId: workshopId!,
      text,
      ...(str(ctx.opts.group) ? { groupId: str(ctx.opts.group) } : {}),
      ...(str(ctx.opts.session) ? { sessionId: str(ctx.opts.session) } : {}),
      ...(str(ctx.opts['client-id']) ? { clientId: str(ctx.opts['client-id']) } : {}),
      ...(at ? { at } : {}),
    });
    if (ctx.json) printJson(ctx, r);
    else {
      const n = r.note;
      const where = [n.groupId && `group ${n.groupId}`, n.sessionId && `session ${n.sessionId}`, n.country, n.step && `step ${n.step}`].filter(Boolean).join(', ');
      ctx.io.out(`${r.created ? 'Captured' : 'Already captured'} note ${n.id}${where ? ` (${where})` : ''}${n.tags.length ? `  tags: ${n.tags.map((t) => `#${t}`).join(' ')}` : ''}`);
    }
    return 0;
  },
};

export const dashboard: Command = {
  name: 'dashboard',
  usage: 'socle dashboard <workshopId> [--lang fr|en] [--internal] --out FILE.html',
  summary: "Export a workshop's results dashboard as a standalone HTML file (print it to PDF)",
  options: { lang: { type: 'string' }, out: { type: 'string' }, internal: { type: 'boolean' } },
  async run(ctx) {
    const workshopId = need(ctx.args[0], 'workshop id', this.usage);
    const input = { workshopId, lang: str(ctx.opts.lang) ?? 'fr', includeInternal: ctx.opts.internal === true } as MethodInput<'dashboardHtml'>;
    const out = str(ctx.opts.out);
    if (ctx.json && !out) {
      printJson(ctx, await ctx.call('dashboard', input as MethodInput<'dashboard'>));
      return 0;
    }
    const { html, fileName } = await ctx.call('dashboardHtml', input);
    if (!out) {
      ctx.io.out(html);
      return 0;
    }
    const file = path.resolve(out.endsWith(path.sep) || (await isDir(out)) ? path.join(out, fileName) : out);
    await writeFileAtomic(file, html);
    ctx.io.out(ctx.json ? JSON.stringify({ file, bytes: Buffer.byteLength(html) }) : `Wrote ${file}`);
    return 0;
  },
};

async function isDir(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

export const WORKSHOP_COMMANDS: Command[] = [workshop, note, dashboard];
