/**
 * The browser mode's front door (the desktop window goes straight in): asks the server who this
 * page is, then shows the facilitator's app, the participant's room, the join page (room mode)
 * or the "open the printed link" page (token mode). Test hook: `[data-session]` on <body>'s root.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { SessionContext, fetchSession, isDesktop, type SessionInfo } from '../../room/session';
import { JoinScreen, TokenNeeded } from './Join';
import { ParticipantApp } from './Participant';
import './room.css';

export function SessionGate({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo>(isDesktop ? { kind: 'desktop' } : { kind: 'loading' });
  const refresh = useCallback(() => {
    void fetchSession().then(setSession);
  }, []);
  useEffect(() => {
    if (!isDesktop) refresh();
  }, [refresh]);

  let body: ReactNode;
  if (session.kind === 'loading') body = null;
  else if (session.kind === 'none') body = session.mode === 'room' ? <JoinScreen /> : <TokenNeeded />;
  else if (session.kind === 'session' && session.role === 'participant') body = <ParticipantApp session={session} />;
  else body = children;
  return (
    <SessionContext.Provider value={{ session, refresh }}>
      <div className="session-root" data-session={session.kind === 'session' ? session.role : session.kind}>
        {body}
      </div>
    </SessionContext.Provider>
  );
}
