import type { GroupResponse, RoleWithGroupsResponse } from '@session-mesh/contracts';

interface Named {
  id: number;
  name: string;
}

// A group row with its roles (through GroupRole), as clients see it.
export function toGroupResponse(group: Named & { roles: Array<{ role: Named }> }): GroupResponse {
  return { id: group.id, name: group.name, roles: group.roles.map(({ role }) => ({ id: role.id, name: role.name })) };
}

// A role row with the groups that hold it, as clients see it.
export function toRoleResponse(role: Named & { groups: Array<{ group: Named }> }): RoleWithGroupsResponse {
  return {
    id: role.id,
    name: role.name,
    groups: role.groups.map(({ group }) => ({ id: group.id, name: group.name })),
  };
}
