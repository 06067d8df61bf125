/**
 * Reads the bundled library (library/: Markdown with YAML front matter, the glossary, example
 * workshops) into validated records. Used by the build step (strict: any problem fails the build)
 * and by the hub when no prebuilt library is available (lenient: bad files are reported and skipped).
 * The format is documented in docs/content-format.md.
 */
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import {
  coverageSchema,
  projectSchema,
  guideSchema,
  planSchema,
  practiceSchema,
  workshopSchema,
  type HubRecord,
  type Lang,
} from '../model';
import { invalidFromZod } from '../result';
import { internalLinks } from '../markdown';
import { figuresIn, isDocumentSource } from './sourcing';
import { listFiles, readLibraryFiles, type LibraryFiles } from './files';

export { readLibraryFiles, type LibraryFiles };
import type { GlossaryTerm } from '../search/types';

export interface Library {
  version: number;
  date: string;
  records: HubRecord[];
  glossary: GlossaryTerm[];
  /** sha-256 over every library file's path and bytes: changes whenever the content does. */
  contentHash: string;
}

export interface LibraryProblem {
  file: string;
  message: string;
}

export class LibraryError extends Error {
  constructor(readonly problems: LibraryProblem[]) {
    super(`The bundled library has ${problems.length} problem(s):\n` + problems.map((p) => `  ${p.file}: ${p.message}`).join('\n'));
    this.name = 'LibraryError';
  }
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

export function splitFrontMatter(text: string): { data: unknown; body: string } {
  const m = FRONT_MATTER.exec(text.replace(/^\uFEFF/, ''));
  if (!m) throw new Error('missing YAML front matter (the file must start with a line "---")');
  return { data: YAML.parse(m[1]!, { maxAliasCount: 50 }) ?? {}, body: m[2]!.trim() + '\n' };
}

const glossaryFileSchema = z.object({
  terms: z
    .array(
      z
        .object({
          id: z.string().regex(/^[a-z0-9-]+$/),
          fr: z.string().min(1),
          en: z.string().min(1),
          pt: z.string().min(1),
          also: z.object({ fr: z.array(z.string()), en: z.array(z.string()), pt: z.array(z.string()) }).partial().optional(),
          definition: z.object({ fr: z.string(), en: z.string(), pt: z.string() }).partial().optional(),
        })
        .strict(),
    )
    .min(1),
});

const metaSchema = z.object({
  version: z.number().int().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Keys of the guides that must also exist in Portuguese (beside French and English). */
  portugueseGuides: z.array(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/)).max(500).default([]),
});

/**
 * Loads the library. `strict` throws a LibraryError listing every problem (build, tests);
 * otherwise problems are returned and the readable records still load.
 */
