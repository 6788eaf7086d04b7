import type { AuditLog, CreatedSession, SessionClientInfo } from '@session-mesh/session';
import { catchUpWithChanges, CatchUpDeps } from './catch-up-with-changes';

export interface SettleDeps extends CatchUpDeps {
  audit: AuditLog;
}

// A full session just written by a login (one step or two): its roles caught
// up with changes made meanwhile, then the user's oldest sessions beyond
// SESSION_MAX_PER_USER ended. A pending login (aal 0) does not take part in
// the cap, or a stolen password alone could push the owner's sessions out.
export async function settleNewSession(
  deps: SettleDeps,
  created: CreatedSession,
  authzVersion: number,
  client: SessionClientInfo,
): Promise<void> {
  await catchUpWithChanges(deps, created, authzVersion);
  const { userId } = created.session.user;
  const capped = await deps.userSessions.enforceCap(userId, created.session.id);
  for (const sessionId of capped) {
    deps.audit.record({ type: 'session.revoked', reason: 'cap', actor: userId, user: userId, sessionId, ...client });
  }
}
