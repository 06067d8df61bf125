/**
 * The checks on the page's request to save the dashboard (./dashboard-export.ts), apart from
 * Electron so they can be unit-tested.
 */
import path from 'node:path';
import type { SaveDashboardInput } from '../../preload/types';

/** Larger than any real dashboard (the hub caps a note at 200,000 characters) but bounded. */
export const MAX_DASHBOARD_HTML = 50 * 1024 * 1024;

/** Checks the page's request; anything unexpected is refused rather than repaired. */
export function parseSaveDashboardInput(raw: unknown): SaveDashboardInput | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const { html, fileName, format } = raw as Record<string, unknown>;
  if (typeof html !== 'string' || html.length === 0 || html.length > MAX_DASHBOARD_HTML) return undefined;
  if (typeof fileName !== 'string' || fileName.length > 200) return undefined;
  if (format !== 'pdf' && format !== 'html') return undefined;
  return { html, fileName, format };
}

/**
 * A file name suggested in the dialog: the page's name reduced to a plain base name (no folder,
 * no control or reserved characters), with the format's extension.
 */
export function safeFileName(fileName: string, format: 'pdf' | 'html'): string {
  const base = path
    .basename(fileName.replace(/\\/g, '/'))
    .replace(/\.(html?|pdf)$/i, '')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-')
    .replace(/^[.\s-]+|[.\s]+$/g, '')
    .slice(0, 120);
  return `${base || 'dashboard'}.${format}`;
}
