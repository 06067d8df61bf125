/**
 * Live updates: one long poll on the hub's change feed (`changes`, see main/core/changes.ts) for
 * the whole window, fanned out to the screens that subscribe. Whatever changed the data (this
 * window, another window, the CLI, a sync, a participant in the room), the screens showing it
 * refresh. On a lost connection it retries after a pause; a `reset` (too far behind) or a
 * reconnection tells every subscriber to refresh.
 */
import { useEffect, useRef, useState } from 'react';
import { api } from './api';
import type { Change } from '../../main/core/changes';

type Listener = (changes: Change[] | 'all') => void;
const listeners = new Set<Listener>();
let running = false;

const WAIT_MS = 25_000;
const RETRY_MS = 3_000;

async function loop(): Promise<void> {
  let since: number | undefined;
  for (;;) {
    if (!listeners.size) {
      running = false;
      return;
    }
    const r = await api.changes(since === undefined ? { waitMs: 0 } : { since, waitMs: WAIT_MS });
    if (!r.ok) {
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      // We may have missed changes while the hub was away: everyone refreshes once it answers.
      if (since !== undefined) since = -1;
      continue;
    }
    const missed = since === -1 || r.value.reset;
    since = r.value.seq;
    if (missed) notify('all');
    else if (r.value.changes.length) notify(r.value.changes);
  }
}

function notify(changes: Change[] | 'all'): void {
  for (const l of [...listeners]) l(changes);
}

/** Calls `onChange` whenever a change matching `filter` happens (or when changes may have been missed). */
export function subscribe(filter: (c: Change) => boolean, onChange: () => void): () => void {
  const listener: Listener = (changes) => {
    if (changes === 'all' || changes.some(filter)) onChange();
  };
  listeners.add(listener);
  if (!running) {
    running = true;
    void loop();
  }
  return () => listeners.delete(listener);
}

/** A number that goes up when a matching change happens: add it to an effect's dependencies. */
export function useLiveTick(filter: ((c: Change) => boolean) | undefined): number {
  const [tick, setTick] = useState(0);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const enabled = !!filter;
  useEffect(() => (enabled ? subscribe((c) => !!filterRef.current?.(c), () => setTick((n) => n + 1)) : undefined), [enabled]);
  return tick;
}

export const anyRecord = (c: Change) => c.kind === 'record';
