import { offlineSessionSync } from '../testing/offline-session-sync';
import { AppError } from '@session-mesh/platform';
import * as argon2 from 'argon2';
import { PasswordHasher } from '../credentials/password-hasher';
import { GetAuthorizationService } from '../credentials/get-authorization.service';
import { VerifyCredentialsService } from '../credentials/verify-credentials.service';
import type { PrismaService } from '../database/prisma.service';
import { seedDatabase } from '../seed/seed-database';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { AssignGroupsService } from './assign-groups.service';
import { RegisterUserService } from './register-user.service';
import { UserAdminService } from './user-admin.service';

async function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof AppError ? error.code : undefined;
}

describe('users, groups and credentials (real Postgres)', () => {
  let db: TestDatabase;
  let register: RegisterUserService;
  let assign: AssignGroupsService;
  let verify: VerifyCredentialsService;
  let getAuthorization: GetAuthorizationService;
  let admin: UserAdminService;
  const hasher = new PasswordHasher();

  beforeAll(async () => {
    db = await createTestDatabase();
    const prisma = db.prisma as unknown as PrismaService;
    await seedDatabase(db.prisma, hasher, 'admin');
    register = new RegisterUserService(prisma, hasher);
    assign = new AssignGroupsService(await offlineSessionSync(prisma));
    verify = new VerifyCredentialsService(prisma, hasher);
    getAuthorization = new GetAuthorizationService(prisma);
    admin = new UserAdminService(prisma, await offlineSessionSync(prisma));
  });

  afterAll(() => db.drop());

  it('seeds the PoC roles, groups and admin, and a second run changes nothing', async () => {
    await seedDatabase(db.prisma, hasher, 'other password');
    expect(await db.query('SELECT name FROM "Role" ORDER BY name')).toEqual([
      { name: 'ASSIGN_USERS' },
      { name: 'CREATE_GROUP' },
      { name: 'CREATE_ROLE' },
      { name: 'IMPERSONATE' },
      { name: 'MANAGE_SESSIONS' },
      { name: 'MANAGE_USERS' },
      { name: 'READ_AUDIT' },
    ]);
    expect(await db.query('SELECT count(*)::int AS n FROM "User"')).toEqual([{ n: 1 }]);
    const admin = await verify.verify({ username: 'admin', password: 'admin' });
    expect(admin).toEqual({
      ok: true,
      user: {
        userId: expect.any(Number),
        username: 'admin',
        roles: [
          'ASSIGN_USERS',
          'CREATE_GROUP',
          'CREATE_ROLE',
          'IMPERSONATE',
          'MANAGE_SESSIONS',
          'MANAGE_USERS',
          'READ_AUDIT',
        ],
      },
      authzVersion: 0,
      secondFactor: false,
    });
  });

  it('registers a user with an argon2id hash and never returns it', async () => {
    const user = await register.register({ username: 'jane@example.com', password: 'correct horse' });
    expect(user).toEqual({ id: expect.any(Number), username: 'jane@example.com' });
    const [row] = await db.query<{ passwordHash: string }>('SELECT "passwordHash" FROM "User" WHERE id = $1', [
      user.id,
    ]);
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it('refuses a taken username with 409 username_taken', async () => {
    await register.register({ username: 'taken@example.com', password: 'correct horse' });
    expect(await errorCode(register.register({ username: 'taken@example.com', password: 'another one' }))).toBe(
      'username_taken',
    );
  });

  it('verifies credentials: the right password gives the user and roles, anything else ok=false', async () => {
    await register.register({ username: 'sam@example.com', password: 'correct horse' });
    expect(await verify.verify({ username: 'sam@example.com', password: 'correct horse' })).toMatchObject({
      ok: true,
      user: { username: 'sam@example.com', roles: [] },
    });
    expect(await verify.verify({ username: 'sam@example.com', password: 'wrong horse' })).toEqual({ ok: false });
    expect(await verify.verify({ username: 'nobody@example.com', password: 'correct horse' })).toEqual({ ok: false });
  });

  it('upgrades a hash made with weaker parameters at the next successful login', async () => {
    const user = await register.register({ username: 'old@example.com', password: 'correct horse' });
    const weak = await argon2.hash('correct horse', {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    await db.query('UPDATE "User" SET "passwordHash" = $1 WHERE id = $2', [weak, user.id]);
    expect((await verify.verify({ username: 'old@example.com', password: 'wrong horse' })).ok).toBe(false);
    expect(await db.query('SELECT "passwordHash" FROM "User" WHERE id = $1', [user.id])).toEqual([
      { passwordHash: weak },
    ]);
    expect((await verify.verify({ username: 'old@example.com', password: 'correct horse' })).ok).toBe(true);
    const [row] = await db.query<{ passwordHash: string }>('SELECT "passwordHash" FROM "User" WHERE id = $1', [
      user.id,
    ]);
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect((await verify.verify({ username: 'old@example.com', password: 'correct horse' })).ok).toBe(true);
  });

  it("replaces a user's groups, and the user's roles follow", async () => {
    const user = await register.register({ username: 'max@example.com', password: 'correct horse' });
    const groups = await db.query<{ id: number; name: string }>('SELECT id, name FROM "Group" ORDER BY id');
    const manager = groups.find((g) => g.name === 'Manager') as { id: number };
    const adminGroup = groups.find((g) => g.name === 'Admin') as { id: number };

    expect(await assign.assign({ userId: user.id, groupIds: [manager.id, adminGroup.id] })).toMatchObject({
      userId: user.id,
    });
    expect(await assign.assign({ userId: user.id, groupIds: [manager.id] })).toEqual({
      userId: user.id,
      groups: [{ id: manager.id, name: 'Manager' }],
    });
    const verified = await verify.verify({ username: 'max@example.com', password: 'correct horse' });
    expect(verified.ok && verified.user.roles).toEqual(['ASSIGN_USERS']);

    await assign.assign({ userId: user.id, groupIds: [] });
    const none = await verify.verify({ username: 'max@example.com', password: 'correct horse' });
    expect(none.ok && none.user.roles).toEqual([]);
  });

  it('moves the authorization version on with every change, and keeps the change in the outbox while auth-service is down', async () => {
    const user = await register.register({ username: 'ann@example.com', password: 'correct horse' });
    const [manager] = await db.query<{ id: number }>(`SELECT id FROM "Group" WHERE name = 'Manager'`);
    await assign.assign({ userId: user.id, groupIds: [manager.id] });
    await assign.assign({ userId: user.id, groupIds: [] });
    const verified = await verify.verify({ username: 'ann@example.com', password: 'correct horse' });
    expect(verified.ok && verified.authzVersion).toBe(2);
    expect(await db.query('SELECT count(*)::int AS n FROM "SessionSync" WHERE "userId" = $1', [user.id])).toEqual([
      { n: 2 },
    ]);
    expect(await getAuthorization.get({ userId: user.id })).toEqual({
      userId: user.id,
      roles: [],
      authzVersion: 2,
      revokeBelow: 0,
    });
  });

  it('answers 404 for an unknown user and 400 for an unknown group, changing nothing', async () => {
    const user = await register.register({ username: 'kim@example.com', password: 'correct horse' });
    const [manager] = await db.query<{ id: number }>(`SELECT id FROM "Group" WHERE name = 'Manager'`);
    await assign.assign({ userId: user.id, groupIds: [manager.id] });

    expect(await errorCode(assign.assign({ userId: 999_999, groupIds: [manager.id] }))).toBe('user_not_found');
    expect(await errorCode(assign.assign({ userId: user.id, groupIds: [999_999] }))).toBe('group_not_found');
    expect(await db.query('SELECT "groupId" FROM "UserGroup" WHERE "userId" = $1', [user.id])).toEqual([
      { groupId: manager.id },
    ]);
  });

  it('searches users by part of the username, ignoring case, with the pagination and a total of the matches', async () => {
    for (const name of ['Search.Alpha@example.com', 'search.beta@example.com', 'other_search@example.com']) {
      await register.register({ username: name, password: 'correct horse' });
    }
    const names = (list: { users: { username: string }[] }) => list.users.map((user) => user.username);

    const all = await admin.list({ limit: 50, offset: 0, search: 'SEARCH' });
    expect(names(all)).toEqual(['Search.Alpha@example.com', 'search.beta@example.com', 'other_search@example.com']);
    expect(all.total).toBe(3);
    const second = await admin.list({ limit: 1, offset: 1, search: 'search' });
    expect(names(second)).toEqual(['search.beta@example.com']);
    expect(second.total).toBe(3);
    // LIKE's wildcards in the search are plain characters.
    await register.register({ username: 'under.score@example.com', password: 'correct horse' });
    expect(names(await admin.list({ limit: 50, offset: 0, search: 'r_s' }))).toEqual(['other_search@example.com']);
    expect(names(await admin.list({ limit: 50, offset: 0, search: '%' }))).toEqual([]);
    expect(names(await admin.list({ limit: 50, offset: 0, search: '\\' }))).toEqual([]);
    expect(await admin.list({ limit: 50, offset: 0, search: 'nobody-has-this' })).toEqual({ users: [], total: 0 });
    // Without a search: everyone.
    expect((await admin.list({ limit: 200, offset: 0 })).total).toBe(
      Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM "User"'))[0].n),
    );
  });
});
