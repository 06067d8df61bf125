/**
 * The autosave engine of quick capture: one NoteSaver per note being typed or edited, following
 * the protocol documented at the top of main/core/workshops/api.ts:
 *
 * - a clientId made once per new note (kept in the local draft, so a reload reuses it);
 * - save 300 ms after typing stops, and no later than 700 ms after the first unsaved keystroke
 *   while typing goes on; also on flush() (Enter, blur, group switch, leaving, window close);
 * - first save captureNote({ ..., clientId }), retried with the same clientId (and the very same
 *   payload) on a timeout or network error; `inTrash` (or not-found: the note was undone or
 *   deleted meanwhile) starts a new note with a new clientId, keeping the text;
 * - then updateNote({ id, rev, text }) with the rev of the last save; one save in flight per
 *   note, the latest text queued and sent when it answers (intermediate texts may be skipped);
 * - a conflict is never retried: the saver stops and holds both texts until the user chooses.
 *
 * Every keystroke is also written to a local draft store (localStorage in the app) until the hub
 * confirms it on disk, so even a crash of the window itself loses nothing it had shown.
 *
 * No React and no DOM here: the screen subscribes; tests drive it with fake timers.
 */
import type { HubError, Result } from '../../../../main/core/result';
import type { Note } from '../../../../main/core/model';

export const DEBOUNCE_MS = 300;
export const MAX_WAIT_MS = 700;
/** A save that has not answered by then is treated as lost and retried (idempotently). */
export const SAVE_TIMEOUT_MS = 8000;
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

export type NoteSaveState =
  /** Nothing typed yet (a fresh composer). */
  | 'idle'
  /** Typed, not yet sent. */
  | 'dirty'
  | 'saving'
  /** What is shown is on disk. */
  | 'saved'
  /** The hub could not be reached: trying again with the same clientId/rev. */
  | 'retrying'
  /** The text is empty: a note cannot be empty (delete it instead). */
  | 'empty'
  /** The hub refused the save (too large...); typing again retries. */
  | 'error'
  /** Changed elsewhere: waiting for the user to choose. */
  | 'conflict';

export interface CaptureInput {
  workshopId: string;
  groupId?: string;
  sessionId?: string;
  text: string;
  clientId: string;
}

export interface NoteTransport {
  captureNote(input: CaptureInput): Promise<Result<{ note: Note; created: boolean; inTrash: boolean }>>;
  updateNote(input: { id: string; rev: number; text: string }): Promise<Result<Note>>;
}

/** What the local draft store keeps of an unsaved note. */
export interface NoteDraft {
  key: string;
  clientId: string;
  workshopId: string;
  groupId?: string;
  sessionId?: string;
  noteId?: string;
  rev?: number;
  text: string;
  /** The note is still in the capture box (not yet sent with Enter). */
  composer: boolean;
  updatedAt: number;
}

export interface DraftStore {
  put(draft: NoteDraft): void;
  remove(key: string): void;
}

