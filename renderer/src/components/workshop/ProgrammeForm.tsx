/**
 * The programme of a workshop created from scratch: its groups (topic, Flagship step or country),
 * its sessions (day, times, kind, groups at work, rotation) and its participants' organisations
 * and roles. Rows are added and removed with buttons (the shared RepeatableRows); every input has
 * a visible label (the shared form fields).
 */
import { useId } from 'react';
import { COUNTRY_NAMES, SESSION_KINDS, type Group, type Session, type Workshop } from '../../../../main/core/model';
import { STEP_LABELS, countryName } from '../../../../main/core/labels';
import { useLang } from '../../i18n';
import { useWt } from './common';
import { CheckboxGroup, SelectField, TextField } from '../form/fields';
import { RepeatableRows } from '../form/RepeatableRows';

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
  const countryOptions = countries.map((c) => ({ value: c, label: countryName(c, lang) }));

  const addGroup = () => {
    const key = rowKey();
    onChange({ ...value, groups: [...value.groups, { key, name: '', kind: 'topic', step: '', country: '', topic: '' }] });
    return `${uid}-g-${key}-name`;
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
    return `${uid}-s-${key}-title`;
  };
  const addParticipant = () => {
    const key = rowKey();
    onChange({ ...value, participants: [...value.participants, { key, organisation: '', role: '', country: '' }] });
    return `${uid}-p-${key}-org`;
  };

  return (
    <div className="ws-programme">
      <fieldset className="ws-rows">
        <legend>{t('create.groups')}</legend>
        <p className="hint">{t('create.groupsHint')}</p>
        <RepeatableRows
          items={value.groups}
          keyOf={(g) => g.key}
          rowClassName="ws-row"
          addId={`${uid}-add-group`}
          addLabel={t('create.addGroup')}
          onAdd={addGroup}
          onRemove={(g) =>
            onChange({
              ...value,
              groups: value.groups.filter((x) => x.key !== g.key),
              sessions: value.sessions.map((s) => ({ ...s, groupKeys: s.groupKeys.filter((k) => k !== g.key) })),
            })
          }
          removeLabel={(g, i) => t('create.removeRow', { what: g.name || t('create.groupN', { n: i + 1 }) })}
          renderRow={(g, i) => {
            const id = `${uid}-g-${g.key}`;
            return (
              <>
                <TextField id={`${id}-name`} label={t('create.groupName', { n: i + 1 })} value={g.name} onChange={(v) => setGroup(g.key, { name: v })} nativeRequired />
                <SelectField
                  id={`${id}-kind`}
                  label={t('create.groupKind', { n: i + 1 })}
                  value={g.kind}
                  options={[
                    { value: 'topic', label: t('create.kindTopic') },
                    { value: 'step', label: t('create.kindStep') },
                    { value: 'country', label: t('create.kindCountry') },
                  ]}
                  onChange={(v) => setGroup(g.key, { kind: v as Group['kind'] })}
                />
                {g.kind === 'step' ? (
                  <SelectField
                    id={`${id}-step`}
                    label={t('create.groupStep', { n: i + 1 })}
                    value={g.step}
                    empty="—"
                    options={([1, 2, 3] as const).map((s) => ({ value: String(s), label: STEP_LABELS[s][lang] }))}
                    onChange={(v) => setGroup(g.key, { step: v as GroupRow['step'] })}
                  />
                ) : null}
                {g.kind === 'country' ? (
                  <SelectField id={`${id}-country`} label={t('create.groupCountry', { n: i + 1 })} value={g.country} empty="—" options={countryOptions} onChange={(v) => setGroup(g.key, { country: v })} />
                ) : null}
                {g.kind === 'topic' ? <TextField id={`${id}-topic`} label={t('create.groupTopic', { n: i + 1 })} value={g.topic} onChange={(v) => setGroup(g.key, { topic: v })} /> : null}
              </>
            );
          }}
        />
      </fieldset>

      <fieldset className="ws-rows">
        <legend>{t('create.sessions')}</legend>
        <RepeatableRows
          items={value.sessions}
          keyOf={(s) => s.key}
          rowClassName="ws-row ws-row-session"
          addId={`${uid}-add-session`}
          addLabel={t('create.addSession')}
          onAdd={addSession}
          onRemove={(s) => onChange({ ...value, sessions: value.sessions.filter((x) => x.key !== s.key) })}
          removeLabel={(s, i) => t('create.removeRow', { what: s.title || t('create.sessionN', { n: i + 1 }) })}
          renderRow={(s, i) => {
            const id = `${uid}-s-${s.key}`;
            return (
              <>
                <TextField id={`${id}-title`} className="ws-field-wide" label={t('create.sessionTitle', { n: i + 1 })} value={s.title} onChange={(v) => setSession(s.key, { title: v })} nativeRequired />
                <SelectField
                  id={`${id}-day`}
                  label={t('create.sessionDay', { n: i + 1 })}
                  value={String(s.day)}
                  options={Array.from({ length: Math.max(days, s.day) }, (_, d) => ({ value: String(d + 1), label: t('day', { n: d + 1 }) }))}
                  onChange={(v) => setSession(s.key, { day: Number(v) })}
                />
                <TextField id={`${id}-start`} type="time" label={t('create.sessionStart', { n: i + 1 })} value={s.start} onChange={(v) => setSession(s.key, { start: v })} nativeRequired />
                <TextField id={`${id}-end`} type="time" label={t('create.sessionEnd', { n: i + 1 })} value={s.end} onChange={(v) => setSession(s.key, { end: v })} nativeRequired />
                <SelectField
                  id={`${id}-kind`}
                  label={t('create.sessionKind', { n: i + 1 })}
                  value={s.kind}
                  options={SESSION_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
                  onChange={(v) => setSession(s.key, { kind: v as Session['kind'] })}
                />
                {value.groups.length ? (
                  <CheckboxGroup
                    id={`${id}-groups`}
                    legend={t('create.sessionGroups', { n: i + 1 })}
                    groupClassName="ws-field-wide"
                    className="ws-inline-checks"
                    options={value.groups.map((g, gi) => ({ value: g.key, label: g.name || t('create.groupN', { n: gi + 1 }) }))}
                    selected={s.groupKeys}
                    onChange={(keys) => setSession(s.key, { groupKeys: keys })}
                  />
                ) : null}
                {s.groupKeys.length > 1 ? (
                  <TextField
                    id={`${id}-rotation`}
                    type="number"
                    label={t('create.sessionRotation', { n: i + 1 })}
                    value={s.rotationMinutes}
                    onChange={(v) => setSession(s.key, { rotationMinutes: v })}
                    inputProps={{ min: 1, max: 480, inputMode: 'numeric' }}
                  />
                ) : null}
              </>
            );
          }}
        />
      </fieldset>

      <fieldset className="ws-rows">
        <legend>{t('create.participants')}</legend>
        <p className="hint">{t('create.participantsHint')}</p>
        <RepeatableRows
          items={value.participants}
          keyOf={(p) => p.key}
          rowClassName="ws-row"
          addId={`${uid}-add-participant`}
          addLabel={t('create.addParticipant')}
          onAdd={addParticipant}
          onRemove={(p) => onChange({ ...value, participants: value.participants.filter((x) => x.key !== p.key) })}
          removeLabel={(p, i) => t('create.removeRow', { what: p.organisation || t('create.participantN', { n: i + 1 }) })}
          renderRow={(p, i) => {
            const id = `${uid}-p-${p.key}`;
            return (
              <>
                <TextField id={`${id}-org`} className="ws-field-wide" label={t('create.participantOrg', { n: i + 1 })} value={p.organisation} onChange={(v) => setParticipant(p.key, { organisation: v })} />
                <TextField id={`${id}-role`} className="ws-field-wide" label={t('create.participantRole', { n: i + 1 })} value={p.role} onChange={(v) => setParticipant(p.key, { role: v })} />
                <SelectField id={`${id}-country`} label={t('create.participantCountry', { n: i + 1 })} value={p.country} empty="—" options={countryOptions} onChange={(v) => setParticipant(p.key, { country: v })} />
              </>
            );
          }}
        />
      </fieldset>
    </div>
  );
}
