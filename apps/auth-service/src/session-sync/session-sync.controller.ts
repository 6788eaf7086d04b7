import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthRpc, SyncUsersReply, SyncUsersRequest } from '@session-mesh/contracts';
import { RpcController, ZodValidationPipe } from '@session-mesh/platform';
import { roleSyncLag, UserSessions } from '@session-mesh/session';

// user-service tells auth-service (the only session writer) what its users
// may do now; every live session of theirs follows before the reply.
@RpcController()
export class SessionSyncController {
  constructor(private readonly sessions: UserSessions) {}

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
    }
    return { updated, revoked };
  }
}
