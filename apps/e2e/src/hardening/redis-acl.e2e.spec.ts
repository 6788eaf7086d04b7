import { createClient } from 'redis';
import { HttpClient } from '../support/http-client';
import { Mesh, REDIS_ACL_USERS, startMesh } from '../support/mesh';

// Least privilege: auth-service writes sessions as `session-writer`,
// user-service only reads and slides them (the read script) as `session-reader`, and appends
// audit events as `audit-writer`.
describe('Redis ACLs and the login throttle across replicas', () => {
  let mesh: Mesh;

  beforeAll(async () => {
    mesh = await startMesh({ redisAcl: true, env: { LOGIN_MAX_FAILURES_PER_USERNAME: '4' } });
  });

  afterAll(() => mesh?.stop());

  it('runs the walkthrough with the writer and reader users', async () => {
    const client = new HttpClient(mesh.gateway);
    expect((await client.post('/user/assign', { userId: 1, groupIds: [] })).status).toBe(401);
    const created = await client.post('/user', { username: 'acl@example.com', password: 'correct horse' });
    expect(created.status).toBe(201);
    expect((await client.post('/user/login', { username: 'acl@example.com', password: 'correct horse' })).status).toBe(
      200,
    );
    expect((await client.post('/user/assign', { userId: created.json['id'], groupIds: [2] })).status).toBe(403);
    client.forgetCookie();
    expect((await client.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
    expect((await client.post('/user/assign', { userId: created.json['id'], groupIds: [2] })).status).toBe(200);
    expect((await client.get('/auth/sessions')).status).toBe(200);
    expect((await client.post('/auth/logout')).status).toBe(204);
  });

  it('refuses the reader anything that creates, changes or deletes a session', async () => {
    const { username, password } = REDIS_ACL_USERS.reader;
    const reader = createClient({ url: `redis://${username}:${password}@127.0.0.1:${mesh.redis.port}` });
    await reader.connect();
    try {
      // The read script's commands (docs/session-format.md), and no others.
      const script =
        "redis.call('GET', KEYS[1]) redis.call('EXPIRE', KEYS[1], 60) return redis.call('PEXPIREAT', KEYS[1], 1)";
      expect(await reader.sendCommand(['EVAL', script, '1', 'sess:nothing'])).toBe(0);
      for (const attempt of [
        () => reader.set('sess:forged', '{"v":1}'),
        () => reader.del('sess:anything'),
        () => reader.persist('sess:anything'),
        () => reader.getEx('sess:anything', { type: 'PERSIST' }),
        () => reader.sendCommand(['EVAL', "return redis.call('PERSIST', KEYS[1])", '1', 'sess:forged']),
        () => reader.sendCommand(['EVAL', "return redis.call('SET', KEYS[1], 'x')", '1', 'sess:forged']),
        () => reader.hGetAll('user-sessions:1'),
        () => reader.sendCommand(['KEYS', '*']),
        () => reader.sendCommand(['FLUSHALL']),
      ]) {
        // NOPERM, or inside a script the same refusal in other words.
        await expect(attempt()).rejects.toThrow(/NOPERM|can't run this command/);
      }
    } finally {
      reader.destroy();
    }
    const anonymous = createClient({ url: mesh.redis.url, socket: { reconnectStrategy: false } });
    anonymous.on('error', () => undefined);
    await anonymous.connect();
    await expect(anonymous.get('sess:x')).rejects.toThrow(/NOAUTH|NOPERM/);
    anonymous.destroy();
  });

  it('lets user-service append its audit events as audit-writer, and nothing else', async () => {
    const admin = new HttpClient(mesh.gateway);
    expect((await admin.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
    const victim = await admin.post('/user', { username: 'acl-audit@example.com', password: 'correct horse' });
    expect((await admin.post(`/users/${victim.json['id']}/disable`)).status).toBe(200);
    const deadline = Date.now() + 10_000;
    let types: string[] = [];
    while (!types.includes('user.disabled') && Date.now() < deadline) {
      const page = await admin.get(`/audit?user=${victim.json['id']}`);
      expect(page.status).toBe(200);
      types = (page.json['events'] as Array<{ type: string }>).map((event) => event.type);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(types).toContain('user.disabled');

    const { username, password } = REDIS_ACL_USERS.audit;
    const auditor = createClient({ url: `redis://${username}:${password}@127.0.0.1:${mesh.redis.port}` });
    await auditor.connect();
    try {
      expect(await auditor.xAdd('audit:events', '*', { v: '1', type: 'user.deleted' })).toMatch(/^\d+-\d+$/);
      for (const attempt of [
        () => auditor.xRange('audit:events', '-', '+'),
        () => auditor.xTrim('audit:events', 'MAXLEN', 0),
        () => auditor.del('audit:events'),
        () => auditor.xAdd('sess:forged', '*', { v: '1' }),
        () => auditor.get('sess:anything'),
      ]) {
        await expect(attempt()).rejects.toThrow(/NOPERM/);
      }
    } finally {
      auditor.destroy();
    }
  });

  it('holds the failed-login limit across two auth-service instances sharing Redis', async () => {
    const replica = await mesh.startAuthReplica();
    const attempt = (base: string) =>
      fetch(`${base}/user/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'guess' }),
      });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt(i % 2 === 0 ? mesh.auth : replica)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const blocked = await attempt(mesh.auth);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await blocked.json()).toMatchObject({ code: 'too_many_requests' });
    // Even the right password waits out the window: the attacker may have guessed it.
    const right = await fetch(`${replica}/user/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin' }),
    });
    expect(right.status).toBe(429);
  });
});
