// Kill during typing: proves, at the storage level, that quick capture never loses more than the
// last second of typing. A child process runs the real hub and behaves like the capture screen
// (see the autosave protocol in main/core/workshops/api.ts): it "types" a known text in bursts,
// saves 300 ms after typing stops and at most 700 ms after an unsaved keystroke, one save in flight
// at a time, and prints a line after each save has returned. We SIGKILL it at an arbitrary moment
// (possibly in the middle of a write), reopen the data directory and check that:
// - the data directory opens cleanly (no file is corrupt, nothing quarantined),
// - the saved note is a prefix of the typed text, at least as long as the last confirmed save,
// - the text it holds was typed less than one second before the kill.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RecordStore } from '../../main/core/store/store';
import { Hub } from '../../main/core/hub';
import { tempDir } from './helpers';

const ROOT = process.cwd();
const moduleUrl = (p: string) => pathToFileURL(path.join(ROOT, p)).href;

const CHILD = `
import { readFileSync } from 'node:fs';
import { Hub } from ${JSON.stringify(moduleUrl('main/core/hub.ts'))};
import { dispatch } from ${JSON.stringify(moduleUrl('main/core/dispatch.ts'))};

const [dataDir, libraryDir, textFile] = process.argv.slice(2);
const TEXT = readFileSync(textFile, 'utf8');
const DEBOUNCE_MS = 300;   // save when typing stops for this long...
const MAX_WAIT_MS = 700;   // ...and at least this often while it goes on (the protocol in api.ts)
const print = (o) => process.stdout.write(JSON.stringify(o) + '\\n');

const hub = await Hub.open({ dataDir, libraryDir, compactAfterMs: 0 });
const call = async (method, input) => {
  const r = await dispatch(hub.api, method, input);
  if (!r.ok) throw new Error(method + ': ' + r.error.message);
  return r.value;
};
const { workshop } = await call('createWorkshop', {
  title: 'Atelier kill', start: '2026-03-02',
  groups: [{ id: 'g-sn', name: 'Sénégal', kind: 'country', country: 'SN' }],
});

// snapshotLen: the length of the text the last save started with; firstUnsavedAt: when the first
// key after that snapshot was typed (maxWait counts from there, as a debounce's maxWait does).
let typed = 0, lastKeyAt = 0, firstUnsavedAt = 0, snapshotLen = 0, saving = false, note;
// Typing: 1 to 3 characters every 30-60 ms, in bursts of 0.5-2 s separated by pauses of 0.1-0.5 s.
let burstEnds = Date.now() + 1000;
function keystroke() {
  const now = Date.now();
  if (now > burstEnds) {
    burstEnds = now + 100 + Math.random() * 400 + 500 + Math.random() * 1500;
    setTimeout(keystroke, 100 + Math.random() * 400);
    return;
  }
  if (typed < TEXT.length) {
    if (typed === snapshotLen) firstUnsavedAt = now;
    typed = Math.min(TEXT.length, typed + 1 + Math.floor(Math.random() * 3));
    lastKeyAt = now;
  }
  setTimeout(keystroke, 30 + Math.random() * 30);
}
async function save() {
  saving = true;
  const typedAt = Date.now();
  const text = TEXT.slice(0, typed);
  snapshotLen = text.length;
  note = note
    ? await call('updateNote', { id: note.id, rev: note.rev, text })
    : (await call('captureNote', { workshopId: workshop.id, groupId: 'g-sn', text, clientId: 'kill-test-pane' })).note;
  print({ event: 'saved', len: text.length, typedAt, savedAt: Date.now(), rev: note.rev });
  saving = false;
}
setInterval(() => {
  const now = Date.now();
  if (!saving && typed > snapshotLen && (now - lastKeyAt >= DEBOUNCE_MS || now - firstUnsavedAt >= MAX_WAIT_MS)) {
    save().catch((e) => { print({ event: 'error', message: String(e) }); process.exit(3); });
  }
}, 10);
print({ event: 'ready' });
keystroke();
`;

interface Saved {
  event: 'saved';
  len: number;
  typedAt: number;
  savedAt: number;
  rev: number;
}

