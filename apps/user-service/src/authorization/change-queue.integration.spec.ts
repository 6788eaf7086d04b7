import { PrismaPg } from '@prisma/adapter-pg';
import type { PrismaService } from '../database/prisma.service';
import { PrismaClient } from '../generated/prisma/client';
import { PasswordHasher } from '../credentials/password-hasher';
import { seedDatabase } from '../seed/seed-database';
import { offlineSessionSync } from '../testing/offline-session-sync';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { AssignGroupsService } from '../users/assign-groups.service';
import { RegisterUserService } from '../users/register-user.service';
import { lockAuthorizationChanges } from './write-locks';

// Prisma's default: a transaction that cannot start (no pooled connection)
// within this fails with P2028, which answered 500.
const PRISMA_MAX_WAIT_MS = 2000;

// A burst of changes while another replica holds the authorization-change
// lock longer than Prisma's maxWait. Each queued change used to hold a pooled
// connection while it waited on the lock: the pool (10) ran dry and the
// changes behind failed (500, P2028), as did any other query (503).
describe('authorization changes queue in memory, not on pooled connections (real Postgres)', () => {
  let db: TestDatabase;
  let prisma: PrismaService;
  let assign: AssignGroupsService;
  let userId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = db.prisma as unknown as PrismaService;
    const hasher = new PasswordHasher();
    await seedDatabase(db.prisma, hasher, 'admin');
    assign = new AssignGroupsService(await offlineSessionSync(prisma));
    ({ id: userId } = await new RegisterUserService(prisma, hasher).register({
      username: 'burst@example.com',
      password: 'correct horse',
    }));
  });

  afterAll(() => db.drop());

  const lockWaiters = async () =>
    (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database =
           (SELECT oid FROM pg_database WHERE datname = current_database())`,
      )
    )[0].n;

  it('lets 30 changes wait behind another replica for longer than maxWait: all succeed, reads still get a connection', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // "Another replica": a transaction holding the lock, on a client of its own.
    const replica = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
    const holder = replica.$transaction(
      async (tx) => {
        await lockAuthorizationChanges(tx);
        locked();
        await released;
      },
      { timeout: 30_000 },
    );
    await isLocked;

    const writes = Array.from({ length: 30 }, (_, i) =>
      assign.assign({ userId, groupIds: i % 2 === 0 ? [1, 2] : [2] }),
    );
    const waiters: number[] = [];
    const until = Date.now() + PRISMA_MAX_WAIT_MS + 500;
    while (Date.now() < until) {
      waiters.push(await lockWaiters());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Meanwhile the pool still serves other work.
    expect(await prisma.user.count()).toBeGreaterThan(0);
    release();
    await holder;
    await replica.$disconnect();

    const results = await Promise.allSettled(writes);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(Math.max(...waiters)).toBe(1);
    const groups = (
      await db.query<{ groupId: number }>('SELECT "groupId" FROM "UserGroup" WHERE "userId" = $1 ORDER BY 1', [userId])
    ).map((row) => row.groupId);
    expect([[1, 2], [2]]).toContainEqual(groups);
  }, 30_000);
});
