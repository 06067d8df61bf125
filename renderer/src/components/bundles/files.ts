/**
 * Getting bundle files in and out of the page. In: a picked or dropped File is read here and sent
 * as base64 (the browser mode has no path to give; the desktop does the same for drops). Out, in
 * the browser mode: `POST /download/bundle` (main/server/bundle-download.ts), then the bytes handed
 * to the browser as a download through a blob: URL on an <a download>. The CSP governs what a page
 * loads, not what it hands to the user as a file, and the fetch is same-origin (connect-src
 * 'self'), so the policy needs no change.
 */
import type { HubError, Result } from '../../../../main/core/result';
import { openImport } from './import-source';
import { downloadBlob } from '../../download';
import { localeOf } from '../../lib';

export const BUNDLE_EXTENSION = '.socle';
/** The core's limit for a .socle file (main/core/bundles/format.ts DEFAULT_LIMITS.maxFileBytes). */
export const MAX_BUNDLE_BYTES = 128 * 1024 * 1024;
export const DOWNLOAD_ROUTE = '/download/bundle';

export const isBundleName = (name: string): boolean => name.toLowerCase().endsWith(BUNDLE_EXTENSION);

/** `socle-CM-2026-11-29.socle` (same rule as the server's name for downloads). */
export function suggestedBundleName(countries: readonly string[], now = new Date()): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const where = countries.length > 0 && countries.length <= 3 ? `${countries.join('-')}-` : '';
  return `socle-${where}${day}${BUNDLE_EXTENSION}`;
}

/** The file's bytes in base64 (FileReader's data URL does the encoding natively, without a huge string of char codes). */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

export type PickedFileProblem = { kind: 'not-bundle' | 'too-large' | 'unreadable'; name: string; message?: string };

/** Reads a picked or dropped .socle file and opens its import preview; a problem otherwise. */
export async function importPickedFile(file: File): Promise<PickedFileProblem | undefined> {
  if (!isBundleName(file.name)) return { kind: 'not-bundle', name: file.name };
  if (file.size > MAX_BUNDLE_BYTES) return { kind: 'too-large', name: file.name };
  let bytes: string;
  try {
    bytes = await readAsBase64(file);
  } catch (e) {
    return { kind: 'unreadable', name: file.name, message: e instanceof Error ? e.message : String(e) };
  }
  openImport({ kind: 'bytes', bytes, name: file.name, size: file.size });
  return undefined;
}

export interface DownloadedBundle {
  fileName: string;
  bytes: number;
  count: number;
  sha256: string;
  fingerprint?: string;
}

/** Browser mode: asks the server for the bundle and hands it to the browser as a download. */
export async function downloadBundle(body: unknown): Promise<Result<DownloadedBundle>> {
  const fail = (message: string, code: HubError['code'] = 'internal'): Result<never> => ({ ok: false, error: { code, message } });
  let res: Response;
  try {
    res = await fetch(DOWNLOAD_ROUTE, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/octet-stream, application/json' },
      body: JSON.stringify(body),
    });
  } catch (e) {
    return fail(`The hub could not be reached (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (!res.ok) {
    try {
      const json = (await res.json()) as Result<never>;
      if (json && json.ok === false && typeof json.error?.message === 'string') return json;
    } catch {
      // fall through
    }
    return fail(`The hub sent an unexpected answer (HTTP ${res.status}).`);
  }
  const blob = await res.blob();
  const disposition = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
  const fileName = disposition?.[1] ?? suggestedBundleName([]);
  downloadBlob(blob, fileName);
  return {
    ok: true,
    value: {
      fileName,
      bytes: blob.size,
      count: Number(res.headers.get('x-socle-bundle-count') ?? 0),
      sha256: res.headers.get('x-socle-bundle-sha256') ?? '',
      fingerprint: res.headers.get('x-socle-bundle-fingerprint') ?? undefined,
    },
  };
}

export function formatBytes(n: number, lang: string): string {
  const fmt = (v: number) => new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 1 }).format(v);
  if (n < 1024) return `${n} ${lang === 'fr' ? 'o' : 'B'}`;
  if (n < 1024 * 1024) return `${fmt(n / 1024)} ${lang === 'fr' ? 'Ko' : 'kB'}`;
  return `${fmt(n / (1024 * 1024))} ${lang === 'fr' ? 'Mo' : 'MB'}`;
}

/** A key fingerprint in groups of four, to read aloud over the phone. */
export function formatFingerprint(fp: string): string {
  return fp.replace(/(.{4})(?=.)/g, '$1 ');
}
