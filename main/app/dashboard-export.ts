/**
 * Saving the workshop results dashboard from the desktop window (`socleHost.saveDashboard`): a
 * save dialog, then either the standalone HTML as it is, or a PDF printed from it.
 *
 * The HTML comes from the page (it asked the hub for `dashboardHtml`), so it is treated as
 * untrusted here: the PDF is printed in a hidden, offscreen, sandboxed window with JavaScript
 * disabled, no preload, its own in-memory session that refuses every request except the one
 * temporary file being printed (no network, no other local file), no permissions, and it is
 * destroyed afterwards, as is the temporary file. The document is loaded from a temporary file
 * rather than a data: URL because a dashboard with many notes can pass Chromium's data-URL limit.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, session, type SaveDialogOptions, type WebContents } from 'electron';
import type { SaveDashboardResult } from '../../preload/types';
import { parseSaveDashboardInput, safeFileName } from './dashboard-export-input';

const PRINT_TIMEOUT_MS = 60_000;
/** An in-memory session (no "persist:" prefix): nothing it loads is kept on disk. */
const PDF_PARTITION = 'socle-dashboard-pdf';

let busy = false;

/** Shows the save dialog and writes the file. One export at a time. */
export async function saveDashboard(sender: WebContents, raw: unknown): Promise<SaveDashboardResult> {
  const input = parseSaveDashboardInput(raw);
  if (!input) return { status: 'error', message: 'Refused: the export request is not valid.' };
  if (busy) return { status: 'error', message: 'Another export is already in progress.' };
  busy = true;
  try {
    const pdf = input.format === 'pdf';
    const options: SaveDialogOptions = {
      defaultPath: path.join(app.getPath('documents'), safeFileName(input.fileName, input.format)),
      filters: [pdf ? { name: 'PDF', extensions: ['pdf'] } : { name: 'HTML', extensions: ['html', 'htm'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const owner = BrowserWindow.fromWebContents(sender);
    const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { status: 'canceled' };
    const data = pdf ? await htmlToPdf(input.html) : Buffer.from(input.html, 'utf8');
    await writeFileAtomically(choice.filePath, data);
    return { status: 'saved', path: choice.filePath };
  } catch (e) {
    return { status: 'error', message: e instanceof Error ? e.message : String(e) };
  } finally {
    busy = false;
  }
}

/** Temp file beside the target, then rename: a failed write never leaves half a file under the chosen name. */
async function writeFileAtomically(file: string, data: Buffer): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, file);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
}

async function htmlToPdf(html: string): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'socle-pdf-'));
  const file = path.join(dir, 'dashboard.html');
  const fileUrl = pathToFileURL(file).href;
  await fs.writeFile(file, html, 'utf8');

  const ses = session.fromPartition(PDF_PARTITION, { cache: false });
  // Replaces the previous call's listener: only this file may load; fonts, images, links, frames
  // and anything else the HTML might name are cancelled (the dashboard needs none of them).
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: details.url !== fileUrl }));
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());

  const win = new BrowserWindow({
    show: false,
    width: 1024,
    height: 1400,
    webPreferences: {
      session: ses,
      offscreen: true,
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await win.loadURL(fileUrl);
    // printToPDF has been known to hang on some documents: never keep a hidden window forever.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Printing the dashboard to PDF took too long.')), PRINT_TIMEOUT_MS);
    });
    return await Promise.race([
      win.webContents.printToPDF({
        pageSize: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        generateTaggedPDF: true,
        generateDocumentOutline: true,
      }),
      timeout,
    ]);
  } finally {
    if (timer) clearTimeout(timer);
    win.destroy();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
