/**
 * Who is calling the HTTP adapter: the browser mode's secret token, the sessions it and the room's
 * join code give out, and the room's own state (join code, note owners). Owns `<data>/server/`:
 *
 * - `token`: the browser mode's secret (32 random bytes, base64url), mode 0600. Made on the first
 *   launch and kept, so a bookmarked `?token=` URL survives a restart (Jupyter does the same).
 * - `sessions.json` (mode 0600): the sessions handed out, by the SHA-256 of their cookie (a stolen
 *   copy of the file does not give working cookies), the room (join code, expiry, workshop,
 *   take-home switch) and which device captured which note. Written atomically, so sessions
 *   survive a restart and a participant's autosave continues where it was.
 *
 * Secrets are compared in constant time; cookies are HttpOnly, SameSite=Strict, named per port
 * (two Socle servers on one machine do not overwrite each other's cookie).
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/store/atomic-file';
import type { Role } from '../core/access';

/** Join codes: 6 characters with no look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const CODE_LENGTH = 6;
const FACILITATOR_SESSION_MS = 30 * 24 * 3600_000;
const MAX_SESSIONS = 2000;

export interface Session {
  /** Public id (shown to the facilitator, used to revoke); not the cookie. */
  id: string;
  /** SHA-256 (hex) of the cookie value. */
  hash: string;
  role: Role;
  /** The device's stable id (namespaces its notes' client ids). */
  deviceId: string;
  name: string;
  groupId?: string;
  createdAt: string;
  lastSeen: string;
  expiresAt: string;
  address: string;
}

export interface RoomState {
  code: string;
  expiresAt: string;
  workshopId?: string;
  takeHome: boolean;
}

const sessionSchema = z.object({
  id: z.string().max(64),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  role: z.enum(['facilitator', 'participant']),
  deviceId: z.string().max(64),
  name: z.string().max(80),
  groupId: z.string().max(120).optional(),
  createdAt: z.string().max(40),
  lastSeen: z.string().max(40),
  expiresAt: z.string().max(40),
  address: z.string().max(80),
});
const stateSchema = z.object({
  version: z.literal(1),
  sessions: z.array(sessionSchema).max(MAX_SESSIONS),
  room: z.object({ code: z.string().max(12), expiresAt: z.string().max(40), workshopId: z.string().max(120).optional(), takeHome: z.boolean() }).optional(),
  owners: z.record(z.string().max(200), z.string().max(64)),
});
type State = z.infer<typeof stateSchema>;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const randomId = (bytes = 16) => randomBytes(bytes).toString('base64url');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(sha256(a), 'hex');
  const y = Buffer.from(sha256(b), 'hex');
  return timingSafeEqual(x, y) && a === b;
}

/** A fresh join code: uniform over the alphabet (crypto.randomInt has no modulo bias). */
export function makeJoinCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** The last millisecond of `now`'s local day: a join code is good for the day of the workshop. */
export function endOfDay(now: Date): Date {
  const d = new Date(now);
  d.setHours(23, 59, 59, 999);
  return d;
}

/** Normalises what a participant typed: case, spaces and dashes do not matter. */
export function normaliseCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '');
}

async function writePrivate(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, text);
  await fs.chmod(file, 0o600);
}

