import type { AuditLog, CreatedSession, SessionClientInfo } from '@session-mesh/session';
import { loginOutcomeOf } from './login-metrics';

// Records the login `attempt` resolves to (login.succeeded, or
// login.second_factor_pending for a user who must still present a second
// factor; login.throttled or login.failed with its reason: the outcome the
// metrics count), then passes its result or error on. The password never
// reaches the audit trail.
export async function auditLogin<T extends CreatedSession>(
  audit: AuditLog,
  attempt: Promise<T>,
  username: string,
  client: SessionClientInfo,
): Promise<T> {
  try {
    const result = await attempt;
    const { userId } = result.session.user;
    audit.record({
      type: result.session.aal === 0 ? 'login.second_factor_pending' : 'login.succeeded',
      actor: userId,
      user: userId,
      username,
      sessionId: result.session.id,
      ...client,
    });
    return result;
  } catch (error) {
    const outcome = loginOutcomeOf(error);
    if (outcome === 'throttled') audit.record({ type: 'login.throttled', username, ...client });
    else audit.record({ type: 'login.failed', username, reason: outcome, ...client });
    throw error;
  }
}
