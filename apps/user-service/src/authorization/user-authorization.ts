import type { UserAuthorization } from '@session-mesh/contracts';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { ROLES_OF_USER, rolesOfGroups } from './user-roles';
import { lockUsersInOrder } from './write-locks';

type Db = PrismaClient | Prisma.TransactionClient;

// A deleted user's sessions all end, whatever version they carry.
const DELETED_VERSION = 2_147_483_647;

// What each user may do now, as auth-service applies it to their sessions.
export async function readUserAuthorizations(db: Db, userIds: number[]): Promise<UserAuthorization[]> {
  const users = await db.user.findMany({
    where: { id: { in: userIds } },
    select: { id: true, authzVersion: true, minSessionVersion: true, disabledAt: true, ...ROLES_OF_USER },
  });
  return userIds.map((userId) => {
    const user = users.find((u) => u.id === userId);
    if (!user) return { userId, roles: null, authzVersion: DELETED_VERSION, revokeBelow: DELETED_VERSION };
    return {
      userId,
      roles: user.disabledAt ? null : rolesOfGroups(user.groups),
      authzVersion: user.authzVersion,
      revokeBelow: user.minSessionVersion,
    };
  });
}

// Records, inside the caller's transaction, that these users' authorization
// changed: their version moves on (and with `endSessions`, every older
// session must end), and an outbox row asks for their sessions to follow.
export async function markAuthorizationChanged(
  tx: Prisma.TransactionClient,
  userIds: number[],
  options: { endSessions: boolean } = { endSessions: false },
): Promise<void> {
  if (userIds.length === 0) return;
  await lockUsersInOrder(tx, userIds);
  await tx.user.updateMany({ where: { id: { in: userIds } }, data: { authzVersion: { increment: 1 } } });
  if (options.endSessions) {
    await tx.$executeRaw`UPDATE "User" SET "minSessionVersion" = "authzVersion" WHERE id = ANY(${userIds})`;
  }
  await tx.sessionSync.createMany({ data: userIds.map((userId) => ({ userId })) });
}