export async function loadLibrary(
  libraryDir: string,
  opts: { strict?: boolean; files?: LibraryFiles } = {},
): Promise<{ library: Library; problems: LibraryProblem[] }> {
  const problems: LibraryProblem[] = [];
  const records: HubRecord[] = [];
  const files = opts.files ?? (await readLibraryFiles(libraryDir));
  const rel = (f: string) => path.relative(libraryDir, f) || f;
  const read = async (file: string) => {
    const text = files.texts.get(file);
    if (text === undefined) throw Object.assign(new Error(`${rel(file)}: no such file`), { code: 'ENOENT' });
    return text;
  };

  let meta: z.infer<typeof metaSchema> = { version: 1, date: '2026-01-01', portugueseGuides: [] };
  try {
    meta = metaSchema.parse(YAML.parse(await read(path.join(libraryDir, 'library.yaml'))));
  } catch (e) {
    problems.push({ file: 'library.yaml', message: e instanceof Error ? e.message : String(e) });
  }
  const stamp = `${meta.date}T00:00:00.000Z`;
  const system = { rev: 1, createdAt: stamp, updatedAt: stamp, origin: { kind: 'library' as const } };

  const addRecord = (file: string, schema: z.ZodType<HubRecord>, data: unknown) => {
    const parsed = schema.safeParse({ ...system, ...(data as object) });
    if (!parsed.success) {
      problems.push({ file: rel(file), message: invalidFromZod(parsed.error, 'front matter').message });
      return;
    }
    records.push(parsed.data);
  };

  const guidesDir = path.join(libraryDir, 'guides');
  for (const name of await listFiles(guidesDir, '.md')) {
    const file = path.join(guidesDir, name);
    try {
      const { data, body } = splitFrontMatter(await read(file));
      addRecord(file, guideSchema as z.ZodType<HubRecord>, { type: 'guide', ...(data as object), body });
      const d = data as { id?: string; key?: string; lang?: string };
      if (name !== `${d.key}.${d.lang}.md`) problems.push({ file: rel(file), message: `file name should be "${d.key}.${d.lang}.md"` });
      if (d.id !== `${d.key}-${d.lang}`) problems.push({ file: rel(file), message: `id should be "${d.key}-${d.lang}"` });
    } catch (e) {
      problems.push({ file: rel(file), message: (e as Error).message });
    }
  }

  const practicesDir = path.join(libraryDir, 'practices');
  for (const name of await listFiles(practicesDir, '.md')) {
    const file = path.join(practicesDir, name);
    try {
      const { data, body } = splitFrontMatter(await read(file));
      addRecord(file, practiceSchema as z.ZodType<HubRecord>, { type: 'practice', ...(data as object), body });
      const d = data as { id?: string };
      if (name !== `${d.id}.md`) problems.push({ file: rel(file), message: `file name should be "${d.id}.md"` });
    } catch (e) {
      problems.push({ file: rel(file), message: (e as Error).message });
    }
  }

  const workshopsDir = path.join(libraryDir, 'workshops');
  for (const name of await listFiles(workshopsDir, '.yaml')) {
    const file = path.join(workshopsDir, name);
    try {
      const doc = YAML.parse(await read(file), { maxAliasCount: 50 }) as { workshop?: unknown; plans?: unknown[] };
      addRecord(file, workshopSchema as z.ZodType<HubRecord>, { type: 'workshop', ...(doc.workshop as object) });
      for (const plan of doc.plans ?? []) addRecord(file, planSchema as z.ZodType<HubRecord>, { type: 'plan', ...(plan as object) });
    } catch (e) {
      problems.push({ file: rel(file), message: (e as Error).message });
    }
  }

  // Skills-clinic worked examples: one coverage sheet or project per file, named after its id.
  const clinicsDir = path.join(libraryDir, 'clinics');
  for (const name of await listFiles(clinicsDir, '.yaml')) {
    const file = path.join(clinicsDir, name);
    try {
      const doc = YAML.parse(await read(file), { maxAliasCount: 50 }) as { type?: unknown; id?: unknown };
      if (doc?.type !== 'coverage' && doc?.type !== 'project') throw new Error('type must be "coverage" or "project"');
      addRecord(file, (doc.type === 'coverage' ? coverageSchema : projectSchema) as z.ZodType<HubRecord>, doc);
      if (name !== `${String(doc.id)}.yaml`) problems.push({ file: rel(file), message: `file name should be "${String(doc.id)}.yaml"` });
    } catch (e) {
      problems.push({ file: rel(file), message: (e as Error).message });
    }
  }

  let glossary: GlossaryTerm[] = [];
  const glossaryFile = path.join(libraryDir, 'glossary.yaml');
  try {
    const parsed = glossaryFileSchema.safeParse(YAML.parse(await read(glossaryFile)));
    if (parsed.success) glossary = parsed.data.terms;
    else problems.push({ file: 'glossary.yaml', message: invalidFromZod(parsed.error, 'glossary').message });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') problems.push({ file: 'glossary.yaml', message: (e as Error).message });
  }

  problems.push(...checkLibrary(records, { portugueseGuides: meta.portugueseGuides }));
  if (opts.strict && problems.length) throw new LibraryError(problems);
  const library: Library = { version: meta.version, date: meta.date, records, glossary, contentHash: files.contentHash };
  return { library, problems };
}

