import { useCallback, useState } from 'react';
import { type JoinNotice, JoinScreen } from '../features/join/JoinScreen';
import { normaliseJoinCode, pageServerUrl } from '../lib/server-url';
import { clearSession, lastServerUrl, loadSession, type StoredSession } from '../lib/session';
import { SessionShell } from './SessionShell';

type Screen =
  | { kind: 'join'; server: string; code: string; autoJoin: boolean; notice: JoinNotice | null }
  | { kind: 'session'; session: StoredSession };

/** The server to offer on the join screen: the page's own origin when served by a room server. */
function defaultServer(): string {
  return pageServerUrl(window.location) ?? lastServerUrl() ?? '';
}

/**
 * Reads and removes `?join=CODE` from the address bar. Removing it means a reload does not
 * redeem the code again and the code does not linger in history or screenshots.
 */
function takeJoinParam(): string | null {
  const url = new URL(window.location.href);
  const raw = url.searchParams.get('join');
  if (raw === null) return null;
  url.searchParams.delete('join');
  window.history.replaceState(window.history.state, '', url);
  return raw;
}

function initialScreen(): Screen {
  const joinParam = takeJoinParam();
  if (joinParam !== null) {
    // A join link is an explicit request to join (perhaps as someone else): it wins over a
    // stored session. An unreadable code still lands on the join screen, where it is shown.
    const code = normaliseJoinCode(joinParam);
    return {
      kind: 'join',
      server: defaultServer(),
      code: code ?? joinParam,
      autoJoin: code !== null,
      notice: null,
    };
  }
  const session = loadSession();
  if (session !== null) return { kind: 'session', session };
  return { kind: 'join', server: defaultServer(), code: '', autoJoin: false, notice: null };
}

/** Root component: the join screen, or the signed-in session. */
export function App() {
  const [screen, setScreen] = useState<Screen>(initialScreen);

  const onJoined = useCallback((session: StoredSession) => setScreen({ kind: 'session', session }), []);
  const onSignedOut = useCallback((notice: JoinNotice) => {
    clearSession();
    setScreen({ kind: 'join', server: defaultServer(), code: '', autoJoin: false, notice });
  }, []);

  return screen.kind === 'join' ? (
    <JoinScreen
      // A new key per visit resets the form, e.g. after leaving the meeting.
      key={`${screen.notice ?? 'start'}-${screen.code}`}
      initialServer={screen.server}
      initialCode={screen.code}
      autoJoin={screen.autoJoin}
      notice={screen.notice}
      onJoined={onJoined}
    />
  ) : (
    <SessionShell key={screen.session.token} session={screen.session} onSignedOut={onSignedOut} />
  );
}
