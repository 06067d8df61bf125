import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { deflateOptions, writeZip } from '../../main/core/bundles/zip-write';
import { openZip } from '../../main/core/bundles/zip-read';
import { DEFAULT_LIMITS } from '../../main/core/bundles/format';

/** Text that compresses as records do (repeated phrases, numbers), of about `n` bytes. */
function text(n: number, seed: number): Buffer {
  let s = '';
  for (let i = 0; s.length < n; i++) s += `Mutuelle ${seed}-${i}: cotisations des vendeurs du marché (${(i * 7919 + seed) % 1000} FCFA). `;
  return Buffer.from(s.slice(0, n), 'utf8');
}

const files = [0, 1, 200, 511, 512, 3_000, 8_192, 40_000, 300_000].map((n, i) => ({ name: `records/r${i}.json`, data: text(n, i) }));

function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('writeZip (deflate window sized to each entry)', () => {
  it('writes entries that our reader and a default-window inflater read back byte for byte, small and large', async () => {
    const zip = await writeZip(files, new Date('2026-01-02T03:04:05Z'));
    const read = await openZip(zip, DEFAULT_LIMITS);
    try {
      for (const f of files) {
        const entry = read.entries.find((e) => e.name === f.name)!;
        expect(await read.read(f.name, 1e7)).toEqual(f.data);
        // What any reader does (older Socle, other tools): inflate with zlib's default 32 KiB window.
        const at = entry.localHeaderOffset;
        const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
        expect(inflateRawSync(zip.subarray(start, start + entry.compressedSize))).toEqual(f.data);
      }
    } finally {
      read.close();
    }
  });

  it('uses a window no larger than an entry needs, up to the full 32 KiB', () => {
    expect(deflateOptions(100).windowBits).toBe(9);
    expect(deflateOptions(3_000).windowBits).toBe(12);
    expect(deflateOptions(40_000).windowBits).toBe(15);
    expect(deflateOptions(1e7).windowBits).toBe(15);
  });

  it.skipIf(!hasUnzip())('is read by the system unzip, every entry intact (skipped when no unzip binary is installed)', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'socle-zip-write-'));
    try {
      const file = path.join(dir, 'b.socle');
      await fs.writeFile(file, await writeZip(files, new Date('2026-01-02T03:04:05Z')));
      execFileSync('unzip', ['-tq', file]);
      execFileSync('unzip', ['-q', file, '-d', path.join(dir, 'out')]);
      for (const f of files) expect(await fs.readFile(path.join(dir, 'out', f.name))).toEqual(f.data);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
