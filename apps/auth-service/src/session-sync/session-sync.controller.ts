import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthRpc, SyncUsersReply, SyncUsersRequest, type UserAuthorization } from '@session-mesh/contracts';
import { RpcController, ZodValidationPipe } from '@session-mesh/platform';
import { AuditLog, roleSyncLag, type SyncResult, UserSessions } from '@session-mesh/session';

// user-service tells auth-service (the only session writer) what its users
// may do now; every live session of theirs follows before the reply.
@RpcController()
export class SessionSyncController {
  constructor(
    private readonly sessions: UserSessions,
    private readonly audit: AuditLog,
  ) {}

  @MessagePattern(AuthRpc.syncUsers)
  async syncUsers(
    @Payload(new ZodValidationPipe(SyncUsersRequest)) request: SyncUsersRequest,
  ): Promise<SyncUsersReply> {
    let updated = 0;
    let revoked = 0;
    for (const { changedAt, ...user } of request.users) {
      const result = await this.sessions.sync(user);
      // Both clocks are wall clocks (NTP): a skew shows up in the lag.
      if (changedAt !== undefined) roleSyncLag.observe(Math.max(0, Date.now() - changedAt) / 1000);
      updated += result.updated;
      revoked += result.revoked;
      this.recordAudit(user, result);
    }
    return { updated, revoked };
  }

  // The actor is user-service's (its user.* event says who); here only the effect.
  private recordAudit(change: UserAuthorization, result: SyncResult): void {
    const reason = change.roles === null ? 'role_change' : 'password_change';
    for (const sessionId of result.revokedIds) {
      this.audit.record({ type: 'session.revoked', reason, user: change.userId, sessionId });
    }
    if (change.roles !== null && result.updated > 0) {
      this.audit.record({ type: 'roles.changed', user: change.userId, roles: change.roles });
    }
  }
}
