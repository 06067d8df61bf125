/**
 * #/compare?a=<id>&b=<id>: two projects side by side. The hub matches their logframe indicators
 * by name (compareProjects) and gives, for each, the change from baseline, the share of the
 * target reached and, for indicators counted in people, the people reached per 1,000 spent; the
 * indicators it could not compare are listed with the reason. Small charts (the dashboard's
 * style) show the share of the target reached and people reached per 1,000 spent.
 */
import { useMemo } from 'react';
import { api } from '../../api';
import { navigate } from '../../router';
import { useDocumentTitle, useResult } from '../../lib';
import { useLiveTick } from '../../live';
import type { IndicatorFigures, ProjectComparison, ProjectSide } from '../../../../main/core/clinics/compare';
import { formatNumber } from '../../../../main/core/clinics/text';
import { countryName } from '../../../../main/core/labels';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { BarChart } from '../../components/workshop/Charts';
import { ClinicsNav, IllustrativeBanner, chref, useCt } from './common';

export function CompareScreen({ params }: { params: URLSearchParams }) {
  const { t, lang } = useCt();
  const a = params.get('a') ?? '';
  const b = params.get('b') ?? '';
  // The comparison follows edits of either project made elsewhere.
  const listTick = useLiveTick((c) => c.kind === 'record' && c.type === 'project');
  const tick = useLiveTick((c) => c.kind === 'record' && (c.id === a || c.id === b));
  const [projects] = useResult(() => api.list({ type: 'project', limit: 1000 }), [listTick]);
  const [result] = useResult<ProjectComparison | null>(
    () => (a && b ? api.compareProjects({ a, b, lang }) : Promise.resolve({ ok: true as const, value: null })),
    [a, b, lang, tick],
  );
  useDocumentTitle(t('compare.title'));
  const options = projects.state === 'ok' ? projects.value.items : [];
  const pick = (side: 'a' | 'b', id: string) => navigate(chref.compare(side === 'a' ? id : a, side === 'b' ? id : b), { replace: true });
  const ready = projects.state !== 'loading' && result.state !== 'loading';

  return (
    <div className="screen clinic-compare" data-ready={ready ? 'true' : 'false'} aria-busy={!ready}>
      <ClinicsNav current="compare" />
      <PageTitle>{t('compare.title')}</PageTitle>
      <p className="hint">{t('compare.intro')}</p>
      <div className="clinic-grid">
        {(['a', 'b'] as const).map((side) => (
          <div className="field" key={side}>
            <label htmlFor={`cmp-${side}`}>{t(`compare.pick.${side}`)}</label>
            <select id={`cmp-${side}`} value={side === 'a' ? a : b} onChange={(e) => pick(side, e.target.value)}>
              <option value="">{t('compare.choose')}</option>
              {options.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      {projects.state === 'error' ? <ErrorMessage error={projects.error} /> : null}
      {result.state === 'error' ? <ErrorMessage error={result.error} /> : null}
      {result.state === 'ok' && result.value ? <ComparisonView c={result.value} /> : null}
      {result.state === 'ok' && !result.value ? <p className="empty-state">{t('compare.pickTwo')}</p> : null}
    </div>
  );
}

function ComparisonView({ c }: { c: ProjectComparison }) {
  const { t, lang } = useCt();
  const n = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(v, lang));
  const pct = (v: number | null) => (v === null ? '—' : `${formatNumber(v, lang)} %`);
  const reachedRows = useMemo(
    () =>
      c.matched.flatMap((m) => [
        // The project first: a long indicator name is clipped at the end, never its A or B.
        ...(m.targetReached.a !== null ? [{ label: `A · ${m.name}`, values: [m.targetReached.a] }] : []),
        ...(m.targetReached.b !== null ? [{ label: `B · ${m.name}`, values: [m.targetReached.b] }] : []),
      ]),
    [c],
  );
  const perRows = (['a', 'b'] as const).filter((s) => c.projects[s].reachedPer1000 !== null).map((s) => ({ label: `${s.toUpperCase()} · ${c.projects[s].title}`, values: [c.projects[s].reachedPer1000!] }));

  const side = (key: 'a' | 'b', p: ProjectSide) => (
    <section className="clinic-card" aria-labelledby={`cmp-side-${key}`} data-side={key}>
      <h2 id={`cmp-side-${key}`}>
        {key.toUpperCase()} · <a href={p.id ? chref.project(p.id) : undefined}>{p.title}</a>
      </h2>
      <IllustrativeBanner show={p.illustrative} />
      <dl className="fields">
        <div className="field-row">
          <dt>{t('project.fields.country')}</dt>
          <dd>{countryName(p.country, lang)}</dd>
        </div>
        <div className="field-row">
          <dt>{t('project.fields.phase')}</dt>
          <dd>{t(`project.phases.${p.phase}`)}</dd>
        </div>
        {p.start || p.end ? (
          <div className="field-row">
            <dt>{t('compare.period')}</dt>
            <dd>
              {p.start ?? '?'} – {p.end ?? '?'}
            </dd>
          </div>
        ) : null}
        <div className="field-row">
          <dt>{t('compare.budget')}</dt>
          <dd>
            {n(p.spent)} / {n(p.planned)} {p.currency ?? ''} {p.spentShare !== null ? `(${pct(p.spentShare)})` : ''}
          </dd>
        </div>
        <div className="field-row">
          <dt>{t('compare.reached')}</dt>
          <dd>
            {n(p.reached)} {p.reachedBasis ? `(${t(`compare.basis.${p.reachedBasis}`)})` : ''}
          </dd>
        </div>
        <div className="field-row">
          <dt>{t('compare.per1000')}</dt>
          <dd data-per1000={p.reachedPer1000 ?? ''}>{n(p.reachedPer1000)}</dd>
        </div>
      </dl>
    </section>
  );

  const figures = (f: IndicatorFigures) => (
    <>
      <td className="num">
        {n(f.baseline)} → {n(f.actual)}
        <br />
        <span className="meta">
          {t('compare.target')} {n(f.target)}
        </span>
      </td>
      <td className="num">{f.change !== null && f.change > 0 ? `+${n(f.change)}` : n(f.change)}</td>
      <td className="num clinic-series-value">{pct(f.targetReached)}</td>
      <td className="num">{n(f.perThousandSpent)}</td>
    </>
  );

  return (
    <div className="clinic-comparison" data-matched={c.matched.length} data-unmatched={c.unmatched.length}>
      <div className="clinic-columns">
        {side('a', c.projects.a)}
        {side('b', c.projects.b)}
      </div>
      {c.warnings.length ? (
        <ul className="clinic-warnings">
          {c.warnings.map((w, i) => (
            <li key={i}>{w.message}</li>
          ))}
        </ul>
      ) : null}

      <h2>{t('compare.matched')}</h2>
      {c.matched.length === 0 ? <p className="hint">{t('compare.noneMatched')}</p> : null}
      {c.matched.length ? (
        <div className="clinic-table-wrap" tabIndex={0} role="region" aria-label={t('compare.matched')}>
          <table className="clinic-table clinic-compare-table">
            <caption className="visually-hidden">{t('compare.matched')}</caption>
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>
                  {t('project.fields.indicator')}
                </th>
                <th scope="col" colSpan={4}>
                  A
                </th>
                <th scope="col" colSpan={4}>
                  B
                </th>
              </tr>
              <tr>
                {['a', 'b'].flatMap((s) => [
                  <th key={`${s}1`} scope="col" className="num">
                    {t('compare.values')}
                  </th>,
                  <th key={`${s}2`} scope="col" className="num">
                    {t('compare.change')}
                  </th>,
                  <th key={`${s}3`} scope="col" className="num">
                    {t('compare.targetReached')}
                  </th>,
                  <th key={`${s}4`} scope="col" className="num">
                    {t('compare.perThousand')}
                  </th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {c.matched.map((m) => (
                <tr key={m.name} data-matched={m.name}>
                  <th scope="row">
                    {m.name} {m.unit ? <span className="meta">({m.unit})</span> : null}
                    {m.warnings.length ? (
                      <ul className="clinic-warnings">
                        {m.warnings.map((w, i) => (
                          <li key={i}>{w.message}</li>
                        ))}
                      </ul>
                    ) : null}
                  </th>
                  {figures(m.a)}
                  {figures(m.b)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {c.unmatched.length ? (
        <>
          <h2>{t('compare.unmatched')}</h2>
          <ul className="clinic-list">
            {c.unmatched.map((u) => (
              <li key={`${u.reason}:${u.name}`} data-unmatched={u.reason}>
                <strong>{u.name}</strong> — {u.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <div className="ws-chart-grid">
        <BarChart
          title={t('compare.chartReached')}
          desc={t('compare.chartReachedDesc', { list: reachedRows.map((r) => `${r.label} ${pct(r.values[0]!)}`).join(', ') || '—' })}
          rows={reachedRows}
          segments={[t('compare.targetReached')]}
          tableCaption={t('compare.chartReached')}
          labelHeader={t('project.fields.indicator')}
          showData={t('showData')}
          empty={t('compare.noData')}
          lang={lang}
        />
        <BarChart
          title={t('compare.chartPer1000')}
          desc={t('compare.chartPer1000Desc', { list: perRows.map((r) => `${r.label} ${n(r.values[0]!)}`).join(', ') || '—' })}
          rows={perRows}
          segments={[t('compare.per1000')]}
          tableCaption={t('compare.chartPer1000')}
          labelHeader={t('compare.project')}
          showData={t('showData')}
          empty={t('compare.noData')}
          lang={lang}
        />
      </div>
    </div>
  );
}
