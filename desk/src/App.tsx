import { useCallback, useMemo, useRef, useState } from 'react';
import { createClient } from './api';
import { Desk, Draft, emptyDraft } from './components/Desk';
import { SignIn } from './components/SignIn';
import { clearSession, DeskSession, loadSession, saveSession } from './session';

export interface AppProps {
  fetch?: typeof fetch;
  /** The desk's clock (tests pass a fixed one). */
  now?: () => Date;
}

/**
 * The hospital desk: sign-in, then the counter. When the hospital session ends (401, or its
 * expiry passes) the page returns to sign-in and keeps the bill being typed: the same draft is
 * shown again after signing in. 退出 ends the session and clears the draft.
 */
export function App({ fetch: fetchImpl, now = () => new Date() }: AppProps) {
  const [session, setSession] = useState<DeskSession | null>(() => loadSession(now().getTime()));
  const [expired, setExpired] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(now()));
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const expire = useCallback(() => {
    clearSession();
    setSession(null);
    setExpired(true);
  }, []);

  const client = useMemo(
    () => createClient({ fetch: fetchImpl, token: () => sessionRef.current?.token ?? null, onUnauthenticated: expire }),
    [fetchImpl, expire],
  );

  const signedIn = (s: DeskSession) => {
    saveSession(s);
    setSession(s);
    setExpired(false);
  };

  const signOut = () => {
    clearSession();
    setSession(null);
    setExpired(false);
    setDraft(emptyDraft(now()));
  };

  if (!session) {
    return <SignIn client={client} now={now} expired={expired} lastHospitalId={draft.hospitalId} keptBill={expired && draft.checkIn !== null} onSignedIn={signedIn} />;
  }
  return <Desk client={client} session={session} now={now} draft={draft} setDraft={setDraft} onExpired={expire} onSignOut={signOut} />;
}
