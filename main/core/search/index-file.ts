/**
 * The binary index file: how search segments live on disk (the user index cache
 * `<data>/index/user-index.bin`, and the prebuilt library's index). Owns the byte layout, its
 * integrity check and the (de)serialization of segments; knows nothing of the hub or the store.
 *
 * Layout (little-endian; every section starts on an 8-byte boundary, so a typed array of it is a
 * view on the file's bytes, not a copy or a decode):
 *
 *   0   "SOCLEIX1"                 magic (8 bytes)
 *   8   u32 header length H
 *   12  u32 CRC-32 of bytes [16, end of file)
 *   16  header: UTF-8 JSON { format, indexVersion, size, meta, sections: [{ name, type, offset, length }] }
 *   ... sections (typed arrays as they are in memory; strings as UTF-8)
 *
 * Reading checks the magic, the recorded size against the file's (a truncated file), the CRC over
 * everything else (a damaged one), the format and the index version, and every section's bounds;
 * anything wrong makes `readIndexFile` throw `IndexFileError`, and callers rebuild the index. No
 * JSON.parse runs over postings: only the small header (and whatever `meta` a caller keeps) is JSON.
 */
import { promises as fs, readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import type { Lang } from '../model';
import { LANGS } from '../vocabulary';
import { segmentFromParts, segmentParts, type SegmentIndex, type SegmentParts } from './segment';

export const INDEX_FILE_FORMAT = 'socle-index/1';
const MAGIC = 'SOCLEIX1';
const PREFIX = 16;

type SectionType = 'utf8' | 'u8' | 'u16' | 'u32' | 'i32';
interface SectionInfo {
  name: string;
  type: SectionType;
  /** Byte offset in the file. */
  offset: number;
  /** Bytes. */
  length: number;
}
interface Header {
  format: string;
  indexVersion: number;
  /** The file's size in bytes (a truncated or extended file fails this). */
  size: number;
  meta: unknown;
  sections: SectionInfo[];
}

export type SectionValue = string | Uint8Array | Uint16Array | Uint32Array | Int32Array;

/** The file is missing nothing but is not a readable index of this version: rebuild it. */
export class IndexFileError extends Error {}

/** CRC-32 (zlib's, native where Node has it: Node >= 20.15 and Electron's). */
const crc32: (data: Uint8Array) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (d) => (zlib as unknown as { crc32(d: Uint8Array): number }).crc32(d) : crc32Js;

let CRC_TABLE: Uint32Array | undefined;
function crc32Js(data: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const align8 = (n: number) => (n + 7) & ~7;

function typeOf(v: SectionValue): SectionType {
  if (typeof v === 'string') return 'utf8';
  if (v instanceof Uint8Array) return 'u8';
  if (v instanceof Uint16Array) return 'u16';
  if (v instanceof Uint32Array) return 'u32';
  return 'i32';
}

/** The bytes of an index file holding `sections` and `meta` (any JSON value, kept small). */
export function encodeIndexFile(indexVersion: number, meta: unknown, sections: Record<string, SectionValue>): Uint8Array {
  if (!LITTLE_ENDIAN) throw new Error('index files are little-endian');
  const enc = new TextEncoder();
  const bodies: { name: string; type: SectionType; bytes: Uint8Array }[] = [];
  for (const [name, v] of Object.entries(sections)) {
    const bytes = typeof v === 'string' ? enc.encode(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    bodies.push({ name, type: typeOf(v), bytes });
  }
  // The header holds the sections' offsets, which depend on the header's length: lay out with a
  // generous header size, then fix it (padding the JSON with spaces to the size reserved).
  const infos: SectionInfo[] = bodies.map((b) => ({ name: b.name, type: b.type, offset: 0, length: b.bytes.byteLength }));
  const draft = (size: number) => JSON.stringify({ format: INDEX_FILE_FORMAT, indexVersion, size, meta, sections: infos } satisfies Header);
  const headerBytes = enc.encode(draft(Number.MAX_SAFE_INTEGER)).length + 16 * infos.length + 32;
  let at = align8(PREFIX + headerBytes);
  for (const info of infos) {
    info.offset = at;
    at = align8(at + info.length);
  }
  const size = at;
  let header = enc.encode(draft(size));
  if (header.length > headerBytes) throw new Error('index header overflow');
  const padded = new Uint8Array(headerBytes).fill(0x20);
  padded.set(header);
  header = padded;
  const out = new Uint8Array(size);
  out.set(enc.encode(MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, headerBytes, true);
  out.set(header, PREFIX);
  bodies.forEach((b, i) => out.set(b.bytes, infos[i]!.offset));
  view.setUint32(12, crc32(out.subarray(PREFIX)), true);
  return out;
}

/** An index file read and checked: its meta and sections (typed arrays are views on the file's bytes). */
export interface IndexFile {
  indexVersion: number;
  meta: unknown;
  has(name: string): boolean;
  /** A section; throws IndexFileError when it is missing or of another type. */
  get(name: string, type: 'utf8'): string;
  get(name: string, type: 'u8'): Uint8Array;
  get(name: string, type: 'u16'): Uint16Array;
  get(name: string, type: 'u32'): Uint32Array;
  get(name: string, type: 'i32'): Int32Array;
  /** Bytes of the file. */
  size: number;
}

/** Parses and checks index file bytes (see the file comment); throws IndexFileError. */
export function decodeIndexFile(input: Uint8Array, expectedVersion: number): IndexFile {
  const fail = (why: string): never => {
    throw new IndexFileError(`index file ${why}`);
  };
  if (!LITTLE_ENDIAN) fail('needs a little-endian machine');
  // Typed-array views need aligned offsets: a buffer that does not start on 8 bytes is copied once.
  const buf = input.byteOffset % 8 === 0 ? input : input.slice();
  if (buf.length < PREFIX || new TextDecoder().decode(buf.subarray(0, 8)) !== MAGIC) fail('is not a Socle index');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerBytes = view.getUint32(8, true);
  if (PREFIX + headerBytes > buf.length) fail('is truncated');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(buf.subarray(PREFIX, PREFIX + headerBytes))) as Header;
  } catch {
    return fail('header is damaged');
  }
  if (!header || typeof header.size !== 'number' || !Array.isArray(header.sections)) fail('header is damaged');
  if (header.size !== buf.length) fail(header.size > buf.length ? 'is truncated' : 'has extra bytes');
  if (crc32(buf.subarray(PREFIX)) !== view.getUint32(12, true)) fail('is damaged (checksum)');
  if (header.format !== INDEX_FILE_FORMAT) fail(`has format ${String(header.format)}`);
  if (header.indexVersion !== expectedVersion) fail(`is of index version ${String(header.indexVersion)}`);
  const sections = new Map<string, SectionInfo>();
  for (const s of header.sections) {
    if (!s || typeof s.name !== 'string' || !Number.isInteger(s.offset) || !Number.isInteger(s.length) || s.offset < PREFIX + headerBytes || s.offset + s.length > buf.length || s.offset % 8) {
      fail('has a damaged section table');
    }
    sections.set(s.name, s);
  }
  const width: Record<SectionType, number> = { utf8: 1, u8: 1, u16: 2, u32: 4, i32: 4 };
  const decoder = new TextDecoder();
  return {
    indexVersion: header.indexVersion,
    meta: header.meta,
    size: buf.length,
    has: (name) => sections.has(name),
    get: ((name: string, type: SectionType): SectionValue => {
      const s = sections.get(name);
      if (!s || s.type !== type || s.length % width[type]) return fail(`has no ${type} section ${name}`);
      const at = buf.byteOffset + s.offset;
      switch (type) {
        case 'utf8':
          return decoder.decode(buf.subarray(s.offset, s.offset + s.length));
        case 'u8':
          return new Uint8Array(buf.buffer, at, s.length);
        case 'u16':
          return new Uint16Array(buf.buffer, at, s.length / 2);
        case 'u32':
          return new Uint32Array(buf.buffer, at, s.length / 4);
        case 'i32':
          return new Int32Array(buf.buffer, at, s.length / 4);
      }
    }) as IndexFile['get'],
  };
}

/** Reads and checks an index file; undefined when it does not exist; throws IndexFileError when unusable. */
export function readIndexFileSync(file: string, expectedVersion: number): IndexFile | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new IndexFileError(`index file unreadable: ${(e as Error).message}`);
  }
  return decodeIndexFile(bytes, expectedVersion);
}

