/**
 * The workshop feature's screens, behind the app router's `workshops` and `workshop` routes (the
 * sub-routes are parsed in components/workshop/routes.ts).
 */
import { NotFound } from '../NotFound';
import { parseWorkshopRoute } from '../../components/workshop/routes';
import { WorkshopsScreen } from './Workshops';
import { WorkshopHome } from './WorkshopHome';
import { CaptureScreen } from './Capture';
import { PlansScreen } from './Plans';
import { PlanEditorScreen } from './PlanEditor';
import { DashboardScreen } from './Dashboard';

export { WorkshopsScreen };

export function WorkshopScreen({ parts, params }: { parts: string[]; params: URLSearchParams }) {
  const r = parseWorkshopRoute(parts, params);
  switch (r.screen) {
    case 'home':
      return <WorkshopHome workshopId={r.workshopId} />;
    case 'capture':
      return <CaptureScreen workshopId={r.workshopId} groupId={r.groupId} sessionId={r.sessionId} />;
    case 'plans':
      return <PlansScreen workshopId={r.workshopId} />;
    case 'plan':
      return <PlanEditorScreen planId={r.planId} />;
    case 'dashboard':
      return <DashboardScreen workshopId={r.workshopId} />;
    case 'unknown':
      return <NotFound path={`/${parts.join('/')}`} />;
  }
}