function makeText(): string {
  const words =
    "le groupe du Sénégal propose d'étendre la couverture maladie universelle aux travailleurs de l'économie informelle #CMU avec l'appui du BIT et un jumelage Sud-Sud avec le Cabo Verde #pilote ; les mutuelles de santé communautaires œuvrent déjà à Thiès et à Kaolack".split(
      ' ',
    );
  const out: string[] = [];
  while (out.join(' ').length < 6000) out.push(...words);
  return `Notes du groupe : ${out.join(' ')}`;
}

async function runOnce(killAfterSaves: number, extraDelayMs: number) {
  const { dir, cleanup } = await tempDir('socle-kill-');
  try {
    const dataDir = path.join(dir, 'data');
    const lib = path.join(dir, 'library');
    await fs.mkdir(lib, { recursive: true });
    await fs.writeFile(path.join(lib, 'library.yaml'), 'version: 1\ndate: "2026-01-01"\n');
    const textFile = path.join(dir, 'text.txt');
    const TEXT = makeText();
    await fs.writeFile(textFile, TEXT);
    const childFile = path.join(dir, 'typing-child.mts');
    await fs.writeFile(childFile, CHILD);

    const child = spawn(process.execPath, ['--import', 'tsx', childFile, dataDir, lib, textFile], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const saves: Saved[] = [];
    let stderr = '';
    let buffer = '';
    let killAt = 0;
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          const msg = JSON.parse(line) as Saved | { event: 'ready' } | { event: 'error'; message: string };
          if (msg.event === 'error') reject(new Error(msg.message));
          if (msg.event !== 'saved') continue;
          saves.push(msg);
          if (saves.length === killAfterSaves) {
            // An arbitrary moment after that save: mid-typing, mid-debounce or mid-write.
            setTimeout(() => {
              killAt = Date.now();
              child.kill('SIGKILL');
              resolve();
            }, extraDelayMs);
          }
        }
      });
      void exited.then((how) => (killAt ? undefined : reject(new Error(`child exited early (${String(how)}): ${stderr}`))));
    });
    expect(await exited).toBe('SIGKILL');

    // Every save the child reported before it died (lines still in the pipe are read by now).
    const confirmed = saves.filter((s) => s.savedAt <= killAt);
    const last = confirmed.at(-1)!;
    expect(confirmed.length).toBeGreaterThanOrEqual(killAfterSaves);

    const store = await RecordStore.open(dataDir);
    expect(store.problems).toEqual([]);
    const notes = [...store.all()].filter((r) => r.type === 'note');
    expect(notes).toHaveLength(1);
    const body = notes[0]!.type === 'note' ? notes[0]!.body : '';
    expect(TEXT.startsWith(body), 'the saved text is a prefix of what was typed').toBe(true);
    expect(body.length, 'no confirmed save is lost').toBeGreaterThanOrEqual(last.len);
    // The saved text was typed at last.typedAt or later (a save may have completed unreported):
    // what is lost was typed within the last second before the kill.
    const slowestSave = Math.max(...confirmed.map((s) => s.savedAt - s.typedAt));
    expect(killAt - last.typedAt, `at most the last second of typing is lost (slowest save: ${slowestSave} ms)`).toBeLessThanOrEqual(1000);

    // The whole hub reopens on that directory (search index, undo log and all).
    const hub = await Hub.open({ dataDir, libraryDir: lib, compactAfterMs: 0 });
    try {
      expect((await hub.info()).problems).toEqual([]);
      const log = await hub.api.undoLog({ workshopId: 'atelier-kill' });
      expect(log.length).toBeGreaterThanOrEqual(1);
      expect(log.at(-1)).toMatchObject({ op: 'create', recordId: notes[0]!.id });
    } finally {
      await hub.close();
    }
    return { saves: confirmed.length, savedChars: body.length, lagMs: killAt - last.typedAt };
  } finally {
    await cleanup();
  }
}

describe('kill during typing', () => {
  it.each([
    [3, 0],
    [5, 170],
    [8, 90],
  ])('loses at most the last second when killed after %i saves (+%i ms)', async (saves, delay) => {
    const r = await runOnce(saves, delay + Math.floor(Math.random() * 150));
    expect(r.savedChars).toBeGreaterThan(0);
  }, 90_000);
});
