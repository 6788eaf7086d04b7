import { Injectable } from '@nestjs/common';
import type { SessionTransport } from '@session-mesh/contracts';
import {
  ActiveSession,
  AuditLog,
  IMPERSONATION_MAX_SECONDS,
  mayBeImpersonated,
  SessionClientInfo,
  SessionWriter,
  UserSessions,
} from '@session-mesh/session';
import { AuthServiceError } from '../auth-service.errors';
import { catchUpWithChanges } from '../login/catch-up-with-changes';
import type { LoginResult } from '../login/login.service';
import { UserDirectory } from '../user-directory/user-directory.service';

// Support acting as a user (docs/sessions.md, Impersonation): a new session
// of the target user whose record names the actor. At most
// IMPERSONATION_MAX_SECONDS, never "remember me", the normal idle timeout.
// It is not a login of the user: it does not count against
// SESSION_MAX_PER_USER (it must not end the user's own sessions), and it can
// never be fresh or step up (the guard and SessionWriter.rotate refuse it).
@Injectable()
export class StartImpersonationService {
  constructor(
    private readonly users: UserDirectory,
    private readonly sessions: SessionWriter,
    private readonly userSessions: UserSessions,
    private readonly audit: AuditLog,
  ) {}

  async start(
    actor: ActiveSession,
    targetId: number,
    transport: SessionTransport | undefined,
    client: SessionClientInfo,
  ): Promise<LoginResult> {
    if (targetId === actor.user.userId) throw refused('You cannot impersonate yourself');
    // user_not_found (404) from user-service when there is no such user.
    const target = await this.users.sessionUser(targetId);
    if (target.disabled) throw refused('The user is disabled');
    if (!mayBeImpersonated(target.user.roles)) {
      throw refused('The user holds IMPERSONATE or a MANAGE_* role and may not be impersonated');
    }
    const created = await this.sessions.create(target.user, target.authzVersion, client, {
      transport,
      lifetimeSeconds: IMPERSONATION_MAX_SECONDS,
      actor: { userId: actor.user.userId, username: actor.user.username },
    });
    try {
      // A change of the user that raced this one reaches the new session too;
      // if it made the user one who may not be impersonated, the sync script
      // ended the session and this refuses.
      await catchUpWithChanges(
        { users: this.users, sessions: this.sessions, userSessions: this.userSessions },
        created,
        target.authzVersion,
      );
    } catch (error) {
      if (error instanceof AuthServiceError && error.code === 'invalid_credentials') {
        throw refused('The user changed meanwhile and may no longer be impersonated');
      }
      throw error;
    }
    this.audit.record({
      type: 'impersonation.started',
      actor: actor.user.userId,
      user: targetId,
      username: target.user.username,
      sessionId: created.session.id,
      ...client,
    });
    // No known-device token: the device is the actor's, not the user's.
    return { ...created, deviceToken: null };
  }
}

function refused(message: string): AuthServiceError {
  return new AuthServiceError('impersonation_refused', message);
}
