/**
 * #/workshop/<id>/plans: one implementation plan per country group (the missing ones are created
 * on the way), with how far each has got on the three Flagship steps.
 */
import { api } from '../../api';
import { useLang } from '../../i18n';
import { useDocumentTitle, useResult } from '../../lib';
import { STEP_LABELS, countryName } from '../../../../main/core/labels';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { WorkshopNav, useWt } from '../../components/workshop/common';
import { whref } from '../../components/workshop/routes';
import { loadWorkshop } from './WorkshopHome';

export function PlansScreen({ workshopId }: { workshopId: string }) {
  const { t } = useWt();
  const lang = useLang();
  const [data] = useResult(async () => {
    const w = await loadWorkshop(workshopId);
    if (!w.ok) return w;
    // A template's plans are part of the bundled library: list them without creating anything.
    const plans = await api.workshopPlans({ workshopId, ensure: !w.value.template });
    if (!plans.ok) return plans;
    return { ok: true as const, value: { workshop: w.value, plans: plans.value } };
  }, [workshopId]);
  useDocumentTitle(t('plans.title'));

  if (data.state === 'loading') {
    return (
      <div className="screen ws-plans" data-ready="false" aria-busy="true">
        <p className="loading">{t('loading')}</p>
      </div>
    );
  }
  if (data.state === 'error') {
    return (
      <div className="screen ws-plans" data-ready="true">
        <PageTitle>{t('plans.title')}</PageTitle>
        <ErrorMessage error={data.error} />
      </div>
    );
  }
  const { workshop: w, plans } = data.value;
  return (
    <div className="screen ws-plans" data-ready="true">
      <WorkshopNav workshop={w} current="plans" />
      <PageTitle>{t('plans.title')}</PageTitle>
      <p className="lead">{t('plans.lead')}</p>
      {plans.length === 0 ? <p className="empty-state">{t('plans.none')}</p> : null}
      <ul className="ws-cards">
        {plans.map((p) => {
          const live = p.actions.filter((a) => a.status !== 'dropped');
          const pilots = live.filter((a) => a.sstcPilot).length;
          return (
            <li key={p.id} className="ws-card ws-plan-card" data-plan-id={p.id}>
              <h2>
                <a href={whref.plan(p.id)}>{countryName(p.country, lang)}</a>
              </h2>
              <p className="meta" lang={p.lang !== lang ? p.lang : undefined}>
                {p.title}
              </p>
              <ul className="ws-step-counts">
                {([1, 2, 3] as const).map((s) => (
                  <li key={s}>
                    <span className={`ws-step-dot ws-step-${s}`} aria-hidden="true" /> {STEP_LABELS[s][lang]} :{' '}
                    <strong>{t('plans.actionCount', { count: live.filter((a) => a.step === s).length })}</strong>
                  </li>
                ))}
              </ul>
              <p className="meta">
                {t('plans.pilots', { count: pilots })}
                {p.opportunityBrief.trim() ? ` · ${t('plans.hasBrief')}` : ''}
              </p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
