import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { PasswordHasher } from '../credentials/password-hasher';
import { seedDatabase } from '../seed/seed-database';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { toGroupResponse, toRoleResponse } from './access.mapper';
import { listGroupsWithRoles, listRolesWithGroups } from './access-lists';

// GET /groups once ran three queries one after the other (Prisma loads a
// nested relation with one query per table): counted here on real Postgres,
// so a change back to a nested select, or an N+1, fails without any timing.
describe('group and role lists (real Postgres)', () => {
  let db: TestDatabase;
  let counted: PrismaClient<'query'>;
  let queries: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDatabase(db.prisma, new PasswordHasher(), 'admin');
    // A group and a role that nothing links, to list with [].
    await db.query(`INSERT INTO "Group" (name) VALUES ('Empty')`);
    await db.query(`INSERT INTO "Role" (name) VALUES ('UNUSED')`);
    counted = new PrismaClient({
      adapter: new PrismaPg({ connectionString: db.url }),
      log: [{ emit: 'event', level: 'query' }],
    });
    counted.$on('query', (event) => queries.push(event.query));
  });

  afterAll(async () => {
    await counted.$disconnect();
    await db.drop();
  });

  beforeEach(() => {
    queries = [];
  });

  it('lists the groups with their roles in one query, as the nested select did', async () => {
    const groups = await listGroupsWithRoles(counted);
    expect(queries).toHaveLength(1);
    const nested = await db.prisma.group.findMany({
      select: {
        id: true,
        name: true,
        roles: { select: { role: { select: { id: true, name: true } } }, orderBy: { roleId: 'asc' } },
      },
      orderBy: { id: 'asc' },
    });
    expect(groups).toEqual(nested.map(toGroupResponse));
    expect(groups.at(-1)).toEqual({ id: expect.any(Number), name: 'Empty', roles: [] });
  });

  it('lists the roles with their groups in one query, as the nested select did', async () => {
    const roles = await listRolesWithGroups(counted);
    expect(queries).toHaveLength(1);
    const nested = await db.prisma.role.findMany({
      select: {
        id: true,
        name: true,
        groups: { select: { group: { select: { id: true, name: true } } }, orderBy: { groupId: 'asc' } },
      },
      orderBy: { id: 'asc' },
    });
    expect(roles).toEqual(nested.map(toRoleResponse));
    expect(roles.at(-1)).toEqual({ id: expect.any(Number), name: 'UNUSED', groups: [] });
  });
});
