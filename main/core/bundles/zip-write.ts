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
 * matters more than those bytes on a USB stick or in an e-mail. Output chunks of 4 KB (records are
 * small; the default 16 KB chunk per call is mostly allocated for nothing).
 */
const DEFLATE = { level: 1, chunkSize: 4096 };

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
    compressed[i] = deflateRawSync(files[i]!.data, DEFLATE);
    onEntry?.(i + 1);
    if (i % 256 === 255) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  files.forEach((f, i) => {
    const name = Buffer.from(f.name, 'utf8');
    const data = compressed[i]!;
    const crc = crc32(f.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, data);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(MADE_BY_UNIX, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(UTF8_NAMES, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(f.data.length, 24);
    header.writeUInt16LE(name.length, 28);
    // 30 extra length, 32 comment length, 34 disk, 36 internal attributes: 0
    header.writeUInt32LE(REGULAR_FILE, 38);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + data.length;
  });
  if (offset > 0xffffffff) throw new Error('bundle too large for a zip without zip64');
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
