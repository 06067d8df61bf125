/**
 * Writes a zip archive into memory: regular files, deflated, one fixed timestamp, entries in the
 * order given. A small writer of our own rather than yazl, because yazl starts deflating every
 * buffer at once (one zlib stream each): for 10,000 records that is ~3 GB of native memory. Here
 * one entry is deflated at a time, and the output is reproducible.
 *
 * No zip64: the bundle limits (50,002 entries, 256 MiB uncompressed) stay below 65,535 entries
 * and 4 GiB.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Level 1: on 10,000 records of a few KB it deflates in 0.47 s against 0.66 s at zlib's default
 * level 6, for an archive 4.5 % larger (14.0 MB against 13.4 MB of deflated JSON): export speed
 * matters more than those bytes on a USB stick or in an e-mail.
 */
const LEVEL = 1;

/**
 * zlib's options for one entry: level 1; a window (and hash table) no larger than the entry needs,
 * since zlib sets up and clears its whole state for every stream (with the default 32 KiB window
 * and 64 KiB hash, that setup outweighed compressing a 3 KB record); one output chunk the size of
 * the entry. Raw deflate with a smaller window is still plain deflate: any inflater reads it
 * (older Socle included), and entries of up to the window's size compress as before.
 */
export function deflateOptions(size: number): { level: number; windowBits: number; memLevel: number; chunkSize: number } {
  let windowBits = 9;
  while (windowBits < 15 && 1 << windowBits < size) windowBits++;
  return { level: LEVEL, windowBits, memLevel: Math.max(1, Math.min(8, windowBits - 7)), chunkSize: Math.max(64, Math.min(64 * 1024, size + 64)) };
}

export interface ZipInput {
  name: string;
  data: Buffer;
}

/** MS-DOS date and time fields (local time is meaningless here: the UTC fields are written). */
function dosDateTime(d: Date): { date: number; time: number } {
  const year = Math.max(1980, Math.min(2107, d.getUTCFullYear()));
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}

const MADE_BY_UNIX = (3 << 8) | 20;
const REGULAR_FILE = (0o100644 << 16) >>> 0;
const UTF8_NAMES = 0x800;

export async function writeZip(files: ZipInput[], mtime: Date, onEntry?: (done: number) => void): Promise<Buffer> {
  if (files.length > 0xfffe) throw new Error(`too many entries for a zip without zip64 (${files.length})`);
  const { date, time } = dosDateTime(mtime);
  const compressed: Buffer[] = new Array<Buffer>(files.length);
  // Deflated here, synchronously, in slices with a yield between them: records are small (a few
  // KB), and a thread-pool round trip per entry cost ~4x the compression itself (2.4 s against
  // 0.6 s for 10,000 records on two cores).
  for (let i = 0; i < files.length; i++) {
    compressed[i] = deflateRawSync(files[i]!.data, deflateOptions(files[i]!.data.length));
    onEntry?.(i + 1);
    if (i % 256 === 255) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  // The archive is assembled in one buffer whose size is known in advance (rather than three
  // small buffers per entry joined at the end).
  const names = files.map((f) => Buffer.from(f.name, 'utf8'));
  let localTotal = 0;
  let centralTotal = 0;
  for (let i = 0; i < files.length; i++) {
    localTotal += 30 + names[i]!.length + compressed[i]!.length;
    centralTotal += 46 + names[i]!.length;
  }
  if (localTotal > 0xffffffff) throw new Error('bundle too large for a zip without zip64');
  const out = Buffer.alloc(localTotal + centralTotal + 22);
  let at = 0;
  let dir = localTotal;
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    const name = names[i]!;
    const data = compressed[i]!;
    const crc = crc32(f.data) >>> 0;
    const offset = at;
    out.writeUInt32LE(0x04034b50, at);
    out.writeUInt16LE(20, at + 4); // version needed: 2.0 (deflate)
    out.writeUInt16LE(UTF8_NAMES, at + 6);
    out.writeUInt16LE(8, at + 8); // deflate
    out.writeUInt16LE(time, at + 10);
    out.writeUInt16LE(date, at + 12);
    out.writeUInt32LE(crc, at + 14);
    out.writeUInt32LE(data.length, at + 18);
    out.writeUInt32LE(f.data.length, at + 22);
    out.writeUInt16LE(name.length, at + 26);
    // 28 extra length: 0
    name.copy(out, at + 30);
    data.copy(out, at + 30 + name.length);
    at += 30 + name.length + data.length;

    out.writeUInt32LE(0x02014b50, dir);
    out.writeUInt16LE(MADE_BY_UNIX, dir + 4);
    out.writeUInt16LE(20, dir + 6);
    out.writeUInt16LE(UTF8_NAMES, dir + 8);
    out.writeUInt16LE(8, dir + 10);
    out.writeUInt16LE(time, dir + 12);
    out.writeUInt16LE(date, dir + 14);
    out.writeUInt32LE(crc, dir + 16);
    out.writeUInt32LE(data.length, dir + 20);
    out.writeUInt32LE(f.data.length, dir + 24);
    out.writeUInt16LE(name.length, dir + 28);
    // 30 extra length, 32 comment length, 34 disk, 36 internal attributes: 0
    out.writeUInt32LE(REGULAR_FILE, dir + 38);
    out.writeUInt32LE(offset, dir + 42);
    name.copy(out, dir + 46);
    dir += 46 + name.length;
  }
  const end = localTotal + centralTotal;
  out.writeUInt32LE(0x06054b50, end);
  out.writeUInt16LE(files.length, end + 8);
  out.writeUInt16LE(files.length, end + 10);
  out.writeUInt32LE(centralTotal, end + 12);
  out.writeUInt32LE(localTotal, end + 16);
  return out;
}
