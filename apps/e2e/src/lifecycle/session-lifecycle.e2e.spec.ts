import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'redis';
import { HttpClient, Json } from '../support/http-client';
import { Mesh, startMesh } from '../support/mesh';

const PASSWORD = 'correct horse battery';

// Issue: the full session lifecycle, through the gateway, on real processes.
describe('session lifecycle through the gateway', () => {
  let mesh: Mesh;
  let admin: HttpClient;
  let groups: Record<string, number>;
  let nextUser = 0;

  async function newUser(): Promise<{ id: number; username: string }> {
    const username = `user${nextUser++}@example.com`;
    const created = await new HttpClient(mesh.gateway).post('/user', { username, password: PASSWORD });
    expect(created.status).toBe(201);
    return { id: created.json['id'] as number, username };
  }

  async function loggedIn(username: string, userAgent = 'e2e'): Promise<HttpClient> {
    const client = new HttpClient(mesh.gateway);
    const login = await client.post('/user/login', { username, password: PASSWORD }, { 'user-agent': userAgent });
    expect(login.status).toBe(200);
    return client;
  }

  // A protected route of user-service that needs ASSIGN_USERS: 404 (unknown
  // user) means authorized, 403 not.
  async function assignStatus(client: HttpClient, cookie?: string): Promise<number> {
    const headers = cookie ? { cookie } : undefined;
    return (await client.post('/user/assign', { userId: 2_000_000, groupIds: [] }, headers)).status;
  }

  beforeAll(async () => {
    mesh = await startMesh();
    admin = new HttpClient(mesh.gateway);
    expect((await admin.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
    const list = await admin.get('/groups');
    groups = Object.fromEntries((list.json as unknown as Json[]).map((g) => [g['name'], g['id']]));
  });

  afterAll(() => mesh?.stop());

  it('lists my sessions on two clients; ending the other one gives it 401 on both services', async () => {
    const { username } = await newUser();
    const laptop = await loggedIn(username, 'laptop');
    const phone = await loggedIn(username, 'phone');

    const listed = await laptop.get('/auth/sessions');
    expect(listed.status).toBe(200);
    const sessions = listed.json['sessions'] as Json[];
    expect(sessions).toHaveLength(2);
    expect(sessions.map((s) => [s['userAgent'], s['current']])).toEqual([
      ['laptop', true],
      ['phone', false],
    ]);
    for (const session of sessions) {
      expect(session['id']).toMatch(/^[0-9a-f]{64}$/);
      expect(Date.parse(session['lastSeenAt'])).toBeGreaterThanOrEqual(Date.parse(session['createdAt']));
      expect(session['ip']).toBeTruthy();
    }
    expect(JSON.stringify(sessions)).not.toContain((laptop.sessionCookie ?? '').slice(4));

    const phoneId = sessions[1]['id'] as string;
    expect((await laptop.request('DELETE', `/auth/sessions/${phoneId}`)).status).toBe(204);
    expect((await phone.get('/auth/me')).status).toBe(401);
    expect(await assignStatus(phone)).toBe(401);
    expect((await laptop.get('/auth/me')).status).toBe(200);
    expect((await laptop.request('DELETE', `/auth/sessions/${phoneId}`)).status).toBe(404);
    expect((await laptop.request('DELETE', '/auth/sessions/not-an-id')).status).toBe(400);
  });

  it('ends all my other sessions at once, keeping this one', async () => {
    const { username } = await newUser();
    const keep = await loggedIn(username);
    const others = [await loggedIn(username), await loggedIn(username)];
    const ended = await keep.request('DELETE', '/auth/sessions');
    expect(ended.json).toEqual({ revoked: 2 });
    for (const other of others) expect((await other.get('/auth/me')).status).toBe(401);
    expect((await keep.get('/auth/me')).status).toBe(200);
  });

  it('rejects a session on user-service right after logout, with no caching window', async () => {
    const { username } = await newUser();
    const client = await loggedIn(username);
    const cookie = client.sessionCookie as string;
    expect(await assignStatus(client)).toBe(403);
    expect((await client.post('/auth/logout')).status).toBe(204);
    expect(await assignStatus(client, cookie)).toBe(401);
  });

  it('gives a logged-in user the roles of a group assigned to them on the very next request', async () => {
    const user = await newUser();
    const client = await loggedIn(user.username);
    expect(await assignStatus(client)).toBe(403);

    expect((await admin.post('/user/assign', { userId: user.id, groupIds: [groups['Manager']] })).status).toBe(200);
    expect(await assignStatus(client)).toBe(404);
    expect((await client.get('/auth/me')).json['user']['roles']).toEqual(['ASSIGN_USERS']);

    expect((await admin.post('/user/assign', { userId: user.id, groupIds: [] })).status).toBe(200);
    expect(await assignStatus(client)).toBe(403);
  });

  it("follows a change of a group's roles, and of a role's groups, live", async () => {
    const user = await newUser();
    const group = await admin.post('/groups', { name: `Editors ${user.id}` });
    expect(group.status).toBe(201);
    const groupId = group.json['id'] as number;
    expect((await admin.post('/user/assign', { userId: user.id, groupIds: [groupId] })).status).toBe(200);
    const client = await loggedIn(user.username);
    expect(await assignStatus(client)).toBe(403);

    const roles = (await admin.get('/roles')).json as unknown as Json[];
    const assignUsers = roles.find((r) => r['name'] === 'ASSIGN_USERS')?.['id'] as number;
    const withRole = await admin.request('PUT', `/groups/${groupId}/roles`, { roleIds: [assignUsers] });
    expect(withRole.status).toBe(200);
    expect(withRole.json['roles']).toEqual([{ id: assignUsers, name: 'ASSIGN_USERS' }]);
    expect(await assignStatus(client)).toBe(404);

    expect((await admin.request('PUT', `/groups/${groupId}/roles`, { roleIds: [] })).status).toBe(200);
    expect(await assignStatus(client)).toBe(403);

    // The same change made from the role's side.
    const current = (await admin.get('/roles')).json as unknown as Json[];
    const holders = (current.find((r) => r['id'] === assignUsers)?.['groups'] as Json[]).map((g) => g['id'] as number);
    expect(
      (await admin.request('PUT', `/roles/${assignUsers}/groups`, { groupIds: [...holders, groupId] })).status,
    ).toBe(200);
    expect(await assignStatus(client)).toBe(404);
    expect((await admin.request('PUT', `/roles/${assignUsers}/groups`, { groupIds: holders })).status).toBe(200);
    expect(await assignStatus(client)).toBe(403);
  });

  it('creates roles and groups only for holders of CREATE_ROLE / CREATE_GROUP, validated', async () => {
    const { username } = await newUser();
    const client = await loggedIn(username);
    expect((await client.post('/roles', { name: 'AUDITOR' })).status).toBe(403);
    expect((await client.post('/groups', { name: 'Auditors' })).status).toBe(403);
    const role = await admin.post('/roles', { name: 'AUDITOR' });
    expect(role.status).toBe(201);
    expect((await admin.post('/roles', { name: 'AUDITOR' })).json).toMatchObject({
      statusCode: 409,
      code: 'name_taken',
    });
    expect((await admin.post('/roles', { name: 'lower case' })).json).toMatchObject({ code: 'validation_failed' });
    expect((await admin.request('PUT', '/groups/999999/roles', { roleIds: [] })).json).toMatchObject({
      statusCode: 404,
    });
    expect(
      (await admin.request('PUT', `/groups/${groups['Manager']}/roles`, { roleIds: [999999] })).json,
    ).toMatchObject({
      statusCode: 400,
      code: 'role_not_found',
    });
    expect((await admin.get('/groups/abc/roles')).status).toBe(404);
    expect((await admin.request('PUT', '/groups/abc/roles', { roleIds: [] })).json).toMatchObject({
      code: 'validation_failed',
    });
    const users = await admin.get('/users?limit=2');
    expect(users.status).toBe(200);
    expect((users.json['users'] as Json[]).length).toBe(2);
    expect((await admin.get('/users?limit=2&evil=1')).status).toBe(400);
  });

  it('ends every session of a user whose password changes, or who is disabled', async () => {
    const user = await newUser();
    const first = await loggedIn(user.username);
    const second = await loggedIn(user.username);
    expect(
      (await first.post('/user/password', { currentPassword: 'wrong password', newPassword: 'a new one!' })).status,
    ).toBe(401);
    expect(
      (await first.post('/user/password', { currentPassword: PASSWORD, newPassword: 'a new password' })).status,
    ).toBe(204);
    for (const client of [first, second]) expect((await client.get('/auth/me')).status).toBe(401);
    expect(
      (await new HttpClient(mesh.gateway).post('/user/login', { username: user.username, password: 'a new password' }))
        .status,
    ).toBe(200);

    const other = await newUser();
    const session = await loggedIn(other.username);
    expect((await admin.post(`/users/${other.id}/disable`)).json).toMatchObject({ disabled: true });
    expect((await session.get('/auth/me')).status).toBe(401);
    expect(
      (await new HttpClient(mesh.gateway).post('/user/login', { username: other.username, password: PASSWORD })).status,
    ).toBe(401);
    expect((await admin.post(`/users/${other.id}/enable`)).json).toMatchObject({ disabled: false });
    const back = await loggedIn(other.username);
    expect((await admin.request('DELETE', `/users/${other.id}`)).status).toBe(204);
    expect((await back.get('/auth/me')).status).toBe(401);
  });

  it("lets MANAGE_SESSIONS holders see and end anyone's sessions, and log out a whole group", async () => {
    const user = await newUser();
    const client = await loggedIn(user.username);
    expect((await client.get(`/users/${user.id}/sessions`)).status).toBe(403);
    const listed = await admin.get(`/users/${user.id}/sessions`);
    expect(listed.status).toBe(200);
    expect((listed.json['sessions'] as Json[]).length).toBe(1);
    expect((await admin.request('DELETE', `/users/${user.id}/sessions`)).json).toEqual({ revoked: 1 });
    expect((await client.get('/auth/me')).status).toBe(401);

    // "Log out all Managers".
    const managers = [await newUser(), await newUser()];
    const clients = [];
    for (const manager of managers) {
      expect((await admin.post('/user/assign', { userId: manager.id, groupIds: [groups['Manager']] })).status).toBe(
        200,
      );
      clients.push(await loggedIn(manager.username));
    }
    for (const c of clients) expect(await assignStatus(c)).toBe(404);
    const bulk = await admin.request('DELETE', `/groups/${groups['Manager']}/sessions`);
    expect(bulk.status).toBe(200);
    expect(bulk.json).toMatchObject({ pending: false });
    expect(bulk.json['users']).toBeGreaterThanOrEqual(2);
    for (const c of clients) expect((await c.get('/auth/me')).status).toBe(401);
    // admin is a Manager too.
    expect((await admin.get('/auth/me')).status).toBe(401);
    expect((await admin.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
  });

  it('stores sessions exactly as docs/session-format.md says, so a plain Redis client can validate a cookie', async () => {
    const user = await newUser();
    expect((await admin.post('/user/assign', { userId: user.id, groupIds: [groups['Manager']] })).status).toBe(200);
    const client = await loggedIn(user.username, 'doc-check');
    const cookieHeader = `other=1; ${client.sessionCookie}`;

    // Following only the document: find `sid`, check its shape, hash it, run
    // the read script printed in the document.
    const token = /(?:^|;\s*)sid=([^;]*)/.exec(cookieHeader)?.[1] ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const id = createHash('sha256').update(token).digest('hex');
    const document = readFileSync(join(__dirname, '../../../../docs/session-format.md'), 'utf8');
    const script = /```lua\n([\s\S]*?)```/.exec(document)?.[1];
    expect(script).toContain("redis.call('GET', KEYS[1])");
    const plain = createClient({ url: mesh.redis.url });
    await plain.connect();
    try {
      await plain.expire(`sess:${id}`, 10);
      const raw = await plain.sendCommand(['EVAL', script as string, '1', `sess:${id}`, '1800', String(Date.now())]);
      const record = JSON.parse(String(raw));
      expect(record).toEqual({
        v: 1,
        userId: user.id,
        username: user.username,
        roles: ['ASSIGN_USERS'],
        createdAt: expect.any(Number),
        expiresAt: record.createdAt + 43_200_000,
        authzVersion: expect.any(Number),
        ip: expect.any(String),
        userAgent: 'doc-check',
        authenticatedAt: record.createdAt,
        aal: 1,
        idleSeconds: 1800,
        rememberMe: false,
        transport: 'cookie',
      });
      expect(Date.now()).toBeLessThan(record.expiresAt);
      // The script slid the key by the record's idle timeout.
      expect(Number(await plain.sendCommand(['TTL', `sess:${id}`]))).toBeGreaterThan(1790);
      expect(Number(await plain.sendCommand(['HGET', `user-sessions:${user.id}`, id]))).toBe(record.expiresAt);
      expect(Number(await plain.sendCommand(['HGET', `user-authz:${user.id}`, 'version']))).toBe(record.authzVersion);
    } finally {
      plain.destroy();
    }
  });
});
