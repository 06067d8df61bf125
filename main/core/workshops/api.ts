/**
 * The workshop feature's part of the contract: input schemas, outputs, and handlers over the hub.
 * contract.ts merges it into HubApi; nothing else needs to change to add a method here.
 *
 * AUTOSAVE PROTOCOL for the capture screen (the core makes it safe; the UI must follow it):
 * 1. When the facilitator starts a new note, make a clientId once (crypto.randomUUID()) and keep
 *    it with the editor pane and in the pane's local draft, so a reload reuses it.
 * 2. Save when typing stops (debounce 300 ms), and while typing goes on no later than 700 ms
 *    after the first unsaved keystroke (maxWait 700 ms); also on blur, group switch and window
 *    close. A save takes a few tens of milliseconds, so at most the last second of typing is ever
 *    unsaved.
 * 3. First save: captureNote({ workshopId, groupId, sessionId?, text, clientId }). Retry on
 *    timeout or network error with the SAME clientId: the core returns the note the first attempt
 *    made (created: false) rather than a second note. (inTrash: true means it was undone/deleted
 *    meanwhile: start a new note with a new clientId instead of editing it.)
 * 4. Next saves: updateNote({ id, rev, text }) with the rev of the last saved note; keep the
 *    returned rev. One save in flight per note: queue the latest text and send it when the
 *    previous save answers (intermediate texts may be skipped; the latest wins). A retried save
 *    whose first attempt did arrive returns the note unchanged, not a conflict.
 * 5. "conflict" means the note was changed elsewhere (another window, the CLI): show both texts
 *    (error.details.current is the saved note) and let the facilitator choose; never retry blindly.
 * 6. A save answers only once the note is on disk (temp file, fsync, rename), so "Saved" in the UI
 *    is durable: a crash or power cut loses at most what was typed since the last save, which the
 *    rules above bound to one second (tests/unit/workshop-kill.test.ts kills a process doing this).
 * Undo: undo({ workshopId }) reverts the last logged action of the workshop (consecutive autosaves
 * of one note within 30 s are one step). Show undoLog()[0].label beside the button.
 */
import { z } from 'zod';
import type { WORKSHOP_METHODS } from './methods';
import type { Hub } from '../hub';
import {
  PLAN_STATUSES,
  countrySchema,
  groupSchema,
  idSchema,
  isoDateTime,
  langSchema,
  planActionSchema,
  sessionSchema,
  stepSchema,
  workshopSchema,
  type DraftOf,
  type HubRecord,
  type Note,
  type Plan,
  type Workshop,
} from '../model';
import type { NowView } from './now';
import type { Dashboard } from './dashboard';
import type { PlanComparison } from './plans';
import { WorkshopService, type PartnerList, type TimerOutput, type UndoOutput, type UndoSummary } from './service';

export type WorkshopMethod = (typeof WORKSHOP_METHODS)[number];

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-03-02')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real date');
const rev = z.number().int().min(1);
const step = stepSchema;
const quarter = z.string().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter such as 2026-Q1');
const dashboardLang = z.enum(['fr', 'en']).default('fr');
const timeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Africa/Dakar');
const noteText = z
  .string()
  .max(200_000, 'a note is limited to 200,000 characters')
  .refine((t) => t.trim().length > 0, 'a note cannot be empty');
const extraTags = z.array(z.string().min(1).max(60)).max(30);
const sensitivity = z.enum(['shareable', 'internal']);
const byWorkshop = z.object({ workshopId: idSchema }).strict();

const actionInput = planActionSchema.extend({ id: idSchema.optional() });
/** Changes to a plan action: only the fields given change; null clears a quarter. */
const actionChanges = z
  .object({
    step: step.optional(),
    description: z.string().min(1, 'an action needs a description').max(5000).optional(),
    partners: z.array(z.string().max(500)).max(40).optional(),
    from: quarter.nullable().optional(),
    to: quarter.nullable().optional(),
    status: z.enum(PLAN_STATUSES).optional(),
    sstcPilot: z.boolean().optional(),
    supportRequested: z.string().max(5000).optional(),
    headings: z.array(idSchema).max(10).optional(),
  })
  .strict();

