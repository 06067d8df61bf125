/**
 * Reads a zip archive that may have been crafted to hurt. Nothing is ever extracted to disk: the
 * archive is read from memory and each entry is inflated into memory, under limits checked twice
 * (the sizes the archive declares, summed before anything is inflated, and the bytes actually
 * produced, counted by zlib while inflating and aborted past the declared size).
 *
 * Refused, with a message naming the entry: names with "..", absolute or drive paths,
 * backslashes, control or non-ASCII characters; symbolic links, directories and other non-file
 * entries (zip external attributes); duplicate names; too many entries; declared sizes over the
 * limits; compression ratios out of bounds; encryption; compression methods other than stored
 * and deflate; a local header that names a different file than the central directory; CRC errors.
 */
import { inflateRaw, inflateRawSync, crc32 } from 'node:zlib';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import { HubFailure } from '../result';
import type { BundleLimits } from './format';

const inflateRawAsync = promisify(inflateRaw);

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  method: number;
  crc32: number;
  /** Where its local header starts in the archive (read by readEntrySync). */
  localHeaderOffset: number;
}

export interface OpenZip {
  /** Entries in archive order. */
  entries: ZipEntryInfo[];
  /** Inflates one entry (at most `maxBytes`), checking its size and CRC. */
  read(name: string, maxBytes: number): Promise<Buffer>;
  close(): void;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const DOS_DIRECTORY = 0x10;
/** Info-ZIP Unicode Path extra field: a second name other tools would use instead. */
const UNICODE_PATH_FIELD = 0x7075;

const show = (name: string) => JSON.stringify(name.length > 80 ? `${name.slice(0, 77)}...` : name);

/** Why an entry name is unsafe, or undefined. The name is decoded as Latin-1 so that every byte is seen. */
export function unsafeNameReason(name: string): string | undefined {
  if (name.length === 0) return 'has an empty name';
  if (name.includes('\\')) return 'uses a backslash in its path (a Windows path separator)';
  if (name.startsWith('/')) return 'has an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'has a drive-letter path';
  if (name.split('/').some((s) => s === '..')) return 'has ".." in its path (it would point outside the bundle)';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\x00-\x1f\x7f]/.test(name)) return 'has control characters in its name';
  if (/[^\x20-\x7e]/.test(name)) return 'has characters other than plain ASCII in its name';
  if (name.endsWith('/')) return 'is a directory';
  if (name.split('/').some((s) => s === '' || s === '.')) return 'has an empty or "." path segment';
  return undefined;
}

function refuse(code: 'corrupt' | 'too-large' | 'unsupported' | 'invalid', message: string, entry?: string): never {
  throw new HubFailure(code, message, entry ? { details: { entry } } : {});
}

