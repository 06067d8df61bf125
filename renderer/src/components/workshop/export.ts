/**
 * Getting the dashboard out of the app. Desktop: the shell's save dialog (HTML as is, or a PDF
 * printed from it in a hidden, script-less window; see main/app/dashboard-export.ts). Browser
 * mode: a client-side download of the standalone HTML (a blob: URL on an <a download>; the CSP
 * governs what a page loads, not what it hands to the user as a download, so no change to it is
 * needed), and the print dialog on the print-styled dashboard screen for paper or PDF.
 */
import { host } from '../../host';
import type { SaveDashboardResult } from '../../../../preload/types';
import { downloadBlob } from '../../download';

export type ExportOutcome = SaveDashboardResult | { status: 'downloaded'; fileName: string } | { status: 'printed' };

export function canSaveFiles(): boolean {
  return typeof host?.saveDashboard === 'function';
}

/** Hands text to the browser as a file download. */
export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

export async function exportDashboard(html: string, fileName: string, format: 'html' | 'pdf'): Promise<ExportOutcome> {
  if (host?.saveDashboard) {
    try {
      return await host.saveDashboard({ html, fileName, format });
    } catch (e) {
      return { status: 'error', message: e instanceof Error ? e.message : String(e) };
    }
  }
  if (format === 'html') {
    downloadText(html, fileName, 'text/html;charset=utf-8');
    return { status: 'downloaded', fileName };
  }
  window.print();
  return { status: 'printed' };
}