export const workshopInputs = {
  createWorkshop: z
    .object({
      /** Template to copy (e.g. "dakar-2017"); omit to start from scratch. */
      from: idSchema.optional(),
      /** First day of the new workshop; a template's dates are shifted to it. */
      start: date,
      title: z.string().min(1).max(500).optional(),
      id: idSchema.optional(),
      place: z.string().max(500).optional(),
      lang: langSchema.optional(),
      /** From scratch: number of days (else taken from the sessions, at least 1). */
      days: z.number().int().min(1).max(30).optional(),
      sessions: z.array(sessionSchema).max(300).optional(),
      groups: z.array(groupSchema).max(100).optional(),
      participants: workshopSchema.shape.participants.optional(),
    })
    .strict(),
  workshopNow: z.object({ workshopId: idSchema, at: isoDateTime.optional(), timeZone: timeZone.optional() }).strict(),
  workshopTimer: z
    .object({
      workshopId: idSchema,
      action: z.enum(['get', 'start', 'pause', 'resume', 'advance', 'reset']).default('get'),
      sessionId: idSchema.optional(),
      minutes: z.number().min(1).max(480).optional(),
      groupIds: z.array(idSchema).max(50).optional(),
      autoAdvance: z.boolean().optional(),
      at: isoDateTime.optional(),
    })
    .strict(),
  captureNote: z
    .object({
      workshopId: idSchema,
      sessionId: idSchema.optional(),
      groupId: idSchema.optional(),
      text: noteText,
      /** Made once per note by the UI; retries with the same clientId never duplicate the note. */
      clientId: z.string().min(1).max(200).optional(),
      /** Tags besides the #tags typed in the text. */
      tags: extraTags.optional(),
      /** When the note was taken (default now): picks the running session when sessionId is omitted. */
      at: isoDateTime.optional(),
      lang: langSchema.optional(),
      sensitivity: sensitivity.optional(),
    })
    .strict(),
  updateNote: z
    .object({
      id: idSchema,
      rev,
      text: noteText.optional(),
      title: z.string().max(500).optional(),
      tags: extraTags.optional(),
      groupId: idSchema.nullable().optional(),
      sessionId: idSchema.nullable().optional(),
      sensitivity: sensitivity.optional(),
    })
    .strict(),
  deleteNote: z.object({ id: idSchema, rev: rev.optional() }).strict(),
  workshopNotes: z.object({ workshopId: idSchema, groupId: idSchema.optional(), sessionId: idSchema.optional() }).strict(),
  undo: byWorkshop,
  undoLog: byWorkshop,
  promoteNote: z.object({ id: idSchema, create: z.boolean().default(false), country: countrySchema.optional() }).strict(),
  workshopPlans: z.object({ workshopId: idSchema, ensure: z.boolean().default(false) }).strict(),
  planAddAction: z
    .object({ planId: idSchema, rev, action: actionInput, index: z.number().int().min(0).optional() })
    .strict(),
  planUpdateAction: z.object({ planId: idSchema, rev, actionId: idSchema, changes: actionChanges }).strict(),
  planRemoveAction: z.object({ planId: idSchema, rev, actionId: idSchema }).strict(),
  planMoveAction: z
    .object({ planId: idSchema, rev, actionId: idSchema, step: step.optional(), index: z.number().int().min(0).optional() })
    .strict(),
  comparePlan: z.object({ planId: idSchema, briefText: z.string().max(200_000).optional() }).strict(),
  listPartners: z.object({ workshopId: idSchema.optional() }).strict(),
  addPartner: z.object({ name: z.string().min(1).max(200) }).strict(),
  removePartner: z.object({ name: z.string().min(1).max(200) }).strict(),
  dashboard: z.object({ workshopId: idSchema, lang: dashboardLang, includeInternal: z.boolean().default(false) }).strict(),
  dashboardHtml: z.object({ workshopId: idSchema, lang: dashboardLang, includeInternal: z.boolean().default(false) }).strict(),
} satisfies Record<WorkshopMethod, z.ZodTypeAny>;

