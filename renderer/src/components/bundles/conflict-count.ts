/**
 * The number of conflicts waiting (the nav badge and the share tabs). Loaded once, then refreshed
 * by the screens that change it (an import, a resolution).
 */
import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../../api';

let count: number | undefined;
let loading: Promise<void> | undefined;
const listeners = new Set<() => void>();

export function refreshConflictCount(): Promise<void> {
  loading = api.conflicts({}).then((r) => {
    const next = r.ok ? r.value.items.length : count;
    if (next !== count) {
      count = next;
      for (const fn of listeners) fn();
    }
  });
  return loading;
}

export function useConflictCount(): number | undefined {
  useEffect(() => {
    if (!loading) void refreshConflictCount();
  }, []);
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => count,
  );
}
