/**
 * A save hit a newer revision (someone else, or another window, saved meanwhile). Shows the two
 * versions side by side, field by field where they differ, and lets the user keep their edits,
 * take the current version, or choose per field. Defaults come from a three-way comparison with
 * the version the edit started from, so keeping one's edits never throws away the other side's
 * changes to fields the user did not touch.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n';
import { formatDate } from '../lib';
import type { Practice } from '../../../main/core/model';
import { GUARANTEE_LABELS, LANG_LABELS, STEP_LABELS, branchLabel, countryName, themeLabel } from '../../../main/core/labels';
import { differingFields, fieldsOf, sameField, type PracticeFields } from '../practice-form';

type Side = 'mine' | 'theirs';

export function mergeFields(mine: PracticeFields, theirs: PracticeFields, choice: Partial<Record<keyof PracticeFields, Side>>): PracticeFields {
  const out = { ...theirs } as Record<keyof PracticeFields, unknown>;
  for (const [k, side] of Object.entries(choice) as [keyof PracticeFields, Side][]) if (side === 'mine') out[k] = mine[k];
  return out as unknown as PracticeFields;
}

export function ConflictView({
  mine,
  theirs,
  base,
  onResolve,
}: {
  mine: PracticeFields;
  theirs: Practice;
  base: PracticeFields;
  onResolve: (merged: PracticeFields) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const theirsFields = useMemo(() => fieldsOf(theirs), [theirs]);
  const keys = useMemo(() => differingFields(mine, theirsFields), [mine, theirsFields]);
  // Mine where I changed the field, theirs where only they did.
  const defaults = useMemo(
    () => Object.fromEntries(keys.map((k) => [k, sameField(k, mine, base) ? 'theirs' : 'mine'])) as Partial<Record<keyof PracticeFields, Side>>,
    [keys, mine, base],
  );
  const [choice, setChoice] = useState(defaults);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const changedBy = (k: keyof PracticeFields): 'both' | 'mine' | 'theirs' => {
    const iChanged = !sameField(k, mine, base);
    const theyChanged = !sameField(k, theirsFields, base);
    return iChanged && theyChanged ? 'both' : iChanged ? 'mine' : 'theirs';
  };

  return (
    <section className="conflict" aria-labelledby="conflict-title" data-conflict="true">
      <h2 id="conflict-title" ref={headingRef} tabIndex={-1}>
        {t('conflict.title')}
      </h2>
      <p>{t('conflict.explain', { rev: theirs.rev, date: formatDate(theirs.updatedAt, lang, true) })}</p>
      <p className="hint">{t('conflict.nothingLost')}</p>

      <div className="button-row conflict-actions">
        <button type="button" className="button button-primary" onClick={() => onResolve(mergeFields(mine, theirsFields, defaults))}>
          {t('conflict.keepMine')}
        </button>
        <button type="button" className="button" onClick={() => onResolve(theirsFields)}>
          {t('conflict.takeTheirs')}
        </button>
      </div>
      <p className="hint">{t('conflict.keepMineHint')}</p>

      {keys.length === 0 ? (
        <p>{t('conflict.same')}</p>
      ) : (
        <>
          <h3>{t('conflict.perField')}</h3>
          <div className="conflict-fields">
            {keys.map((k) => {
              const who = changedBy(k);
              return (
                <fieldset key={k} className={`conflict-field conflict-${who}`}>
                  <legend>
                    {t(`practice.fields.${k}`)} <span className={`badge badge-${who}`}>{t(`conflict.changed.${who}`)}</span>
                  </legend>
                  <div className="conflict-sides">
                    {(['mine', 'theirs'] as Side[]).map((side) => (
                      <label key={side} className={`conflict-side ${choice[k] === side ? 'chosen' : ''}`}>
                        <span className="conflict-side-head">
                          <input type="radio" name={`conflict-${k}`} value={side} checked={choice[k] === side} onChange={() => setChoice((c) => ({ ...c, [k]: side }))} />{' '}
                          {side === 'mine' ? t('conflict.mine') : t('conflict.theirs', { rev: theirs.rev })}
                        </span>
                        <FieldValue field={k} fields={side === 'mine' ? mine : theirsFields} />
                      </label>
                    ))}
                  </div>
                </fieldset>
              );
            })}
          </div>
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={() => onResolve(mergeFields(mine, theirsFields, choice))}>
              {t('conflict.applyChoices')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function FieldValue({ field, fields }: { field: keyof PracticeFields; fields: PracticeFields }) {
  const { t } = useTranslation();
  const lang = useLang();
  const empty = <span className="empty-value">{t('conflict.empty')}</span>;
  const join = (xs: string[]) => (xs.length ? xs.join(', ') : empty);
  switch (field) {
    case 'country':
      return <span className="value">{fields.country ? countryName(fields.country, lang) : empty}</span>;
    case 'partnerCountries':
      return <span className="value">{join(fields.partnerCountries.map((c) => countryName(c, lang)))}</span>;
    case 'steps':
      return <span className="value">{join(fields.steps.map((s) => STEP_LABELS[s][lang]))}</span>;
    case 'branches':
      return <span className="value">{join(fields.branches.map((b) => branchLabel(b, lang)))}</span>;
    case 'guarantees':
      return <span className="value">{join(fields.guarantees.map((g) => GUARANTEE_LABELS[g][lang]))}</span>;
    case 'themes':
      return <span className="value">{join(fields.themes.map((th) => themeLabel(th, lang)))}</span>;
    case 'sdgTargets':
    case 'related':
      return <span className="value">{join(fields[field])}</span>;
    case 'lang':
      return <span className="value">{LANG_LABELS[fields.lang]}</span>;
    case 'status':
      return <span className="value">{t(`practice.status.${fields.status}`)}</span>;
    case 'sensitivity':
      return <span className="value">{t(`practice.sensitivity.${fields.sensitivity}`)}</span>;
    case 'sources':
      return fields.sources.length ? (
        <ul className="value">
          {fields.sources.map((s, i) => (
            <li key={i}>
              {s.title}
              {s.url ? ` — ${s.url}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        empty
      );
    case 'translations': {
      const entries = Object.entries(fields.translations).filter(([, v]) => v && (v.title || v.summary || v.body));
      return entries.length ? (
        <ul className="value">
          {entries.map(([l, v]) => (
            <li key={l} lang={l}>
              <strong>{l}</strong> : {[v!.title, v!.summary].filter(Boolean).join(' — ')}
            </li>
          ))}
        </ul>
      ) : (
        empty
      );
    }
    default: {
      const text = fields[field] as string;
      return text ? <span className="value value-text">{text}</span> : empty;
    }
  }
}
