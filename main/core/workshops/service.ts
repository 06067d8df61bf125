/**
 * The workshop feature over the hub: creating workshops (from scratch or from a template), the
 * "now" view and rotation timer, quick capture of notes with undo, promotion of a note into a good
 * practice, country plan operations, and the results dashboard. Every write goes through the hub's
 * create/update/delete/restore, so revisions, conflicts, history, the trash and the search index
 * behave exactly as for any other record.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  draftSchemas,
  type Coverage,
  type Project,
  type DraftOf,
  type Group,
  type HubRecord,
  type Lang,
  type Note,
  type Plan,
  type PlanAction,
  type Session,
  type Step,
  type Workshop,
} from '../model';
import { HubFailure, invalidFromZod } from '../result';
import { slugify } from '../markdown';
import { countryName } from '../labels';
import type { Hub } from '../hub';
import { addDays, nowView, rotationPlan, type NowView } from './now';
import { newTimer, timerReduce, timerView, type TimerConfig, type TimerState, type TimerView } from './timer';
import { WorkshopState, type UndoEntry } from './state';
import { contextFields, extraTags, noteTags, practiceFromNote } from './capture';
import { duplicateWorkshop } from './template';
import { defaultHeadings, BUILTIN_PARTNERS, PARTNER_LABELS, PARTNER_LABELS_PT, canonicalPartner, type BuiltinPartner } from './keywords';
import { addAction, comparePlanWithBrief, moveAction, newActionId, removeAction, updateAction, type PlanComparison } from './plans';
import { compileDashboard, type Dashboard, type DashboardLang } from './dashboard';
import { dashboardToHtml } from './dashboard-html';
import { fold, titleFromText } from './text';

/** Consecutive edits of one note (or one plan action) less than this apart are one undo step. */
export const COALESCE_MS = 30_000;

export type TimerAction = 'get' | 'start' | 'pause' | 'resume' | 'advance' | 'reset';

export interface TimerOutput {
  /** The persisted state (null before the timer is first started). */
  state: TimerState | null;
  /** What to show now; the UI can keep ticking locally from `state` with its own clock. */
  view: TimerView | null;
  /** The core's clock when answering (epoch ms), so a browser can correct for its clock's drift. */
  serverTime: number;
}

export type UndoSummary = Omit<UndoEntry, 'before' | 'coalesceKey' | 'afterRev'>;

export interface UndoOutput {
  /** What was undone (null when there was nothing to undo). */
  undone: UndoSummary | null;
  /** The record as it now is (null when the undo moved it to the trash). */
  record: HubRecord | null;
  /** The next action Undo would revert, for the button's label. */
  next: UndoSummary | null;
  remaining: number;
}

export interface PartnerList {
  builtIn: { id: BuiltinPartner; fr: string; en: string; pt: string }[];
  /** Partners the user added (stored in the data directory, shared by all workshops). */
  custom: string[];
  /** Partners named in the workshop's plans that are in neither list (only with workshopId). */
  used: string[];
}

const summary = (e: UndoEntry): UndoSummary => ({ seq: e.seq, at: e.at, op: e.op, recordId: e.recordId, recordType: e.recordType, label: e.label });

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function staleRev(record: HubRecord, rev: number): HubFailure {
  return new HubFailure(
    'conflict',
    `Record "${record.id}" was changed elsewhere (now at revision ${record.rev}, your edit started from ${rev}).`,
    { details: { current: record } },
  );
}

/** Fields of a record a caller may change (the kind's draft fields minus id and type). */
function editableFields(record: HubRecord): Record<string, unknown> {
  if (record.type === 'guide') return {};
  const keys = Object.keys(draftSchemas[record.type].shape).filter((k) => k !== 'id' && k !== 'type');
  const source = record as unknown as Record<string, unknown>;
  // Absent optional fields are passed as undefined on purpose: restoring a revision that had no
  // sessionId must remove the one the later revision has.
  return Object.fromEntries(keys.map((k) => [k, source[k]]));
}

/** "Atelier de Lomé 2026" -> "atelier-de-lome-2026"; a title with no Latin letters -> "workshop-<start>". */
function idFromTitle(title: string, start: string): string {
  const slug = slugify(title).slice(0, 60).replace(/-+$/, '');
  return slug && slug !== 'section' ? slug : `workshop-${start}`;
}

