import { Injectable } from '@nestjs/common';
import type { UserDetails, UserList, UserListQuery } from '@session-mesh/contracts';
import { PrismaService } from '../database/prisma.service';
import type { Prisma } from '../generated/prisma/client';
import { SessionSyncService } from '../authorization/session-sync.service';
import { UserServiceError } from '../user-service.errors';
import { toUserDetails } from './user.mapper';

const USER_DETAILS = {
  id: true,
  username: true,
  disabledAt: true,
  createdAt: true,
  groups: { select: { group: { select: { id: true, name: true } } }, orderBy: { groupId: 'asc' } },
} as const satisfies Prisma.UserSelect;

@Injectable()
export class UserAdminService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sessionSync: SessionSyncService,
  ) {}

  async list({ limit, offset, search }: UserListQuery): Promise<UserList> {
    // ILIKE '%search%'. Prisma passes `contains` to LIKE as it is, so the
    // search's own %, _ and \ are escaped to mean themselves.
    const where = search
      ? { username: { contains: search.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' as const } }
      : {};
    const [users, total] = await Promise.all([
      this.prisma.user.findMany({ where, select: USER_DETAILS, orderBy: { id: 'asc' }, take: limit, skip: offset }),
      this.prisma.user.count({ where }),
    ]);
    return { users: users.map(toUserDetails), total };
  }

  // A disabled user cannot log in, and every live session ends.
  async setDisabled(userId: number, disabled: boolean): Promise<UserDetails> {
    const { result: user } = await this.sessionSync.change(
      async (tx) => {
        await requireUser(tx, userId);
        await tx.user.update({ where: { id: userId }, data: { disabledAt: disabled ? new Date() : null } });
        return {
          result: await tx.user.findUniqueOrThrow({ where: { id: userId }, select: USER_DETAILS }),
          users: [userId],
        };
      },
      { endSessions: disabled },
    );
    return toUserDetails(user);
  }

  async delete(userId: number): Promise<void> {
    // The user row goes; the outbox row stays and ends every session.
    await this.sessionSync.change(
      async (tx) => {
        await requireUser(tx, userId);
        await tx.user.delete({ where: { id: userId } });
        return { result: undefined, users: [userId] };
      },
      { endSessions: true },
    );
  }
}

async function requireUser(tx: Prisma.TransactionClient, userId: number): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw new UserServiceError('user_not_found', `No user with id ${userId}`);
}