/**
 * Cross-record checks: unique ids, every guide in French and English (and Portuguese for the keys
 * listed in library.yaml), internal links and `related` entries resolve, every practice names at
 * least one source, a validated practice names a document-level one, and a guide or practice
 * that states a figure names its sources (docs/content-format.md, "Sourcing rules").
 */
export function checkLibrary(records: HubRecord[], opts: { portugueseGuides?: readonly string[] } = {}): LibraryProblem[] {
  const problems: LibraryProblem[] = [];
  const ids = new Map<string, number>();
  const guideLangs = new Map<string, Set<Lang>>();
  for (const r of records) {
    ids.set(r.id, (ids.get(r.id) ?? 0) + 1);
    if (r.type === 'guide') {
      const langs = guideLangs.get(r.key) ?? new Set<Lang>();
      langs.add(r.lang);
      guideLangs.set(r.key, langs);
    }
  }
  for (const [id, n] of ids) if (n > 1) problems.push({ file: id, message: `duplicate id "${id}" (${n} records)` });
  const LANG_NAMES: Record<Lang, string> = { fr: 'French', en: 'English', pt: 'Portuguese' };
  const portuguese = new Set(opts.portugueseGuides ?? []);
  for (const key of portuguese) if (!guideLangs.has(key)) problems.push({ file: 'library.yaml', message: `portugueseGuides lists "${key}", which is not a guide` });
  for (const [key, langs] of guideLangs) {
    const required: Lang[] = portuguese.has(key) ? ['fr', 'en', 'pt'] : ['fr', 'en'];
    for (const lang of required) {
      if (!langs.has(lang)) problems.push({ file: `guides/${key}`, message: `missing the ${LANG_NAMES[lang]} version` });
    }
  }
  const resolves = (target: string) => ids.has(target) || guideLangs.has(target);
  for (const r of records) {
    const where = r.type === 'guide' ? `guides/${r.key}.${r.lang}.md` : r.type === 'practice' ? `practices/${r.id}.md` : r.id;
    const texts: string[] = [];
    if ('body' in r) texts.push(r.body);
    if (r.type === 'practice') texts.push(r.results, r.lessons, ...Object.values(r.translations).map((t) => t?.body ?? ''));
    for (const text of texts) {
      for (const target of internalLinks(text)) {
        if (!resolves(target)) problems.push({ file: where, message: `link to "socle:${target}" does not resolve` });
      }
    }
    if ('related' in r) {
      for (const target of r.related) if (!resolves(target)) problems.push({ file: where, message: `related "${target}" does not resolve` });
    }
    if (r.type === 'practice' && r.sources.length === 0) problems.push({ file: where, message: 'a practice must name at least one source' });
    if (r.type === 'practice' && r.status === 'validated' && !r.sources.some(isDocumentSource)) {
      problems.push({ file: where, message: "a validated practice needs a document-level source (a link to the document itself, not a site's home page); add one or set status: draft" });
    }
    if ((r.type === 'guide' || r.type === 'practice') && r.sources.length === 0) {
      const stated = [r.summary, ...texts].flatMap((t) => figuresIn(t));
      if (stated.length) problems.push({ file: where, message: `states figures (${stated.slice(0, 3).map((f) => `"${f.raw}"`).join(', ')}) but names no source` });
    }
    // Figures in the library are either sourced statistics or plainly marked as invented.
    if ((r.type === 'coverage' || r.type === 'project') && !r.illustrative && r.sources.length === 0) {
      problems.push({ file: `clinics/${r.id}.yaml`, message: 'figures must name their sources, or be marked illustrative: true' });
    }
    if (r.type === 'workshop') {
      for (const s of r.sessions) for (const target of s.examples ?? []) if (!ids.has(target)) problems.push({ file: where, message: `session "${s.id}": example "${target}" does not resolve` });
    }
  }
  return problems;
}

