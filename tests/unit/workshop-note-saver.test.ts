/**
 * The capture screen's autosave engine (renderer/src/components/workshop/note-saver.ts) against
 * the protocol of main/core/workshops/api.ts: debounce and max wait, one save in flight with the
 * latest text queued, idempotent retries with the same clientId, a note undone meanwhile, a
 * conflict that waits for the user, and the local draft that covers a crash.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEBOUNCE_MS,
  MAX_WAIT_MS,
  NoteSaver,
  type CaptureInput,
  type DraftStore,
  type NoteDraft,
  type NoteTransport,
} from '../../renderer/src/components/workshop/note-saver';
import type { Note } from '../../main/core/model';
import type { Result } from '../../main/core/result';

function note(over: Partial<Note> = {}): Note {
  return {
    type: 'note',
    id: 'note-1',
    rev: 1,
    createdAt: '2026-05-23T10:00:00.000Z',
    updatedAt: '2026-05-23T10:00:00.000Z',
    lang: 'fr',
    origin: { kind: 'local', installId: 'x' },
    title: '',
    body: 'x',
    tags: [],
    workshopId: 'w',
    groupId: 'g1',
    sensitivity: 'shareable',
    ...over,
  };
}

type Call = { method: 'captureNote'; input: CaptureInput } | { method: 'updateNote'; input: { id: string; rev: number; text: string } };

/** A transport whose answers the test gives by hand (or automatically with `auto`). */
function fakeTransport() {
  const calls: Call[] = [];
  const pending: ((r: Result<unknown>) => void)[] = [];
  const t: NoteTransport & { calls: Call[]; answer(r?: Result<unknown>): void; auto: boolean } = {
    calls,
    auto: false,
    captureNote(input) {
      calls.push({ method: 'captureNote', input });
      return new Promise((resolve) => {
        const ok = () => resolve({ ok: true, value: { note: note({ id: `note-${input.clientId}`, rev: 1, body: input.text }), created: true, inTrash: false } });
        if (t.auto) ok();
        else pending.push((r) => (r ? resolve(r as never) : ok()));
      });
    },
    updateNote(input) {
      calls.push({ method: 'updateNote', input });
      return new Promise((resolve) => {
        const ok = () => resolve({ ok: true, value: note({ id: input.id, rev: input.rev + 1, body: input.text }) });
        if (t.auto) ok();
        else pending.push((r) => (r ? resolve(r as never) : ok()));
      });
    },
    answer(r) {
      const next = pending.shift();
      if (!next) throw new Error('no request waiting');
      next(r as Result<unknown>);
    },
  };
  return t;
}