export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function newClientId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  // Older engines without randomUUID (not expected in Chromium): still unique enough per machine.
  return `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** A hub error that says nothing about the note (the hub was not reached, or did not answer). */
export function isTransient(error: HubError): boolean {
  return error.code === 'internal';
}

export interface NoteSaverOptions {
  transport: NoteTransport;
  workshopId: string;
  groupId?: string;
  sessionId?: string;
  /** An existing note (a note of the list, edited inline). */
  note?: Note;
  /** A recovered draft (after a reload or a crash). */
  draft?: NoteDraft;
  composer?: boolean;
  store?: DraftStore;
  clock?: Clock;
  timeoutMs?: number;
  /** Called each time a chain of saves settles with everything on disk. */
  onSaved?: (saver: NoteSaver) => void;
}

export class NoteSaver {
  /** Stable for the saver's life (a React key, the draft's key). */
  readonly key: string;
  readonly workshopId: string;
  clientId: string;
  groupId?: string;
  sessionId?: string;
  noteId?: string;
  rev?: number;
  /** The latest text typed. */
  text: string;
  /** The text the hub last confirmed (undefined: not known yet). */
  savedText?: string;
  /** The last note the hub returned (tags, session, createdAt...). */
  note?: Note;
  state: NoteSaveState;
  error?: HubError;
  conflict?: { mine: string; theirs: Note };
  composer: boolean;
  /** Bumped on every change, for useSyncExternalStore. */
  version = 0;
  /** When this saver was made (orders notes not yet on the hub). */
  readonly startedAt = new Date().toISOString();

  private readonly transport: NoteTransport;
  private readonly store?: DraftStore;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly onSaved?: (saver: NoteSaver) => void;
  private inFlight = false;
  private debounceTimer: unknown;
  private maxWaitTimer: unknown;
  private retryTimer: unknown;
  private retries = 0;
  /** The payload being retried after a transient failure (retries resend exactly it). */
  private retryPayload?: { kind: 'capture'; input: CaptureInput } | { kind: 'update'; input: { id: string; rev: number; text: string } };
  private disposed = false;
  private readonly listeners = new Set<() => void>();
  private idleWaiters: (() => void)[] = [];

  constructor(opts: NoteSaverOptions) {
    this.transport = opts.transport;
    this.store = opts.store;
    this.clock = opts.clock ?? realClock;
    this.timeoutMs = opts.timeoutMs ?? SAVE_TIMEOUT_MS;
    this.onSaved = opts.onSaved;
    this.workshopId = opts.workshopId;
    const d = opts.draft;
    if (d) {
      this.key = d.key;
      this.clientId = d.clientId;
      this.groupId = d.groupId;
      this.sessionId = d.sessionId;
      this.noteId = d.noteId;
      this.rev = d.rev;
      this.text = d.text;
      this.composer = d.composer;
      this.state = 'dirty';
    } else if (opts.note) {
      const n = opts.note;
      this.key = n.id;
      this.clientId = n.id;
      this.groupId = n.groupId;
      this.sessionId = n.sessionId;
      this.noteId = n.id;
      this.rev = n.rev;
      this.text = n.body;
      this.savedText = n.body;
      this.note = n;
      this.composer = false;
      this.state = 'saved';
    } else {
      this.clientId = newClientId();
      this.key = this.clientId;
      this.groupId = opts.groupId;
      this.sessionId = opts.sessionId;
      this.text = '';
      this.composer = opts.composer ?? false;
      this.state = 'idle';
    }
  }

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };

  getVersion = (): number => this.version;

  /** Unsaved work: typed but not confirmed on disk (or stuck in a conflict/error). */
  get pending(): boolean {
    return this.state === 'dirty' || this.state === 'saving' || this.state === 'retrying' || this.state === 'conflict' || this.state === 'error';
  }

  private emit(): void {
    this.version++;
    for (const cb of [...this.listeners]) cb();
    // flush() waiters: settled means nothing in flight and nothing waiting to be sent (a save that
    // is retrying in the background counts as settled: it is in the draft store meanwhile).
    if (!this.inFlight && this.state !== 'dirty' && this.state !== 'saving') {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private persist(): void {
    if (!this.store) return;
    if (this.savedText !== undefined && this.text === this.savedText && !this.conflict) {
      this.store.remove(this.key);
      return;
    }
    if (!this.text.trim() && !this.noteId) {
      this.store.remove(this.key);
      return;
    }
    this.store.put({
      key: this.key,
      clientId: this.clientId,
      workshopId: this.workshopId,
      ...(this.groupId ? { groupId: this.groupId } : {}),
      ...(this.sessionId ? { sessionId: this.sessionId } : {}),
      ...(this.noteId ? { noteId: this.noteId } : {}),
      ...(this.rev !== undefined ? { rev: this.rev } : {}),
      text: this.text,
      composer: this.composer,
      updatedAt: Date.now(),
    });
  }

  private clearTimers(): void {
    if (this.debounceTimer !== undefined) this.clock.clearTimeout(this.debounceTimer);
    if (this.maxWaitTimer !== undefined) this.clock.clearTimeout(this.maxWaitTimer);
    this.debounceTimer = undefined;
    this.maxWaitTimer = undefined;
  }

  /** The user typed: remember it at once, save it soon. */
  setText(text: string): void {
    if (this.disposed) return;
    this.text = text;
    if (this.conflict) {
      this.persist();
      this.emit();
      return;
    }
    if (this.savedText !== undefined && text === this.savedText && !this.inFlight && this.state !== 'retrying') {
      this.clearTimers();
      this.state = 'saved';
      this.persist();
      this.emit();
      return;
    }
    if (!text.trim()) {
      this.clearTimers();
      if (!this.inFlight && this.state !== 'retrying') this.state = this.noteId ? 'empty' : 'idle';
      this.persist();
      this.emit();
      return;
    }
    if (!this.inFlight && this.state !== 'retrying') this.state = 'dirty';
    this.persist();
    this.schedule();
    this.emit();
  }

  /** Moves a note that has not been created yet to another group or session. */
  setContext(ctx: { groupId?: string; sessionId?: string }): void {
    if (this.noteId || this.inFlight) return;
    this.groupId = ctx.groupId;
    this.sessionId = ctx.sessionId;
    this.persist();
  }

  /** Marks the note as sent from the capture box (its draft is no longer the box's content). */
  release(): void {
    this.composer = false;
    this.persist();
  }

  private schedule(): void {
    if (this.debounceTimer !== undefined) this.clock.clearTimeout(this.debounceTimer);
    this.debounceTimer = this.clock.setTimeout(() => void this.save(), DEBOUNCE_MS);
    this.maxWaitTimer ??= this.clock.setTimeout(() => void this.save(), MAX_WAIT_MS);
  }

  /** Saves now (Enter, blur, group switch, leaving); resolves when nothing more can be done. */
  flush(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    if (this.state === 'retrying') {
      // Do not wait for the back-off: try again now.
      if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      void this.send();
    } else {
      void this.save();
    }
    // Resolve at once when there is nothing to wait for.
    if (!this.inFlight && this.state !== 'dirty' && this.state !== 'saving') this.emit();
    return done;
  }

  private async save(): Promise<void> {
    this.clearTimers();
    if (this.disposed || this.conflict) return;
    // One save in flight per note: the latest text goes when it answers (see continueAfter).
    if (this.inFlight || this.state === 'retrying') return;
    const text = this.text;
    if (!text.trim()) {
      this.state = this.noteId ? 'empty' : 'idle';
      this.emit();
      return;
    }
    if (this.noteId && this.rev !== undefined && text === this.savedText) {
      this.state = 'saved';
      this.persist();
      this.emit();
      return;
    }
    this.retryPayload =
      this.noteId && this.rev !== undefined
        ? { kind: 'update', input: { id: this.noteId, rev: this.rev, text } }
        : {
            kind: 'capture',
            input: {
              workshopId: this.workshopId,
              ...(this.groupId ? { groupId: this.groupId } : {}),
              ...(this.sessionId ? { sessionId: this.sessionId } : {}),
              text,
              clientId: this.clientId,
            },
          };
    await this.send();
  }

  private withTimeout<T>(p: Promise<Result<T>>): Promise<Result<T>> {
    return new Promise((resolve) => {
      const h = this.clock.setTimeout(
        () => resolve({ ok: false, error: { code: 'internal', message: 'The save did not answer in time.' } }),
        this.timeoutMs,
      );
      p.then(
        (r) => {
          this.clock.clearTimeout(h);
          resolve(r);
        },
        (e: unknown) => {
          this.clock.clearTimeout(h);
          resolve({ ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } });
        },
      );
    });
  }

  /** Sends `retryPayload` (a first attempt or a retry of exactly the same request). */
  private async send(): Promise<void> {
    const payload = this.retryPayload;
    if (!payload || this.disposed || this.inFlight) return;
    this.inFlight = true;
    this.state = 'saving';
    this.emit();
    if (payload.kind === 'capture') {
      const r = await this.withTimeout(this.transport.captureNote(payload.input));
      this.inFlight = false;
      if (this.disposed) return;
      if (r.ok) {
        this.retries = 0;
        this.retryPayload = undefined;
        if (r.value.inTrash) {
          // Undone or deleted while it was being typed: this text becomes a new note.
          this.restart();
          return this.continueAfter();
        }
        this.accept(r.value.note);
        return this.continueAfter();
      }
      return this.fail(r.error);
    }
    const r = await this.withTimeout(this.transport.updateNote(payload.input));
    this.inFlight = false;
    if (this.disposed) return;
    if (r.ok) {
      this.retries = 0;
      this.retryPayload = undefined;
      this.accept(r.value);
      return this.continueAfter();
    }
    if (r.error.code === 'not-found') {
      // The note went to the trash (undo, delete elsewhere) while it was edited: keep the text as a new note.
      this.retryPayload = undefined;
      this.restart();
      return this.continueAfter();
    }
    return this.fail(r.error);
  }

  private accept(note: Note): void {
    this.note = note;
    this.noteId = note.id;
    this.rev = note.rev;
    this.savedText = note.body;
    this.groupId = note.groupId;
    this.sessionId = note.sessionId;
    this.error = undefined;
  }

  private restart(): void {
    this.clientId = newClientId();
    this.noteId = undefined;
    this.rev = undefined;
    this.savedText = undefined;
    this.note = undefined;
  }

  /** After an answer: send the latest text if it moved on, else settle. */
  private continueAfter(): Promise<void> | void {
    if (this.text.trim() && this.text !== this.savedText) {
      this.state = 'dirty';
      this.persist();
      return this.save();
    }
    this.state = this.text.trim() ? 'saved' : this.noteId ? 'empty' : 'idle';
    this.persist();
    this.emit();
    if (this.state === 'saved') this.onSaved?.(this);
  }

  private fail(error: HubError): void {
    if (isTransient(error)) {
      this.state = 'retrying';
      this.error = error;
      const delay = RETRY_DELAYS_MS[Math.min(this.retries, RETRY_DELAYS_MS.length - 1)]!;
      this.retries++;
      this.retryTimer = this.clock.setTimeout(() => {
        this.retryTimer = undefined;
        void this.send();
      }, delay);
      this.persist();
      this.emit();
      return;
    }
    this.retryPayload = undefined;
    const current = (error.details as { current?: unknown } | undefined)?.current;
    if (error.code === 'conflict' && isNote(current)) {
      this.conflict = { mine: this.text, theirs: current };
      this.state = 'conflict';
      this.error = undefined;
    } else {
      this.state = 'error';
      this.error = error;
    }
    this.persist();
    this.emit();
  }

  /** After a conflict: keep my text (saved on top of theirs) or take theirs. */
  resolveConflict(choice: 'mine' | 'theirs'): void {
    const c = this.conflict;
    if (!c) return;
    this.conflict = undefined;
    this.accept(c.theirs);
    if (choice === 'theirs') {
      this.text = c.theirs.body;
      this.state = 'saved';
      this.persist();
      this.emit();
      return;
    }
    // Mine: what the box holds now (the text at the conflict, plus anything typed since).
    this.state = 'dirty';
    this.persist();
    this.emit();
    void this.save();
  }

  /** A fresher copy of the note from the hub (after an undo, a reload): taken only when nothing is pending. */
  refresh(note: Note): void {
    if (this.inFlight || this.pending || note.id !== this.noteId) return;
    if (note.rev === this.rev && note.body === this.savedText) {
      this.note = note;
      return;
    }
    this.accept(note);
    this.text = note.body;
    this.state = 'saved';
    this.emit();
  }

  /** Stops every timer (the note was deleted here, or the screen is gone and has flushed). */
  dispose(opts: { forget?: boolean } = {}): void {
    this.disposed = true;
    this.clearTimers();
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (opts.forget) this.store?.remove(this.key);
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * The request that would save what is unsaved right now, for a last-chance send while the
   * window closes (fetch keepalive / IPC): the draft store still holds the text if it is lost.
   */
  unloadRequest(): { method: 'captureNote'; input: CaptureInput } | { method: 'updateNote'; input: { id: string; rev: number; text: string } } | undefined {
    if (this.conflict || !this.text.trim() || (this.savedText !== undefined && this.text === this.savedText)) return undefined;
    if (this.noteId && this.rev !== undefined) return { method: 'updateNote', input: { id: this.noteId, rev: this.rev, text: this.text } };
    if (this.noteId) return undefined;
    return {
      method: 'captureNote',
      input: {
        workshopId: this.workshopId,
        ...(this.groupId ? { groupId: this.groupId } : {}),
        ...(this.sessionId ? { sessionId: this.sessionId } : {}),
        text: this.text,
        clientId: this.clientId,
      },
    };
  }
}

function isNote(x: unknown): x is Note {
  return !!x && typeof x === 'object' && (x as { type?: unknown }).type === 'note' && typeof (x as { rev?: unknown }).rev === 'number';
}

/** Drafts of one workshop in localStorage (one JSON object per workshop, small). */
export class LocalDraftStore implements DraftStore {
  private readonly storageKey: string;
  constructor(
    workshopId: string,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined = safeLocalStorage(),
  ) {
    this.storageKey = `socle.capture.v1.${workshopId}`;
  }

  all(): NoteDraft[] {
    try {
      const raw = this.storage?.getItem(this.storageKey);
      if (!raw) return [];
      const parsed = JSON.parse(raw) as Record<string, NoteDraft>;
      return Object.values(parsed).filter((d) => d && typeof d.key === 'string' && typeof d.clientId === 'string' && typeof d.text === 'string');
    } catch {
      return [];
    }
  }

  private write(drafts: Record<string, NoteDraft>): void {
    try {
      if (Object.keys(drafts).length) this.storage?.setItem(this.storageKey, JSON.stringify(drafts));
      else this.storage?.removeItem(this.storageKey);
    } catch {
      // Storage full or disabled: the hub's own saves still run; only crash recovery is weaker.
    }
  }

  private map(): Record<string, NoteDraft> {
    return Object.fromEntries(this.all().map((d) => [d.key, d]));
  }

  put(draft: NoteDraft): void {
    const m = this.map();
    m[draft.key] = draft;
    this.write(m);
  }

  remove(key: string): void {
    const m = this.map();
    if (!(key in m)) return;
    delete m[key];
    this.write(m);
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
