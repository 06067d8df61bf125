/**
 * The room's live updates in a browser: one EventSource on `/room/events` shared by every screen
 * that listens (the browser resumes with Last-Event-ID by itself after a drop; a `reset` event
 * means "reload everything"). In the desktop window there is no stream: the window is the only
 * writer besides the CLI, and its screens reload on their own actions.
 */
import { useEffect, useRef } from 'react';
import { isDesktop } from './session';

export type LiveEvent =
  | { type: 'record'; id: string; recordType?: string; workshopId?: string; groupId?: string; deleted: boolean }
  | { type: 'device'; action: 'joined' | 'left'; id: string; name: string }
  | { type: 'room'; action: string }
  | { type: 'reset' };

type Listener = (e: LiveEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | undefined;

function ensureSource(): void {
  if (source || isDesktop || typeof EventSource === 'undefined') return;
  source = new EventSource('/room/events');
  for (const type of ['record', 'device', 'room'] as const) {
    source.addEventListener(type, (m) => {
      let data: LiveEvent;
      try {
        data = { ...(JSON.parse((m as MessageEvent<string>).data) as object), type } as LiveEvent;
      } catch {
        return;
      }
      listeners.forEach((l) => l(data));
    });
  }
  source.addEventListener('reset', () => listeners.forEach((l) => l({ type: 'reset' })));
}

/** Calls `onEvent` for each live event while the component is mounted. */
export function useLiveEvents(onEvent: Listener): void {
  const ref = useRef(onEvent);
  ref.current = onEvent;
  useEffect(() => {
    const l: Listener = (e) => ref.current(e);
    listeners.add(l);
    ensureSource();
    return () => {
      listeners.delete(l);
      if (!listeners.size && source) {
        source.close();
        source = undefined;
      }
    };
  }, []);
}

/** Calls `reload` (at most every 150 ms) when a record of this workshop changes elsewhere. */
export function useWorkshopLive(workshopId: string, reload: () => void): void {
  const timer = useRef<number | undefined>(undefined);
  useLiveEvents((e) => {
    if (e.type === 'reset' || (e.type === 'record' && (e.workshopId === workshopId || e.deleted))) {
      if (timer.current === undefined) {
        timer.current = window.setTimeout(() => {
          timer.current = undefined;
          reload();
        }, 150);
      }
    }
  });
  useEffect(() => () => window.clearTimeout(timer.current), []);
}
