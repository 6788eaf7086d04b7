import { HttpClient, Json } from '../support/http-client';
import { Mesh, startMesh } from '../support/mesh';

describe('auth API, errors and docs through the gateway', () => {
  let mesh: Mesh;

  beforeAll(async () => {
    mesh = await startMesh();
  });

  afterAll(() => mesh?.stop());

  it('logs in at /auth/login too, tells who I am, and logs out for every service at once', async () => {
    const client = new HttpClient(mesh.gateway);
    expect((await client.post('/auth/login', { username: 'admin', password: 'admin' })).status).toBe(200);
    const me = await client.get('/auth/me');
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({
      user: { username: 'admin' },
      session: { id: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });

    const cookie = client.sessionCookie as string;
    const logout = await client.post('/auth/logout');
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/^sid=; .*Max-Age=0/);

    // The old cookie is dead on both services right away.
    const replay = { cookie };
    expect((await client.get('/auth/me', replay)).status).toBe(401);
    expect((await client.post('/user/assign', { userId: 1, groupIds: [] }, replay)).status).toBe(401);
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const client = new HttpClient(mesh.gateway);
    const wrong = await client.post('/user/login', { username: 'admin', password: 'nope' });
    const unknown = await client.post('/user/login', { username: 'ghost@example.com', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect({ ...wrong.json, requestId: undefined }).toEqual({ ...unknown.json, requestId: undefined });
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it("keeps the owner's known client logging in while the username is attacked from elsewhere", async () => {
    const owner = new HttpClient(mesh.gateway);
    const credentials = { username: `owner${Date.now()}@example.com`, password: 'correct horse' };
    expect((await owner.post('/user', credentials)).status).toBe(201);
    expect((await owner.post('/user/login', credentials)).status).toBe(200);

    const attacker = new HttpClient(mesh.gateway);
    const wrong = { ...credentials, password: 'wrong horse' };
    const attempts = [];
    for (let i = 0; i < 6; i++) attempts.push((await attacker.post('/user/login', wrong)).status);
    expect(attempts).toEqual([401, 401, 401, 401, 401, 429]);
    const blocked = await attacker.post('/user/login', credentials);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);

    // The owner's browser shows the known-device cookie of its earlier login: it gets in.
    expect((await owner.post('/user/login', credentials)).status).toBe(200);
    expect((await attacker.post('/user/login', credentials)).status).toBe(429);
  });

  it('answers bad input with 4xx in the one error format', async () => {
    const client = new HttpClient(mesh.gateway);
    const invalid = await client.post('/user', { username: 'not-an-email', password: 'short', extra: 1 });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({
      code: 'validation_failed',
      details: expect.arrayContaining([expect.objectContaining({ path: 'username' })]),
    });

    const empty = await client.request('POST', '/user', undefined, { 'content-type': 'application/json' });
    expect(empty.status).toBe(400);
    expect(empty.json).toMatchObject({ code: 'validation_failed' });

    const broken = await fetch(`${mesh.gateway}/user`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'malformed_json' });

    const taken = await client.post('/user', { username: 'admin@example.com', password: 'correct horse' });
    expect(taken.status).toBe(201);
    expect(
      (await client.post('/user', { username: 'admin@example.com', password: 'correct horse' })).json,
    ).toMatchObject({ code: 'username_taken', statusCode: 409 });

    const unknownRoute = await client.get('/nowhere');
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.json).toMatchObject({ code: 'route_not_found' });
  });

  it('does not let client headers change who a request is', async () => {
    const client = new HttpClient(mesh.gateway);
    const forged = await client.post(
      '/user/assign',
      { userId: 1, groupIds: [] },
      { 'x-user-id': '1', 'x-forwarded-user': 'admin', 'x-roles': 'ASSIGN_USERS' },
    );
    expect(forged.status).toBe(401);
  });

  it('serves every health endpoint and every Swagger document through the gateway', async () => {
    for (const base of [mesh.gateway, mesh.auth, mesh.users]) {
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/ready`)).status).toBe(200);
    }
    const auth = (await (await fetch(`${mesh.gateway}/docs/auth-json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(auth.paths)).toEqual(
      expect.arrayContaining([
        '/user/login',
        '/auth/login',
        '/auth/logout',
        '/auth/me',
        '/auth/sessions',
        '/auth/sessions/{id}',
        '/users/{id}/sessions',
        '/health',
        '/ready',
      ]),
    );
    expect(auth.components.schemas).toHaveProperty('HttpLoginRequest');
    expect(auth.components.schemas).toHaveProperty('LoginResponse');
    expect(auth.components.securitySchemes).toHaveProperty('session');
    expect(auth.components.securitySchemes['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });

    const users = (await (await fetch(`${mesh.gateway}/docs/users-json`)).json()) as { paths: Record<string, Json> };
    expect(Object.keys(users.paths)).toEqual(
      expect.arrayContaining([
        '/user',
        '/user/assign',
        '/user/password',
        '/users',
        '/users/{id}/disable',
        '/groups',
        '/groups/{id}/roles',
        '/groups/{id}/sessions',
        '/roles',
        '/roles/{id}/groups',
        '/roles/{id}/sessions',
      ]),
    );
    expect(users.paths['/user/assign']['post'].requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/AssignGroupsRequest',
    });

    for (const page of ['/swagger', '/docs/auth', '/docs/users']) {
      const response = await fetch(mesh.gateway + page);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('swagger-ui');
    }
    const init = await (await fetch(`${mesh.gateway}/swagger/swagger-ui-init.js`)).text();
    expect(init).toContain('/docs/auth-json');
    expect(init).toContain('/docs/users-json');
  });
});