export interface WorkshopOutputs {
  /** Creates a workshop from scratch or by copying a template (new ids, dates shifted, template=false), with its country plans. */
  createWorkshop: { workshop: Workshop; plans: Plan[] };
  /** What is happening at the workshop now (or at `at`): current and next session, day, groups at work, rotation. */
  workshopNow: NowView;
  /** Shows or drives the group-work rotation timer (start, pause, resume, advance, reset); persisted. */
  workshopTimer: TimerOutput;
  /** Captures a note in a group, tagged with workshop, session, group, country and step; idempotent on clientId. */
  captureNote: { note: Note; created: boolean; inTrash: boolean };
  /** Saves a note's new text (tags re-read from #tags), or moves it to another group/session; stale rev = conflict. */
  updateNote: Note;
  /** Moves a workshop note to the trash (undoable). */
  deleteNote: { note: Note; deletedAt: string };
  /** The notes of a workshop (optionally of one group or session), oldest first. */
  workshopNotes: Note[];
  /** Reverts the workshop's last logged action (note created, edited or deleted; plan action changed). */
  undo: UndoOutput;
  /** The workshop's undo list, most recent first. */
  undoLog: UndoSummary[];
  /** A good-practice draft prefilled from a note; with create=true the practice is saved too. */
  promoteNote: { draft: DraftOf<'practice'>; practice?: HubRecord };
  /** The workshop's country plans (ensure=true creates the missing one of each country group). */
  workshopPlans: Plan[];
  /** Adds an action to a plan (at `index` among its step's actions); stale rev = conflict. */
  planAddAction: Plan;
  /** Changes some fields of a plan action; stale rev = conflict. */
  planUpdateAction: Plan;
  /** Removes a plan action; stale rev = conflict. */
  planRemoveAction: Plan;
  /** Moves a plan action to another step and/or position; stale rev = conflict. */
  planMoveAction: Plan;
  /** Steps, themes and partners the opportunity brief mentions that the plan does not cover, and vice versa. */
  comparePlan: PlanComparison & { planId: string; country: string };
  /** Partners to offer in a plan action: built-in, the user's own, and (with workshopId) others used in its plans. */
  listPartners: PartnerList;
  /** Adds a partner to the user's list (kept in the data directory). */
  addPartner: PartnerList;
  /** Removes a partner from the user's list. */
  removePartner: PartnerList;
  /** The results dashboard: all group work under the closing session's headings, with chart counts. */
  dashboard: Dashboard;
  /** The dashboard as a standalone, printable HTML document (the source of the PDF too). */
  dashboardHtml: { html: string; fileName: string; title: string };
}

type Args<M extends WorkshopMethod> = z.output<(typeof workshopInputs)[M]>;
type Handlers = { [M in WorkshopMethod]: (input: Args<M>) => Promise<WorkshopOutputs[M]> };

export function workshopHandlers(hub: Hub, clock?: () => Date): Handlers {
  const s = new WorkshopService(hub, clock);
  return {
    createWorkshop: (i) => s.createWorkshop(i),
    workshopNow: async (i) => s.nowView(i),
    workshopTimer: (i) => s.timer(i),
    captureNote: (i) => s.captureNote(i),
    updateNote: (i) => s.updateNote(i),
    deleteNote: (i) => s.deleteNote(i),
    workshopNotes: async (i) => s.workshopNotes(i),
    undo: (i) => s.undo(i),
    undoLog: (i) => s.undoLog(i),
    promoteNote: (i) => s.promoteNote(i),
    workshopPlans: (i) => s.workshopPlans(i),
    planAddAction: (i) => s.planAddAction(i),
    planUpdateAction: (i) => s.planUpdateAction(i),
    planRemoveAction: (i) => s.planRemoveAction(i),
    planMoveAction: (i) => s.planMoveAction(i),
    comparePlan: async (i) => s.comparePlan(i),
    listPartners: (i) => s.listPartners(i),
    addPartner: (i) => s.addPartner(i),
    removePartner: (i) => s.removePartner(i),
    dashboard: async (i) => s.dashboard(i),
    dashboardHtml: (i) => s.dashboardHtml(i),
  };
}
