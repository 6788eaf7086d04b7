// A user's roles are the union of the roles of their groups, sorted and unique.
export function rolesOfGroups(groups: Array<{ group: { roles: Array<{ role: { name: string } }> } }>): string[] {
  const names = new Set<string>();
  for (const { group } of groups) for (const { role } of group.roles) names.add(role.name);
  return [...names].sort();
}

export const ROLES_OF_USER = {
  groups: { select: { group: { select: { roles: { select: { role: { select: { name: true } } } } } } } },
} as const;
