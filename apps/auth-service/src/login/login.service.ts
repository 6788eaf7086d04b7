import { Injectable } from '@nestjs/common';
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
  ) {}

  // `deviceCookie`: the known-device token the client sent, if any. Returns
  // the session and a fresh known-device token for this user.
  login(
    credentials: LoginRequest,
    client: SessionClientInfo,
    deviceCookie: string | null = null,
    issue: SessionIssue = {},
  ): Promise<CreatedSession & { deviceToken: string }> {
    const attempt = this.attempt(credentials, client, deviceCookie, issue);
    return countLogin(auditLogin(this.audit, attempt, credentials.username, client));
  }

  private async attempt(
    credentials: LoginRequest,
    client: SessionClientInfo,
    deviceCookie: string | null,
    issue: SessionIssue,
  ): Promise<CreatedSession & { deviceToken: string }> {
    const attempt = await this.throttle.check(credentials.username, client.ip, deviceCookie);
    const verified = await this.users.verifyCredentials(credentials);
    // One answer for an unknown user and a wrong password.
    if (!verified) {
      await this.throttle.recordFailure(attempt);
      throw new AuthServiceError('invalid_credentials', 'Wrong username or password');
    }
    // Same tick: clearing the failure count goes out in one write with the
    // session's index entry (the session itself follows once the index is
    // written). If only the first fails, the login answers 503 and its
    // session, whose token nobody received, ends at its idle timeout.
    const [deviceToken, created] = await Promise.all([
      this.throttle.recordSuccess(attempt),
      this.sessions.create(verified.user, verified.authzVersion, client, issue),
    ]);
    await catchUpWithChanges(
      { users: this.users, sessions: this.sessions, userSessions: this.userSessions },
      created,
      verified.authzVersion,
    );
    const capped = await this.userSessions.enforceCap(verified.user.userId, created.session.id);
    const { userId } = verified.user;
    for (const sessionId of capped) {
      this.audit.record({ type: 'session.revoked', reason: 'cap', actor: userId, user: userId, sessionId, ...client });
    }
    return { ...created, deviceToken };
  }
}
