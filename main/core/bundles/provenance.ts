/**
 * Provenance: for every bundle line (an exporting installation), which revision of each record
 * was last taken from it, with its content hash. That is what lets a later bundle from the same
 * line update a record the user has not touched since, and turn into a conflict when they have.
 *
 *   <data>/provenance/<line>.json   { line, publisher, fingerprint?, records: { <id>: { rev, hash, bundleId, importedAt } } }
 *
 * One file per line rather than per record: an import of 10,000 records writes one file, not
 * 10,000 (and the journal backs up one file). The record itself also says where it came from
 * (origin: { kind: 'bundle', bundleId, publisher, importedAt }).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { idSchema, isoDateTime } from '../model';
import { publisherSchema, sha256Hex, tokenSchema } from './format';
import { quarantineFile, type StoreProblem } from '../store/quarantine';

export const provenanceEntrySchema = z
  .object({ rev: z.number().int().min(1), hash: sha256Hex, bundleId: tokenSchema, importedAt: isoDateTime })
  .strict();
export type ProvenanceEntry = z.output<typeof provenanceEntrySchema>;

const lineFileSchema = z
  .object({
    line: tokenSchema,
    publisher: publisherSchema,
    fingerprint: sha256Hex.optional(),
    records: z.record(idSchema, provenanceEntrySchema),
  })
  .strict();
export type LineFile = z.output<typeof lineFileSchema>;

export const provenanceDir = (dataDir: string) => path.join(dataDir, 'provenance');
export const provenanceFile = (dataDir: string, line: string) => path.join(provenanceDir(dataDir), `${line}.json`);

export class ProvenanceBook {
  /** The last text `render` made for each line, with its checked value (see `set`). */
  private readonly rendered = new Map<string, { text: string; file: LineFile }>();
  private constructor(
    private readonly dataDir: string,
    private readonly lines: Map<string, LineFile>,
    /** Files that could not be read: their lines are treated as unknown (conflicts, never silent updates). */
    readonly problems: string[],
  ) {}

  /**
   * Reads every line file. One that cannot be read is moved to quarantine/ (and reported through
   * `onProblem`): its line is then unknown (conflicts, never silent updates), and the next import
   * from that line writes a new file instead of overwriting it.
   */
  static async load(dataDir: string, onProblem?: (problem: StoreProblem) => void): Promise<ProvenanceBook> {
    const lines = new Map<string, LineFile>();
    const problems: string[] = [];
    let names: string[] = [];
    try {
      names = (await fs.readdir(provenanceDir(dataDir))).filter((n) => /^[a-z0-9][a-z0-9-]*\.json$/.test(n));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const name of names) {
      const file = path.join(provenanceDir(dataDir), name);
      try {
        const parsed = lineFileSchema.parse(JSON.parse(await fs.readFile(file, 'utf8')));
        if (`${parsed.line}.json` !== name) throw new Error(`holds line "${parsed.line}", not the one its name says`);
        lines.set(parsed.line, parsed);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed since listed
        problems.push(name);
        const problem = await quarantineFile(dataDir, file, new Error(`provenance ${name}: ${e instanceof z.ZodError ? (e.issues[0]?.message ?? 'invalid') : (e as Error).message}`));
        onProblem?.(problem);
      }
    }
    return new ProvenanceBook(dataDir, lines, problems);
  }

  get(line: string, id: string): ProvenanceEntry | undefined {
    const file = this.lines.get(line);
    return file && Object.hasOwn(file.records, id) ? file.records[id] : undefined;
  }

  /** Every content hash this installation took for the record, from any line. */
  hashesFor(id: string): string[] {
    const out: string[] = [];
    for (const file of this.lines.values()) if (Object.hasOwn(file.records, id)) out.push(file.records[id]!.hash);
    return out;
  }

  /** Every line that sent this record, with what it last sent. */
  linesFor(id: string): (ProvenanceEntry & { line: string; publisher: LineFile['publisher']; fingerprint?: string })[] {
    const out: (ProvenanceEntry & { line: string; publisher: LineFile['publisher']; fingerprint?: string })[] = [];
    for (const file of this.lines.values()) {
      if (Object.hasOwn(file.records, id)) out.push({ ...file.records[id]!, line: file.line, publisher: file.publisher, fingerprint: file.fingerprint });
    }
    return out.sort((a, b) => b.importedAt.localeCompare(a.importedAt));
  }

  /** The lines whose bundles were signed: their publisher and key. */
  signedLines(): { line: string; publisher: LineFile['publisher']; fingerprint: string }[] {
    const out: { line: string; publisher: LineFile['publisher']; fingerprint: string }[] = [];
    for (const f of this.lines.values()) if (f.fingerprint) out.push({ line: f.line, publisher: f.publisher, fingerprint: f.fingerprint });
    return out;
  }

  file(line: string): string {
    return provenanceFile(this.dataDir, line);
  }

  /**
   * The line file with `updates` applied, as text, or undefined when nothing would change (so
   * importing the same bundle twice writes nothing). Does not modify the book.
   */
  render(line: string, meta: Omit<LineFile, 'line' | 'records'>, updates: Map<string, ProvenanceEntry>): string | undefined {
    const current = this.lines.get(line);
    const changed = [...updates].some(([id, e]) => {
      const old = current && Object.hasOwn(current.records, id) ? current.records[id] : undefined;
      return !old || old.rev !== e.rev || old.hash !== e.hash;
    });
    if (!changed) return undefined;
    const records: Record<string, ProvenanceEntry> = { ...(current?.records ?? {}) };
    for (const [id, e] of updates) records[id] = e;
    // Checked as it will be read back: a file is never written that its reader would refuse.
    const next: LineFile = lineFileSchema.parse({ line, publisher: meta.publisher, ...(meta.fingerprint ? { fingerprint: meta.fingerprint } : {}), records });
    const text = JSON.stringify(next, null, 1) + '\n';
    this.rendered.set(line, { text, file: next });
    return text;
  }

  /** Records what was just written (after a successful commit). */
  set(line: string, text: string): void {
    // What render made (checked by the schema there) is not parsed again.
    const made = this.rendered.get(line);
    this.lines.set(line, made?.text === text ? made.file : lineFileSchema.parse(JSON.parse(text)));
    this.rendered.delete(line);
  }
}