export async function openZip(bytes: Buffer, limits: BundleLimits): Promise<OpenZip> {
  if (bytes.length > limits.maxFileBytes) {
    refuse('too-large', `Refused: the file is ${bytes.length} bytes; a bundle may be at most ${limits.maxFileBytes} bytes.`);
  }
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings: false, so that names reach our checks byte for byte (yauzl would otherwise
    // silently turn backslashes into slashes); sizes are checked here, not by yauzl.
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: false });
  } catch (e) {
    refuse('corrupt', `Refused: this is not a Socle bundle (not a readable zip archive: ${(e as Error).message}).`);
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      refuse('too-large', `Refused: the bundle has ${zip.entryCount} entries; at most ${limits.maxEntries} are allowed.`);
    }
    const entries: ZipEntryInfo[] = [];
    const seen = new Set<string>();
    let declaredTotal = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        const name = entry.fileNameRaw.toString('latin1');
        const why = unsafeNameReason(name);
        if (why) refuse('invalid', `Refused: the entry ${show(name)} ${why}.`, name);
        if (seen.has(name)) refuse('invalid', `Refused: the entry ${show(name)} appears twice in the bundle.`, name);
        if (entry.extraFields.some((f) => f.id === UNICODE_PATH_FIELD)) {
          refuse('invalid', `Refused: the entry ${show(name)} carries a second (Unicode) name that other tools would use instead.`, name);
        }
        const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
        const kind = mode & S_IFMT;
        if (kind === S_IFLNK) refuse('invalid', `Refused: the entry ${show(name)} is a symbolic link.`, name);
        if (kind === S_IFDIR || (entry.externalFileAttributes & DOS_DIRECTORY) !== 0) refuse('invalid', `Refused: the entry ${show(name)} is a directory.`, name);
        if (kind !== 0 && kind !== S_IFREG) refuse('invalid', `Refused: the entry ${show(name)} is not a regular file.`, name);
        if (entry.generalPurposeBitFlag & 0x1) refuse('unsupported', `Refused: the entry ${show(name)} is encrypted; bundles are never encrypted.`, name);
        if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
          refuse('unsupported', `Refused: the entry ${show(name)} uses compression method ${entry.compressionMethod}; only stored (0) and deflate (8) are read.`, name);
        }
        if (entry.compressionMethod === 0 && entry.compressedSize !== entry.uncompressedSize) {
          refuse('corrupt', `Refused: the stored entry ${show(name)} declares ${entry.uncompressedSize} bytes but holds ${entry.compressedSize}.`, name);
        }
        declaredTotal += entry.uncompressedSize;
        if (declaredTotal > limits.maxTotalBytes) {
          refuse('too-large', `Refused: the bundle would expand to more than ${limits.maxTotalBytes} bytes (at entry ${show(name)}): too large, or a zip bomb.`, name);
        }
        checkRatio(name, entry.compressedSize, entry.uncompressedSize, entry.compressionMethod, limits);
        seen.add(name);
        entries.push({
          name,
          compressedSize: entry.compressedSize,
          uncompressedSize: entry.uncompressedSize,
          method: entry.compressionMethod,
          crc32: entry.crc32,
          localHeaderOffset: entry.relativeOffsetOfLocalHeader,
        });
      }
    } catch (e) {
      if (e instanceof HubFailure) throw e;
      refuse('corrupt', `Refused: the zip archive is damaged (${(e as Error).message}).`);
    }

    const byName = new Map(entries.map((e) => [e.name, e]));
    let reads = 0;
    return {
      entries,
      close: () => zip.close(),
      async read(name, maxBytes) {
        const entry = byName.get(name);
        if (!entry) refuse('corrupt', `Refused: the entry ${show(name)} is missing from the bundle.`, name);
        if (entry.method === 8 && entry.uncompressedSize > 256 * 1024) {
          // A large entry inflates off the thread (every call is bounded by maxOutputLength).
          return readEntrySync(bytes, entry, maxBytes, (stored, limit) => inflateRawAsync(stored, limit));
        }
        if (++reads % 200 === 0) await new Promise((r) => setImmediate(r)); // let the event loop breathe
        return readEntrySync(bytes, entry, maxBytes);
      },
    };
  } catch (e) {
    zip.close();
    throw e;
  }
}

function checkRatio(name: string, compressed: number, uncompressed: number, method: number, limits: BundleLimits): void {
  if (method !== 8) return;
  // Deflate never expands data by more than a few bytes per 16 KiB block: more compressed bytes
  // than that means the entry hides something else in its data.
  if (compressed > uncompressed + Math.ceil(uncompressed / 1000) + 64) {
    refuse('corrupt', `Refused: the entry ${show(name)} has more compressed data (${compressed} bytes) than its content could need (${uncompressed} bytes).`, name);
  }
  if (uncompressed >= limits.ratioFloorBytes && uncompressed / Math.max(1, compressed) > limits.maxRatio) {
    refuse(
      'too-large',
      `Refused: the entry ${show(name)} would expand ${Math.round(uncompressed / Math.max(1, compressed))} times (at most ${limits.maxRatio}): a zip bomb?`,
      name,
    );
  }
}

/**
 * Reads one entry listed by openZip from the archive's bytes: its local header must agree with
 * the central directory, and it must inflate to exactly its declared size with its CRC. Synchronous
 * (small entries: an asynchronous call costs more than the work), so that it runs the same on the
 * main thread and in the bundle check worker (bundles/check.ts); `inflateAsync`, when given, is
 * used instead of the synchronous inflate (and the result is then a promise).
 */
