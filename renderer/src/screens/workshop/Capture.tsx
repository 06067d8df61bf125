/**
 * #/workshop/<id>/capture?group=g&session=s: quick, keyboard-first note taking in a group.
 *
 * Type in the big box; Enter sends the note and clears the box for the next one (Shift+Enter is
 * a new line); #tags become tags. Each note is tagged by the hub with the workshop, session,
 * group, country and step. Everything autosaves within a second (see
 * components/workshop/note-saver.ts, which follows the protocol of main/core/workshops/api.ts),
 * and every keystroke is kept in a local draft until the hub confirms it, so closing the window
 * mid-sentence loses nothing that was on screen. Undo reverts the last action (button, or
 * Ctrl/Cmd+Z in the empty box). Notes below, newest first, are editable in place, and can be
 * deleted or promoted into a good practice.
 *
 * Test hooks: `.screen.capture[data-ready]`, `[data-save-state]` on the screen's status, on the
 * capture box and on each note (`li[data-note-id]`).
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { api } from '../../api';
import { host } from '../../host';
import { useLang } from '../../i18n';
import { navigate } from '../../router';
import { takeTitleFocus } from '../../focus';
import { formatDate, useDocumentTitle, useResult } from '../../lib';
import { routeOf } from '../../../../main/core/contract-methods';
import { STEP_LABELS, countryName } from '../../../../main/core/labels';
import type { Note, Workshop } from '../../../../main/core/model';
import type { HubError } from '../../../../main/core/result';
import type { UndoSummary } from '../../../../main/core/workshops/service';
import { parseTags } from '../../../../main/core/workshops/text';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { LiveRegion, WorkshopNav, useAnnouncer, useWt } from '../../components/workshop/common';
import { LocalDraftStore, NoteSaver, type NoteSaveState, type NoteTransport } from '../../components/workshop/note-saver';
import { whref } from '../../components/workshop/routes';
import { loadWorkshop } from './WorkshopHome';
import { roomCall } from '../../room/session';
import { useWorkshopLive } from '../../room/events';

const transport: NoteTransport = {
  captureNote: (input) => api.captureNote(input),
  updateNote: (input) => api.updateNote(input),
};

const LAST_GROUP_KEY = 'socle.capture.lastGroup.';

function rememberGroup(workshopId: string, groupId: string): void {
  try {
    window.localStorage.setItem(LAST_GROUP_KEY + workshopId, groupId);
  } catch {
    // Not remembered: the default applies next time.
  }
}

function lastGroup(workshopId: string): string | undefined {
  try {
    return window.localStorage.getItem(LAST_GROUP_KEY + workshopId) ?? undefined;
  } catch {
    return undefined;
  }
}

/** A last-chance save while the window closes: keepalive fetch in a browser, IPC in the desktop. */
function sendOnUnload(saver: NoteSaver): void {
  const req = saver.unloadRequest();
  if (!req) return;
  if (host?.kind === 'desktop') {
    void (req.method === 'captureNote' ? api.captureNote(req.input) : api.updateNote(req.input));
    return;
  }
  try {
    void fetch(routeOf(req.method), {
      method: 'POST',
      keepalive: true,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(req.input),
    }).catch(() => undefined);
  } catch {
    // Too large for keepalive (64 kB): the local draft is re-sent at the next opening.
  }
}

const STATE_RANK: NoteSaveState[] = ['conflict', 'error', 'retrying', 'saving', 'dirty', 'empty', 'saved', 'idle'];

/** The screen's overall state: the most urgent of its notes'. */
function overall(savers: NoteSaver[]): NoteSaveState {
  let best = STATE_RANK.length - 1;
  for (const s of savers) best = Math.min(best, STATE_RANK.indexOf(s.state === 'empty' ? 'saved' : s.state));
  return STATE_RANK[best]!;
}

