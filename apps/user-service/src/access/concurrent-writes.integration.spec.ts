import { offlineSessionSync } from '../testing/offline-session-sync';
import { PasswordHasher } from '../credentials/password-hasher';
import type { PrismaService } from '../database/prisma.service';
import { seedDatabase } from '../seed/seed-database';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { AssignGroupsService } from '../users/assign-groups.service';
import { RegisterUserService } from '../users/register-user.service';
import { GroupsService } from './groups.service';
import { RolesService } from './roles.service';

// Several admins replacing the same sets at once (the writes that answered
// 500 from a unique-key clash): every request succeeds, and the rows end as
// one of the requests left them, with one version bump and outbox row each.
describe('replace-a-set writes under concurrency (real Postgres)', () => {
  let db: TestDatabase;
  let prisma: PrismaService;
  let assign: AssignGroupsService;
  let groups: GroupsService;
  let roles: RolesService;
  let userId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = db.prisma as unknown as PrismaService;
    const hasher = new PasswordHasher();
    await seedDatabase(db.prisma, hasher, 'admin');
    const sessionSync = await offlineSessionSync(prisma);
    assign = new AssignGroupsService(sessionSync);
    groups = new GroupsService(prisma, sessionSync);
    roles = new RolesService(prisma, sessionSync);
    ({ id: userId } = await new RegisterUserService(prisma, hasher).register({
      username: 'race@example.com',
      password: 'correct horse',
    }));
  });

  afterAll(() => db.drop());

  const groupIdsOf = async (id: number) =>
    (await prisma.userGroup.findMany({ where: { userId: id }, orderBy: { groupId: 'asc' } })).map((row) => row.groupId);

  it("assigns a user's groups from 12 clients at once: all succeed, the last writer's set stands", async () => {
    const before = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
    const outboxBefore = await prisma.sessionSync.count({ where: { userId } });
    const sets = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? [1, 2] : [2]));
    const results = await Promise.allSettled(sets.map((groupIds) => assign.assign({ userId, groupIds })));

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect([[1, 2], [2]]).toContainEqual(await groupIdsOf(userId));
    const after = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
    expect(after.authzVersion).toBe(before.authzVersion + sets.length);
    expect(await prisma.sessionSync.count({ where: { userId } })).toBe(outboxBefore + sets.length);
  });

  it("replaces a group's roles and a role's groups from both sides at once: all succeed, serially consistent", async () => {
    const requests = Array.from({ length: 12 }, (_, i) =>
      i % 2 === 0
        ? groups.setRoles(2, { roleIds: i % 4 === 0 ? [3] : [2, 3] })
        : roles.setGroups(3, { groupIds: i % 4 === 1 ? [2] : [1, 2] }),
    );
    const results = await Promise.allSettled(requests);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);

    // The writes ran one after another: the last one's answer is what the database holds now.
    const groupRoles = (await prisma.groupRole.findMany({ where: { groupId: 2 } })).map((row) => row.roleId).sort();
    const roleGroups = (await prisma.groupRole.findMany({ where: { roleId: 3 } })).map((row) => row.groupId).sort();
    const answers = results.map((result) => (result as PromiseFulfilledResult<unknown>).value);
    const matchesNow = answers.some((answer) =>
      JSON.stringify(answer).includes('"roles"')
        ? sameIds((answer as { roles: Array<{ id: number }> }).roles, groupRoles) && (answer as { id: number }).id === 2
        : sameIds((answer as { groups: Array<{ id: number }> }).groups, roleGroups),
    );
    expect(matchesNow).toBe(true);
  });
});

function sameIds(rows: Array<{ id: number }>, ids: number[]): boolean {
  return JSON.stringify(rows.map((row) => row.id).sort()) === JSON.stringify(ids);
}
