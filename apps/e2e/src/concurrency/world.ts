import * as argon2 from 'argon2';
import { Client } from 'pg';
import { HttpClient } from '../support/http-client';
import { Mesh } from '../support/mesh';
import { MeshState } from '../support/mesh-state';
import { pair } from './interleaving-model';

// The users, groups and roles every run starts from. Three administrators
// (the seed admin and two more; admin3 only assigns users) and three ordinary
// users; two extra groups with two extra roles.
export const USERS = [
  { name: 'admin', username: 'admin', password: 'admin', groups: ['Admin', 'Manager'] },
  { name: 'admin2', username: 'admin2@example.com', password: 'admin2 password', groups: ['Admin', 'Manager'] },
  { name: 'admin3', username: 'admin3@example.com', password: 'admin3 password', groups: ['Manager', 'Staff'] },
  { name: 'ann', username: 'ann@example.com', password: 'ann password', groups: ['Staff'] },
  { name: 'bob', username: 'bob@example.com', password: 'bob password', groups: ['Staff', 'Audit'] },
  { name: 'cid', username: 'cid@example.com', password: 'cid password', groups: [] },
] as const;

export type UserName = (typeof USERS)[number]['name'];

// One client (cookie jar) per user, plus eve: a second client of ann's
// account that knows only ann's first password (an attacker, or ann's old
// phone). Only the owner's client changes the password.
export const CLIENTS: ReadonlyArray<{ name: string; user: UserName; owner: boolean }> = [
  ...USERS.map((user) => ({ name: user.name, user: user.name, owner: true })),
  { name: 'eve', user: 'ann', owner: false },
];

// Hash parameters older (weaker) than user-service's, so that logins upgrade
// the stored hash (PasswordHasher.needsRehash), as after a parameter change:
// that write must not race a password change.
const LEGACY_ARGON2 = { type: argon2.argon2id, memoryCost: 4096, timeCost: 3, parallelism: 1 } as const;

export const GROUPS = ['Admin', 'Manager', 'Staff', 'Audit'] as const;
export const ROLES = [
  'CREATE_ROLE',
  'CREATE_GROUP',
  'ASSIGN_USERS',
  'MANAGE_SESSIONS',
  'MANAGE_USERS',
  'READ_AUDIT',
  'IMPERSONATE',
  'REPORTS',
  'AUDIT_LOG',
] as const;
// The seed's grants for Admin and Manager stay as seeded.
const EXTRA_GRANTS: Record<string, readonly string[]> = { Staff: ['REPORTS'], Audit: ['AUDIT_LOG', 'REPORTS'] };

export type GroupName = (typeof GROUPS)[number];
export type RoleName = (typeof ROLES)[number];

// The roles the last-administrator guard requires one enabled user to hold
// (apps/user-service/src/authorization/administrator-guard.ts).
export const ADMINISTRATION_ROLES: readonly RoleName[] = [
  'ASSIGN_USERS',
  'CREATE_GROUP',
  'CREATE_ROLE',
  'MANAGE_USERS',
];

export interface World {
  userIds: Record<UserName, number>;
  groupIds: Record<GroupName, number>;
  roleIds: Record<RoleName, number>;
  roleNames: Map<number, RoleName>;
  baseline: {
    groupsOf: Map<number, number[]>;
    grants: Set<string>;
    // Every user's first password, hashed as user-service does, and with
    // the legacy parameters.
    passwordHashes: Map<number, string>;
    legacyHashes: Map<number, string>;
  };
}

