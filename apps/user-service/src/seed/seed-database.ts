import type { PrismaClient } from '../generated/prisma/client';
import type { PasswordHasher } from '../credentials/password-hasher';

// The PoC's data: its three roles, two groups, and an admin in both groups.
// MANAGE_SESSIONS (see and end anyone's sessions), MANAGE_USERS (disable,
// delete), READ_AUDIT (GET /audit) and IMPERSONATE (act as a user for
// support) go with Admin.
export const SEED_ROLES = [
  'CREATE_ROLE',
  'CREATE_GROUP',
  'ASSIGN_USERS',
  'MANAGE_SESSIONS',
  'MANAGE_USERS',
  'READ_AUDIT',
  'IMPERSONATE',
] as const;
export const SEED_GROUPS: Record<string, readonly string[]> = {
  Admin: ['CREATE_ROLE', 'CREATE_GROUP', 'MANAGE_SESSIONS', 'MANAGE_USERS', 'READ_AUDIT', 'IMPERSONATE'],
  Manager: ['ASSIGN_USERS'],
};
export const SEED_ADMIN_USERNAME = 'admin';

// Idempotent: running it again changes nothing, and never resets a password
// an operator has changed since.
export async function seedDatabase(prisma: PrismaClient, hasher: PasswordHasher, adminPassword: string): Promise<void> {
  for (const name of SEED_ROLES) {
    await prisma.role.upsert({ where: { name }, create: { name }, update: {} });
  }
  for (const [name, roles] of Object.entries(SEED_GROUPS)) {
    const group = await prisma.group.upsert({ where: { name }, create: { name }, update: {} });
    const roleRows = await prisma.role.findMany({ where: { name: { in: [...roles] } } });
    await prisma.groupRole.createMany({
      data: roleRows.map((role) => ({ groupId: group.id, roleId: role.id })),
      skipDuplicates: true,
    });
  }
  const existing = await prisma.user.findUnique({ where: { username: SEED_ADMIN_USERNAME } });
  const admin =
    existing ??
    (await prisma.user.create({
      data: { username: SEED_ADMIN_USERNAME, passwordHash: await hasher.hash(adminPassword) },
    }));
  const groups = await prisma.group.findMany({ where: { name: { in: Object.keys(SEED_GROUPS) } } });
  await prisma.userGroup.createMany({
    data: groups.map((group) => ({ userId: admin.id, groupId: group.id })),
    skipDuplicates: true,
  });
}
