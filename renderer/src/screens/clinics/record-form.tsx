/**
 * The editing life of one clinic record (a coverage sheet or a project), shared by both forms:
 * loading it by id (with the loading and error screens), the draft and its unsaved state, saving
 * (create or update at the held revision; a stale revision is a conflict, shown, never
 * overwritten), following a newer version saved elsewhere when nothing is typed here, and the
 * status line under the form. The forms own only their fields.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../api';
import { navigate } from '../../router';
import type { Coverage, Project } from '../../../../main/core/model';
import type { HubError } from '../../../../main/core/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { ClinicsNav, adoptedIds, chref, useChangedElsewhere, useCt } from './common';

type ClinicType = 'coverage' | 'project';
type RecordOf<K extends ClinicType> = K extends 'coverage' ? Coverage : Project;

/** Loads record `id` (or nothing for "new") and renders the editor once it is there. */
export function ClinicRecordScreen<K extends ClinicType>({ id, type, children }: { id: string; type: K; children: (record: RecordOf<K> | undefined) => ReactNode }) {
  const { t } = useCt();
  const isNew = id === 'new';
  const [loaded, setLoaded] = useState<{ record?: RecordOf<K>; error?: HubError } | null>(isNew ? {} : null);
  useEffect(() => {
    if (isNew) return;
    let live = true;
    void api.get({ id }).then((r) => {
      if (!live) return;
      if (!r.ok) setLoaded({ error: r.error });
      else if (r.value.type !== type) setLoaded({ error: { code: 'invalid', message: t(`${type}.wrongType`, { id, type: r.value.type }) } });
      else setLoaded({ record: r.value as RecordOf<K> });
    });
    return () => {
      live = false;
    };
    // Loaded once per screen: after a save the form keeps its own state.
  }, []);
  const className = `screen clinic-${type}`;
  if (!loaded) {
    return (
      <div className={className} data-ready="false" aria-busy="true">
        <p className="loading">{t('loading')}</p>
      </div>
    );
  }
  if (loaded.error) {
    return (
      <div className={className} data-ready="true">
        <ClinicsNav current={type} />
        <PageTitle>{t(`${type}.title`)}</PageTitle>
        <ErrorMessage error={loaded.error} />
      </div>
    );
  }
  return <>{children(loaded.record)}</>;
}

export interface ClinicDraftOptions<K extends ClinicType, D> {
  type: K;
  record: RecordOf<K> | undefined;
  /** The draft of a record read back (a newer version taken from elsewhere). */
  draftOf: (record: RecordOf<K>) => D;
  initial: () => D;
  /** The record's fields for create and update. */
  fieldsOf: (draft: D) => Record<string, unknown>;
  /** Adjusts the fields for a create (e.g. nulls that only an update understands). */
  forCreate?: (fields: Record<string, unknown>) => Record<string, unknown>;
  /** True when the draft cannot be saved yet (the user is told to fix the marked fields). */
  invalid: (draft: D) => boolean;
}

export function useClinicDraft<K extends ClinicType, D>(o: ClinicDraftOptions<K, D>) {
  const { t, lang } = useCt();
  const [draft, setDraft] = useState<D>(() => (o.record ? o.draftOf(o.record) : o.initial()));
  const [saved, setSaved] = useState<{ id: string; rev: number } | null>(o.record ? { id: o.record.id, rev: o.record.rev } : null);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<HubError | null>(null);
  const [status, setStatus] = useState('');
  const [saving, setSaving] = useState(false);
  const newer = useChangedElsewhere(saved?.id, saved?.rev);

  /** Takes the version saved elsewhere (what is typed here and unsaved is dropped). */
  const takeNewer = async () => {
    if (!saved) return;
    const r = await api.get({ id: saved.id });
    if (!r.ok || r.value.type !== o.type) return;
    setDraft(o.draftOf(r.value as RecordOf<K>));
    setSaved({ id: r.value.id, rev: r.value.rev });
    setDirty(false);
    setStatus(t('reloaded'));
  };
  // Nothing typed here: follow the other version at once.
  useEffect(() => {
    if (newer !== null && newer > 0 && !dirty) void takeNewer();
    // takeNewer reads the latest state; only a new revision should trigger it.
  }, [newer]);

  const change = (f: (d: D) => D) => {
    setDraft(f);
    setDirty(true);
    setStatus('');
  };

  /** Saves the draft; the saved id and revision, or null (the error is shown). */
  const save = async (): Promise<{ id: string; rev: number } | null> => {
    setError(null);
    if (o.invalid(draft)) {
      setError({ code: 'invalid', message: t(`${o.type}.fixFirst`) });
      return null;
    }
    setSaving(true);
    const fields = o.fieldsOf(draft);
    const r = saved
      ? await api.update({ id: saved.id, rev: saved.rev, changes: fields })
      : await api.create({ record: { type: o.type, lang, ...(o.forCreate ? o.forCreate(fields) : fields) } as Parameters<typeof api.create>[0]['record'] });
    setSaving(false);
    if (!r.ok) {
      setError(r.error);
      return null;
    }
    const next = { id: r.value.id, rev: r.value.rev };
    setSaved(next);
    setDirty(false);
    setStatus(t(`${o.type}.saved`));
    if (!saved) {
      adoptedIds.add(r.value.id);
      navigate(chref[o.type](r.value.id), { replace: true });
    }
    return next;
  };

  return { draft, change, saved, dirty, saving, save, error, setError, status, setStatus, newer, takeNewer };
}

/** Under the form: saved / unsaved, a newer version saved elsewhere (with "take it"), the error. */
export function ClinicFormStatus({ status, dirty, newer, takeNewer, error }: { status: string; dirty: boolean; newer: number | null; takeNewer: () => Promise<void>; error: HubError | null }) {
  const { t } = useCt();
  return (
    <>
      <div className="clinic-status" role="status" aria-live="polite">
        {status ? <p className="notice notice-success">{status}</p> : dirty ? <p className="hint">{t('unsaved')}</p> : null}
      </div>
      {newer !== null && dirty ? (
        <div className="notice notice-warning" role="alert">
          <p>{newer < 0 ? t('deletedElsewhere') : t('changedElsewhere')}</p>
          {newer > 0 ? (
            <button type="button" className="button" onClick={() => void takeNewer()}>
              {t('takeNewer')}
            </button>
          ) : null}
        </div>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
    </>
  );
}
