import { Injectable } from '@nestjs/common';
import type { SecondFactorRequest } from '@session-mesh/contracts';
import {
  ActiveSession,
  AuditLog,
  SessionClientInfo,
  SessionError,
  SessionWriter,
  UserSessions,
} from '@session-mesh/session';
import { AuthServiceError } from '../auth-service.errors';
import { countLogin, LoginFailure, loginOutcomeOf } from '../login/login-metrics';
import { LoginThrottle } from '../login/login-throttle.service';
import { settleNewSession } from '../login/settle-new-session';
import { UserDirectory } from '../user-directory/user-directory.service';
import type { LoginResult } from '../login/login.service';

// The second step of a login whose user has TOTP: a code (or a recovery
// code) turns the pending session (aal 0) into a full one (aal 2) under a
// NEW token; the pending token ends. Wrong codes count against the login
// limiter exactly like wrong passwords, so they share the same budget.
@Injectable()
export class CompleteLoginService {
  constructor(
    private readonly users: UserDirectory,
    private readonly sessions: SessionWriter,
    private readonly userSessions: UserSessions,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
  ) {}

  async complete(
    pending: ActiveSession,
    factor: SecondFactorRequest,
    client: SessionClientInfo,
    deviceCookie: string | null,
  ): Promise<LoginResult> {
    if (pending.aal !== 0) {
      throw new AuthServiceError('second_factor_not_pending', 'This session is not waiting for a second factor');
    }
    const { userId, username } = pending.user;
    try {
      const result = await countLogin(this.attempt(pending, factor, client, deviceCookie));
      this.audit.record({
        type: 'login.succeeded',
        reason: 'code' in factor ? 'totp' : 'recovery_code',
        actor: userId,
        user: userId,
        username,
        sessionId: result.session.id,
        ...client,
      });
      return result;
    } catch (error) {
      const outcome = loginOutcomeOf(error);
      if (outcome === 'throttled') audit(this.audit, 'login.throttled', pending, client);
      else audit(this.audit, 'login.second_factor_failed', pending, client, outcome);
      throw error;
    }
  }

  private async attempt(
    pending: ActiveSession,
    factor: SecondFactorRequest,
    client: SessionClientInfo,
    deviceCookie: string | null,
  ): Promise<LoginResult> {
    const { userId, username } = pending.user;
    const attempt = await this.throttle.check(username, client.ip, deviceCookie);
    const verified = await this.users.verifySecondFactor({ userId, ...factor });
    if (!verified) {
      await this.throttle.recordFailure(attempt);
      throw new AuthServiceError('invalid_second_factor', 'The code is wrong, expired or already used');
    }
    // The pending session is used up by exactly one second step: of two
    // racing with two valid codes, the other one is refused here.
    if (!(await this.sessions.claim(pending))) {
      throw new SessionError('session_invalid', 'The session has ended or does not exist');
    }
    const [deviceToken, created] = await Promise.all([
      this.throttle.recordSuccess(attempt, pending.transport),
      this.sessions.create(verified.user, verified.authzVersion, client, {
        aal: 2,
        // The login's own choice, kept in the pending record.
        rememberMe: pending.rememberMe,
        transport: pending.transport,
      }),
    ]);
    await settleNewSession(
      { users: this.users, sessions: this.sessions, userSessions: this.userSessions, audit: this.audit },
      created,
      verified.authzVersion,
      client,
    );
    return { ...created, deviceToken };
  }
}

function audit(
  log: AuditLog,
  type: 'login.throttled' | 'login.second_factor_failed',
  pending: ActiveSession,
  client: SessionClientInfo,
  reason?: Exclude<LoginFailure, 'throttled'>,
): void {
  const { userId, username } = pending.user;
  log.record({ type, reason, actor: userId, user: userId, username, sessionId: pending.id, ...client });
}
