import type { MeResponse, SessionListItem } from '@session-mesh/contracts';
import type { ActiveSession, SessionListing } from '@session-mesh/session';

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
    },
  };
}

export function toSessionListItem(session: SessionListing, currentId?: string): SessionListItem {
  return {
    id: session.id,
    createdAt: iso(session.createdAt),
    lastSeenAt: iso(session.lastSeenAt),
    expiresAt: iso(session.expiresAt),
    ip: session.ip,
    userAgent: session.userAgent,
    current: session.id === currentId,
  };
}
