/**
 * #/clinics: the two skills-clinic tools of the Dakar agenda's day 3. Lists the coverage sheets
 * (SDG 1.3.1) and the projects (results and impact), with the library's worked examples, and
 * starts new ones.
 */
import { api } from '../../api';
import { useDocumentTitle, useResult } from '../../lib';
import { useLiveTick } from '../../live';
import { countryName } from '../../../../main/core/labels';
import type { RecordSummary } from '../../../../main/core/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { ClinicsNav, chref, useCt } from './common';

export function ClinicsHome({ params }: { params: URLSearchParams }) {
  const { t, lang } = useCt();
  const workshop = params.get('workshop') ?? undefined;
  // Lists follow changes made elsewhere (another window, the CLI, an import).
  const tick = useLiveTick((c) => c.kind === 'record' && (c.type === 'coverage' || c.type === 'project'));
  const [sheets] = useResult(() => api.list({ type: 'coverage', limit: 1000 }), [tick]);
  const [projects] = useResult(() => api.list({ type: 'project', limit: 1000 }), [tick]);
  useDocumentTitle(t('home.title'));
  const ready = sheets.state !== 'loading' && projects.state !== 'loading';
  const wsParams = workshop ? { workshop } : undefined;

  const list = (items: RecordSummary[], to: (id: string) => string) => (
    <ul className="clinic-list">
      {items.map((r) => (
        <li key={r.id}>
          <a href={to(r.id)}>{r.title}</a> <span className="meta">· {countryName(r.country ?? '', lang)}</span>
          {r.origin === 'library' ? <span className="badge"> {t('home.example')}</span> : null}
        </li>
      ))}
    </ul>
  );

  return (
    <div className="screen clinics-home" data-ready={ready ? 'true' : 'false'} aria-busy={!ready}>
      <ClinicsNav current="home" />
      <PageTitle>{t('home.title')}</PageTitle>
      <p className="hint">{t('home.intro')}</p>
      <div className="clinic-columns">
        <section className="clinic-card" aria-labelledby="clinic-cov-title">
          <h2 id="clinic-cov-title">{t('home.coverage')}</h2>
          <p>{t('home.coverageIntro')}</p>
          <p>
            <a className="button button-primary" href={chref.coverage('new', wsParams)}>
              {t('home.newCoverage')}
            </a>
          </p>
          {sheets.state === 'error' ? <ErrorMessage error={sheets.error} /> : null}
          {sheets.state === 'ok' ? (sheets.value.items.length ? list(sheets.value.items, (id) => chref.coverage(id)) : <p className="hint">{t('home.none')}</p>) : null}
        </section>
        <section className="clinic-card" aria-labelledby="clinic-prj-title">
          <h2 id="clinic-prj-title">{t('home.projects')}</h2>
          <p>{t('home.projectsIntro')}</p>
          <p className="button-row">
            <a className="button button-primary" href={chref.project('new', { phase: 'past', ...(wsParams ?? {}) })}>
              {t('home.newPast')}
            </a>
            <a className="button" href={chref.project('new', { phase: 'new', ...(wsParams ?? {}) })}>
              {t('home.newNew')}
            </a>
            <a className="button" href={chref.compare()}>
              {t('home.compare')}
            </a>
          </p>
          {projects.state === 'error' ? <ErrorMessage error={projects.error} /> : null}
          {projects.state === 'ok' ? (projects.value.items.length ? list(projects.value.items, (id) => chref.project(id)) : <p className="hint">{t('home.none')}</p>) : null}
        </section>
      </div>
    </div>
  );
}
