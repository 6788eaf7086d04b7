import type { UserResponse } from '@session-mesh/contracts';

// Never the hash: the response names exactly what a client may see.
export function toUserResponse(user: { id: number; username: string }): UserResponse {
  return { id: user.id, username: user.username };
}
