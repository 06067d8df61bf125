/**
 * The country's opportunity brief (pasted in by the user, kept with the plan) and what the hub's
 * comparePlan finds: what the brief mentions that the plan does not cover (what the group may have
 * forgotten), what the plan covers that the brief does not mention (new ideas, or a brief to
 * update), and what both cover, with the words found, so nothing is a black box.
 */
import { useState } from 'react';
import { api } from '../../api';
import type { Plan } from '../../../../main/core/model';
import type { HubError } from '../../../../main/core/result';
import type { PlanComparison, CompareItem } from '../../../../main/core/workshops/plans';
import { ErrorMessage } from '../ErrorMessage';
import { useWt } from './common';

type Kind = 'steps' | 'themes' | 'partners';
const KINDS: Kind[] = ['steps', 'themes', 'partners'];

export function ComparePanel({ plan, readOnly, onSaveBrief }: { plan: Plan; readOnly: boolean; onSaveBrief: (text: string) => Promise<Plan | undefined> }) {
  const { t } = useWt();
  const [brief, setBrief] = useState(plan.opportunityBrief);
  const [result, setResult] = useState<PlanComparison | null>(null);
  const [error, setError] = useState<HubError | null>(null);
  const [busy, setBusy] = useState(false);

  const compare = async () => {
    setBusy(true);
    setError(null);
    if (!readOnly) await onSaveBrief(brief);
    const r = await api.comparePlan({ planId: plan.id, briefText: brief });
    setBusy(false);
    if (r.ok) setResult(r.value);
    else setError(r.error);
  };

  const byId = (kind: Kind, id: string): CompareItem | undefined => result?.[kind].find((i) => i.id === id);
  const both = result ? KINDS.flatMap((k) => result[k].filter((i) => i.brief.length > 0 && i.plan.length > 0).map((i) => ({ kind: k, item: i }))) : [];
  const briefOnly = result ? KINDS.flatMap((k) => result.briefOnly[k].map((id) => ({ kind: k, item: byId(k, id) }))) : [];
  const planOnly = result ? KINDS.flatMap((k) => result.planOnly[k].map((id) => ({ kind: k, item: byId(k, id) }))) : [];

  return (
    <section className="ws-compare" aria-labelledby="ws-compare-title">
      <h2 id="ws-compare-title">{t('compare.title')}</h2>
      <p className="hint">{t('compare.lead')}</p>
      <div className="field">
        <label htmlFor="ws-brief">{t('compare.brief')}</label>
        <textarea id="ws-brief" rows={8} value={brief} onChange={(e) => setBrief(e.target.value)} />
      </div>
      <p className="button-row">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void compare()}>
          {busy ? t('compare.comparing') : t('compare.run')}
        </button>
      </p>
      {error ? <ErrorMessage error={error} /> : null}
      <div aria-live="polite" className="ws-compare-result" data-compared={result ? 'true' : 'false'}>
        {result && !result.hasBrief ? <p className="notice notice-warning">{t('compare.noBrief')}</p> : null}
        {result && result.hasBrief ? (
          <>
            <div className="ws-compare-grid">
              <CompareColumn
                className="ws-compare-missing"
                title={t('compare.briefOnly', { count: briefOnly.length })}
                hint={t('compare.briefOnlyHint')}
                empty={t('compare.briefOnlyNone')}
                items={briefOnly.map(({ kind, item }) => ({ kind, label: item?.label ?? '', detail: item?.brief.length ? t('compare.found', { words: item.brief.join(', ') }) : '' }))}
              />
              <CompareColumn
                className="ws-compare-new"
                title={t('compare.planOnly', { count: planOnly.length })}
                hint={t('compare.planOnlyHint')}
                empty={t('compare.planOnlyNone')}
                items={planOnly.map(({ kind, item }) => ({ kind, label: item?.label ?? '', detail: t('compare.actions', { count: item?.plan.length ?? 0 }) }))}
              />
              <CompareColumn
                className="ws-compare-both"
                title={t('compare.both', { count: both.length })}
                hint={t('compare.bothHint')}
                empty={t('compare.bothNone')}
                items={both.map(({ kind, item }) => ({ kind, label: item.label, detail: `${t('compare.found', { words: item.brief.join(', ') })} · ${t('compare.actions', { count: item.plan.length })}` }))}
              />
            </div>
          </>
        ) : null}
      </div>
    </section>
  );
}

function CompareColumn({ className, title, hint, empty, items }: { className: string; title: string; hint: string; empty: string; items: { kind: Kind; label: string; detail: string }[] }) {
  const { t } = useWt();
  return (
    <section className={`ws-compare-col ${className}`}>
      <h3>{title}</h3>
      <p className="hint">{hint}</p>
      {items.length === 0 ? (
        <p className="meta">{empty}</p>
      ) : (
        <ul>
          {items.map((i) => (
            <li key={`${i.kind}:${i.label}`}>
              <span className="ws-compare-kind">{t(`compare.kind.${i.kind}`)}</span> <strong>{i.label}</strong>
              {i.detail ? <span className="meta"> — {i.detail}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
