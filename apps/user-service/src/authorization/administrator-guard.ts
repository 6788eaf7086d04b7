import type { Prisma } from '../generated/prisma/client';
import { UserServiceError } from '../user-service.errors';

// The roles that manage users, groups and roles (the seed's Admin and Manager groups together).
export const ADMINISTRATION_ROLES = ['ASSIGN_USERS', 'CREATE_GROUP', 'CREATE_ROLE', 'MANAGE_USERS'] as const;

// Refuses, inside the change's transaction, a change that leaves no enabled
// user holding every administration role: nobody could undo it through the API.
export async function requireAnAdministrator(tx: Prisma.TransactionClient): Promise<void> {
  const roles = [...ADMINISTRATION_ROLES];
  const rows = await tx.$queryRaw<Array<{ id: number }>>`
    SELECT u.id FROM "User" u
    WHERE u."disabledAt" IS NULL
      AND (SELECT count(DISTINCT r.name) FROM "UserGroup" ug
             JOIN "GroupRole" gr ON gr."groupId" = ug."groupId"
             JOIN "Role" r ON r.id = gr."roleId"
           WHERE ug."userId" = u.id AND r.name = ANY(${roles})) = ${roles.length}
    LIMIT 1`;
  if (rows.length === 0) {
    throw new UserServiceError(
      'last_administrator',
      `This change would leave no enabled user with the roles ${roles.join(', ')}`,
    );
  }
}
