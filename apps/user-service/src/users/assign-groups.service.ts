import { Injectable } from '@nestjs/common';
import type { AssignGroupsRequest, AssignGroupsResponse } from '@session-mesh/contracts';
import { requireAllFound } from '../database/require-all';
import { SessionSyncService } from '../authorization/session-sync.service';
import { lockUser } from '../authorization/write-locks';
import { UserServiceError } from '../user-service.errors';

@Injectable()
export class AssignGroupsService {
  constructor(private readonly sessionSync: SessionSyncService) {}

  // Replaces the user's groups with exactly `groupIds`, all or nothing; the
  // user's live sessions get the new roles before this returns (or, if
  // auth-service is down, as soon as it is back).
  async assign({ userId, groupIds }: AssignGroupsRequest): Promise<AssignGroupsResponse> {
    const { result } = await this.sessionSync.change(async (tx) => {
      await lockUser(tx, userId);
      const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
      if (!user) throw new UserServiceError('user_not_found', `No user with id ${userId}`);
      const groups = await tx.group.findMany({
        where: { id: { in: groupIds } },
        select: { id: true, name: true },
        orderBy: { id: 'asc' },
      });
      requireAllFound(groupIds, groups, { code: 'group_not_found', field: 'groupIds', what: 'group' });
      await tx.userGroup.deleteMany({ where: { userId } });
      await tx.userGroup.createMany({ data: groupIds.map((groupId) => ({ userId, groupId })) });
      return { result: { userId, groups }, users: [userId] };
    });
    return result;
  }
}
