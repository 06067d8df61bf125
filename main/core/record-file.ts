/**
 * Reads a record written by hand: Markdown with YAML front matter (the body is the Markdown
 * after it) or JSON. Used by `socle add` and by the app's "add from file". Returns a draft for
 * the `create` method; validation happens there, with messages that name the field.
 */
import { splitFrontMatter } from './library/load';
import { HubFailure } from './result';

const MAX_FILE = 2 * 1024 * 1024;

export function parseRecordFile(text: string, fileName: string): Record<string, unknown> {
  if (text.length > MAX_FILE) throw new HubFailure('too-large', `${fileName} is larger than 2 MB; a single record should be much smaller.`);
  let data: unknown;
  if (/\.json$/i.test(fileName)) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new HubFailure('invalid', `${fileName} is not valid JSON: ${(e as Error).message}`);
    }
  } else {
    let parsed: { data: unknown; body: string };
    try {
      parsed = splitFrontMatter(text);
    } catch (e) {
      throw new HubFailure('invalid', `${fileName}: ${(e as Error).message}`);
    }
    data = parsed.data;
    if (data && typeof data === 'object' && !Array.isArray(data) && parsed.body.trim()) {
      // The Markdown after the front matter: a coverage sheet's notes, a project's lessons, else the body.
      const kind = (data as { type?: unknown }).type;
      const field = kind === 'coverage' ? 'notes' : kind === 'project' ? 'lessons' : 'body';
      data = { ...(data as object), [field]: parsed.body.trim() };
    }
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new HubFailure('invalid', `${fileName} must describe one record (an object with fields such as type and title).`);
  }
  const record: Record<string, unknown> = { type: 'practice', ...(data as Record<string, unknown>) };
  // System fields come from the store, not from a file.
  for (const k of ['rev', 'createdAt', 'updatedAt', 'origin']) delete record[k];
  return record;
}
