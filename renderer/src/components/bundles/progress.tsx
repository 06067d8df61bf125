/**
 * Progress of a bundle operation. The desktop shell forwards the hub's progress events
 * (`socleHost.onBundleProgress`, tagged with our progressToken): a determinate bar per phase. The
 * browser mode has no events (one HTTP request): an indeterminate bar.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleProgress } from '../../../../main/core/bundles/progress';
import { host } from '../../host';

export function newProgressToken(): string {
  const c = globalThis.crypto;
  return typeof c?.randomUUID === 'function' ? c.randomUUID() : `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The latest progress event for this token (desktop only; always undefined in a browser). */
export function useBundleProgress(token: string | undefined): BundleProgress | undefined {
  const [progress, setProgress] = useState<BundleProgress | undefined>(undefined);
  useEffect(() => {
    setProgress(undefined);
    if (!token || !host?.onBundleProgress) return;
    const off = host.onBundleProgress((p) => {
      if (p.token === token) setProgress(p);
    });
    return () => {
      if (typeof off === 'function') off();
    };
  }, [token]);
  return progress;
}

export function ProgressBar({ label, progress }: { label: string; progress?: BundleProgress }) {
  const { t } = useTranslation();
  const id = useId();
  const known = progress && progress.total > 0;
  return (
    <div className="bundle-progress">
      <p id={id} className="bundle-progress-label">
        {label}
        {progress ? ` — ${t(`bundles.phase.${progress.phase}`)}${known ? ` (${progress.done} / ${progress.total})` : ''}` : ''}
      </p>
      {known ? <progress aria-labelledby={id} max={progress.total} value={progress.done} /> : <progress aria-labelledby={id} />}
    </div>
  );
}