function useSaver(saver: NoteSaver): number {
  return useSyncExternalStore(saver.subscribe, saver.getVersion);
}

function useOverallState(savers: NoteSaver[]): NoteSaveState {
  const subscribe = useCallback(
    (cb: () => void) => {
      const offs = savers.map((s) => s.subscribe(cb));
      return () => offs.forEach((off) => off());
    },
    [savers],
  );
  return useSyncExternalStore(subscribe, () => overall(savers));
}

/**
 * `participant`: the workshop room's participant screen (screens/room): the group is the one
 * chosen when joining, only the participant's own notes are editable, no undo or promotion.
 */
export function CaptureScreen({ workshopId, groupId, sessionId, participant }: { workshopId: string; groupId?: string; sessionId?: string; participant?: { groupId: string } }) {
  const { t } = useWt();
  const [data] = useResult(async () => {
    const [w, now] = await Promise.all([loadWorkshop(workshopId), api.workshopNow({ workshopId })]);
    if (!w.ok) return w;
    return { ok: true as const, value: { workshop: w.value, now: now.ok ? now.value : undefined } };
  }, [workshopId]);
  useDocumentTitle(t('capture.title'));
  if (data.state === 'loading') {
    return (
      <div className="screen capture" data-ready="false" aria-busy="true">
        <p className="loading">{t('loading')}</p>
      </div>
    );
  }
  if (data.state === 'error') {
    return (
      <div className="screen capture" data-ready="true">
        <PageTitle>{t('capture.title')}</PageTitle>
        <ErrorMessage error={data.error} />
        <p>
          <a href={whref.list()}>{t('nav.all')}</a>
        </p>
      </div>
    );
  }
  const { workshop, now } = data.value;
  if (workshop.template) {
    // The hub refuses notes on a template (they belong to a workshop made from it): say so up front.
    return (
      <div className="screen capture" data-ready="true" data-workshop-id={workshop.id}>
        <PageTitle>{t('capture.title')}</PageTitle>
        <p className="notice notice-warning">{t('home.templateNotice')}</p>
        <p>
          <a className="button button-primary" href={whref.list()}>
            {t('capture.duplicateFirst')}
          </a>
        </p>
      </div>
    );
  }
  const groupIds = new Set(workshop.groups.map((g) => g.id));
  const sessionIds = new Set(workshop.sessions.map((s) => s.id));
  const remembered = lastGroup(workshop.id);
  const initialGroup =
    (participant ? participant.groupId : undefined) ??
    (groupId && groupIds.has(groupId) ? groupId : undefined) ??
    (remembered && groupIds.has(remembered) && (!now?.current?.groups.length || now.current.groups.some((g) => g.id === remembered)) ? remembered : undefined) ??
    now?.current?.groups[0]?.id ??
    workshop.groups[0]?.id ??
    '';
  const initialSession =
    (sessionId && sessionIds.has(sessionId) ? sessionId : undefined) ?? (now?.current && now.current.kind !== 'break' ? now.current.id : '');
  return <Capture workshop={workshop} initialGroup={initialGroup} initialSession={initialSession} participant={!!participant} />;
}

