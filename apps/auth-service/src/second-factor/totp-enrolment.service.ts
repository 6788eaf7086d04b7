import { Injectable } from '@nestjs/common';
import type { TotpEnrollment, TotpStatus } from '@session-mesh/contracts';
import {
  ActiveSession,
  AuditLog,
  CreatedSession,
  SessionClientInfo,
  SessionWriter,
  UserSessions,
} from '@session-mesh/session';
import { toString as qrCodeOf } from 'qrcode';
import { AuthServiceError } from '../auth-service.errors';
import { catchUpWithChanges } from '../login/catch-up-with-changes';
import { LoginThrottle } from '../login/login-throttle.service';
import { UserDirectory } from '../user-directory/user-directory.service';

// A user turning their TOTP second factor on and off. The secret and the
// recovery codes live in user-service; this side renders the QR code, counts
// wrong codes like wrong passwords, and moves the session to aal 2 once the
// user has proven a code.
@Injectable()
export class TotpEnrolmentService {
  constructor(
    private readonly users: UserDirectory,
    private readonly sessions: SessionWriter,
    private readonly userSessions: UserSessions,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
  ) {}

  status(session: ActiveSession): Promise<TotpStatus> {
    return this.users.totpStatus(session.user.userId);
  }

  async enroll(session: ActiveSession): Promise<TotpEnrollment> {
    const { secret, otpauthUri } = await this.users.enrollTotp(session.user.userId);
    return { secret, otpauthUri, qrCodeSvg: await qrCodeOf(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M' }) };
  }

  // The recovery codes, and the session moved to a new token at aal 2 (the
  // user has just proven both factors; the privilege changed, so the token does).
  async confirm(
    session: ActiveSession,
    code: string,
    client: SessionClientInfo,
    deviceCookie: string | null,
  ): Promise<{ recoveryCodes: string[]; created: CreatedSession & { deviceToken: string | null } }> {
    const { userId, username } = session.user;
    const attempt = await this.throttle.check(username, client.ip, deviceCookie);
    const recoveryCodes = await this.users.confirmTotp(userId, code);
    if (!recoveryCodes) {
      await this.throttle.recordFailure(attempt);
      throw new AuthServiceError('invalid_second_factor', 'The code is wrong, expired or already used');
    }
    const deviceToken = await this.throttle.recordSuccess(attempt, session.transport);
    this.audit.record({ type: 'second_factor.enabled', actor: userId, user: userId, sessionId: session.id, ...client });
    const created = await this.sessions.rotate(session, session.user, session.authzVersion, client, 2);
    await catchUpWithChanges(
      { users: this.users, sessions: this.sessions, userSessions: this.userSessions },
      created,
      session.authzVersion,
    );
    return { recoveryCodes, created: { ...created, deviceToken } };
  }

  async disable(session: ActiveSession, client: SessionClientInfo): Promise<void> {
    const { userId } = session.user;
    if (!(await this.users.disableTotp(userId))) {
      throw new AuthServiceError('second_factor_not_enrolled', 'TOTP is not enabled for this user');
    }
    this.audit.record({
      type: 'second_factor.disabled',
      actor: userId,
      user: userId,
      sessionId: session.id,
      ...client,
    });
  }
}
