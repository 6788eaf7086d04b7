import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthRpc, SyncUsersReply, SyncUsersRequest } from '@session-mesh/contracts';
import { RpcController, ZodValidationPipe } from '@session-mesh/platform';
import { UserSessions } from '@session-mesh/session';

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
    for (const user of request.users) {
      const result = await this.sessions.sync(user);
      updated += result.updated;
      revoked += result.revoked;
    }
    return { updated, revoked };
  }
}
