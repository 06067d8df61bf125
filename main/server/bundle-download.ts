/**
 * `POST /download/bundle`: the browser mode's export. The page cannot pick a file on the server's
 * disk (and must not name one), so it sends the export choices as JSON and gets the `.socle` file
 * back as a download (`Content-Disposition: attachment`).
 *
 * The body is the contract's `exportBundle` input without its file fields (`outFile`, `overwrite`,
 * `progressToken`): the very same zod schema from main/core/bundles/api.ts, so a scope the desktop
 * would refuse is refused here with the same message. The bundle itself is written by the
 * contract's `exportBundle` (through dispatch(), like every API call) into a fresh private
 * temporary folder, streamed, then deleted: one code path for the publisher profile, signing and
 * the record selection on every surface. The request guards (Host, Origin, JSON content type, body
 * limit) are the API's, applied by server.ts before this runs.
 */
import { createReadStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { bundleInputs } from '../core/bundles/api';
import type { HubMethods } from '../core/contract';
import { dispatch } from '../core/dispatch';
import { invalidFromZod, type Result } from '../core/result';
import type { ExportResult } from '../core/bundles';

export const BUNDLE_DOWNLOAD_PATH = '/download/bundle';

/** The export choices the page may send: scope, sign, publisher. Strict: anything else is refused. */
export const bundleDownloadInput = bundleInputs.exportBundle.omit({ outFile: true, overwrite: true, progressToken: true });

/** `socle-CM-2026-11-29.socle`: the country when the scope names one to three, then the local date. */
export function bundleFileName(countries: readonly string[], now = new Date()): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const where = countries.length > 0 && countries.length <= 3 ? `${countries.join('-')}-` : '';
  return `socle-${where}${day}.socle`;
}

export type DownloadOutcome = { ok: true; file: string; result: ExportResult; cleanup: () => Promise<void> } | { ok: false; result: Result<never> };

/**
 * Validates the choices and writes the bundle to a temporary file. The caller streams `file`
 * and must call `cleanup()` whatever happens.
 */
export async function prepareBundleDownload(api: HubMethods, input: unknown, tmpRoot = os.tmpdir()): Promise<DownloadOutcome> {
  const parsed = bundleDownloadInput.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, result: { ok: false, error: invalidFromZod(parsed.error).toError() } };
  // mkdtemp makes the folder readable by this user only: the bundle may hold internal records.
  const dir = await fs.mkdtemp(path.join(tmpRoot, 'socle-download-'));
  const cleanup = () => fs.rm(dir, { recursive: true, force: true });
  try {
    const outFile = path.join(dir, bundleFileName(parsed.data.scope.countries));
    const result = await dispatch(api, 'exportBundle', { ...parsed.data, outFile, overwrite: false });
    if (!result.ok) {
      await cleanup();
      return { ok: false, result };
    }
    return { ok: true, file: outFile, result: result.value as ExportResult, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** Headers that tell the page what it downloaded (same-origin fetch can read them). ASCII only. */
export function downloadHeaders(file: string, r: ExportResult): Record<string, string> {
  return {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(r.bytes),
    'Content-Disposition': `attachment; filename="${path.basename(file)}"`,
    'Cache-Control': 'no-store',
    'X-Socle-Bundle-Id': r.bundleId,
    'X-Socle-Bundle-Sha256': r.sha256,
    'X-Socle-Bundle-Count': String(r.count),
    ...(r.fingerprint ? { 'X-Socle-Bundle-Fingerprint': r.fingerprint } : {}),
  };
}

/** Streams the file to the response; resolves when done or when either side failed. */
export function streamFile(file: string, res: http.ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}
