import { createHash, randomBytes } from 'node:crypto';
import { HttpClient } from '../support/http-client';
import { AppName, Mesh, startMesh } from '../support/mesh';

type LogLine = Record<string, unknown>;

// Structured logs (docs/operations.md): one JSON line per request in every
// app, carrying the gateway's request id across HTTP and RPC, and never a
// token, a cookie or a password.
describe('request logs across the mesh', () => {
  let mesh: Mesh;

  beforeAll(async () => {
    mesh = await startMesh();
  });
  afterAll(() => mesh?.stop());

  const linesOf = (app: AppName): LogLine[] =>
    mesh.apps[app].output
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogLine);

  // Lines reach us through the child's stdout pipe: wait for them.
  async function lineWith(app: AppName, match: LogLine): Promise<LogLine> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = linesOf(app).find((line) => Object.entries(match).every(([key, value]) => line[key] === value));
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`${app} logged no line with ${JSON.stringify(match)}:\n${mesh.apps[app].output.join('')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('writes JSON lines that share the request id across gateway, auth-service and user-service, without secrets', async () => {
    const client = new HttpClient(mesh.gateway);
    const id = (step: string) => `${step}-${randomBytes(6).toString('hex')}`;
    const username = `logs-${randomBytes(4).toString('hex')}@example.com`;
    const password = `pw-${randomBytes(12).toString('hex')}`;

    const created = await client.post('/user', { username, password }, { 'x-request-id': id('register') });
    expect(created.status).toBe(201);
    const userId = created.json['id'] as number;

    const loginId = id('login');
    expect((await client.post('/user/login', { username, password }, { 'x-request-id': loginId })).status).toBe(200);
    const token = (client.sessionCookie ?? '').slice('sid='.length);
    expect(token).toHaveLength(43);

    const meId = id('me');
    expect((await client.get('/auth/me', { 'x-request-id': meId })).status).toBe(200);
    const assignId = id('assign');
    expect((await client.post('/user/assign', { userId, groupIds: [1] }, { 'x-request-id': assignId })).status).toBe(
      403,
    );

    // An admin's change reaches auth-service over RPC under the admin request's id.
    const admin = new HttpClient(mesh.gateway);
    expect((await admin.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
    const syncId = id('sync');
    expect((await admin.post('/user/assign', { userId, groupIds: [2] }, { 'x-request-id': syncId })).status).toBe(200);

    // One login, three services, one id: the gateway's line, auth-service's, user-service's RPC line.
    expect(await lineWith('gateway', { reqId: loginId })).toMatchObject({
      service: 'gateway',
      method: 'POST',
      path: '/user/login',
      status: 200,
      durationMs: expect.any(Number),
    });
    expect(await lineWith('auth-service', { reqId: loginId, path: '/user/login' })).toMatchObject({
      route: '/user/login',
      status: 200,
    });
    expect(await lineWith('user-service', { reqId: loginId })).toMatchObject({
      rpc: 'users.verify-credentials',
      status: 200,
    });
    expect(await lineWith('auth-service', { reqId: syncId })).toMatchObject({ rpc: 'sessions.sync-users' });

    // Who asked: the user id and a short prefix of the session id (a hash of the token).
    const sessionPrefix = createHash('sha256').update(token).digest('hex').slice(0, 8);
    expect(await lineWith('auth-service', { reqId: meId })).toMatchObject({
      route: '/auth/me',
      status: 200,
      userId,
      session: sessionPrefix,
    });
    expect(await lineWith('user-service', { reqId: assignId })).toMatchObject({
      route: '/user/assign',
      status: 403,
      level: 'warn',
      userId,
      session: sessionPrefix,
    });

    for (const app of ['gateway', 'auth-service', 'user-service'] as const) {
      const raw = mesh.apps[app].output.join('');
      expect(raw).not.toContain(token);
      expect(raw).not.toContain(password);
      expect(raw).not.toMatch(/sid(_device)?=/);
      expect(raw).not.toMatch(/"(cookie|authorization|set-cookie)"/i);
    }
  });
});