export async function readIndexFile(file: string, expectedVersion: number): Promise<IndexFile | undefined> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new IndexFileError(`index file unreadable: ${(e as Error).message}`);
  }
  return decodeIndexFile(bytes, expectedVersion);
}

/* ------------------------------------------------------------------------------------------ */
/* Segments in an index file                                                                  */

const PART_TYPES = {
  terms: 'utf8',
  ids: 'utf8',
  forms: 'utf8',
  fieldLen: 'u32',
  offsets: 'i32',
  postDoc: 'i32',
  postField: 'u8',
  postTf: 'u16',
} as const satisfies Record<keyof SegmentParts, SectionType>;

/** Sections holding `segments` (one per language at most), under the prefix `seg.<lang>.`. */
export function segmentSections(segments: readonly SegmentIndex[]): Record<string, SectionValue> {
  const out: Record<string, SectionValue> = {};
  for (const ix of segments) {
    const parts = segmentParts(ix);
    for (const k of Object.keys(PART_TYPES) as (keyof SegmentParts)[]) out[`seg.${ix.lang}.${k}`] = parts[k];
  }
  return out;
}

/** The segments of an index file, per language present; throws IndexFileError when one is malformed. */
export function readSegments(file: IndexFile): SegmentIndex[] {
  const out: SegmentIndex[] = [];
  for (const lang of LANGS as readonly Lang[]) {
    if (!file.has(`seg.${lang}.terms`)) continue;
    const get = (k: keyof SegmentParts) => file.get(`seg.${lang}.${k}`, PART_TYPES[k] as never) as never;
    try {
      out.push(
        segmentFromParts(lang, {
          terms: get('terms'),
          ids: get('ids'),
          forms: get('forms'),
          fieldLen: get('fieldLen'),
          offsets: get('offsets'),
          postDoc: get('postDoc'),
          postField: get('postField'),
          postTf: get('postTf'),
        }),
      );
    } catch (e) {
      throw e instanceof IndexFileError ? e : new IndexFileError(`index file: ${(e as Error).message}`);
    }
  }
  return out;
}
