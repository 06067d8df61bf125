/**
 * What a workshop note is, shown above it in the reader: its workshop, group, session and date,
 * and the way back to the group's capture screen where it was written. A note has no title of
 * its own; the reader titles it from its first line (titleFromText, as the dashboard does).
 */
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useLang } from '../i18n';
import { formatDate, useResult } from '../lib';
import type { HubRecord, Note, Workshop } from '../../../main/core/model';
import { whref } from './workshop/routes';

export function NoteContext({ note }: { note: Note }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [workshop] = useResult<HubRecord | undefined>(
    async () => (note.workshopId ? api.get({ id: note.workshopId }) : { ok: true, value: undefined }),
    [note.workshopId],
  );
  const w = workshop.state === 'ok' && workshop.value?.type === 'workshop' ? (workshop.value as Workshop) : undefined;
  const group = w?.groups.find((g) => g.id === note.groupId);
  const session = w?.sessions.find((s) => s.id === note.sessionId);
  const facts: [string, string][] = [];
  if (note.workshopId) facts.push([t('noteContext.workshop'), w?.title ?? note.workshopId]);
  if (note.groupId) facts.push([t('noteContext.group'), group?.name ?? note.groupId]);
  if (note.sessionId) facts.push([t('noteContext.session'), session?.title ?? note.sessionId]);
  facts.push([t('noteContext.written'), formatDate(note.createdAt, lang, true)]);
  return (
    <section className="note-context" aria-label={t('noteContext.label')}>
      <dl className="fields">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {note.workshopId ? (
        <p>
          <a className="button" href={whref.capture(note.workshopId, { ...(note.groupId ? { group: note.groupId } : {}), ...(note.sessionId ? { session: note.sessionId } : {}) })}>
            {group ? t('noteContext.backToGroup', { group: group.name }) : t('noteContext.backToCapture')}
          </a>
        </p>
      ) : null}
    </section>
  );
}
