/**
 * The room's event stream (`GET /room/events`, server-sent events). Owns the in-memory event
 * log: record changes of notes and plans (from the hub's change events), device joins and leaves.
 *
 * Each event has an id `<epoch>-<n>`; a browser's EventSource sends the last id it saw as
 * `Last-Event-ID` when it reconnects, and the stream replays what came after it from a ring of the
 * last 2,000 events, so a dropped Wi-Fi connection loses nothing. When the id is from another
 * server run (the epoch differs) or too old for the ring, the client gets a `reset` event and
 * reloads what it shows: never a silent gap.
 */
import type http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Role } from '../core/access';

export type RoomEvent =
  | { type: 'record'; id: string; recordType?: string; workshopId?: string; groupId?: string; rev?: number; deleted: boolean }
  | { type: 'device'; action: 'joined' | 'left'; id: string; name: string; groupId?: string }
  | { type: 'room'; action: 'rotated' | 'settings' };

interface Logged {
  id: string;
  seq: number;
  event: RoomEvent;
  /** Device events go to the facilitator only. */
  facilitatorOnly: boolean;
}

interface Client {
  res: http.ServerResponse;
  role: Role;
  sessionId: string;
}

const RING = 2000;
const PING_MS = 15_000;

export class EventLog {
  readonly epoch = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly ring: Logged[] = [];
  private readonly clients = new Set<Client>();
  private readonly ping: NodeJS.Timeout;

  constructor() {
    this.ping = setInterval(() => {
      for (const c of this.clients) c.res.write(': ping\n\n');
    }, PING_MS);
    this.ping.unref();
  }

  publish(event: RoomEvent, facilitatorOnly = false): void {
    const seq = ++this.seq;
    const logged: Logged = { id: `${this.epoch}-${seq}`, seq, event, facilitatorOnly };
    this.ring.push(logged);
    if (this.ring.length > RING) this.ring.shift();
    for (const c of this.clients) if (visible(logged, c.role)) write(c.res, logged);
  }

  /** Serves one SSE client: replays after Last-Event-ID, then streams until it disconnects. */
  subscribe(req: http.IncomingMessage, res: http.ServerResponse, who: { role: Role; sessionId: string }, headers: Record<string, string>): void {
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    const last = String(req.headers['last-event-id'] ?? '');
    if (last) {
      const [epoch, n] = last.split('-');
      const seq = Number(n);
      const oldest = this.ring[0]?.seq ?? this.seq + 1;
      if (epoch !== this.epoch || !Number.isInteger(seq) || seq > this.seq || seq < oldest - 1) {
        res.write(`id: ${this.epoch}-${this.seq}\nevent: reset\ndata: {}\n\n`);
      } else {
        for (const e of this.ring) if (e.seq > seq && visible(e, who.role)) write(res, e);
      }
    }
    const client: Client = { res, ...who };
    this.clients.add(client);
    // Not req's 'close': that fires as soon as the (empty) request body has been read.
    res.on('close', () => this.clients.delete(client));
  }

  /** Ends the streams of a revoked session (its EventSource then gets 401 and stops). */
  disconnect(sessionId: string): void {
    for (const c of this.clients) {
      if (c.sessionId === sessionId) {
        c.res.end();
        this.clients.delete(c);
      }
    }
  }

  close(): void {
    clearInterval(this.ping);
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }

  get clientCount(): number {
    return this.clients.size;
  }
}

function visible(e: Logged, role: Role): boolean {
  return !e.facilitatorOnly || role === 'facilitator';
}

function write(res: http.ServerResponse, e: Logged): void {
  res.write(`id: ${e.id}\nevent: ${e.event.type}\ndata: ${JSON.stringify(e.event)}\n\n`);
}
