/**
 * Progress of long bundle operations. The core functions take an `onProgress` callback; the
 * contract methods (which cross IPC/HTTP as plain request/response) report instead to listeners
 * registered per hub here, tagged with the caller's `progressToken`, so a host can forward them
 * (the desktop shell as an IPC event, the CLI to stderr) without the contract carrying functions.
 */
export type BundlePhase = 'select' | 'hash' | 'compress' | 'write' | 'read' | 'verify' | 'plan' | 'apply';

export interface BundleProgress {
  op: 'export' | 'import';
  phase: BundlePhase;
  done: number;
  total: number;
  /** The progressToken the caller passed, to tell concurrent operations apart. */
  token?: string;
}

export type ProgressFn = (p: BundleProgress) => void;

const listeners = new WeakMap<object, Set<ProgressFn>>();

/** Subscribes to the bundle progress of one hub; returns the unsubscribe function. */
export function onBundleProgress(hub: object, fn: ProgressFn): () => void {
  const set = listeners.get(hub) ?? new Set<ProgressFn>();
  set.add(fn);
  listeners.set(hub, set);
  return () => set.delete(fn);
}

export function progressFor(hub: object, token: string | undefined): ProgressFn {
  return (p) => {
    for (const fn of listeners.get(hub) ?? []) {
      try {
        fn(token ? { ...p, token } : p);
      } catch {
        // a faulty listener must not break an import halfway
      }
    }
  };
}

/** Calls `fn` at most every `every` steps (and always on the last), so 10,000 records are not 10,000 events. */
export function throttled(fn: ProgressFn | undefined, base: Omit<BundleProgress, 'done'>, every = 100): (done: number) => void {
  return (done) => {
    if (fn && (done % every === 0 || done === base.total)) fn({ ...base, done });
  };
}
