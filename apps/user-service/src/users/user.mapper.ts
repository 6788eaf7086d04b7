import type { UserDetails, UserResponse } from '@session-mesh/contracts';

// Never the hash: the response names exactly what a client may see.
export function toUserResponse(user: { id: number; username: string }): UserResponse {
  return { id: user.id, username: user.username };
}

// A user row with its groups (through UserGroup), as administrators see it.
export function toUserDetails(user: {
  id: number;
  username: string;
  disabledAt: Date | null;
  createdAt: Date;
  groups: Array<{ group: { id: number; name: string } }>;
}): UserDetails {
  return {
    id: user.id,
    username: user.username,
    disabled: user.disabledAt !== null,
    groups: user.groups.map(({ group }) => ({ id: group.id, name: group.name })),
    createdAt: user.createdAt.toISOString(),
  };
}