function Capture({ workshop: w, initialGroup, initialSession, participant }: { workshop: Workshop; initialGroup: string; initialSession: string; participant: boolean }) {
  const { t } = useWt();
  const lang = useLang();
  const store = useMemo(() => new LocalDraftStore(w.id), [w.id]);
  const [groupId, setGroupId] = useState(initialGroup);
  const [sessionId, setSessionId] = useState(initialSession);
  const [items, setItems] = useState<NoteSaver[]>([]);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<HubError | null>(null);
  const [actionError, setActionError] = useState<HubError | null>(null);
  const [undoTop, setUndoTop] = useState<UndoSummary | null>(null);
  const [undoBusy, setUndoBusy] = useState(false);
  const [message, announce] = useAnnouncer();
  const boxRef = useRef<HTMLTextAreaElement>(null);

  // ---- the undo label, refreshed shortly after saves settle
  const undoTimer = useRef<number | undefined>(undefined);
  const refreshUndo = useCallback(() => {
    if (participant) return;
    window.clearTimeout(undoTimer.current);
    undoTimer.current = window.setTimeout(() => {
      void api.undoLog({ workshopId: w.id }).then((r) => {
        if (r.ok) setUndoTop(r.value[0] ?? null);
      });
    }, 250);
  }, [w.id, participant]);
  useEffect(() => () => window.clearTimeout(undoTimer.current), []);
  /** A participant's own notes (the server says which; notes sent from this screen are added at once). */
  const [mine, setMine] = useState<ReadonlySet<string>>(new Set());

  const makeSaver = useCallback(
    (opts: { groupId?: string; sessionId?: string; note?: Note; composer?: boolean }) =>
      new NoteSaver({ transport, store, workshopId: w.id, onSaved: refreshUndo, ...opts }),
    [store, w.id, refreshUndo],
  );

  // ---- the capture box's note (recovered from a local draft after a crash or reload)
  const recovered = useMemo(() => {
    const drafts = store.all().filter((d) => d.workshopId === w.id);
    const savers = drafts.map((draft) => new NoteSaver({ transport, store, workshopId: w.id, draft, onSaved: refreshUndo }));
    const composer = savers.find((s) => s.composer);
    return { composer, others: savers.filter((s) => s !== composer) };
    // Once per screen: drafts written later belong to this screen's own savers.
  }, [store, w.id, refreshUndo]);
  const [composer, setComposer] = useState<NoteSaver>(
    () => recovered.composer ?? new NoteSaver({ transport, store, workshopId: w.id, composer: true, onSaved: refreshUndo, ...ctx(initialGroup, initialSession) }),
  );
  const composerRef = useRef(composer);
  composerRef.current = composer;
  useSaver(composer);
  const text = composer.text;

  // ---- notes from the hub, merged with the savers already on screen
  const merge = useCallback(
    (notes: Note[]) => {
      const prev = itemsRef.current;
      const byNoteId = new Map(prev.filter((s) => s.noteId).map((s) => [s.noteId!, s]));
      const next: NoteSaver[] = [];
      for (const n of notes) {
        if (n.id === composerRef.current.noteId) continue;
        const s = byNoteId.get(n.id);
        if (s) {
          s.refresh(n);
          next.push(s);
        } else {
          next.push(makeSaver({ note: n }));
        }
      }
      // Notes typed here that the hub has not confirmed yet stay.
      for (const s of prev) if (!next.includes(s) && (!s.noteId || s.pending)) next.push(s);
      for (const s of prev) if (!next.includes(s)) s.dispose();
      itemsRef.current = next;
      setItems(next);
    },
    [makeSaver],
  );

  const reload = useCallback(async () => {
    const [r, own] = await Promise.all([api.workshopNotes({ workshopId: w.id }), participant ? roomCall<{ noteIds: string[] }>('mine') : undefined]);
    if (!r.ok) {
      setLoadError(r.error);
      return;
    }
    setLoadError(null);
    if (own?.ok) setMine((prev) => new Set([...prev, ...own.value.noteIds]));
    merge(r.value);
  }, [w.id, merge, participant]);
  // Notes captured elsewhere (participants, another window) appear within a second.
  useWorkshopLive(w.id, () => void reload());

  useEffect(() => {
    // Recovered drafts go out first (same clientId: a note the hub already has is not duplicated).
    itemsRef.current = recovered.others;
    setItems(recovered.others);
    for (const s of recovered.others) void s.flush();
    if (recovered.composer?.text.trim()) void recovered.composer.flush();
    void reload().then(() => setLoaded(true));
    refreshUndo();
  }, [recovered, reload, refreshUndo]);

  // The capture box's save answered after the hub's list already showed that note (a reload while
  // the last-chance send was landing: both carry the same clientId, so the hub holds one note): the
  // box owns it now, and the list's copy goes, unless someone is editing it.
  const composerNoteId = composer.noteId;
  useEffect(() => {
    if (!composerNoteId) return;
    const prev = itemsRef.current;
    const twins = prev.filter((s) => s !== composerRef.current && s.noteId === composerNoteId && !s.pending);
    if (!twins.length) return;
    for (const s of twins) s.dispose();
    itemsRef.current = prev.filter((s) => !twins.includes(s));
    setItems(itemsRef.current);
  }, [composerNoteId]);

  // ---- leaving: save everything; closing the window: last-chance send (the drafts stay locally)
  useEffect(() => {
    const onUnload = () => {
      for (const s of [composerRef.current, ...itemsRef.current]) sendOnUnload(s);
    };
    const onHide = () => {
      if (document.visibilityState === 'hidden') for (const s of [composerRef.current, ...itemsRef.current]) void s.flush();
    };
    window.addEventListener('pagehide', onUnload);
    window.addEventListener('beforeunload', onUnload);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      window.removeEventListener('pagehide', onUnload);
      window.removeEventListener('beforeunload', onUnload);
      document.removeEventListener('visibilitychange', onHide);
      for (const s of [composerRef.current, ...itemsRef.current]) void s.flush();
    };
  }, []);

  // Keyboard first: after a navigation (or on a fresh load) the focus goes to the capture box,
  // not to the title as on other screens.
  useEffect(() => {
    takeTitleFocus(boxRef.current);
    if (document.activeElement === document.body || !document.activeElement) boxRef.current?.focus();
  }, []);

  const allSavers = useMemo(() => [composer, ...items], [composer, items]);
  const state = useOverallState(allSavers);

  const group = w.groups.find((g) => g.id === groupId);
  const session = w.sessions.find((s) => s.id === sessionId);
  const sortedSessions = useMemo(
    () => [...w.sessions].filter((s) => s.kind !== 'break').sort((a, b) => a.day - b.day || a.start.localeCompare(b.start)),
    [w.sessions],
  );

  /** Sends the box's note and starts a new one (in `next` context if given). */
  const commit = useCallback(
    (next?: { groupId: string; sessionId: string }) => {
      const c = composerRef.current;
      const g = next?.groupId ?? groupId;
      const s = next?.sessionId ?? sessionId;
      if (!c.text.trim()) {
        if (c.noteId) {
          // A saved note erased in the box: the facilitator meant to remove it.
          const id = c.noteId;
          void c.flush().then(() => {
            c.dispose({ forget: true });
            void api.deleteNote({ id }).then(() => refreshUndo());
          });
        } else {
          c.setContext(ctx(g, s));
          return;
        }
      } else {
        c.release();
        void c.flush().then(() => {
          const id = c.noteId;
          if (participant && id) setMine((prev) => new Set([...prev, id]));
        });
        const nextItems = [c, ...itemsRef.current];
        itemsRef.current = nextItems;
        setItems(nextItems);
        announce(t('capture.sent'));
      }
      const fresh = makeSaver({ composer: true, ...ctx(g, s) });
      composerRef.current = fresh;
      setComposer(fresh);
    },
    [groupId, sessionId, makeSaver, announce, t, refreshUndo],
  );

  const changeContext = (g: string, s: string) => {
    if (g === groupId && s === sessionId) return;
    commit({ groupId: g, sessionId: s });
    setGroupId(g);
    setSessionId(s);
    if (g) rememberGroup(w.id, g);
    navigate(whref.capture(w.id, { ...(g ? { group: g } : {}), ...(s ? { session: s } : {}) }), { replace: true });
  };

  const undo = async () => {
    setUndoBusy(true);
    setActionError(null);
    // Let saves in progress land first, so Undo reverts what the facilitator sees as last.
    await Promise.all([composerRef.current, ...itemsRef.current].map((s) => (s.state === 'dirty' || s.state === 'saving' ? s.flush() : undefined)));
    const r = await api.undo({ workshopId: w.id });
    setUndoBusy(false);
    if (!r.ok) {
      setActionError(r.error);
      refreshUndo();
      return;
    }
    setUndoTop(r.value.next);
    announce(r.value.undone ? t('capture.undone', { label: r.value.undone.label }) : t('capture.nothingToUndo'));
    await reload();
  };

  const remove = async (s: NoteSaver) => {
    setActionError(null);
    const list = itemsRef.current.filter((x) => (x.groupId ?? '') === groupId);
    const index = list.indexOf(s);
    await s.flush();
    s.dispose({ forget: true });
    if (s.noteId) {
      const r = await api.deleteNote({ id: s.noteId });
      if (!r.ok && r.error.code !== 'not-found') {
        setActionError(r.error);
        return;
      }
    }
    const next = itemsRef.current.filter((x) => x !== s);
    itemsRef.current = next;
    setItems(next);
    announce(t('capture.deleted'));
    refreshUndo();
    // Focus: the next note, else the previous one, else the capture box.
    const target = list[index + 1] ?? list[index - 1];
    requestAnimationFrame(() => (target ? document.getElementById(`ws-note-${target.key}`) : boxRef.current)?.focus());
  };

  const promote = async (s: NoteSaver) => {
    await s.flush();
    if (s.noteId) navigate(whref.promote(s.noteId));
  };

  const onBoxKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      commit();
      return;
    }
    if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'z' && composerRef.current.text === '') {
      e.preventDefault();
      if (!undoBusy) void undo();
    }
  };

  const shown = items
    .filter((s) => (s.groupId ?? '') === groupId)
    .sort((a, b) => (b.note?.createdAt ?? b.startedAt).localeCompare(a.note?.createdAt ?? a.startedAt));
  const liveTags = parseTags(text);
  const sessionTitle = (id?: string) => w.sessions.find((s) => s.id === id)?.title;

  return (
    <div className="screen capture" data-ready={loaded ? 'true' : 'false'} data-workshop-id={w.id}>
      {participant ? null : <WorkshopNav workshop={w} current="capture" />}
      <h1 className="page-title" tabIndex={-1}>
        {t('capture.title')}
      </h1>
      <p className="meta ws-capture-sub" lang={w.lang !== lang ? w.lang : undefined}>
        {w.title}
      </p>

      <div className="ws-capture-bar">
        {participant ? null : (
          <div className="field">
            <label htmlFor="ws-capture-group">{t('capture.group')}</label>
            <select id="ws-capture-group" value={groupId} onChange={(e) => changeContext(e.target.value, sessionId)}>
              {w.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
              <option value="">{t('capture.noGroup')}</option>
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="ws-capture-session">{t('capture.session')}</label>
          <select id="ws-capture-session" value={sessionId} onChange={(e) => changeContext(groupId, e.target.value)}>
            <option value="">{t('capture.sessionAuto')}</option>
            {sortedSessions.map((s) => (
              <option key={s.id} value={s.id}>
                {t('day', { n: s.day })} · {s.start} · {s.title}
              </option>
            ))}
          </select>
        </div>
        <div className="ws-capture-status">
          <SaveState state={state} role="status" />
          {participant ? null : (
            <button
              type="button"
              className="button"
              disabled={!undoTop || undoBusy}
              onClick={() => void undo()}
              aria-keyshortcuts="Control+Z Meta+Z"
              aria-describedby={undoTop ? 'ws-undo-label' : undefined}
            >
              {t('capture.undo')}
            </button>
          )}
          {undoTop && !participant ? (
            <span id="ws-undo-label" className="ws-undo-label">
              {t('capture.undoWhat', { label: undoTop.label })}
            </span>
          ) : null}
        </div>
      </div>

      {loadError ? <ErrorMessage error={loadError} /> : null}
      {actionError ? <ErrorMessage error={actionError} /> : null}

      <section className="ws-composer" aria-labelledby="ws-composer-label">
        <label id="ws-composer-label" htmlFor="ws-capture-box" className="ws-composer-label">
          {group ? t('capture.boxLabel', { group: group.name }) : t('capture.boxLabelNoGroup')}
        </label>
        <p id="ws-capture-help" className="hint">
          {t('capture.help')}
        </p>
        <textarea
          id="ws-capture-box"
          ref={boxRef}
          className="ws-capture-box"
          value={text}
          rows={4}
          spellCheck
          lang={w.lang}
          aria-describedby="ws-capture-help ws-capture-context"
          data-save-state={composer.state}
          onChange={(e) => composer.setText(e.target.value)}
          onKeyDown={onBoxKey}
          onBlur={() => void composer.flush()}
        />
        <div id="ws-capture-context" className="ws-context">
          <span className="visually-hidden">{t('capture.taggedWith')}</span>
          <ul className="ws-tags" aria-label={t('capture.context')}>
            {group ? <li className="ws-tag ws-tag-context">{group.name}</li> : null}
            {group?.country ? <li className="ws-tag ws-tag-context">{countryName(group.country, lang)}</li> : null}
            {group?.step ? <li className="ws-tag ws-tag-context">{STEP_LABELS[group.step][lang]}</li> : null}
            {session ? <li className="ws-tag ws-tag-context">{session.title}</li> : null}
            {liveTags.map((tag) => (
              <li key={tag} className="ws-tag">
                #{tag}
              </li>
            ))}
          </ul>
        </div>
        {composer.state === 'conflict' || composer.state === 'error' ? <NoteProblem saver={composer} /> : null}
      </section>

      <section aria-labelledby="ws-notes-title" className="ws-notes">
        <h2 id="ws-notes-title">{t('capture.notesTitle', { count: shown.length })}</h2>
        {loaded && shown.length === 0 ? <p className="hint">{t('capture.noNotes')}</p> : null}
        <ol className="ws-note-list">
          {shown.map((s) => (
            <NoteItem
              key={s.key}
              saver={s}
              sessionTitle={sessionTitle(s.note?.sessionId ?? s.sessionId)}
              readOnly={participant && !!s.noteId && !mine.has(s.noteId) && !s.pending}
              canPromote={!participant}
              onDelete={() => void remove(s)}
              onPromote={() => void promote(s)}
              onDone={() => boxRef.current?.focus()}
            />
          ))}
        </ol>
      </section>
      <LiveRegion message={message} />
    </div>
  );
}

function ctx(groupId: string, sessionId: string): { groupId?: string; sessionId?: string } {
  return { ...(groupId ? { groupId } : {}), ...(sessionId ? { sessionId } : {}) };
}

function SaveState({ state, role }: { state: NoteSaveState; role?: 'status' }) {
  const { t } = useWt();
  return (
    <p className={`save-status save-${stateClass(state)} ws-save-state`} role={role} data-save-state={state}>
      <span className="save-dot" aria-hidden="true" /> {t(`capture.state.${state}`)}
    </p>
  );
}

function stateClass(state: NoteSaveState): string {
  if (state === 'retrying') return 'saving';
  if (state === 'empty') return 'dirty';
  return state;
}

function NoteItem({
  saver,
  sessionTitle,
  readOnly,
  canPromote,
  onDelete,
  onPromote,
  onDone,
}: {
  saver: NoteSaver;
  sessionTitle?: string;
  /** Another participant's note, seen from a participant's screen. */
  readOnly: boolean;
  canPromote: boolean;
  onDelete: () => void;
  onPromote: () => void;
  onDone: () => void;
}) {
  const { t } = useWt();
  const lang = useLang();
  useSaver(saver);
  const [confirming, setConfirming] = useState(false);
  const when = saver.note?.createdAt ?? saver.startedAt;
  const tags = [...new Set([...parseTags(saver.text), ...(saver.note?.tags ?? [])])];
  const id = `ws-note-${saver.key}`;
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if ((e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && !e.nativeEvent.isComposing) || e.key === 'Escape') {
      e.preventDefault();
      void saver.flush();
      onDone();
    }
  };
  return (
    <li className={`ws-note ws-note-${saver.state}`} data-note-id={saver.noteId ?? ''} data-save-state={saver.state} data-own={readOnly ? 'false' : 'true'}>
      <div className="ws-note-head">
        <p className="meta">
          <time dateTime={when}>{formatDate(when, lang, true)}</time>
          {sessionTitle ? ` · ${sessionTitle}` : ''}
        </p>
        <SaveState state={saver.state} />
      </div>
      <label htmlFor={id} className="visually-hidden">
        {t('capture.noteLabel', { time: formatDate(when, lang, true) })}
      </label>
      <textarea
        id={id}
        className="ws-note-text"
        value={saver.text}
        rows={2}
        spellCheck
        readOnly={readOnly}
        aria-describedby={tags.length ? `${id}-tags` : undefined}
        onChange={(e) => saver.setText(e.target.value)}
        onBlur={() => void saver.flush()}
        onKeyDown={onKey}
      />
      {tags.length ? (
        <ul id={`${id}-tags`} className="ws-tags" aria-label={t('capture.tags')}>
          {tags.map((tag) => (
            <li key={tag} className="ws-tag">
              #{tag}
            </li>
          ))}
        </ul>
      ) : null}
      {saver.state === 'conflict' || saver.state === 'error' || saver.state === 'empty' ? <NoteProblem saver={saver} /> : null}
      {readOnly ? null : (
        <div className="button-row ws-note-actions">
          {confirming ? (
            <>
              <span>{t('capture.confirmDelete')}</span>
              <button type="button" className="button button-small button-danger" onClick={onDelete}>
                {t('capture.confirmDeleteYes')}
              </button>
              <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
                {t('keep')}
              </button>
            </>
          ) : (
            <>
              {canPromote ? (
                <button type="button" className="button button-small" disabled={!saver.noteId} onClick={onPromote}>
                  {t('capture.promote')}
                </button>
              ) : null}
              <button type="button" className="button button-small" onClick={() => setConfirming(true)}>
                {t('capture.delete')}
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}

/** A conflict (both texts, choose), an error, or an empty note. */
function NoteProblem({ saver }: { saver: NoteSaver }) {
  const { t } = useWt();
  if (saver.state === 'empty') return <p className="hint ws-note-problem">{t('capture.emptyNote')}</p>;
  if (saver.state === 'error' && saver.error) return <ErrorMessage error={saver.error} title={t('capture.saveFailed')} />;
  const c = saver.conflict;
  if (!c) return null;
  return (
    <div className="notice notice-warning ws-note-conflict" role="alert" data-conflict="true">
      <p className="notice-title">{t('capture.conflictTitle')}</p>
      <div className="ws-conflict-sides">
        <div>
          <p className="meta">{t('capture.conflictMine')}</p>
          <p className="ws-conflict-text">{saver.text}</p>
        </div>
        <div>
          <p className="meta">{t('capture.conflictTheirs', { rev: c.theirs.rev })}</p>
          <p className="ws-conflict-text">{c.theirs.body}</p>
        </div>
      </div>
      <p className="button-row">
        <button type="button" className="button button-small button-primary" onClick={() => saver.resolveConflict('mine')}>
          {t('capture.keepMine')}
        </button>
        <button type="button" className="button button-small" onClick={() => saver.resolveConflict('theirs')}>
          {t('capture.takeTheirs')}
        </button>
      </p>
    </div>
  );
}
