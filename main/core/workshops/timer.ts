/**
 * The rotation timer of group work, as a pure state machine: (state, event) -> state, and
 * (state, clock) -> what to show. The state records wall-clock instants rather than a countdown,
 * so persisting it after each event is enough to survive a restart: reopened an hour later, a
 * running timer shows where the rotation really is (the room kept working while the app was shut).
 *
 *   idle --start--> running --pause--> paused --resume/start--> running
 *   running --(time of a rotation is up)--> running, next rotation   (autoAdvance)
 *                                      \--> expired (waits for advance/start)  (no autoAdvance)
 *   running/paused/expired --advance--> next rotation (or finished after the last one)
 *   any --reset--> idle (rotation 1, full time)
 */
import { z } from 'zod';
import { idSchema } from '../model';
import { blockAssignments } from './now';

export const TIMER_STATUSES = ['idle', 'running', 'paused', 'expired', 'finished'] as const;
export type TimerStatus = (typeof TIMER_STATUSES)[number];

export const timerStateSchema = z
  .object({
    version: z.literal(1),
    /** The session the timer was started for (first of a rotation series), if any. */
    sessionId: idSchema.optional(),
    /** Groups in rotation order; block b starts at group b. */
    groupIds: z.array(idSchema).max(50),
    /** Length of one rotation. */
    rotationMs: z.number().int().min(1000).max(8 * 3_600_000),
    /** How many rotations in all. */
    rotations: z.number().int().min(1).max(50),
    /** Start the next rotation by itself when time is up (else wait in "expired"). */
    autoAdvance: z.boolean(),
    status: z.enum(TIMER_STATUSES),
    /** 0-based index of the current rotation. */
    index: z.number().int().min(0),
    /** Time spent in the current rotation before `runningSince` (pauses excluded). */
    elapsedMs: z.number().min(0),
    /** Epoch ms of the last start/resume, while running. */
    runningSince: z.number().optional(),
    /** Epoch ms of the last event. */
    updatedAt: z.number(),
  })
  .strict();
export type TimerState = z.infer<typeof timerStateSchema>;

export type TimerEvent =
  | { type: 'start'; at: number }
  | { type: 'pause'; at: number }
  | { type: 'resume'; at: number }
  | { type: 'advance'; at: number }
  | { type: 'tick'; at: number }
  | { type: 'reset'; at: number };

export interface TimerConfig {
  sessionId?: string;
  groupIds: string[];
  rotationMinutes: number;
  rotations?: number;
  autoAdvance?: boolean;
  /** Rotation to start from (0-based), e.g. when starting the timer at the series' second session. */
  index?: number;
}

export function newTimer(config: TimerConfig, at: number): TimerState {
  const rotations = Math.max(1, config.rotations ?? (config.groupIds.length || 1));
  return {
    version: 1,
    ...(config.sessionId ? { sessionId: config.sessionId } : {}),
    groupIds: [...config.groupIds],
    rotationMs: Math.round(config.rotationMinutes * 60_000),
    rotations,
    autoAdvance: config.autoAdvance ?? true,
    status: 'idle',
    index: Math.min(Math.max(0, config.index ?? 0), rotations - 1),
    elapsedMs: 0,
    updatedAt: at,
  };
}

function without<T extends object, K extends keyof T>(o: T, key: K): Omit<T, K> {
  const copy = { ...o };
  delete copy[key];
  return copy;
}

/** Moves a running timer forward to `at`: whole rotations that ended are counted. */
function catchUp(s: TimerState, at: number): TimerState {
  if (s.status !== 'running' || s.runningSince === undefined) return s;
  let elapsed = s.elapsedMs + Math.max(0, at - s.runningSince);
  let index = s.index;
  while (elapsed >= s.rotationMs) {
    if (!s.autoAdvance) {
      return { ...without(s, 'runningSince'), status: 'expired', elapsedMs: s.rotationMs, updatedAt: at };
    }
    if (index + 1 >= s.rotations) {
      return { ...without(s, 'runningSince'), status: 'finished', index, elapsedMs: s.rotationMs, updatedAt: at };
    }
    elapsed -= s.rotationMs;
    index++;
  }
  return { ...s, index, elapsedMs: elapsed, runningSince: at, updatedAt: at };
}

/** Applies one event. Events that make no sense in a state (pause while paused) leave it unchanged. */
export function timerReduce(state: TimerState, event: TimerEvent): TimerState {
  const at = event.at;
  const s = catchUp(state, at);
  switch (event.type) {
    case 'tick':
      return s;
    case 'start':
      if (s.status === 'running') return s;
      if (s.status === 'paused') return { ...s, status: 'running', runningSince: at, updatedAt: at };
      if (s.status === 'expired') return timerReduce(s, { type: 'advance', at });
      if (s.status === 'finished') return { ...s, status: 'running', index: 0, elapsedMs: 0, runningSince: at, updatedAt: at };
      return { ...s, status: 'running', elapsedMs: 0, runningSince: at, updatedAt: at };
    case 'resume':
      return s.status === 'paused' ? { ...s, status: 'running', runningSince: at, updatedAt: at } : s;
    case 'pause':
      return s.status === 'running' ? { ...without(s, 'runningSince'), status: 'paused', updatedAt: at } : s;
    case 'advance': {
      if (s.status === 'idle' || s.status === 'finished') return s;
      if (s.index + 1 >= s.rotations) {
        return { ...without(s, 'runningSince'), status: 'finished', elapsedMs: s.rotationMs, updatedAt: at };
      }
      const running = s.status === 'running' || s.status === 'expired';
      const next = { ...without(s, 'runningSince'), index: s.index + 1, elapsedMs: 0, updatedAt: at };
      return running ? { ...next, status: 'running', runningSince: at } : { ...next, status: 'paused' };
    }
    case 'reset':
      return { ...without(s, 'runningSince'), status: 'idle', index: 0, elapsedMs: 0, updatedAt: at };
  }
}

export interface TimerView {
  status: TimerStatus;
  index: number;
  rotations: number;
  rotationMs: number;
  elapsedMs: number;
  remainingMs: number;
  /** When the current rotation ends (epoch ms), while running. */
  endsAt?: number;
  /** For each block of participants: the group it is at and the one it goes to next. */
  blocks: { block: number; groupId: string; nextGroupId?: string }[];
}

/** What the timer shows at `at` (the state is not changed: a view never needs saving). */
export function timerView(state: TimerState, at: number): TimerView {
  const s = catchUp(state, at);
  const remainingMs = Math.max(0, s.rotationMs - s.elapsedMs);
  return {
    status: s.status,
    index: s.index,
    rotations: s.rotations,
    rotationMs: s.rotationMs,
    elapsedMs: s.elapsedMs,
    remainingMs,
    ...(s.status === 'running' ? { endsAt: at + remainingMs } : {}),
    blocks: s.groupIds.length ? blockAssignments(s.groupIds, s.index, s.status === 'finished' ? s.index + 1 : s.rotations) : [],
  };
}
