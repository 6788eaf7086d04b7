import { Inject, Injectable } from '@nestjs/common';
import type { LoginRequest } from '@session-mesh/contracts';
import {
  AuditLog,
  CreatedSession,
  SessionClientInfo,
  SessionCreation,
  SessionWriter,
  UserSessions,
} from '@session-mesh/session';
import { UserDirectory } from '../user-directory/user-directory.service';
import { LoginThrottle } from './login-throttle.service';
import { AuthServiceError } from '../auth-service.errors';
import { countLogin } from './login-metrics';
import { auditLogin } from './login-audit';
import { catchUpWithChanges } from './catch-up-with-changes';
import { settleNewSession } from './settle-new-session';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from '../config/auth-service.config';

// A login's session, and the known-device token to set with it (null while
// the login waits for its second factor: the client is not known yet).
export type LoginResult = CreatedSession & { deviceToken: string | null };

// How the session of a login is issued: "remember me", cookie or bearer.
export type SessionIssue = Pick<SessionCreation, 'rememberMe' | 'transport'>;

@Injectable()
export class LoginService {
  constructor(
    private readonly users: UserDirectory,
    private readonly sessions: SessionWriter,
    private readonly userSessions: UserSessions,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  // `deviceCookie`: the known-device token the client sent, if any. Returns
  // the session and a fresh known-device token for this user; for a user
  // with a second factor, a pending session (aal 0) instead.
  login(
    credentials: LoginRequest,
    client: SessionClientInfo,
    deviceCookie: string | null = null,
    issue: SessionIssue = {},
  ): Promise<LoginResult> {
    const attempt = this.attempt(credentials, client, deviceCookie, issue);
    return countLogin(auditLogin(this.audit, attempt, credentials.username, client));
  }

  private async attempt(
    credentials: LoginRequest,
    client: SessionClientInfo,
    deviceCookie: string | null,
    issue: SessionIssue,
  ): Promise<LoginResult> {
    const attempt = await this.throttle.check(credentials.username, client.ip, deviceCookie);
    const verified = await this.users.verifyCredentials(credentials);
    // One answer for an unknown user and a wrong password.
    if (!verified) {
      await this.throttle.recordFailure(attempt);
      throw new AuthServiceError('invalid_credentials', 'Wrong username or password');
    }
    if (verified.secondFactor) {
      // Half a login: a short-lived session that only the second step
      // accepts. The failure count stays (the second step clears it), or a
      // known password would buy fresh guesses at the code with every login.
      const pending = await this.sessions.create(verified.user, verified.authzVersion, client, {
        aal: 0,
        lifetimeSeconds: this.config.secondFactorPendingTtlSeconds,
        // Kept in the pending record: the second step issues the full
        // session the way this login asked for.
        ...issue,
      });
      await catchUpWithChanges(
        { users: this.users, sessions: this.sessions, userSessions: this.userSessions },
        pending,
        verified.authzVersion,
      );
      return { ...pending, deviceToken: null };
    }
    // Same tick: clearing the failure count goes out in one write with the
    // session's index entry (the session itself follows once the index is
    // written). If only the first fails, the login answers 503 and its
    // session, whose token nobody received, ends at its idle timeout.
    const [deviceToken, created] = await Promise.all([
      this.throttle.recordSuccess(attempt, issue.transport ?? 'cookie'),
      this.sessions.create(verified.user, verified.authzVersion, client, issue),
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