export function readEntrySync(bytes: Uint8Array, entry: ZipEntryInfo, maxBytes: number): Buffer;
export function readEntrySync(
  bytes: Uint8Array,
  entry: ZipEntryInfo,
  maxBytes: number,
  inflateAsync: (stored: Buffer, limit: { maxOutputLength: number; chunkSize: number }) => Promise<Buffer>,
): Promise<Buffer>;
export function readEntrySync(
  bytes: Uint8Array,
  entry: ZipEntryInfo,
  maxBytes: number,
  inflateAsync?: (stored: Buffer, limit: { maxOutputLength: number; chunkSize: number }) => Promise<Buffer>,
): Buffer | Promise<Buffer> {
  const { name } = entry;
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (entry.uncompressedSize > maxBytes) {
    refuse('too-large', `Refused: the entry ${show(name)} is ${entry.uncompressedSize} bytes uncompressed; at most ${maxBytes} are allowed.`, name);
  }
  // The local header is read here, from the buffer, rather than through yauzl's stream
  // machinery: 10,000 entries would otherwise cost 10,000 asynchronous round trips.
  const at = entry.localHeaderOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) refuse('corrupt', `Refused: the entry ${show(name)} is damaged (no local header).`, name);
  const localMethod = buf.readUInt16LE(at + 8);
  const nameLength = buf.readUInt16LE(at + 26);
  const extraLength = buf.readUInt16LE(at + 28);
  const localName = buf.toString('latin1', at + 30, at + 30 + nameLength);
  const dataStart = at + 30 + nameLength + extraLength;
  if (dataStart + entry.compressedSize > buf.length) refuse('corrupt', `Refused: the entry ${show(name)} runs past the end of the file.`, name);
  // Two names for one entry is how some archives show one file to a checker and another to
  // an extractor: the local header must agree with the central directory (names compared byte
  // for byte: both are decoded as Latin-1).
  if (localName !== name || localMethod !== entry.method) {
    refuse('corrupt', `Refused: the entry ${show(name)} is described differently in two places of the archive.`, name);
  }
  const stored = buf.subarray(dataStart, dataStart + entry.compressedSize);
  if (entry.method === 0) return inflateAsync ? Promise.resolve(checked(entry, stored)) : checked(entry, stored);
  // maxOutputLength makes zlib stop as soon as the output passes what the entry declared:
  // the bytes actually produced are counted, not just the size written in the header.
  // chunkSize: the whole output in one buffer (one more byte, so that zlib sees the end of the
  // stream without asking for a second one), instead of a 16 KiB buffer for every entry.
  const limit = { maxOutputLength: Math.max(1, entry.uncompressedSize), chunkSize: Math.max(64, Math.min(entry.uncompressedSize + 1, 1024 * 1024)) };
  if (inflateAsync) return inflateAsync(stored, limit).then((data) => checked(entry, data), (e: unknown) => inflateFailed(entry, e));
  let data: Buffer;
  try {
    data = inflateRawSync(stored, limit);
  } catch (e) {
    inflateFailed(entry, e);
  }
  return checked(entry, data);
}

function inflateFailed(entry: ZipEntryInfo, e: unknown): never {
  if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
    refuse('too-large', `Refused: the entry ${show(entry.name)} inflates to more than the ${entry.uncompressedSize} bytes it declares (a zip bomb?).`, entry.name);
  }
  refuse('corrupt', `Refused: the entry ${show(entry.name)} cannot be decompressed (${(e as Error).message}).`, entry.name);
}

function checked(entry: ZipEntryInfo, data: Buffer): Buffer {
  const { name } = entry;
  if (data.length > entry.uncompressedSize) {
    refuse('too-large', `Refused: the entry ${show(name)} inflates to more than the ${entry.uncompressedSize} bytes it declares (a zip bomb?).`, name);
  }
  if (data.length < entry.uncompressedSize) {
    refuse('corrupt', `Refused: the entry ${show(name)} is truncated (${data.length} of ${entry.uncompressedSize} bytes).`, name);
  }
  if (crc32(data) >>> 0 !== entry.crc32 >>> 0) refuse('corrupt', `Refused: the entry ${show(name)} is damaged (CRC mismatch).`, name);
  return data;
}
