/**
 * Language versions of a record in the index: a record is indexed once in its own language under
 * its id, and once per translation under `<record id>@<lang>` ("@" is not allowed in record ids).
 * The engine folds the versions of one record into one hit; the hub adds and removes them together.
 */
import { LANGS } from '../vocabulary';

export const VERSION_SEPARATOR = '@';

/** The record id of a search document id (`tg-novissi@en` -> `tg-novissi`). */
export function recordIdOf(docId: string): string {
  const at = docId.indexOf(VERSION_SEPARATOR);
  return at < 0 ? docId : docId.slice(0, at);
}

/** The document ids a record's translations may have. */
export function versionIds(recordId: string): string[] {
  return LANGS.map((l) => `${recordId}${VERSION_SEPARATOR}${l}`);
}
