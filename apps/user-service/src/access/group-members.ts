import type { Prisma } from '../generated/prisma/client';

// The users in any of these groups, each once: whose sessions follow a change
// to the groups' roles.
export async function membersOf(tx: Prisma.TransactionClient, groupIds: number[]): Promise<number[]> {
  const rows = await tx.userGroup.findMany({ where: { groupId: { in: groupIds } }, select: { userId: true } });
  return [...new Set(rows.map((row) => row.userId))];
}
