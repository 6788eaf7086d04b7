import type { LoginResponse, MeResponse, SessionListItem } from '@session-mesh/contracts';
import type { ActiveSession, CreatedSession, SessionListing } from '@session-mesh/session';

const iso = (ms: number) => new Date(ms).toISOString();

export function toMeResponse(session: ActiveSession): MeResponse {
  return {
    user: session.user,
    session: {
      id: session.id,
      createdAt: iso(session.createdAt),
      expiresAt: iso(session.expiresAt),
      authenticatedAt: iso(session.authenticatedAt),
      aal: session.aal,
      transport: session.transport,
      rememberMe: session.rememberMe,
      ...(session.actor && { actor: session.actor }),
    },
  };
}

// A bearer session's token goes in the body; a cookie session's only in Set-Cookie.
export function toLoginResponse({ token, session }: CreatedSession): LoginResponse {
  return { ...toMeResponse(session), ...(session.transport === 'bearer' && { token }) };
}

export function toSessionListItem(session: SessionListing, currentId?: string): SessionListItem {
  return {
    id: session.id,
    createdAt: iso(session.createdAt),
    lastSeenAt: iso(session.lastSeenAt),
    expiresAt: iso(session.expiresAt),
    ip: session.ip,
    userAgent: session.userAgent,
    device: session.transport === 'bearer' ? 'CLI' : 'Browser',
    current: session.id === currentId,
    ...(session.actor && { actor: session.actor }),
  };
}
