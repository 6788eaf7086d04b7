import { Injectable } from '@nestjs/common';
import type { ReauthenticateRequest } from '@session-mesh/contracts';
import {
  ActiveSession,
  CreatedSession,
  SessionClientInfo,
  SessionError,
  SessionWriter,
  UserSessions,
} from '@session-mesh/session';
import { AuthServiceError } from '../auth-service.errors';
import { catchUpWithChanges } from '../login/catch-up-with-changes';
import { LoginThrottle } from '../login/login-throttle.service';
import { UserDirectory } from '../user-directory/user-directory.service';

// Checks the current user's password (aal 1) or a code of their TOTP factor
// (aal 2) and moves the session to a new token with authenticatedAt = now.
// Counted by the login limiter like a login: a stolen session cannot be used
// to guess the password or the code.
@Injectable()
export class ReauthenticateService {
  constructor(
    private readonly users: UserDirectory,
    private readonly sessions: SessionWriter,
    private readonly userSessions: UserSessions,
    private readonly throttle: LoginThrottle,
  ) {}

  async reauthenticate(
    current: ActiveSession,
    body: ReauthenticateRequest,
    client: SessionClientInfo,
    deviceCookie: string | null,
  ): Promise<CreatedSession & { deviceToken: string | null }> {
    // Before any check: support acting as the user never gets to try the
    // user's password or codes, nor to make the session fresh.
    if (current.actor) {
      throw new SessionError('impersonation_restricted', 'An impersonation session cannot re-authenticate');
    }
    const { username, userId } = current.user;
    const attempt = await this.throttle.check(username, client.ip, deviceCookie);
    const verified =
      'password' in body
        ? await this.users.verifyCredentials({ username, password: body.password })
        : await this.users.verifySecondFactor({ userId, code: body.code });
    if (!verified || verified.user.userId !== userId) {
      await this.throttle.recordFailure(attempt);
      throw 'password' in body
        ? new AuthServiceError('invalid_credentials', 'Wrong password')
        : new AuthServiceError('invalid_second_factor', 'The code is wrong, expired or already used');
    }
    const deviceToken = await this.throttle.recordSuccess(attempt, current.transport);
    const aal = 'password' in body ? 1 : 2;
    const created = await this.sessions.rotate(current, verified.user, verified.authzVersion, client, aal);
    await catchUpWithChanges(
      { users: this.users, sessions: this.sessions, userSessions: this.userSessions },
      created,
      verified.authzVersion,
    );
    return { ...created, deviceToken };
  }
}
