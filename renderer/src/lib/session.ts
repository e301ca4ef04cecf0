/**
 * The device's sign-in, kept in localStorage so a reload or a restart does not ask for the
 * join code again. The last known SessionInfo is kept too, so the header can be drawn while
 * the room server is unreachable.
 */
import { type SessionInfo, SessionInfoSchema } from '#common/schemas/api';
import { z } from 'zod';

const SESSION_KEY = 'paperless.session.v1';
const LAST_SERVER_KEY = 'paperless.lastServer';

/** What this device remembers after joining. */
export interface StoredSession {
  /** Room-server base URL (an origin). */
  serverUrl: string;
  /** Bearer token; the server keeps only its hash, so losing it means joining again. */
  token: string;
  /** The session as the server last described it. */
  info: SessionInfo;
}

/** The storage envelope; the inner session reuses the shared schema so it cannot drift. */
const StoredSessionSchema = z.strictObject({
  serverUrl: z.url({ protocol: /^https?$/ }),
  token: z.string().min(1),
  info: SessionInfoSchema,
});

/** Reads the stored session; anything unreadable or out of date counts as "not joined". */
export function loadSession(): StoredSession | null {
  let raw: string | null;
  try {
    raw = localStorage.getItem(SESSION_KEY);
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const parsed = StoredSessionSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {
    // Corrupt JSON: fall through and forget it.
  }
  clearSession();
  return null;
}

/** Remembers the session, and the server as the default for the next join. */
export function saveSession(session: StoredSession): void {
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  localStorage.setItem(LAST_SERVER_KEY, session.serverUrl);
}

/** Forgets the token (after leaving, or when the server says it is no longer valid). */
export function clearSession(): void {
  try {
    localStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage unavailable: nothing was stored either.
  }
}

/** The server this device joined last, to prefill the join screen where no page origin helps (Electron). */
export function lastServerUrl(): string | null {
  try {
    return localStorage.getItem(LAST_SERVER_KEY);
  } catch {
    return null;
  }
}

/** The device's localStorage, or null where the browser refuses it (some private modes). */
export function deviceStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
