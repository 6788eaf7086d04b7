import { Injectable } from '@nestjs/common';
import type { CreateGroupRequest, GroupResponse, SetGroupRolesRequest } from '@session-mesh/contracts';
import { PlatformError } from '@session-mesh/platform';
import { requireAllFound } from '../database/require-all';
import { isUniqueViolation, PrismaService } from '../database/prisma.service';
import type { Prisma } from '../generated/prisma/client';
import { lockGroupRoles } from '../authorization/write-locks';
import { SessionSyncService } from '../authorization/session-sync.service';
import { UserServiceError } from '../user-service.errors';
import { toGroupResponse } from './access.mapper';
import { membersOf } from './group-members';
import { listGroupsWithRoles } from './access-lists';

const GROUP_WITH_ROLES = {
  id: true,
  name: true,
  roles: { select: { role: { select: { id: true, name: true } } }, orderBy: { roleId: 'asc' } },
} as const satisfies Prisma.GroupSelect;

@Injectable()
export class GroupsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sessionSync: SessionSyncService,
  ) {}

  async list(): Promise<GroupResponse[]> {
    return listGroupsWithRoles(this.prisma);
  }

  async create({ name }: CreateGroupRequest): Promise<GroupResponse> {
    try {
      return toGroupResponse(await this.prisma.group.create({ data: { name }, select: GROUP_WITH_ROLES }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new UserServiceError('name_taken', `A group named ${name} exists already`);
      throw error;
    }
  }

  // Replaces the group's roles; every member's live sessions follow.
  async setRoles(groupId: number, { roleIds }: SetGroupRolesRequest): Promise<GroupResponse> {
    const { result: group } = await this.sessionSync.change(async (tx) => {
      await lockGroupRoles(tx);
      await requireGroup(tx, groupId);
      const roles = await tx.role.findMany({ where: { id: { in: roleIds } }, select: { id: true } });
      requireAllFound(roleIds, roles, { code: 'role_not_found', field: 'roleIds', what: 'role' });
      await tx.groupRole.deleteMany({ where: { groupId } });
      await tx.groupRole.createMany({ data: roleIds.map((roleId) => ({ groupId, roleId })) });
      return {
        result: await tx.group.findUniqueOrThrow({ where: { id: groupId }, select: GROUP_WITH_ROLES }),
        users: await membersOf(tx, [groupId]),
      };
    });
    return toGroupResponse(group);
  }

  // "Log out all Managers": ends every live session of every member.
  async endSessions(groupId: number): Promise<{ users: number; pending: boolean }> {
    const { result: members, pending } = await this.sessionSync.change(
      async (tx) => {
        await requireGroup(tx, groupId);
        const members = await membersOf(tx, [groupId]);
        return { result: members, users: members };
      },
      { endSessions: true },
    );
    return { users: members.length, pending };
  }
}

async function requireGroup(tx: Prisma.TransactionClient, groupId: number): Promise<void> {
  const group = await tx.group.findUnique({ where: { id: groupId }, select: { id: true } });
  if (!group) throw new PlatformError('not_found', `No group with id ${groupId}`);
}
