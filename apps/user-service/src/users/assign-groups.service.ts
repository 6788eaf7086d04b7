import { Injectable } from '@nestjs/common';
import type { AssignGroupsRequest, AssignGroupsResponse } from '@session-mesh/contracts';
import { AppError } from '@session-mesh/platform';
import { PrismaService } from '../database/prisma.service';

@Injectable()
export class AssignGroupsService {
  constructor(private readonly prisma: PrismaService) {}

  // Replaces the user's groups with exactly `groupIds`, all or nothing.
  async assign({ userId, groupIds }: AssignGroupsRequest): Promise<AssignGroupsResponse> {
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
      if (!user) throw new AppError('user_not_found', `No user with id ${userId}`);
      const groups = await tx.group.findMany({
        where: { id: { in: groupIds } },
        select: { id: true, name: true },
        orderBy: { id: 'asc' },
      });
      const missing = groupIds.filter((id) => !groups.some((group) => group.id === id));
      if (missing.length > 0) {
        throw new AppError('group_not_found', `No group with id ${missing.join(', ')}`, [
          { path: 'groupIds', message: `unknown group id(s): ${missing.join(', ')}` },
        ]);
      }
      await tx.userGroup.deleteMany({ where: { userId } });
      await tx.userGroup.createMany({ data: groupIds.map((groupId) => ({ userId, groupId })) });
      return { userId, groups };
    });
  }
}
