import type { Prisma } from '../generated/prisma/client';

// Locks that make the replace-a-set writes safe under concurrency, taken
// inside the caller's transaction and held until it ends (READ COMMITTED:
// every statement after the lock sees what the previous holder committed).

// One user's group set: concurrent replaces of it queue up, and the last one
// wins with exactly its own set (no unique-key clash, no union of the two).
export async function lockUser(tx: Prisma.TransactionClient, userId: number): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId} FOR UPDATE`;
}

// Group-role links are replaced from both sides (a group's roles, a role's
// groups), so one lock covers the whole GroupRole table: these are rare admin
// writes, and a finer lock on both parents would need an order over two tables.
const GROUP_ROLE_LOCK = 7_301_001;

export async function lockGroupRoles(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${GROUP_ROLE_LOCK}::bigint)`;
}

// Rows of several users, always in id order, so two transactions that touch
// overlapping sets of users (a group's members, a role's holders) can never
// wait on each other in a cycle (a deadlock Postgres would break with an error).
export async function lockUsersInOrder(tx: Prisma.TransactionClient, userIds: number[]): Promise<void> {
  const ids = [...new Set(userIds)].sort((a, b) => a - b);
  if (ids.length > 0) await tx.$queryRaw`SELECT id FROM "User" WHERE id = ANY(${ids}) ORDER BY id FOR UPDATE`;
}

// Every change of what users may do, one at a time: the last-administrator
// guard can then judge the state a change leaves behind without a concurrent
// change removing another administrator at the same moment.
const AUTHORIZATION_CHANGE_LOCK = 7_301_002;

export async function lockAuthorizationChanges(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUTHORIZATION_CHANGE_LOCK}::bigint)`;
}