// Creates the users, groups and roles through the gateway (as the seed admin)
// and records the database as it then is: the baseline every run restores.
export async function createWorld(mesh: Mesh): Promise<World> {
  const admin = new HttpClient(mesh.gateway);
  const expectStatus = async (
    what: string,
    status: number,
    pending: Promise<{ status: number; text: string; json: Record<string, unknown> }>,
  ) => {
    const response = await pending;
    if (response.status !== status) throw new Error(`${what}: ${response.status} ${response.text}`);
    return response.json;
  };
  await expectStatus('admin login', 200, admin.post('/user/login', { username: 'admin', password: 'admin' }));

  const userIds = { admin: 1 } as Record<UserName, number>;
  for (const user of USERS.slice(1)) {
    const body = await expectStatus(
      `register ${user.name}`,
      201,
      admin.post('/user', { username: user.username, password: user.password }),
    );
    userIds[user.name] = body['id'] as number;
  }
  const groupIds = { Admin: 1, Manager: 2 } as Record<GroupName, number>;
  for (const name of GROUPS.slice(2)) {
    groupIds[name] = (await expectStatus(`group ${name}`, 201, admin.post('/groups', { name })))['id'] as number;
  }
  const roleIds = {
    CREATE_ROLE: 1,
    CREATE_GROUP: 2,
    ASSIGN_USERS: 3,
    MANAGE_SESSIONS: 4,
    MANAGE_USERS: 5,
    READ_AUDIT: 6,
    IMPERSONATE: 7,
  } as Record<RoleName, number>;
  for (const name of ROLES.slice(7)) {
    roleIds[name] = (await expectStatus(`role ${name}`, 201, admin.post('/roles', { name })))['id'] as number;
  }
  for (const [group, roles] of Object.entries(EXTRA_GRANTS)) {
    await expectStatus(
      `roles of ${group}`,
      200,
      admin.request('PUT', `/groups/${groupIds[group as GroupName]}/roles`, {
        roleIds: roles.map((role) => roleIds[role as RoleName]),
      }),
    );
  }
  for (const user of USERS.slice(1)) {
    await expectStatus(
      `groups of ${user.name}`,
      200,
      admin.post('/user/assign', { userId: userIds[user.name], groupIds: user.groups.map((group) => groupIds[group]) }),
    );
  }

  const db = new Client({ connectionString: mesh.databaseUrl });
  await db.connect();
  try {
    const memberships = await db.query<{ userId: number; groupId: number }>(
      'SELECT "userId", "groupId" FROM "UserGroup"',
    );
    const grants = await db.query<{ groupId: number; roleId: number }>('SELECT "groupId", "roleId" FROM "GroupRole"');
    const users = await db.query<{ id: number; passwordHash: string }>('SELECT id, "passwordHash" FROM "User"');
    const legacyHashes = new Map<number, string>();
    for (const user of USERS) legacyHashes.set(userIds[user.name], await argon2.hash(user.password, LEGACY_ARGON2));
    const groupsOf = new Map<number, number[]>(Object.values(userIds).map((id) => [id, []]));
    for (const row of memberships.rows) groupsOf.get(row.userId)?.push(row.groupId);
    return {
      userIds,
      groupIds,
      roleIds,
      roleNames: new Map(Object.entries(roleIds).map(([name, id]) => [id, name as RoleName])),
      baseline: {
        groupsOf,
        grants: new Set(grants.rows.map((row) => pair(row.groupId, row.roleId))),
        passwordHashes: new Map(users.rows.map((row) => [row.id, row.passwordHash])),
        legacyHashes,
      },
    };
  } finally {
    await db.end();
  }
}

// Puts the mesh back to the baseline between runs, so that each run depends
// on its scenario alone (a seed and path replay it): the baseline rows in one
// transaction, and an empty Redis (no sessions, no login counters). Runs
// happen one after another and each ends settled (outbox empty, no request
// in flight), so nothing races this.
export async function resetWorld(state: MeshState, world: World): Promise<void> {
  const { db, redis } = state;
  try {
    const members = [...world.baseline.groupsOf].flatMap(([userId, groups]) =>
      groups.map((groupId) => [userId, groupId]),
    );
    const grants = [...world.baseline.grants].map((key) => key.split(':').map(Number));
    await db.query('BEGIN');
    await db.query('DELETE FROM "UserGroup"');
    await db.query('INSERT INTO "UserGroup" ("userId", "groupId") SELECT * FROM unnest($1::int[], $2::int[])', [
      members.map(([userId]) => userId),
      members.map(([, groupId]) => groupId),
    ]);
    await db.query('DELETE FROM "GroupRole"');
    await db.query('INSERT INTO "GroupRole" ("groupId", "roleId") SELECT * FROM unnest($1::int[], $2::int[])', [
      grants.map(([groupId]) => groupId),
      grants.map(([, roleId]) => roleId),
    ]);
    await db.query('UPDATE "User" SET "disabledAt" = NULL');
    await setPasswordHashes(state, world.baseline.passwordHashes);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
  await redis.flushAll();
}

// Every user's first password hashed with the legacy parameters, right after
// the baseline logins: no password has changed yet, and the scenario's first
// logins upgrade the hashes.
export async function restoreLegacyHashes(state: MeshState, world: World): Promise<void> {
  await setPasswordHashes(state, world.baseline.legacyHashes);
}

async function setPasswordHashes(state: MeshState, byUser: Map<number, string>): Promise<void> {
  const hashes = [...byUser];
  await state.db.query(
    `UPDATE "User" u SET "passwordHash" = b.hash FROM unnest($1::int[], $2::text[]) AS b(id, hash) WHERE u.id = b.id`,
    [hashes.map(([id]) => id), hashes.map(([, hash]) => hash)],
  );
}

// Whether the user's stored hash is one of these passwords' (argon2 verify).
export async function storedPasswordIsOneOf(state: MeshState, userId: number, passwords: string[]): Promise<boolean> {
  const { rows } = await state.db.query<{ passwordHash: string }>('SELECT "passwordHash" FROM "User" WHERE id = $1', [
    userId,
  ]);
  for (const password of passwords) if (await argon2.verify(rows[0].passwordHash, password)) return true;
  return false;
}