function memoryStore(): DraftStore & { drafts: Map<string, NoteDraft> } {
  const drafts = new Map<string, NoteDraft>();
  return { drafts, put: (d) => void drafts.set(d.key, d), remove: (k) => void drafts.delete(k) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('NoteSaver', () => {
  it('saves 300 ms after typing stops, with a clientId, and keeps a local draft until the hub confirms', async () => {
    const transport = fakeTransport();
    const store = memoryStore();
    const s = new NoteSaver({ transport, store, workshopId: 'w', groupId: 'g1', composer: true });
    s.setText('Le Sénégal');
    await vi.advanceTimersByTimeAsync(100);
    s.setText('Le Sénégal propose');
    expect(store.drafts.get(s.key)?.text).toBe('Le Sénégal propose');
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS - 1);
    expect(transport.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport.calls).toEqual([
      { method: 'captureNote', input: { workshopId: 'w', groupId: 'g1', text: 'Le Sénégal propose', clientId: s.clientId } },
    ]);
    expect(s.state).toBe('saving');
    transport.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state).toBe('saved');
    expect(s.noteId).toBe(`note-${s.clientId}`);
    expect(store.drafts.size).toBe(0);
  });

  it('saves no later than 700 ms after the first unsaved keystroke while typing goes on', async () => {
    const transport = fakeTransport();
    transport.auto = true;
    const s = new NoteSaver({ transport, workshopId: 'w' });
    for (let i = 1; i <= 6; i++) {
      s.setText('a'.repeat(i));
      await vi.advanceTimersByTimeAsync(150);
    }
    // 6 keystrokes 150 ms apart: the debounce never fires, the max wait does at 700 ms.
    expect(transport.calls).toHaveLength(1);
    expect(transport.calls[0]!.input.text).toBe('aaaaa');
    expect(MAX_WAIT_MS).toBe(700);
  });

  it('one save in flight: intermediate texts are skipped, the latest wins, updates carry the last rev', async () => {
    const transport = fakeTransport();
    const s = new NoteSaver({ transport, workshopId: 'w' });
    s.setText('un');
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    expect(transport.calls).toHaveLength(1);
    s.setText('un deux');
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    s.setText('un deux trois');
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    expect(transport.calls).toHaveLength(1); // still waiting for the first answer
    transport.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.calls).toHaveLength(2);
    expect(transport.calls[1]).toEqual({ method: 'updateNote', input: { id: s.noteId, rev: 1, text: 'un deux trois' } });
    transport.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state).toBe('saved');
    expect(s.rev).toBe(2);
  });

  it('retries a failed first save with the same clientId and the same payload', async () => {
    const transport = fakeTransport();
    const s = new NoteSaver({ transport, workshopId: 'w' });
    s.setText('Note importante');
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    transport.answer({ ok: false, error: { code: 'internal', message: 'The hub could not be reached (Failed to fetch).' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state).toBe('retrying');
    s.setText('Note importante, suite'); // typed while offline: sent after the retry succeeds
    await vi.advanceTimersByTimeAsync(1000);
    expect(transport.calls).toHaveLength(2);
    expect(transport.calls[1]).toEqual(transport.calls[0]);
    transport.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.calls[2]).toMatchObject({ method: 'updateNote', input: { text: 'Note importante, suite', rev: 1 } });
    transport.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state).toBe('saved');
  });

  it('treats a save that never answers as lost and retries it', async () => {
    const transport = fakeTransport();
    const s = new NoteSaver({ transport, workshopId: 'w', timeoutMs: 2000 });
    s.setText('lent');
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS + 2000);
    expect(s.state).toBe('retrying');
    await vi.advanceTimersByTimeAsync(500);
    expect(transport.calls.map((c) => c.input.text)).toEqual(['lent', 'lent']);
  });

  it('starts a new note (new clientId, same text) when the first one was undone meanwhile', async () => {
    const transport = fakeTransport();
    const s = new NoteSaver({ transport, workshopId: 'w' });
    const first = s.clientId;
    s.setText('texte');
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    transport.answer({ ok: true, value: { note: note({ id: 'note-old', body: 'texte' }), created: false, inTrash: true } });
    await vi.advanceTimersByTimeAsync(0);
    expect(s.clientId).not.toBe(first);
    expect(transport.calls[1]).toMatchObject({ method: 'captureNote', input: { text: 'texte', clientId: s.clientId } });
  });

  it('stops on a conflict and saves on top of the other version only when the user keeps their text', async () => {
    const transport = fakeTransport();
    const s = new NoteSaver({ transport, workshopId: 'w', note: note({ id: 'n', rev: 3, body: 'avant' }) });
    s.setText('ma version');
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    const theirs = note({ id: 'n', rev: 4, body: 'leur version' });
    transport.answer({ ok: false, error: { code: 'conflict', message: 'changed', details: { current: theirs } } });
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.state).toBe('conflict');
    expect(transport.calls).toHaveLength(1); // never retried blindly
    s.resolveConflict('mine');
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.calls[1]).toEqual({ method: 'updateNote', input: { id: 'n', rev: 4, text: 'ma version' } });
  });

  it('recovers a draft left by a crash: the same clientId, so a note the hub already has is not duplicated', async () => {
    const transport = fakeTransport();
    transport.auto = true;
    const store = memoryStore();
    const draft: NoteDraft = { key: 'k', clientId: 'c-1', workshopId: 'w', groupId: 'g1', text: 'perdu ?', composer: true, updatedAt: 0 };
    const s = new NoteSaver({ transport, store, workshopId: 'w', draft });
    await s.flush();
    expect(transport.calls).toEqual([{ method: 'captureNote', input: { workshopId: 'w', groupId: 'g1', text: 'perdu ?', clientId: 'c-1' } }]);
    expect(s.state).toBe('saved');
  });
});
