import type { GroupResponse, RoleWithGroupsResponse } from '@session-mesh/contracts';
import type { PrismaClient } from '../generated/prisma/client';

// GET /groups and GET /roles in one round trip each. Prisma's nested select
// loads a many-to-many relation with one query per table (Group, GroupRole,
// Role: three round trips one after the other); Postgres joins and nests the
// rows itself here. Same order as before: by id, and the nested ones by id.

type Named = { id: number; name: string };

export async function listGroupsWithRoles(prisma: Pick<PrismaClient, '$queryRaw'>): Promise<GroupResponse[]> {
  const rows = await prisma.$queryRaw<Array<Named & { roles: Named[] }>>`
    SELECT g."id", g."name",
      COALESCE(json_agg(json_build_object('id', r."id", 'name', r."name") ORDER BY r."id")
        FILTER (WHERE r."id" IS NOT NULL), '[]'::json) AS "roles"
    FROM "Group" g
    LEFT JOIN "GroupRole" gr ON gr."groupId" = g."id"
    LEFT JOIN "Role" r ON r."id" = gr."roleId"
    GROUP BY g."id"
    ORDER BY g."id"`;
  return rows.map(({ id, name, roles }) => ({ id, name, roles }));
}

export async function listRolesWithGroups(prisma: Pick<PrismaClient, '$queryRaw'>): Promise<RoleWithGroupsResponse[]> {
  const rows = await prisma.$queryRaw<Array<Named & { groups: Named[] }>>`
    SELECT r."id", r."name",
      COALESCE(json_agg(json_build_object('id', g."id", 'name', g."name") ORDER BY g."id")
        FILTER (WHERE g."id" IS NOT NULL), '[]'::json) AS "groups"
    FROM "Role" r
    LEFT JOIN "GroupRole" gr ON gr."roleId" = r."id"
    LEFT JOIN "Group" g ON g."id" = gr."groupId"
    GROUP BY r."id"
    ORDER BY r."id"`;
  return rows.map(({ id, name, groups }) => ({ id, name, groups }));
}
