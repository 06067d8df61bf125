/**
 * The workshop room under load (issue 9), on loopback only: `socle serve --room` in-process on
 * 127.0.0.1, 40 simulated participants (each its own session, told apart by cookie, not address)
 * join with the code, pick a group and capture 20 notes each, all at once, while the facilitator
 * holds the event stream open and reloads the dashboard on every change (as the screen does).
 * Every 5th note is sent twice with the same clientId, as a retry after a dropped answer would.
 *
 * Reports the capture latency (median, p95, max) seen by the participants, notes lost and
 * duplicated, and the events the facilitator received; the reference in the same run is the same
 * captures made in-process through dispatch() (no HTTP, no sessions). Goal: p95 under 200 ms,
 * 0 lost, 0 duplicated. Bounded: 40 x 20 captures, 120 s at most.
 *
 *   node --import tsx bench/room.ts [--participants 40] [--notes 20]
 * `npm run bench` runs it after the search sizes (skip with --no-room).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Hub } from '../main/core/hub';
import { dispatch } from '../main/core/dispatch';
import { libraryDir } from '../main/platform/paths';
import { startServer } from '../main/server/server';

export interface RoomBenchResult {
  participants: number;
  notesEach: number;
  captures: number;
  latencyMs: { median: number; p95: number; max: number };
  referenceMs: { median: number; p95: number };
  lost: number;
  duplicated: number;
  facilitatorEvents: number;
  dashboardReloads: number;
  durationS: number;
  pass: boolean;
}

const GOAL_P95_MS = 200;
const LIMIT_MS = 120_000;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;

export async function runRoomBenchmark(opts: { participants?: number; notes?: number } = {}): Promise<RoomBenchResult> {
  const participants = opts.participants ?? 40;
  const notesEach = opts.notes ?? 20;
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'socle-bench-room-'));
  const rendererDir = path.join(tmp, 'renderer');
  await fs.mkdir(rendererDir);
  const dataDir = path.join(tmp, 'data');
  const hub = await Hub.open({ dataDir, libraryDir: libraryDir() });
  const t0 = performance.now();
  const deadline = setTimeout(() => {
    console.log('room bench: over its 120 s bound, stopping.');
    process.exit(1);
  }, LIMIT_MS);
  deadline.unref();
  try {
    const made = await hub.api.createWorkshop({ from: 'dakar-2017', start: new Date().toISOString().slice(0, 10), title: 'Banc d’essai de la salle' });
    const workshopId = made.workshop.id;
    const groups = made.workshop.groups.map((g) => g.id);
    const server = await startServer({ hub, dataDir, host: '127.0.0.1', port: 0, rendererDir, room: { workshopId }, warn: () => undefined });
    const base = server.url;
    const facilitator = { authorization: `Bearer ${server.token}` };
    const json = { 'content-type': 'application/json' };

    // The facilitator: the event stream open, the dashboard reloaded (at most every 150 ms) on changes.
    let events = 0;
    let reloads = 0;
    const ctrl = new AbortController();
    const stream = await fetch(`${base}room/events`, { headers: facilitator, signal: ctrl.signal });
    let dirty = false;
    let reloading: Promise<void> | undefined;
    const reloadDashboard = async () => {
      while (dirty) {
        dirty = false;
        await fetch(`${base}api/dashboard`, { method: 'POST', headers: { ...json, ...facilitator }, body: JSON.stringify({ workshopId }) }).then((r) => r.arrayBuffer());
        reloads++;
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    const reading = (async () => {
      const reader = stream.body!.getReader();
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += Buffer.from(value).toString('utf8');
          const blocks = buffer.split('\n\n');
          buffer = blocks.pop() ?? '';
          for (const b of blocks) {
            if (!b.includes('event: record')) continue;
            events++;
            dirty = true;
            reloading ??= reloadDashboard().finally(() => (reloading = undefined));
          }
        }
      } catch {
        // aborted at the end
      }
    })();

    // Participants join.
    const cookies = await Promise.all(
      Array.from({ length: participants }, async (_, i) => {
        const res = await fetch(`${base}room/join`, { method: 'POST', headers: json, body: JSON.stringify({ code: server.room!.code, name: `Participant ${i + 1}` }) });
        if (res.status !== 200) throw new Error(`join: HTTP ${res.status}`);
        const cookie = res.headers.get('set-cookie')!.split(';', 1)[0]!;
        await fetch(`${base}room/profile`, { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify({ groupId: groups[i % groups.length] }) }).then((r) => r.arrayBuffer());
        return cookie;
      }),
    );

    // Everyone captures at once.
    const latencies: number[] = [];
    const texts: string[] = [];
    await Promise.all(
      cookies.map(async (cookie, p) => {
        for (let n = 0; n < notesEach; n++) {
          const text = `Note ${n + 1} du participant ${p + 1} : protection sociale #bench`;
          texts.push(text);
          const body = JSON.stringify({ workshopId, text, clientId: `bench-${p}-${n}` });
          const send = async () => {
            const t = performance.now();
            const res = await fetch(`${base}api/captureNote`, { method: 'POST', headers: { ...json, cookie }, body });
            const r = (await res.json()) as { ok: boolean; error?: { message: string } };
            latencies.push(performance.now() - t);
            if (!r.ok) throw new Error(`captureNote: ${r.error?.message}`);
          };
          await send();
          if (n % 5 === 4) await send(); // a retry whose first answer was lost
        }
      }),
    );
    while (reloading) await reloading;
    await new Promise((r) => setTimeout(r, 300));
    ctrl.abort();
    await reading;

    const notes = await hub.api.workshopNotes({ workshopId });
    const counts = new Map<string, number>();
    for (const note of notes) counts.set(note.body, (counts.get(note.body) ?? 0) + 1);
    const lost = texts.filter((t) => !counts.has(t)).length;
    const duplicated = [...counts.values()].reduce((s, c) => s + (c > 1 ? c - 1 : 0), 0);
    await server.close();

    // Reference: the same number of captures in-process, through dispatch() (no HTTP, no sessions).
    const ref: number[] = [];
    await Promise.all(
      Array.from({ length: participants }, async (_, p) => {
        for (let n = 0; n < notesEach; n++) {
          const t = performance.now();
          await dispatch(hub.api, 'captureNote', { workshopId, text: `Référence ${n} ${p}`, clientId: `ref-${p}-${n}`, groupId: groups[p % groups.length] });
          ref.push(performance.now() - t);
        }
      }),
    );

    latencies.sort((a, b) => a - b);
    ref.sort((a, b) => a - b);
    const r: RoomBenchResult = {
      participants,
      notesEach,
      captures: latencies.length,
      latencyMs: { median: pct(latencies, 0.5), p95: pct(latencies, 0.95), max: latencies.at(-1) ?? NaN },
      referenceMs: { median: pct(ref, 0.5), p95: pct(ref, 0.95) },
      lost,
      duplicated,
      facilitatorEvents: events,
      dashboardReloads: reloads,
      durationS: (performance.now() - t0) / 1000,
      pass: false,
    };
    r.pass = r.latencyMs.p95 < GOAL_P95_MS && lost === 0 && duplicated === 0;
    return r;
  } finally {
    clearTimeout(deadline);
    await hub.close();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

export function printRoomResult(r: RoomBenchResult): void {
  const f = (n: number) => n.toFixed(1);
  console.log(`\n>> workshop room: ${r.participants} participants x ${r.notesEach} notes over HTTP on loopback (every 5th sent twice), facilitator's stream and dashboard open`);
  console.log(`   capture latency: median ${f(r.latencyMs.median)} ms, p95 ${f(r.latencyMs.p95)} ms, max ${f(r.latencyMs.max)} ms (${r.captures} requests)`);
  console.log(`   reference (same captures in-process, no HTTP): median ${f(r.referenceMs.median)} ms, p95 ${f(r.referenceMs.p95)} ms`);
  console.log(`   notes lost: ${r.lost}, duplicated: ${r.duplicated}; facilitator received ${r.facilitatorEvents} note events, reloaded the dashboard ${r.dashboardReloads} times; ${f(r.durationS)} s`);
  console.log(`   ${r.pass ? 'PASS' : 'FAIL'}: p95 < ${GOAL_P95_MS} ms, 0 lost, 0 duplicated`);
}

const isMain = !!process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  runRoomBenchmark({ participants: arg('--participants'), notes: arg('--notes') }).then(
    (r) => {
      printRoomResult(r);
      process.exit(0);
    },
    (e) => {
      console.error(`room bench failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
