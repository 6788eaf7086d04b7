import type { SessionActor, SessionUser } from '@session-mesh/contracts';

export type { SessionActor };

// A validated, live session as services see it. `id` is the sha256 of the
// token: safe to show, log and list; the token itself never leaves the cookie.
export interface ActiveSession {
  id: string;
  user: SessionUser;
  createdAt: number;
  expiresAt: number;
  authzVersion: number;
  ip: string | null;
  userAgent: string | null;
  // When the credentials were last checked (ms since the epoch) and the
  // assurance level they reached (1 password, 2 with a second factor; 0 a
  // login that passed its password and waits for its second factor).
  authenticatedAt: number;
  aal: AssuranceLevel;
  // The session's own idle timeout; its absolute lifetime is expiresAt - createdAt.
  idleSeconds: number;
  // A "remember me" login: a persistent cookie rather than a browser-session one.
  rememberMe: boolean;
  transport: SessionTransport;
  // An impersonation session: the support user acting as `user`; null for
  // the user's own login. Every service reads it from @CurrentSession().
  actor: SessionActor | null;
}

// How the token travels: the session cookie, or `Authorization: Bearer` (clients that are not browsers).
export type SessionTransport = 'cookie' | 'bearer';

export type AssuranceLevel = 0 | 1 | 2;

export interface SessionClientInfo {
  ip: string | null;
  userAgent: string | null;
}
