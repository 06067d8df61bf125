/**
 * Who may call what: the contract's access table, declared once beside the input schemas.
 *
 * Two roles call the hub from outside the desktop window:
 * - `facilitator`: the desktop window, the facilitator's browser session (token), the CLI. Everything.
 * - `participant`: a device that joined a workshop room with the join code. Reads the library and
 *   the workshop, captures notes and edits or deletes its own, edits its own country group's plan,
 *   proposes a practice and edits its own proposals (always saved as drafts the facilitator
 *   validates). Nothing else.
 * A caller with no session is refused before this table is consulted (401 in the HTTP adapter).
 *
 * `ACCESS` has one entry per contract method, typed `{ [M in MethodName]: Rule<M> }`, so a method
 * added to the contract without a rule fails the type-check, and tests/unit/access.test.ts walks
 * every method for every role over HTTP. A rule is `'facilitator'` (participants get 403),
 * `'read'` (any session), or a function that checks a participant's call against its identity
 * and the records it touches, and may narrow the input (force the caller's group, a draft
 * status, no internal records). Pure: the facts it needs (records, note owners) are passed in.
 */
import type { MethodArgs, MethodName } from './contract';
import type { HubRecord } from './model';

export const ROLES = ['facilitator', 'participant'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the role, and for a participant the device and the group chosen at join. */
export interface Caller {
  role: Role;
  /** The session's device id (stable across reconnects and restarts). */
  deviceId: string;
  /** The room's workshop, if the facilitator picked one. */
  workshopId?: string;
  /** The group the participant chose when joining. */
  groupId?: string;
  /** The country of that group (country groups), for plan ownership. */
  country?: string;
}

/** What a rule may ask about the world. */
export interface AccessFacts {
  /** The record shown for an id (undefined when there is none). */
  record(id: string): Promise<HubRecord | undefined>;
  /** The device that made a record in the room (a note it captured, a practice it proposed), if any. */
  owner(recordId: string): string | undefined;
  /** The facilitator allows participants to take the results home (dashboard, bundle). */
  takeHome: boolean;
}

/** Allowed (with the input to dispatch, possibly narrowed) or refused (with the reason). */
export type Decision = { allow: true; input: unknown } | { allow: false; message: string };
type Check<M extends MethodName> = (input: MethodArgs<M>, caller: Caller, facts: AccessFacts) => Decision | Promise<Decision>;
export type Rule<M extends MethodName> = 'facilitator' | 'read' | Check<M>;

const allow = (input: unknown): Decision => ({ allow: true, input });
const deny = (message: string): { allow: false; message: string } => ({ allow: false, message });

function ownNote(noteId: string, caller: Caller, facts: AccessFacts): string | undefined {
  return facts.owner(noteId) === caller.deviceId ? undefined : 'participants may change only the notes they captured';
}

async function ownPlan(planId: string, caller: Caller, facts: AccessFacts): Promise<string | undefined> {
  const plan = await facts.record(planId);
  if (!plan || plan.type !== 'plan') return undefined; // the core answers not-found with its own message
  if (caller.workshopId && plan.workshopId !== caller.workshopId) return "participants may edit only their own country group's plan";
  const mine = (plan.groupId !== undefined && plan.groupId === caller.groupId) || (caller.country !== undefined && plan.country === caller.country);
  return mine ? undefined : "participants may edit only their own country group's plan";
}

function inRoomWorkshop(workshopId: string, caller: Caller): string | undefined {
  return caller.workshopId && workshopId !== caller.workshopId ? "participants may capture only in the room's workshop" : undefined;
}

const planRule =
  <M extends 'planAddAction' | 'planUpdateAction' | 'planRemoveAction' | 'planMoveAction'>(): Check<M> =>
  async (input, caller, facts) => {
    const why = await ownPlan(input.planId, caller, facts);
    return why ? deny(why) : allow(input);
  };

/** The table. Every contract method has exactly one rule (the type says so). */
export const ACCESS: { readonly [M in MethodName]: Rule<M> } = {
  // library: read
  info: 'facilitator', // names the data folder and the installation id
  search: 'read',
  get: 'read',
  list: 'read',
  shelves: 'read',
  related: 'read',
  glossary: 'read',
  provenance: 'read',
  // The change feed: ids, types and revisions of what changed (the screens' live updates).
  changes: 'read',
  // Whether search is ready yet (a percentage): what the search box shows while the index builds.
  indexStatus: 'read',
  // library: write
  create: (input) =>
    input.record.type === 'practice'
      ? allow({ ...input, record: { ...input.record, status: 'draft' } })
      : deny('participants may propose a practice (saved as a draft); notes are captured in the workshop'),
  // A participant's own proposal, which stays a draft until the facilitator validates it.
  update: (input, caller, facts) =>
    facts.owner(input.id) === caller.deviceId
      ? allow({ ...input, changes: { ...input.changes, status: 'draft' } })
      : deny('participants may change only the practices they proposed'),
  delete: 'facilitator',
  restore: 'facilitator',
  trash: 'facilitator',
  history: 'facilitator',
  // bundles: nothing
  exportPreview: 'facilitator',
  exportBundle: 'facilitator',
  importPreview: 'facilitator',
  importApply: 'facilitator',
  conflicts: 'facilitator',
  conflict: 'facilitator',
  resolveConflict: 'facilitator',
  identity: 'facilitator',
  // sync: the hub sends requests to the server it is given and holds its credentials: the
  // facilitator's alone (a participant must not turn the hub into a client of any address).
  syncStatus: 'facilitator',
  syncConfigure: 'facilitator',
  syncNow: 'facilitator',
  syncStart: 'facilitator',
  syncStop: 'facilitator',
  // browse: the facilitator's for now. Country and theme pages, the matrix and citations may
  // include internal records, and the reading lists are the data folder's one file (a participant
  // would read and change the facilitator's bookmarks); opening them to participants needs the
  // internal-record filter first.
  browseIndex: 'facilitator',
  countryPage: 'facilitator',
  themePage: 'facilitator',
  c102Matrix: 'facilitator',
  readingLists: 'facilitator',
  readingListCreate: 'facilitator',
  readingListDelete: 'facilitator',
  bookmarkAdd: 'facilitator',
  bookmarkRemove: 'facilitator',
  cite: 'facilitator',
  // skills clinics: computing and exporting what anyone may read
  coverageReport: 'read',
  coverageExport: 'read',
  compareProjects: 'read',
  // workshop
  createWorkshop: 'facilitator',
  workshopNow: 'read',
  workshopTimer: (input) => (input.action === 'get' ? allow(input) : deny('only the facilitator drives the rotation timer')),
  captureNote: (input, caller) => {
    const why = inRoomWorkshop(input.workshopId, caller);
    if (why) return deny(why);
    if (input.groupId !== undefined && input.groupId !== caller.groupId) return deny('participants capture notes in their own group');
    // The device id namespaces the client id: a participant cannot reach another's note by guessing it.
    const clientId = `${caller.deviceId}:${input.clientId ?? crypto.randomUUID()}`;
    return allow({ ...input, clientId, ...(caller.groupId ? { groupId: caller.groupId } : {}) });
  },
  updateNote: (input, caller, facts) => {
    const why = ownNote(input.id, caller, facts);
    if (why) return deny(why);
    if (input.groupId !== undefined && input.groupId !== caller.groupId) return deny('participants cannot move a note to another group');
    return allow(input);
  },
  deleteNote: (input, caller, facts) => {
    const why = ownNote(input.id, caller, facts);
    return why ? deny(why) : allow(input);
  },
  workshopNotes: 'read',
  undo: 'facilitator',
  undoLog: 'facilitator',
  promoteNote: 'facilitator',
  workshopPlans: (input) => allow({ ...input, ensure: false }),
  planAddAction: planRule<'planAddAction'>(),
  planUpdateAction: planRule<'planUpdateAction'>(),
  planRemoveAction: planRule<'planRemoveAction'>(),
  planMoveAction: planRule<'planMoveAction'>(),
  comparePlan: 'read',
  listPartners: 'read',
  addPartner: 'facilitator',
  removePartner: 'facilitator',
  dashboard: (input) => allow({ ...input, includeInternal: false }),
  dashboardHtml: (input, _caller, facts) =>
    facts.takeHome ? allow({ ...input, includeInternal: false }) : deny('the facilitator has not opened the results for download yet'),
};

/**
 * Decides a call already validated by the method's schema. The facilitator may do everything;
 * a participant what the method's rule allows, with the input the rule narrowed.
 */
export async function authorize<M extends MethodName>(method: M, input: MethodArgs<M>, caller: Caller, facts: AccessFacts): Promise<Decision> {
  if (caller.role === 'facilitator') return allow(input);
  const rule = ACCESS[method] as Rule<M>;
  if (rule === 'read') return allow(input);
  if (rule === 'facilitator') return deny(`only the facilitator may call ${method}`);
  return rule(input, caller, facts);
}
