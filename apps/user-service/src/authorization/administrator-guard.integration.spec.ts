import { offlineSessionSync } from '../testing/offline-session-sync';
import { AppError } from '@session-mesh/platform';
import { GroupsService } from '../access/groups.service';
import { RolesService } from '../access/roles.service';
import { PasswordHasher } from '../credentials/password-hasher';
import type { PrismaService } from '../database/prisma.service';
import { seedDatabase } from '../seed/seed-database';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { AssignGroupsService } from '../users/assign-groups.service';
import { RegisterUserService } from '../users/register-user.service';
import { UserAdminService } from '../users/user-admin.service';

async function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof AppError ? `${error.status} ${error.code}` : String(error)),
  );
}

// Seed: admin (id 1) in Admin (CREATE_ROLE, CREATE_GROUP) and Manager (ASSIGN_USERS).
describe('last-administrator guard (real Postgres)', () => {
  let db: TestDatabase;
  let prisma: PrismaService;
  let assign: AssignGroupsService;
  let admin: UserAdminService;
  let groups: GroupsService;
  let roles: RolesService;
  let register: RegisterUserService;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = db.prisma as unknown as PrismaService;
    const hasher = new PasswordHasher();
    await seedDatabase(db.prisma, hasher, 'admin');
    const sessionSync = await offlineSessionSync(prisma);
    assign = new AssignGroupsService(sessionSync);
    admin = new UserAdminService(prisma, sessionSync);
    groups = new GroupsService(prisma, sessionSync);
    roles = new RolesService(prisma, sessionSync);
    register = new RegisterUserService(prisma, hasher);
  });

  afterAll(() => db.drop());

  const groupIdsOf = async (userId: number) =>
    (await prisma.userGroup.findMany({ where: { userId }, orderBy: { groupId: 'asc' } })).map((row) => row.groupId);

  it('refuses, with 409 last_administrator and nothing changed, every change that removes the only administrator', async () => {
    expect(await outcome(assign.assign({ userId: 1, groupIds: [1] }))).toBe('409 last_administrator');
    expect(await outcome(admin.setDisabled(1, true))).toBe('409 last_administrator');
    expect(await outcome(admin.delete(1))).toBe('409 last_administrator');
    expect(await outcome(groups.setRoles(2, { roleIds: [] }))).toBe('409 last_administrator');
    expect(await outcome(roles.setGroups(3, { groupIds: [] }))).toBe('409 last_administrator');
    expect(await groupIdsOf(1)).toEqual([1, 2]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: 1 } })).disabledAt).toBeNull();
  });

  // Concurrent changes queue on one lock (lockAuthorizationChanges), so each
  // judges the state the previous one committed; this checks the judgement.
  it('lets one of two administrators step down, then refuses the other', async () => {
    const { id: second } = await register.register({ username: 'second@example.com', password: 'correct horse' });
    expect(await outcome(assign.assign({ userId: second, groupIds: [1, 2] }))).toBe('ok');
    expect(await outcome(assign.assign({ userId: 1, groupIds: [1] }))).toBe('ok');
    expect(await outcome(admin.setDisabled(second, true))).toBe('409 last_administrator');
    expect(await outcome(assign.assign({ userId: second, groupIds: [2] }))).toBe('409 last_administrator');
    expect(await groupIdsOf(second)).toEqual([1, 2]);
  });
});
