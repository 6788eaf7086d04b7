import { createClient } from 'redis';
import { createHash } from 'node:crypto';
import { HttpClient } from '../support/http-client';
import { Mesh, startMesh } from '../support/mesh';

// GUIDE.md section 1: the PoC's walkthrough, through the gateway, against the
// three apps as real processes on real Redis and Postgres.
describe('PoC walkthrough through the gateway', () => {
  let mesh: Mesh;

  beforeAll(async () => {
    mesh = await startMesh();
  });

  afterAll(() => mesh?.stop());

  it('answers 401, 201, 200 + Set-Cookie, 403, 200, 200 in that order', async () => {
    const client = new HttpClient(mesh.gateway);

    // 1. No cookie: 401.
    const anonymous = await client.post('/user/assign', { userId: 1, groupIds: [1] });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ statusCode: 401, code: 'session_missing', requestId: expect.any(String) });

    // 2. Register: 201 with id and username, never the hash.
    const created = await client.post('/user', { username: 'jane@example.com', password: 'correct horse battery' });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ id: expect.any(Number), username: 'jane@example.com' });
    const janeId = created.json['id'] as number;

    // 3. Login: 200 and a Set-Cookie with the session id; the session is already in Redis.
    const login = await client.post('/user/login', { username: 'jane@example.com', password: 'correct horse battery' });
    expect(login.status).toBe(200);
    const [setCookie, deviceCookie] = login.headers.getSetCookie();
    // Without "remember me" a browser-session cookie: no Max-Age (docs/sessions.md).
    expect(setCookie).toMatch(/^sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    // The login limiter's known-device cookie (docs/security.md), as opaque and HttpOnly.
    expect(deviceCookie).toMatch(/^sid_device=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const token = (client.sessionCookie ?? '').slice('sid='.length);
    const redis = createClient({ url: mesh.redis.url });
    await redis.connect();
    try {
      const key = `sess:${createHash('sha256').update(token).digest('hex')}`;
      const stored = JSON.parse((await redis.get(key)) ?? 'null');
      expect(stored).toMatchObject({ v: 1, userId: janeId, username: 'jane@example.com', roles: [] });
      expect(await redis.exists(`sess:${token}`)).toBe(0);
    } finally {
      redis.destroy();
    }

    // 4. Known but not allowed: 403.
    const forbidden = await client.post('/user/assign', { userId: janeId, groupIds: [1] });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toMatchObject({ code: 'role_missing' });

    // 5. As admin: 200, then assign: 200 and the user's groups are replaced.
    client.forgetCookie();
    const adminLogin = await client.post('/user/login', { username: 'admin', password: 'admin' });
    expect(adminLogin.status).toBe(200);
    expect(adminLogin.json['user']).toMatchObject({
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
    });
    const assigned = await client.post('/user/assign', { userId: janeId, groupIds: [1, 2] });
    expect(assigned.status).toBe(200);
    expect(assigned.json).toEqual({
      userId: janeId,
      groups: [
        { id: 1, name: 'Admin' },
        { id: 2, name: 'Manager' },
      ],
    });
    const replaced = await client.post('/user/assign', { userId: janeId, groupIds: [2] });
    expect(replaced.json).toEqual({ userId: janeId, groups: [{ id: 2, name: 'Manager' }] });
  });

  it('validates the cookie in user-service itself, without auth-service', async () => {
    const client = new HttpClient(mesh.gateway);
    await client.post('/user/login', { username: 'admin', password: 'admin' });
    await mesh.apps['auth-service'].stop();
    try {
      const direct = await fetch(`${mesh.users}/user/assign`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: client.sessionCookie ?? '' },
        body: JSON.stringify({ userId: 999999, groupIds: [] }),
      });
      // Authorized from Redis alone: the request reaches the handler, which finds no such user.
      expect(direct.status).toBe(404);
      expect(await direct.json()).toMatchObject({ code: 'user_not_found' });
    } finally {
      mesh.apps['auth-service'].start();
    }
  });
});
