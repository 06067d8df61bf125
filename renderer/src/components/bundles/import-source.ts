/**
 * The bundle being previewed. Kept in memory, not in the URL: a dropped or picked file travels as
 * its bytes, which no URL could carry, and a desktop path must come from the main process anyway
 * (see main/app/bundle-paths.ts). A reload of the preview therefore asks for the file again.
 */
import { useSyncExternalStore } from 'react';
import { navigate } from '../../router';
import { bundleHref } from './routes';

export type ImportSource =
  /** Desktop: a path the main process chose or checked (open dialog, menu, opened with the app). */
  | { kind: 'file'; path: string; name: string }
  /** A file read by the page (file input, drop), base64. */
  | { kind: 'bytes'; bytes: string; name: string; size: number };

let current: { source: ImportSource; seq: number } | undefined;
let seq = 0;
const listeners = new Set<() => void>();

function emit(): void {
  for (const fn of listeners) fn();
}

/** Shows the import preview of this bundle (replacing any other being previewed). */
export function openImport(source: ImportSource): void {
  current = { source, seq: ++seq };
  emit();
  navigate(bundleHref.preview());
}

export function clearImport(): void {
  current = undefined;
  emit();
}

/** The bundle to preview and a number that changes with every new bundle (even the same file again). */
export function useImportSource(): { source: ImportSource; seq: number } | undefined {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => current,
  );
}

/** What importPreview/importApply take for this source. */
export function sourceInput(source: ImportSource): { file: string } | { bytes: string } {
  return source.kind === 'file' ? { file: source.path } : { bytes: source.bytes };
}
