/**
 * The programme of a workshop created from scratch: its groups (topic, Flagship step or country),
 * its sessions (day, times, kind, groups at work, rotation) and its participants' organisations
 * and roles. Rows are added and removed with buttons; every input has a visible label.
 */
import { useId } from 'react';
import { COUNTRY_NAMES, SESSION_KINDS, type Group, type Session, type Workshop } from '../../../../main/core/model';
import { STEP_LABELS, countryName } from '../../../../main/core/labels';
import { useLang } from '../../i18n';
import { useWt } from './common';

export interface GroupRow {
  key: string;
  name: string;
  kind: Group['kind'];
  step: '' | '1' | '2' | '3';
  country: string;
  topic: string;
}
export interface SessionRow {
  key: string;
  day: number;
  start: string;
  end: string;
  title: string;
  kind: Session['kind'];
  groupKeys: string[];
  rotationMinutes: string;
}
export interface ParticipantRow {
  key: string;
  organisation: string;
  role: string;
  country: string;
}
export interface ProgrammeValue {
  groups: GroupRow[];
  sessions: SessionRow[];
  participants: ParticipantRow[];
}

let seq = 0;
const rowKey = () => `r${++seq}`;

export const emptyProgramme = (): ProgrammeValue => ({ groups: [], sessions: [], participants: [] });

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/** The API's shapes (ids made from names, unique), from the rows. */
export function programmeToInput(p: ProgrammeValue): { groups: Group[]; sessions: Session[]; participants: Workshop['participants'] } {
  const used = new Set<string>();
  const unique = (base: string) => {
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
  const groupIds = new Map<string, string>();
  const groups: Group[] = p.groups.map((g, i) => {
    const id = unique(`g-${slug(g.name) || i + 1}`);
    groupIds.set(g.key, id);
    return {
      id,
      name: g.name.trim(),
      kind: g.kind,
      ...(g.kind === 'step' && g.step ? { step: Number(g.step) as 1 | 2 | 3 } : {}),
      ...(g.kind === 'country' && g.country ? { country: g.country } : {}),
      ...(g.kind === 'topic' && g.topic.trim() ? { topic: g.topic.trim() } : {}),
    };
  });
  const sessions: Session[] = p.sessions.map((s, i) => ({
    id: unique(`s${s.day}-${i + 1}`),
    day: s.day,
    start: s.start,
    end: s.end,
    title: s.title.trim(),
    kind: s.kind,
    description: '',
    groupIds: s.groupKeys.map((k) => groupIds.get(k)).filter((x): x is string => !!x),
    ...(s.rotationMinutes.trim() ? { rotationMinutes: Number(s.rotationMinutes) } : {}),
  }));
  const participants = p.participants
    .filter((x) => x.organisation.trim() || x.role.trim())
    .map((x) => ({ organisation: x.organisation.trim(), role: x.role.trim(), ...(x.country ? { country: x.country } : {}) }));
  return { groups, sessions, participants };
}

export function ProgrammeForm({ value, onChange, days }: { value: ProgrammeValue; onChange: (v: ProgrammeValue) => void; days: number }) {
  const { t } = useWt();
  const lang = useLang();
  const uid = useId();
  const countries = Object.keys(COUNTRY_NAMES).sort((a, b) => countryName(a, lang).localeCompare(countryName(b, lang), lang));

  const setGroup = (key: string, patch: Partial<GroupRow>) => onChange({ ...value, groups: value.groups.map((g) => (g.key === key ? { ...g, ...patch } : g)) });
  const setSession = (key: string, patch: Partial<SessionRow>) => onChange({ ...value, sessions: value.sessions.map((s) => (s.key === key ? { ...s, ...patch } : s)) });
  const setParticipant = (key: string, patch: Partial<ParticipantRow>) =>
    onChange({ ...value, participants: value.participants.map((p) => (p.key === key ? { ...p, ...patch } : p)) });
  const focusLater = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

  const addGroup = () => {
    const key = rowKey();
    onChange({ ...value, groups: [...value.groups, { key, name: '', kind: 'topic', step: '', country: '', topic: '' }] });
    focusLater(`${uid}-g-${key}-name`);
  };
  const addSession = () => {
    const key = rowKey();
    const last = value.sessions.at(-1);
    onChange({
      ...value,
      sessions: [
        ...value.sessions,
        { key, day: last?.day ?? 1, start: last?.end ?? '09:00', end: '', title: '', kind: 'plenary', groupKeys: [], rotationMinutes: '' },
      ],
    });
    focusLater(`${uid}-s-${key}-title`);
  };
  const addParticipant = () => {
    const key = rowKey();
    onChange({ ...value, participants: [...value.participants, { key, organisation: '', role: '', country: '' }] });
    focusLater(`${uid}-p-${key}-org`);
  };

  return (
    <div className="ws-programme">
      <fieldset className="ws-rows">
        <legend>{t('create.groups')}</legend>
        <p className="hint">{t('create.groupsHint')}</p>
        <ol>
          {value.groups.map((g, i) => {
            const id = `${uid}-g-${g.key}`;
            return (
              <li key={g.key} className="ws-row">
                <div className="field">
                  <label htmlFor={`${id}-name`}>{t('create.groupName', { n: i + 1 })}</label>
                  <input id={`${id}-name`} type="text" value={g.name} onChange={(e) => setGroup(g.key, { name: e.target.value })} required />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-kind`}>{t('create.groupKind', { n: i + 1 })}</label>
                  <select id={`${id}-kind`} value={g.kind} onChange={(e) => setGroup(g.key, { kind: e.target.value as Group['kind'] })}>
                    <option value="topic">{t('create.kindTopic')}</option>
                    <option value="step">{t('create.kindStep')}</option>
                    <option value="country">{t('create.kindCountry')}</option>
                  </select>
                </div>
                {g.kind === 'step' ? (
                  <div className="field">
                    <label htmlFor={`${id}-step`}>{t('create.groupStep', { n: i + 1 })}</label>
                    <select id={`${id}-step`} value={g.step} onChange={(e) => setGroup(g.key, { step: e.target.value as GroupRow['step'] })}>
                      <option value="">—</option>
                      {([1, 2, 3] as const).map((s) => (
                        <option key={s} value={String(s)}>
                          {STEP_LABELS[s][lang]}
                        </option>
                      ))}
                    </select>
                  </div>
                ) : null}
                {g.kind === 'country' ? (
                  <div className="field">
                    <label htmlFor={`${id}-country`}>{t('create.groupCountry', { n: i + 1 })}</label>
                    <select id={`${id}-country`} value={g.country} onChange={(e) => setGroup(g.key, { country: e.target.value })}>
                      <option value="">—</option>
                      {countries.map((c) => (
                        <option key={c} value={c}>
                          {countryName(c, lang)}
                        </option>
                      ))}
                    </select>
                  </div>
                ) : null}
                {g.kind === 'topic' ? (
                  <div className="field">
                    <label htmlFor={`${id}-topic`}>{t('create.groupTopic', { n: i + 1 })}</label>
                    <input id={`${id}-topic`} type="text" value={g.topic} onChange={(e) => setGroup(g.key, { topic: e.target.value })} />
                  </div>
                ) : null}
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    onChange({
                      ...value,
                      groups: value.groups.filter((x) => x.key !== g.key),
                      sessions: value.sessions.map((s) => ({ ...s, groupKeys: s.groupKeys.filter((k) => k !== g.key) })),
                    });
                    focusLater(`${uid}-add-group`);
                  }}
                >
                  {t('create.removeRow', { what: g.name || t('create.groupN', { n: i + 1 }) })}
                </button>
              </li>
            );
          })}
        </ol>
        <button type="button" id={`${uid}-add-group`} className="button button-small" onClick={addGroup}>
          {t('create.addGroup')}
        </button>
      </fieldset>

      <fieldset className="ws-rows">
        <legend>{t('create.sessions')}</legend>
        <ol>
          {value.sessions.map((s, i) => {
            const id = `${uid}-s-${s.key}`;
            return (
              <li key={s.key} className="ws-row ws-row-session">
                <div className="field ws-field-wide">
                  <label htmlFor={`${id}-title`}>{t('create.sessionTitle', { n: i + 1 })}</label>
                  <input id={`${id}-title`} type="text" value={s.title} onChange={(e) => setSession(s.key, { title: e.target.value })} required />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-day`}>{t('create.sessionDay', { n: i + 1 })}</label>
                  <select id={`${id}-day`} value={s.day} onChange={(e) => setSession(s.key, { day: Number(e.target.value) })}>
                    {Array.from({ length: Math.max(days, s.day) }, (_, d) => (
                      <option key={d + 1} value={d + 1}>
                        {t('day', { n: d + 1 })}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-start`}>{t('create.sessionStart', { n: i + 1 })}</label>
                  <input id={`${id}-start`} type="time" value={s.start} onChange={(e) => setSession(s.key, { start: e.target.value })} required />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-end`}>{t('create.sessionEnd', { n: i + 1 })}</label>
                  <input id={`${id}-end`} type="time" value={s.end} onChange={(e) => setSession(s.key, { end: e.target.value })} required />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-kind`}>{t('create.sessionKind', { n: i + 1 })}</label>
                  <select id={`${id}-kind`} value={s.kind} onChange={(e) => setSession(s.key, { kind: e.target.value as Session['kind'] })}>
                    {SESSION_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`kinds.${k}`)}
                      </option>
                    ))}
                  </select>
                </div>
                {value.groups.length ? (
                  <fieldset className="field checkbox-group ws-field-wide">
                    <legend>{t('create.sessionGroups', { n: i + 1 })}</legend>
                    <ul className="ws-inline-checks">
                      {value.groups.map((g, gi) => (
                        <li key={g.key}>
                          <label>
                            <input
                              type="checkbox"
                              checked={s.groupKeys.includes(g.key)}
                              onChange={(e) =>
                                setSession(s.key, { groupKeys: e.target.checked ? [...s.groupKeys, g.key] : s.groupKeys.filter((k) => k !== g.key) })
                              }
                            />{' '}
                            {g.name || t('create.groupN', { n: gi + 1 })}
                          </label>
                        </li>
                      ))}
                    </ul>
                  </fieldset>
                ) : null}
                {s.groupKeys.length > 1 ? (
                  <div className="field">
                    <label htmlFor={`${id}-rotation`}>{t('create.sessionRotation', { n: i + 1 })}</label>
                    <input
                      id={`${id}-rotation`}
                      type="number"
                      min={1}
                      max={480}
                      inputMode="numeric"
                      value={s.rotationMinutes}
                      onChange={(e) => setSession(s.key, { rotationMinutes: e.target.value })}
                    />
                  </div>
                ) : null}
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    onChange({ ...value, sessions: value.sessions.filter((x) => x.key !== s.key) });
                    focusLater(`${uid}-add-session`);
                  }}
                >
                  {t('create.removeRow', { what: s.title || t('create.sessionN', { n: i + 1 }) })}
                </button>
              </li>
            );
          })}
        </ol>
        <button type="button" id={`${uid}-add-session`} className="button button-small" onClick={addSession}>
          {t('create.addSession')}
        </button>
      </fieldset>

      <fieldset className="ws-rows">
        <legend>{t('create.participants')}</legend>
        <p className="hint">{t('create.participantsHint')}</p>
        <ol>
          {value.participants.map((p, i) => {
            const id = `${uid}-p-${p.key}`;
            return (
              <li key={p.key} className="ws-row">
                <div className="field ws-field-wide">
                  <label htmlFor={`${id}-org`}>{t('create.participantOrg', { n: i + 1 })}</label>
                  <input id={`${id}-org`} type="text" value={p.organisation} onChange={(e) => setParticipant(p.key, { organisation: e.target.value })} />
                </div>
                <div className="field ws-field-wide">
                  <label htmlFor={`${id}-role`}>{t('create.participantRole', { n: i + 1 })}</label>
                  <input id={`${id}-role`} type="text" value={p.role} onChange={(e) => setParticipant(p.key, { role: e.target.value })} />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-country`}>{t('create.participantCountry', { n: i + 1 })}</label>
                  <select id={`${id}-country`} value={p.country} onChange={(e) => setParticipant(p.key, { country: e.target.value })}>
                    <option value="">—</option>
                    {countries.map((c) => (
                      <option key={c} value={c}>
                        {countryName(c, lang)}
                      </option>
                    ))}
                  </select>
                </div>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    onChange({ ...value, participants: value.participants.filter((x) => x.key !== p.key) });
                    focusLater(`${uid}-add-participant`);
                  }}
                >
                  {t('create.removeRow', { what: p.organisation || t('create.participantN', { n: i + 1 }) })}
                </button>
              </li>
            );
          })}
        </ol>
        <button type="button" id={`${uid}-add-participant`} className="button button-small" onClick={addParticipant}>
          {t('create.addParticipant')}
        </button>
      </fieldset>
    </div>
  );
}