function sameConfig(s: TimerState, c: TimerConfig): boolean {
  return (
    s.sessionId === c.sessionId &&
    s.groupIds.join('\n') === c.groupIds.join('\n') &&
    s.rotationMs === Math.round(c.rotationMinutes * 60_000) &&
    (c.autoAdvance === undefined || c.autoAdvance === s.autoAdvance)
  );
}

export class WorkshopService {
  private stateStore: WorkshopState | undefined;

  constructor(
    private readonly hub: Hub,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get state(): WorkshopState {
    return (this.stateStore ??= new WorkshopState(this.hub.store.dataDir, (p) => this.hub.store.report(p)));
  }

  // ---- lookups --------------------------------------------------------------------------------

  workshop(id: string): Workshop {
    const r = this.hub.resolve(id);
    if (!r || r.type !== 'workshop') throw new HubFailure('not-found', `No workshop "${id}".`, { field: 'workshopId' });
    return r;
  }

  plan(id: string): Plan {
    const r = this.hub.resolve(id);
    if (!r || r.type !== 'plan') throw new HubFailure('not-found', `No plan "${id}".`, { field: 'planId' });
    return r;
  }

  note(id: string): Note {
    const r = this.hub.resolve(id);
    if (!r || r.type !== 'note') throw new HubFailure('not-found', this.hub.store.inTrash(id) ? `Note "${id}" is in the trash.` : `No note "${id}".`, { field: 'id' });
    return r;
  }

  plansOf(workshopId: string): Plan[] {
    return [...this.hub.visible()]
      .filter((r): r is Plan => r.type === 'plan' && r.workshopId === workshopId)
      .sort((a, b) => a.country.localeCompare(b.country) || a.id.localeCompare(b.id));
  }

  notesOf(workshopId: string, filter: { groupId?: string; sessionId?: string } = {}): Note[] {
    return [...this.hub.visible()]
      .filter(
        (r): r is Note =>
          r.type === 'note' &&
          r.workshopId === workshopId &&
          (!filter.groupId || r.groupId === filter.groupId) &&
          (!filter.sessionId || r.sessionId === filter.sessionId),
      )
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  private group(w: Workshop, id: string, field = 'groupId'): Group {
    const g = w.groups.find((x) => x.id === id);
    if (!g) throw new HubFailure('invalid', `Workshop "${w.id}" has no group "${id}".`, { field });
    return g;
  }

  private session(w: Workshop, id: string, field = 'sessionId'): Session {
    const s = w.sessions.find((x) => x.id === id);
    if (!s) throw new HubFailure('invalid', `Workshop "${w.id}" has no session "${id}".`, { field });
    return s;
  }

  private isFree(id: string): boolean {
    return !this.hub.resolve(id) && !this.hub.store.inTrash(id);
  }

  private freeId(base: string, taken: Set<string> = new Set()): string {
    const stem = base.slice(0, 100).replace(/-+$/, '') || 'workshop';
    for (let n = 1; ; n++) {
      const id = n === 1 ? stem : `${stem}-${n}`;
      if (!taken.has(id) && this.isFree(id)) return id;
    }
  }

  private now(at?: string): Date {
    return at ? new Date(at) : this.clock();
  }

  // ---- workshops ------------------------------------------------------------------------------

  /**
   * Creates a workshop: from a template (`from`: copy with new ids, dates shifted to `start`,
   * template=false, its plans copied) or from scratch (title, start, optional programme). Country
   * groups get an empty plan each.
   */
  async createWorkshop(input: {
    from?: string;
    start: string;
    title?: string;
    id?: string;
    place?: string;
    lang?: Lang;
    days?: number;
    sessions?: Session[];
    groups?: Group[];
    participants?: Workshop['participants'];
  }): Promise<{ workshop: Workshop; plans: Plan[] }> {
    if (input.id && !this.isFree(input.id)) throw new HubFailure('conflict', `A record "${input.id}" already exists.`, { field: 'id' });
    let draft: DraftOf<'workshop'>;
    let planDrafts: DraftOf<'plan'>[] = [];
    if (input.from) {
      const template = this.workshop(input.from);
      const title = input.title?.trim();
      const id = input.id ?? this.freeId(title ? idFromTitle(title, input.start) : `${template.id.replace(/-\d{4}$/, '')}-${input.start}`);
      const templatePlans = this.plansOf(template.id);
      const taken = new Set<string>([id]);
      const planIds: Record<string, string> = {};
      for (const p of templatePlans) {
        const pid = this.freeId(`${id}-plan-${p.country.toLowerCase()}`, taken);
        taken.add(pid);
        planIds[p.id] = pid;
      }
      ({ workshop: draft, plans: planDrafts } = duplicateWorkshop(template, templatePlans, {
        id,
        start: input.start,
        ...(title ? { title } : {}),
        ...(input.place !== undefined ? { place: input.place } : {}),
        ...(input.lang ? { lang: input.lang } : {}),
        planIds,
      }));
    } else {
      const title = input.title?.trim();
      if (!title) throw new HubFailure('invalid', 'A new workshop needs a title (or a template to copy: from).', { field: 'title' });
      const lang = input.lang ?? 'fr';
      const dayCount = Math.max(input.days ?? 0, ...(input.sessions ?? []).map((s) => s.day), 1);
      draft = {
        type: 'workshop',
        id: input.id ?? this.freeId(idFromTitle(title, input.start)),
        lang,
        title,
        place: input.place ?? '',
        startDate: input.start,
        days: Array.from({ length: dayCount }, (_, i) => ({
          day: i + 1,
          date: addDays(input.start, i),
          title: lang === 'en' ? `Day ${i + 1}` : `Jour ${i + 1}`,
        })),
        sessions: input.sessions ?? [],
        groups: input.groups ?? [],
        participants: input.participants ?? [],
        dashboardHeadings: defaultHeadings(lang),
        template: false,
      };
    }
    const parsed = draftSchemas.workshop.safeParse(draft);
    if (!parsed.success) throw invalidFromZod(parsed.error, 'workshop');
    this.checkProgramme(parsed.data as unknown as Workshop);
    const workshop = (await this.hub.create({ record: parsed.data })) as Workshop;
    const plans: Plan[] = [];
    for (const p of planDrafts) plans.push((await this.hub.create({ record: draftSchemas.plan.parse(p) })) as Plan);
    plans.push(...(await this.ensurePlans(workshop)));
    return { workshop, plans: plans.sort((a, b) => a.country.localeCompare(b.country)) };
  }

  /** Sessions must name groups that exist and have unique ids; times must run forwards. */
  private checkProgramme(w: Workshop): void {
    const groupIds = new Set(w.groups.map((g) => g.id));
    const seen = new Set<string>();
    w.sessions.forEach((s, i) => {
      if (seen.has(s.id)) throw new HubFailure('invalid', `Two sessions have the id "${s.id}".`, { field: `sessions.${i}.id` });
      seen.add(s.id);
      if (s.end < s.start) throw new HubFailure('invalid', `Session "${s.id}" ends (${s.end}) before it starts (${s.start}).`, { field: `sessions.${i}.end` });
      const missing = s.groupIds.find((g) => !groupIds.has(g));
      if (missing) throw new HubFailure('invalid', `Session "${s.id}" names a group "${missing}" the workshop does not have.`, { field: `sessions.${i}.groupIds` });
    });
  }

  /** Creates the missing plan of each country group; returns the plans it created. */
  private async ensurePlans(w: Workshop): Promise<Plan[]> {
    const existing = this.plansOf(w.id);
    const created: Plan[] = [];
    for (const g of w.groups) {
      if (g.kind !== 'country' || !g.country) continue;
      if (existing.some((p) => p.groupId === g.id || (!p.groupId && p.country === g.country))) continue;
      const label = countryName(g.country, w.lang);
      const record = draftSchemas.plan.parse({
        type: 'plan',
        id: this.freeId(`${w.id}-plan-${g.country.toLowerCase()}`),
        lang: w.lang,
        title: w.lang === 'en' ? `Implementation plan — ${label}` : `Plan de mise en œuvre — ${label}`,
        country: g.country,
        workshopId: w.id,
        groupId: g.id,
        sensitivity: w.sensitivity,
      });
      created.push((await this.hub.create({ record })) as Plan);
    }
    return created;
  }

  /** The workshop's plans, creating the missing plan of each country group when `ensure`. */
  async workshopPlans(input: { workshopId: string; ensure?: boolean }): Promise<Plan[]> {
    const w = this.workshop(input.workshopId);
    if (input.ensure) await this.ensurePlans(w);
    return this.plansOf(w.id);
  }

  nowView(input: { workshopId: string; at?: string; timeZone?: string }): NowView {
    return nowView(this.workshop(input.workshopId), this.now(input.at), input.timeZone ? { timeZone: input.timeZone } : {});
  }

  // ---- rotation timer -------------------------------------------------------------------------

  /** The timer's configuration when it is started without one: the session running now (or given). */
  private timerConfig(w: Workshop, input: { sessionId?: string; minutes?: number; groupIds?: string[]; autoAdvance?: boolean }, at: Date): TimerConfig {
    let session = input.sessionId ? this.session(w, input.sessionId) : undefined;
    if (!session) {
      const now = nowView(w, at);
      const candidate = now.current?.groups.length ? now.current : now.next?.groups.length && now.next.rotationMinutes ? now.next : undefined;
      session = candidate ? w.sessions.find((s) => s.id === candidate.id) : undefined;
    }
    const groupIds = input.groupIds ?? session?.groupIds ?? [];
    groupIds.forEach((g, i) => this.group(w, g, `groupIds.${i}`));
    const plan = session?.rotationMinutes && !input.groupIds ? rotationPlan(w, session.id) : undefined;
    return {
      ...(session ? { sessionId: session.id } : {}),
      groupIds,
      rotationMinutes: input.minutes ?? session?.rotationMinutes ?? 60,
      ...(plan ? { rotations: plan.count, index: plan.offset } : { rotations: Math.max(1, groupIds.length) }),
      ...(input.autoAdvance !== undefined ? { autoAdvance: input.autoAdvance } : {}),
    };
  }

  /**
   * The rotation timer: `get` shows it; `start` starts it (configured from the given session,
   * minutes and groups, else from the session running now), resumes it when paused, or restarts
   * it when finished; `pause`, `resume`, `advance` (participants move now) and `reset`.
   * The state is saved after every change, so it survives a restart of the app.
   */
  async timer(input: {
    workshopId: string;
    action: TimerAction;
    sessionId?: string;
    minutes?: number;
    groupIds?: string[];
    autoAdvance?: boolean;
    at?: string;
  }): Promise<TimerOutput> {
    const w = this.workshop(input.workshopId);
    const at = this.now(input.at);
    const ms = at.getTime();
    let state: TimerState | undefined;
    if (input.action === 'get') {
      state = await this.state.readTimer(w.id);
    } else {
      const configured = input.sessionId !== undefined || input.minutes !== undefined || input.groupIds !== undefined || input.autoAdvance !== undefined;
      const config = input.action === 'start' ? this.timerConfig(w, input, at) : undefined;
      state = await this.state.updateTimer(w.id, (current) => {
        let s = current;
        // A start with a new configuration (another session, other groups or length) replaces the
        // timer; pressing start again with the same one must not reset a running rotation.
        if (input.action === 'start' && (!s || (configured && !sameConfig(s, config!)))) s = newTimer(config!, ms);
        if (!s) return undefined;
        return timerReduce(s, { type: input.action as Exclude<TimerAction, 'get'>, at: ms });
      });
    }
    return { state: state ?? null, view: state ? timerView(state, ms) : null, serverTime: ms };
  }

  // ---- quick capture --------------------------------------------------------------------------

  /** The note id a clientId stands for: the same retry always lands on the same record. */
  static clientNoteId(workshopId: string, clientId: string): string {
    return `note-${createHash('sha256').update(`${workshopId}\n${clientId}`).digest('hex').slice(0, 24)}`;
  }

  /**
   * Creates a note in a workshop (see the autosave protocol in ./api.ts). With a clientId the call
   * is idempotent: a retry returns the note the first call made (created: false), even across a
   * restart or from another process, because the id is derived from the clientId.
   */
  async captureNote(input: {
    workshopId: string;
    sessionId?: string;
    groupId?: string;
    text: string;
    clientId?: string;
    tags?: string[];
    at?: string;
    lang?: Lang;
    sensitivity?: Note['sensitivity'];
  }): Promise<{ note: Note; created: boolean; inTrash: boolean }> {
    const w = this.workshop(input.workshopId);
    refuseTemplate(w);
    const id = input.clientId ? WorkshopService.clientNoteId(w.id, input.clientId) : undefined;
    if (id) {
      const existing = this.hub.resolve(id);
      if (existing?.type === 'note') return { note: existing, created: false, inTrash: false };
      const trashed = this.hub.store.listTrash().find((e) => e.record.id === id)?.record;
      if (trashed?.type === 'note') return { note: trashed, created: false, inTrash: true };
    }
    const group = input.groupId ? this.group(w, input.groupId) : undefined;
    let session = input.sessionId ? this.session(w, input.sessionId) : undefined;
    if (!session) {
      // Not said: the session running when the note is taken (never a break or the gap between).
      const now = nowView(w, this.now(input.at));
      if (now.status === 'session' && now.current) session = this.session(w, now.current.id);
    }
    const parsed = draftSchemas.note.safeParse({
      type: 'note',
      ...(id ? { id } : {}),
      lang: input.lang ?? w.lang,
      body: input.text,
      tags: noteTags(input.text, input.tags),
      ...contextFields({ workshop: w, ...(session ? { session } : {}), ...(group ? { group } : {}) }),
      sensitivity: input.sensitivity ?? w.sensitivity,
    });
    if (!parsed.success) throw invalidFromZod(parsed.error, 'note');
    let note: Note;
    try {
      note = (await this.hub.create({ record: parsed.data })) as Note;
    } catch (e) {
      // Two captures with one clientId raced (a double-click, a retry while the first was saving):
      // the loser answers with the winner's note.
      const winner = id ? this.hub.resolve(id) : undefined;
      if (e instanceof HubFailure && e.code === 'conflict' && winner?.type === 'note') return { note: winner, created: false, inTrash: false };
      throw e;
    }
    await this.logUndo(w.id, { op: 'create', recordId: note.id, recordType: 'note', label: this.noteLabel(note), afterRev: note.rev });
    return { note, created: true, inTrash: false };
  }

  private noteLabel(note: Note): string {
    return clip(titleFromText(note.body) || note.body.trim(), 120);
  }

  /**
   * Saves a note's new text (its #tags are re-read from it; tags added separately are kept unless
   * `tags` replaces them) and optionally moves it to another group or session. A save that
   * changes nothing (a retried autosave whose first attempt arrived) returns the note unchanged.
   */
  async updateNote(input: {
    id: string;
    rev: number;
    text?: string;
    title?: string;
    tags?: string[];
    groupId?: string | null;
    sessionId?: string | null;
    sensitivity?: Note['sensitivity'];
  }): Promise<Note> {
    const note = this.note(input.id);
    const body = input.text ?? note.body;
    const changes: Record<string, unknown> = {
      body,
      tags: noteTags(body, input.tags ?? extraTags(note)),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.sensitivity ? { sensitivity: input.sensitivity } : {}),
    };
    if ((input.groupId !== undefined || input.sessionId !== undefined) && note.workshopId) {
      const w = this.workshop(note.workshopId);
      const groupId = input.groupId === undefined ? note.groupId : (input.groupId ?? undefined);
      const sessionId = input.sessionId === undefined ? note.sessionId : (input.sessionId ?? undefined);
      const group = groupId ? this.group(w, groupId) : undefined;
      const session = sessionId ? this.session(w, sessionId) : undefined;
      Object.assign(changes, {
        groupId: undefined,
        sessionId: undefined,
        country: undefined,
        step: undefined,
        ...contextFields({ workshop: w, ...(group ? { group } : {}), ...(session ? { session } : {}) }),
      });
    }
    const current = note as unknown as Record<string, unknown>;
    if (Object.entries(changes).every(([k, v]) => JSON.stringify(current[k]) === JSON.stringify(v))) return note;
    if (note.rev !== input.rev) throw staleRev(note, input.rev);
    const saved = (await this.hub.update({ id: note.id, rev: input.rev, changes })) as Note;
    if (saved.workshopId || note.workshopId) {
      await this.logUndo((note.workshopId ?? saved.workshopId)!, {
        op: 'update',
        recordId: note.id,
        recordType: 'note',
        label: this.noteLabel(saved),
        afterRev: saved.rev,
        before: note,
        coalesceKey: `note:${note.id}`,
      });
    }
    return saved;
  }

  /** Moves a note to the trash (Undo or `restore` brings it back). */
  async deleteNote(input: { id: string; rev?: number }): Promise<{ note: Note; deletedAt: string }> {
    const note = this.note(input.id);
    const entry = await this.hub.delete({ id: note.id, ...(input.rev !== undefined ? { rev: input.rev } : {}) });
    if (note.workshopId) {
      await this.logUndo(note.workshopId, { op: 'delete', recordId: note.id, recordType: 'note', label: this.noteLabel(note), afterRev: entry.record.rev });
    }
    return { note: entry.record as Note, deletedAt: entry.deletedAt };
  }

  workshopNotes(input: { workshopId: string; groupId?: string; sessionId?: string }): Note[] {
    const w = this.workshop(input.workshopId);
    return this.notesOf(w.id, input);
  }

  // ---- undo -----------------------------------------------------------------------------------

  private async logUndo(workshopId: string, entry: Omit<UndoEntry, 'seq' | 'at'>): Promise<void> {
    const at = this.clock();
    await this.state.updateUndo(workshopId, (log) => {
      const top = log.entries.at(-1);
      if (
        entry.op === 'update' &&
        entry.coalesceKey &&
        top?.op === 'update' &&
        top.coalesceKey === entry.coalesceKey &&
        top.afterRev === entry.before?.rev &&
        at.getTime() - Date.parse(top.at) < COALESCE_MS
      ) {
        // Same typing burst: one undo step back to before the burst.
        top.afterRev = entry.afterRev;
        top.at = at.toISOString();
        top.label = entry.label;
        return;
      }
      log.seq++;
      log.entries.push({ ...entry, seq: log.seq, at: at.toISOString() });
    });
  }

  async undoLog(input: { workshopId: string }): Promise<UndoSummary[]> {
    const w = this.workshop(input.workshopId);
    return (await this.state.readUndo(w.id)).map(summary).reverse();
  }

  /**
   * Reverts the workshop's last logged action: a created note goes to the trash, an edit is
   * replaced by the text before it, a deleted note comes back. If the record changed since by
   * other means, the step is dropped from the log and the call fails with "conflict" (the
   * record's history still has every revision).
   */
  async undo(input: { workshopId: string }): Promise<UndoOutput> {
    const w = this.workshop(input.workshopId);
    let failure: unknown;
    const out = await this.state.updateUndo(w.id, async (log): Promise<UndoOutput> => {
      const entry = log.entries.pop();
      const next = () => {
        const top = log.entries.at(-1);
        return top ? summary(top) : null;
      };
      if (!entry) return { undone: null, record: null, next: null, remaining: 0 };
      let record: HubRecord | null = null;
      try {
        if (entry.op === 'create') {
          await this.hub.delete({ id: entry.recordId, rev: entry.afterRev });
        } else if (entry.op === 'update') {
          if (!entry.before) throw new HubFailure('internal', 'The undo step has no previous version.');
          record = await this.hub.update({ id: entry.recordId, rev: entry.afterRev, changes: editableFields(entry.before) });
        } else {
          record = await this.hub.restore({ id: entry.recordId });
        }
      } catch (e) {
        failure = e;
        return { undone: null, record: null, next: next(), remaining: log.entries.length };
      }
      // The step below for the same record now starts from the revision this undo produced.
      const below = log.entries.findLast((e) => e.recordId === entry.recordId);
      if (below && record) below.afterRev = record.rev;
      return { undone: summary(entry), record, next: next(), remaining: log.entries.length };
    });
    if (failure) {
      const e = failure instanceof HubFailure ? failure : new HubFailure('internal', String(failure));
      throw new HubFailure(e.code, `Cannot undo: ${e.message} This step was removed from the undo list; the record's history keeps every version.`, e.extra);
    }
    return out;
  }

  // ---- promotion ------------------------------------------------------------------------------

  /**
   * The good-practice draft a note becomes (the UI opens it in the practice editor). With
   * `create`, the practice is also saved (it needs a country: from the note, its group, or `country`).
   */
  async promoteNote(input: { id: string; create?: boolean; country?: string }): Promise<{ draft: DraftOf<'practice'>; practice?: HubRecord }> {
    const note = this.note(input.id);
    const w = note.workshopId ? this.hub.resolve(note.workshopId) : undefined;
    const workshop = w?.type === 'workshop' ? w : undefined;
    const session = workshop && note.sessionId ? workshop.sessions.find((s) => s.id === note.sessionId) : undefined;
    const group = workshop && note.groupId ? workshop.groups.find((g) => g.id === note.groupId) : undefined;
    const draft = practiceFromNote(
      note,
      { ...(workshop ? { workshop } : {}), ...(session ? { session } : {}), ...(group ? { group } : {}) },
      input.country ? { country: input.country } : {},
    );
    if (!input.create) return { draft };
    if (!draft.country) {
      throw new HubFailure('invalid', 'The practice needs a country and the note has none: choose one (country).', { field: 'country' });
    }
    const parsed = draftSchemas.practice.safeParse(draft);
    if (!parsed.success) throw invalidFromZod(parsed.error, 'practice');
    return { draft, practice: await this.hub.create({ record: parsed.data }) };
  }

  // ---- plans ----------------------------------------------------------------------------------

  private async savePlanActions(plan: Plan, rev: number, actions: PlanAction[], label: string, coalesceKey?: string): Promise<Plan> {
    const owner = plan.workshopId ? this.hub.resolve(plan.workshopId) : undefined;
    if (owner?.type === 'workshop') refuseTemplate(owner);
    if (plan.rev !== rev) throw staleRev(plan, rev);
    const saved = (await this.hub.update({ id: plan.id, rev, changes: { actions } })) as Plan;
    if (plan.workshopId) {
      await this.logUndo(plan.workshopId, {
        op: 'update',
        recordId: plan.id,
        recordType: 'plan',
        label: clip(`${plan.title}: ${label}`, 300),
        afterRev: saved.rev,
        before: plan,
        ...(coalesceKey ? { coalesceKey } : {}),
      });
    }
    return saved;
  }

  async planAddAction(input: { planId: string; rev: number; action: Record<string, unknown>; index?: number }): Promise<Plan> {
    const plan = this.plan(input.planId);
    const id = newActionId(plan.actions, () => randomBytes(4).toString('hex'));
    const actions = addAction(plan.actions, input.action, { id, ...(input.index !== undefined ? { index: input.index } : {}) });
    const added = actions.find((a) => !plan.actions.some((b) => b.id === a.id))!;
    return this.savePlanActions(plan, input.rev, actions, `+ ${clip(added.description, 80)}`);
  }

  async planUpdateAction(input: { planId: string; rev: number; actionId: string; changes: Record<string, unknown> }): Promise<Plan> {
    const plan = this.plan(input.planId);
    const actions = updateAction(plan.actions, input.actionId, input.changes);
    const a = actions.find((x) => x.id === input.actionId)!;
    return this.savePlanActions(plan, input.rev, actions, `✎ ${clip(a.description, 80)}`, `plan:${plan.id}:action:${input.actionId}`);
  }

  async planRemoveAction(input: { planId: string; rev: number; actionId: string }): Promise<Plan> {
    const plan = this.plan(input.planId);
    const a = plan.actions.find((x) => x.id === input.actionId);
    const actions = removeAction(plan.actions, input.actionId);
    return this.savePlanActions(plan, input.rev, actions, `− ${clip(a?.description ?? input.actionId, 80)}`);
  }

  async planMoveAction(input: { planId: string; rev: number; actionId: string; step?: Step; index?: number }): Promise<Plan> {
    const plan = this.plan(input.planId);
    const actions = moveAction(plan.actions, input.actionId, {
      ...(input.step ? { step: input.step } : {}),
      ...(input.index !== undefined ? { index: input.index } : {}),
    });
    const a = actions.find((x) => x.id === input.actionId)!;
    return this.savePlanActions(plan, input.rev, actions, `↕ ${clip(a.description, 80)}`);
  }

  comparePlan(input: { planId: string; briefText?: string }): PlanComparison & { planId: string; country: string } {
    const plan = this.plan(input.planId);
    return { planId: plan.id, country: plan.country, ...comparePlanWithBrief(plan.actions, input.briefText ?? plan.opportunityBrief, plan.lang) };
  }

  // ---- partners -------------------------------------------------------------------------------

  async listPartners(input: { workshopId?: string } = {}): Promise<PartnerList> {
    const custom = await this.state.readPartners();
    const known = new Set(custom.map(fold));
    const used: string[] = [];
    if (input.workshopId) {
      for (const p of this.plansOf(this.workshop(input.workshopId).id)) {
        for (const a of p.actions) {
          for (const name of a.partners) {
            const f = fold(name);
            if (!canonicalPartner(name) && !known.has(f)) {
              known.add(f);
              used.push(name.trim());
            }
          }
        }
      }
    }
    return {
      builtIn: BUILTIN_PARTNERS.map((id) => ({ id, ...PARTNER_LABELS[id], pt: PARTNER_LABELS_PT[id] })),
      custom,
      used: used.sort((a, b) => a.localeCompare(b)),
    };
  }

  /** Adds a partner to the user's list (a built-in partner or a name already there is not added twice). */
  async addPartner(input: { name: string }): Promise<PartnerList> {
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (!fold(name)) throw new HubFailure('invalid', 'A partner needs a name.', { field: 'name' });
    if (!canonicalPartner(name)) {
      await this.state.updatePartners((list) => (list.some((p) => fold(p) === fold(name)) ? list : [...list, name].sort((a, b) => a.localeCompare(b))));
    }
    return this.listPartners();
  }

  async removePartner(input: { name: string }): Promise<PartnerList> {
    await this.state.updatePartners((list) => list.filter((p) => fold(p) !== fold(input.name)));
    return this.listPartners();
  }

  // ---- dashboard ------------------------------------------------------------------------------

  dashboard(input: { workshopId: string; lang: DashboardLang; includeInternal?: boolean }): Dashboard {
    const w = this.workshop(input.workshopId);
    const keep = (r: { sensitivity: 'shareable' | 'internal' }) => input.includeInternal || r.sensitivity !== 'internal';
    return compileDashboard({
      workshop: w,
      plans: this.plansOf(w.id).filter(keep),
      notes: this.notesOf(w.id).filter(keep),
      clinics: [...this.hub.visible()].filter((r): r is Coverage | Project => (r.type === 'coverage' || r.type === 'project') && r.workshopId === w.id && keep(r)),
      lang: input.lang,
      now: this.clock(),
    });
  }

  async dashboardHtml(input: { workshopId: string; lang: DashboardLang; includeInternal?: boolean }): Promise<{ html: string; fileName: string; title: string }> {
    const d = this.dashboard(input);
    // jsdom (for DOMPurify) is loaded only when an export is asked for, not with every CLI command.
    const { renderMarkdownNode } = await import('../markdown-node');
    const html = dashboardToHtml(d, (md) => renderMarkdownNode(md).html);
    const stem = input.lang === 'en' ? 'dashboard' : 'tableau-de-bord';
    return { html, fileName: `${stem}-${d.workshop.id}.html`, title: d.workshop.title };
  }
}

/**
 * A template (the bundled Dakar 2017 workshop) is a model to copy, as its screens say: notes and
 * plan actions go to a workshop made from it, so the model stays clean for the next copy.
 */
function refuseTemplate(w: Workshop): void {
  if (w.template) {
    throw new HubFailure('read-only', `"${w.title}" is a template: duplicate it to take notes and fill its plans (socle workshop create --from ${w.id}).`, {
      field: 'workshopId',
    });
  }
}
