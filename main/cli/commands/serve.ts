/**
 * `socle serve`: the browser mode. Opens the hub, serves the API and the built renderer over
 * HTTP, prints one readiness line on stdout (`Socle is ready at <url with ?token=>`; scripts wait
 * for it, so keep its wording), and runs until SIGINT/SIGTERM. With --json the first line is one
 * JSON object instead: `{"url","port"}`, or in a room `{"url","facilitatorUrl","joinUrl","code","expiresAt"}`.
 *
 * `--room` serves a workshop room: listens on every interface unless --host says otherwise, and
 * participants join with the printed code. Without --room, an address off this computer is refused.
 */
import { spawn } from 'node:child_process';
import type { Command, CommandContext } from '../context';
import { Hub } from '../../core/hub';
import { resumeSync } from '../../core/sync/api';
import { HubFailure } from '../../core/result';
import { libraryDir, prebuiltLibraryFile, rendererDir } from '../../platform/paths';
import { workerIndexBuilder } from '../../platform/index-builder';
import { DEFAULT_HOST, DEFAULT_PORT, isLoopbackHost, listenFailureMessage, startServer, type RunningServer } from '../../server/server';

export const READY_PREFIX = 'Socle is ready at ';

export const serve: Command = {
  name: 'serve',
  usage: 'socle serve [--port N] [--host H] [--open] [--room [--workshop ID]]',
  summary: 'Serve Socle to a web browser (default http://127.0.0.1:4317/), or a workshop room with --room',
  options: { port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' }, room: { type: 'boolean' }, workshop: { type: 'string' } },
  async run(ctx) {
    const port = parsePort(ctx.opts.port);
    const roomMode = ctx.opts.room === true;
    const givenHost = typeof ctx.opts.host === 'string' && ctx.opts.host.trim() ? ctx.opts.host.trim() : undefined;
    const host = givenHost ?? (roomMode ? '0.0.0.0' : DEFAULT_HOST);
    if (!roomMode && !isLoopbackHost(host)) {
      throw new HubFailure('invalid', `--host ${host} is off this computer: add --room to serve a workshop room (every device then needs the join code).`);
    }
    if (!roomMode && ctx.opts.workshop !== undefined) throw new HubFailure('invalid', '--workshop goes with --room.');
    const workshopId = typeof ctx.opts.workshop === 'string' ? ctx.opts.workshop : undefined;

    // Our own hub rather than ctx.hub(): a long-running server wants background compaction of
    // the search index, which the one-shot commands' hub turns off.
    // Without an index cache the server answers at once; search waits for the index a worker builds.
    const hub = await Hub.open({ dataDir: ctx.dataDir, libraryDir: libraryDir(), prebuiltFile: prebuiltLibraryFile(), watch: true, indexBuilder: workerIndexBuilder() });
    let server: RunningServer;
    try {
      if (workshopId) {
        const w = await hub.api.get({ id: workshopId }).catch(() => undefined);
        if (w?.type !== 'workshop') throw new HubFailure('not-found', `--workshop: no workshop "${workshopId}" (see "socle list --type workshop").`);
      }
      server = await startServer({
        hub,
        dataDir: ctx.dataDir,
        host,
        port,
        rendererDir: rendererDir(),
        warn: (m) => ctx.io.err(m),
        ...(roomMode ? { room: workshopId ? { workshopId } : {} } : {}),
      });
    } catch (e) {
      await hub.close();
      if (e instanceof HubFailure) throw e;
      return listenFailure(ctx, e, host, port);
    }

    const room = server.room;
    if (ctx.json) ctx.io.out(JSON.stringify(room ?? { url: server.tokenUrl, port: server.port }));
    else {
      ctx.io.out(`${READY_PREFIX}${server.tokenUrl}`);
      if (room) {
        ctx.io.out(`Participants join at ${room.joinUrl}`);
        ctx.io.out(`Join code: ${room.code} (until ${new Date(room.expiresAt).toLocaleString()})`);
      }
    }
    // Continuous sync, if it was on (the browser's Sync panel calls the contract; this process syncs).
    void resumeSync(hub);
    // The facilitator's own browser opens by itself in a room started from a terminal.
    if (ctx.opts.open === true || (room && process.stdout.isTTY)) openBrowser(server.tokenUrl, ctx);

    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    // A second Ctrl+C while saving means "stop now".
    const force = () => process.exit(130);
    process.once('SIGINT', force);
    process.once('SIGTERM', force);
    ctx.io.err(`Socle: ${signal === 'SIGINT' ? 'interrupted' : 'asked to stop'}; closing the library...`);
    try {
      await server.close();
      await hub.close();
    } finally {
      process.off('SIGINT', force);
      process.off('SIGTERM', force);
    }
    return 0;
  },
};

function parsePort(value: unknown): number {
  if (value === undefined) return DEFAULT_PORT;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isInteger(n) || n > 65535) {
    throw new HubFailure('invalid', `--port must be a whole number from 0 to 65535 (got "${String(value)}"; 0 picks a free port)`);
  }
  return n;
}

/** A port in use or a forbidden address is the user's to fix: one line, exit 2. */
function listenFailure(ctx: CommandContext, e: unknown, host: string, port: number): number {
  ctx.io.err(`socle serve: ${listenFailureMessage(e, host, port)}`);
  return 2;
}

/** Best effort: the URL is already printed, so a missing opener only earns a hint. */
function openBrowser(url: string, ctx: CommandContext): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  let hinted = false;
  const hint = () => {
    if (!hinted) ctx.io.err(`Socle: could not open a browser automatically; open ${url} yourself.`);
    hinted = true;
  };
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', hint);
    child.on('exit', (code) => {
      if (code) hint();
    });
    child.unref();
  } catch {
    hint();
  }
}
