/**
 * Hashes. A record's *content hash* is what two installations compare to tell "the same record"
 * from "a changed record": the SHA-256 of its canonical JSON (keys sorted, no whitespace) without
 * the fields each store sets for itself (rev, createdAt, updatedAt, origin). Always hash a record
 * parsed by recordSchema, so that defaults are filled in the same way on both sides.
 */
import { createHash } from 'node:crypto';
import type { HubRecord } from '../model';

export const SYSTEM_KEYS = ['rev', 'createdAt', 'updatedAt', 'origin'] as const;

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * JSON with object keys sorted at every level: the same value always gives the same text. (Built
 * by appending to one string, without the intermediate arrays: imports hash every record with it.
 * Its output must never change: installations compare these hashes.)
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (i in value ? canonicalJson(value[i]) : '');
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v);
    first = false;
  }
  return out + '}';
}

export function contentOf(record: HubRecord): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record };
  for (const k of SYSTEM_KEYS) delete copy[k];
  return copy;
}

/**
 * Records are never mutated in place (every save makes a new object), so a record object's hash
 * can be remembered: re-importing or re-exporting 10,000 records then hashes only the new ones.
 */
const hashes = new WeakMap<HubRecord, string>();

export function contentHash(record: HubRecord): string {
  let h = hashes.get(record);
  if (h === undefined) {
    h = sha256(canonicalJson(contentOf(record)));
    hashes.set(record, h);
  }
  return h;
}

/** Top-level fields whose values differ between two versions of a record (system fields ignored). */
export function changedFields(a: HubRecord, b: HubRecord): string[] {
  const ca = contentOf(a);
  const cb = contentOf(b);
  const keys = new Set([...Object.keys(ca), ...Object.keys(cb)]);
  return [...keys].filter((k) => canonicalJson(ca[k]) !== canonicalJson(cb[k])).sort();
}
