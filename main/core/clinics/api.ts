/**
 * The skills-clinics feature's part of the contract: SDG 1.3.1 coverage sheets and project
 * comparisons. The records themselves (kinds `coverage` and `project`, main/core/model.ts) are
 * created, edited, deleted, shared in bundles and searched like any other record, through the
 * core methods; this feature adds what is computed from them:
 * - coverageReport: the nine 1.3.1 series of a sheet (./coverage.ts);
 * - coverageExport: the sheet as CSV or XLSX bytes (base64, so they cross IPC and HTTP alike);
 * - compareProjects: two projects' logframe indicators side by side (./compare.ts).
 */
import { z } from 'zod';
import type { CLINIC_METHODS } from './methods';
import type { Hub } from '../hub';
import { idSchema, langSchema, type Coverage, type HubRecord, type Project } from '../model';
import { HubFailure } from '../result';
import { computeCoverage, type CoverageReport } from './coverage';
import { compareProjects, type ProjectComparison } from './compare';
import { MIME_TYPES, coverageCsv, coverageXlsx, exportFileName } from './export';

export type ClinicMethod = (typeof CLINIC_METHODS)[number];

export const clinicInputs = {
  coverageReport: z.object({ id: idSchema, lang: langSchema.optional() }).strict(),
  coverageExport: z.object({ id: idSchema, format: z.enum(['csv', 'xlsx']), lang: langSchema.optional() }).strict(),
  compareProjects: z.object({ a: idSchema, b: idSchema, lang: langSchema.optional() }).strict(),
} satisfies Record<ClinicMethod, z.ZodTypeAny>;

export interface CoverageExport {
  fileName: string;
  mimeType: string;
  /** The file's bytes, base64-encoded. */
  base64: string;
  bytes: number;
}

export interface ClinicOutputs {
  /** The nine SDG 1.3.1 series of a coverage sheet, each with numerator, denominator, formula in words and warnings. */
  coverageReport: CoverageReport;
  /** A coverage sheet as a CSV or XLSX file (series, schemes, context figures), base64-encoded. */
  coverageExport: CoverageExport;
  /** Two projects' logframe indicators matched by name: change, share of target reached, per 1,000 spent; the rest listed apart. */
  compareProjects: ProjectComparison;
}

type Args<M extends ClinicMethod> = z.output<(typeof clinicInputs)[M]>;
type Handlers = { [M in ClinicMethod]: (input: Args<M>) => Promise<ClinicOutputs[M]> };

function recordOf<T extends 'coverage' | 'project'>(hub: Hub, id: string, type: T): Extract<HubRecord, { type: T }> {
  const r = hub.resolve(id);
  if (!r) throw new HubFailure('not-found', hub.store.inTrash(id) ? `"${id}" is in the trash.` : `No record "${id}".`);
  if (r.type !== type) throw new HubFailure('invalid', `"${id}" is a ${r.type}, not a ${type === 'coverage' ? 'coverage sheet' : 'project'}.`, { field: 'id' });
  return r as Extract<HubRecord, { type: T }>;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function clinicHandlers(hub: Hub): Handlers {
  return {
    async coverageReport({ id, lang }) {
      const sheet: Coverage = recordOf(hub, id, 'coverage');
      return computeCoverage(sheet, lang ?? sheet.lang);
    },
    async coverageExport({ id, format, lang }) {
      const sheet: Coverage = recordOf(hub, id, 'coverage');
      const l = lang ?? sheet.lang;
      const report = computeCoverage(sheet, l);
      const bytes = format === 'csv' ? new TextEncoder().encode(coverageCsv(sheet, report, l)) : await coverageXlsx(sheet, report, l);
      return { fileName: exportFileName(sheet, format, l), mimeType: MIME_TYPES[format], base64: toBase64(bytes), bytes: bytes.length };
    },
    async compareProjects({ a, b, lang }) {
      const pa: Project = recordOf(hub, a, 'project');
      const pb: Project = recordOf(hub, b, 'project');
      return compareProjects(pa, pb, lang ?? pa.lang);
    },
  };
}
