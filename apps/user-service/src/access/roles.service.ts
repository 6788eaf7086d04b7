import { Injectable } from '@nestjs/common';
import type {
  CreateRoleRequest,
  RoleResponse,
  RoleWithGroupsResponse,
  SetRoleGroupsRequest,
} from '@session-mesh/contracts';
import { PlatformError } from '@session-mesh/platform';
import { requireAllFound } from '../database/require-all';
import { isUniqueViolation, PrismaService } from '../database/prisma.service';
import type { Prisma } from '../generated/prisma/client';
import { lockGroupRoles } from '../authorization/write-locks';
import { SessionSyncService } from '../authorization/session-sync.service';
import { UserServiceError } from '../user-service.errors';
import { toRoleResponse } from './access.mapper';
import { membersOf } from './group-members';
import { listRolesWithGroups } from './access-lists';

const ROLE_WITH_GROUPS = {
  id: true,
  name: true,
  groups: { select: { group: { select: { id: true, name: true } } }, orderBy: { groupId: 'asc' } },
} as const satisfies Prisma.RoleSelect;

@Injectable()
export class RolesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sessionSync: SessionSyncService,
  ) {}

  async list(): Promise<RoleWithGroupsResponse[]> {
    return listRolesWithGroups(this.prisma);
  }

  async create({ name }: CreateRoleRequest): Promise<RoleResponse> {
    try {
      return await this.prisma.role.create({ data: { name }, select: { id: true, name: true } });
    } catch (error) {
      if (isUniqueViolation(error)) throw new UserServiceError('name_taken', `A role named ${name} exists already`);
      throw error;
    }
  }

  // Replaces which groups hold the role; members of the groups that gain or
  // lose it have their live sessions follow.
  async setGroups(roleId: number, { groupIds }: SetRoleGroupsRequest): Promise<RoleWithGroupsResponse> {
    const { result: role } = await this.sessionSync.change(async (tx) => {
      await lockGroupRoles(tx);
      await requireRole(tx, roleId);
      const groups = await tx.group.findMany({ where: { id: { in: groupIds } }, select: { id: true } });
      requireAllFound(groupIds, groups, { code: 'group_not_found', field: 'groupIds', what: 'group' });
      const before = await tx.groupRole.findMany({ where: { roleId }, select: { groupId: true } });
      await tx.groupRole.deleteMany({ where: { roleId } });
      await tx.groupRole.createMany({ data: groupIds.map((groupId) => ({ groupId, roleId })) });
      const affected = await membersOf(tx, [...before.map((row) => row.groupId), ...groupIds]);
      return {
        result: await tx.role.findUniqueOrThrow({ where: { id: roleId }, select: ROLE_WITH_GROUPS }),
        users: affected,
      };
    });
    return toRoleResponse(role);
  }

  // Ends every live session of every user who holds the role.
  async endSessions(roleId: number): Promise<{ users: number; pending: boolean }> {
    const { result: users, pending } = await this.sessionSync.change(
      async (tx) => {
        await requireRole(tx, roleId);
        const groups = await tx.groupRole.findMany({ where: { roleId }, select: { groupId: true } });
        const users = await membersOf(
          tx,
          groups.map((row) => row.groupId),
        );
        return { result: users, users };
      },
      { endSessions: true },
    );
    return { users: users.length, pending };
  }
}

async function requireRole(tx: Prisma.TransactionClient, roleId: number): Promise<void> {
  const role = await tx.role.findUnique({ where: { id: roleId }, select: { id: true } });
  if (!role) throw new PlatformError('not_found', `No role with id ${roleId}`);
}
