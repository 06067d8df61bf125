/**
 * JSON Schemas (draft 2020-12) of what a bundle holds, generated from the zod schemas the
 * importer validates with, so the documentation cannot drift from the code:
 * docs/bundle-format.md embeds them, and a test checks that they are current
 * (regenerate with: node --import tsx tests/fixtures/bundles/make-fixtures.ts).
 *
 * JSON Schema cannot say everything zod checks (e.g. that an id has no ".."): the docs list the rest.
 */
import { z } from 'zod';
import { recordSchema } from '../model';
import { manifestSchema, signatureSchema } from './format';

export function bundleJsonSchemas(): { manifest: unknown; signature: unknown; record: unknown } {
  const opts = { io: 'input', target: 'draft-2020-12' } as const;
  return {
    manifest: { title: 'Socle bundle manifest (manifest.json)', ...z.toJSONSchema(manifestSchema, opts) },
    signature: { title: 'Socle bundle signature (signature.json)', ...z.toJSONSchema(signatureSchema, opts) },
    record: { title: 'Socle record (records/<id>.json)', ...z.toJSONSchema(recordSchema, opts) },
  };
}
