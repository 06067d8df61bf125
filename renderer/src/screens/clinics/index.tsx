/**
 * The skills-clinic screens, behind the app router's `clinics` route:
 *   #/clinics[?workshop=<id>]              both tools, lists and worked examples
 *   #/coverage/<id|new>[?workshop=<id>]    a coverage sheet with its live SDG 1.3.1 series
 *   #/project/<id|new>[?phase=past|new]    a project with its logframe
 *   #/compare?a=<id>&b=<id>                two projects side by side
 */
import { NotFound } from '../NotFound';
import { ClinicsHome } from './Home';
import { CoverageScreen } from './CoverageForm';
import { ProjectScreen } from './ProjectForm';
import { CompareScreen } from './Compare';
import { adoptedIds, chref } from './common';

export const clinicsHref = chref.home;

export function ClinicsScreen({ parts, params }: { parts: string[]; params: URLSearchParams }) {
  const [head, id] = parts;
  if (head === 'clinics' && parts.length === 1) return <ClinicsHome params={params} />;
  if (head === 'compare' && parts.length === 1) return <CompareScreen params={params} />;
  if (head === 'coverage' && id && parts.length === 2) return <CoverageScreen key={adoptedIds.has(id) ? 'new' : id} id={id} params={params} />;
  if (head === 'project' && id && parts.length === 2) return <ProjectScreen key={adoptedIds.has(id) ? 'new' : id} id={id} params={params} />;
  return <NotFound path={`/${parts.join('/')}`} />;
}