/** Reads or makes `<data>/server/token` (mode 0600). */
export async function loadOrCreateToken(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'server', 'token');
  try {
    const text = (await fs.readFile(file, 'utf8')).trim();
    if (/^[A-Za-z0-9_-]{32,128}$/.test(text)) {
      await fs.chmod(file, 0o600).catch(() => undefined);
      return text;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const token = randomId(32);
  await writePrivate(file, `${token}\n`);
  return token;
}

export class AuthStore {
  private state: State = { version: 1, sessions: [], owners: {} };
  private readonly byHash = new Map<string, Session>();
  private writing: Promise<void> | undefined;
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

  private constructor(
    readonly dataDir: string,
    readonly token: string,
    private readonly clock: () => Date,
  ) {}

  static async open(dataDir: string, clock: () => Date = () => new Date()): Promise<AuthStore> {
    const store = new AuthStore(dataDir, await loadOrCreateToken(dataDir), clock);
    try {
      const parsed = stateSchema.safeParse(JSON.parse(await fs.readFile(store.file(), 'utf8')));
      // An unreadable state only costs participants a rejoin; it is set aside, never trusted.
      if (parsed.success) store.state = parsed.data;
      else await fs.rename(store.file(), `${store.file()}.invalid-${Date.now()}`).catch(() => undefined);
    } catch {
      // No state yet.
    }
    store.prune();
    for (const s of store.state.sessions) store.byHash.set(s.hash, s);
    return store;
  }

  private file(): string {
    return path.join(this.dataDir, 'server', 'sessions.json');
  }

  /** Saves the state; concurrent calls share the next write, and each resolves once its change is on disk. */
  persist(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (this.writing) return;
      this.writing = (async () => {
        while (this.waiters.length) {
          const waiting = this.waiters.splice(0);
          this.state.sessions = [...this.byHash.values()];
          try {
            await writePrivate(this.file(), JSON.stringify(this.state));
            waiting.forEach((w) => w.resolve());
          } catch (e) {
            waiting.forEach((w) => w.reject(e));
          }
        }
      })().finally(() => {
        this.writing = undefined;
      });
    });
  }

  private prune(): void {
    const now = this.clock().getTime();
    this.state.sessions = this.state.sessions.filter((s) => Date.parse(s.expiresAt) > now).slice(-MAX_SESSIONS);
  }

  tokenMatches(candidate: string): boolean {
    return safeEqual(candidate, this.token);
  }

  /** A new session; returns the cookie value (shown once, stored only as a hash). */
  async createSession(input: { role: Role; name: string; groupId?: string; address: string; expiresAt?: Date }): Promise<{ cookie: string; session: Session }> {
    const now = this.clock();
    const cookie = randomId(32);
    const session: Session = {
      id: randomId(9),
      hash: sha256(cookie),
      role: input.role,
      deviceId: randomId(9),
      name: input.name,
      ...(input.groupId ? { groupId: input.groupId } : {}),
      createdAt: now.toISOString(),
      lastSeen: now.toISOString(),
      expiresAt: (input.expiresAt ?? new Date(now.getTime() + FACILITATOR_SESSION_MS)).toISOString(),
      address: input.address.slice(0, 80),
    };
    if (this.byHash.size >= MAX_SESSIONS) {
      const oldest = [...this.byHash.values()].sort((a, b) => a.lastSeen.localeCompare(b.lastSeen))[0];
      if (oldest) this.byHash.delete(oldest.hash);
    }
    this.byHash.set(session.hash, session);
    await this.persist();
    return { cookie, session };
  }

  /** The live session of a cookie value, or undefined (unknown, revoked or expired). */
  resolve(cookie: string | undefined): Session | undefined {
    if (!cookie || cookie.length > 200) return undefined;
    const s = this.byHash.get(sha256(cookie));
    if (!s) return undefined;
    const now = this.clock();
    if (Date.parse(s.expiresAt) <= now.getTime()) {
      this.byHash.delete(s.hash);
      return undefined;
    }
    s.lastSeen = now.toISOString();
    return s;
  }

  sessions(role?: Role): Session[] {
    return [...this.byHash.values()].filter((s) => !role || s.role === role);
  }

  /** Revokes one session by its public id, or every participant's; returns the revoked ones. */
  async revoke(which: { id: string } | { allParticipants: true }): Promise<Session[]> {
    const gone = this.sessions().filter((s) => ('id' in which ? s.id === which.id : s.role === 'participant'));
    gone.forEach((s) => this.byHash.delete(s.hash));
    if (gone.length) await this.persist();
    return gone;
  }

  // ---- the room ---------------------------------------------------------------------------------

  get room(): RoomState | undefined {
    return this.state.room;
  }

  /** Opens the room (or keeps today's): a fresh code when there is none or it expired. */
  async openRoom(options: { workshopId?: string } = {}): Promise<RoomState> {
    const now = this.clock();
    const current = this.state.room;
    if (!current || Date.parse(current.expiresAt) <= now.getTime()) {
      this.state.room = { code: makeJoinCode(), expiresAt: endOfDay(now).toISOString(), takeHome: false };
    }
    if (options.workshopId) this.state.room!.workshopId = options.workshopId;
    await this.persist();
    return this.state.room!;
  }

  /** A new join code (the old one stops working at once); joined devices stay joined. */
  async rotateCode(): Promise<RoomState> {
    const room = this.requireRoom();
    room.code = makeJoinCode();
    room.expiresAt = endOfDay(this.clock()).toISOString();
    await this.persist();
    return room;
  }

  async updateRoom(changes: { takeHome?: boolean; workshopId?: string }): Promise<RoomState> {
    const room = this.requireRoom();
    if (changes.takeHome !== undefined) room.takeHome = changes.takeHome;
    if (changes.workshopId !== undefined) room.workshopId = changes.workshopId;
    await this.persist();
    return room;
  }

  /** Whether a typed code is today's join code (constant time). */
  codeMatches(raw: string): boolean {
    const room = this.state.room;
    if (!room || Date.parse(room.expiresAt) <= this.clock().getTime()) return false;
    return safeEqual(normaliseCode(raw), room.code);
  }

  private requireRoom(): RoomState {
    if (!this.state.room) throw new Error('no room is open');
    return this.state.room;
  }

  // ---- record owners ------------------------------------------------------------------------------

  /** The device that captured a note or proposed a practice in the room. */
  owner(recordId: string): string | undefined {
    return Object.prototype.hasOwnProperty.call(this.state.owners, recordId) ? this.state.owners[recordId] : undefined;
  }

  /** The records (notes, proposed practices) a device made in the room. */
  recordsOf(deviceId: string): string[] {
    return Object.entries(this.state.owners)
      .filter(([, d]) => d === deviceId)
      .map(([id]) => id);
  }

  async setOwner(recordId: string, deviceId: string): Promise<void> {
    if (this.state.owners[recordId] === deviceId) return;
    this.state.owners[recordId] = deviceId;
    await this.persist();
  }
}
