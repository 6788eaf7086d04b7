import type { MeResponse } from '@session-mesh/contracts';
import type { ActiveSession } from '@session-mesh/session';

export function toMeResponse(session: ActiveSession): MeResponse {
  return {
    user: session.user,
    session: {
      id: session.id,
      createdAt: new Date(session.createdAt).toISOString(),
      expiresAt: new Date(session.expiresAt).toISOString(),
    },
  };
}
