import { createMeshClient, createUserClient, type MeshClient } from '@session-mesh/api-client';
import type { Middleware } from 'openapi-fetch';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CookieJar } from '../support/cookie-jar';
import { Mesh, startMesh } from '../support/mesh';
import { PrismProxy, prismViolation } from '../support/prism-proxy';

// The committed OpenAPI documents against the real mesh: the gateway serves
// exactly them, and the PoC walkthrough and the session API, sent through the
// generated client (libs/api-client), pass Prism in front of the gateway (one
// Prism per service document): any request or answer the documents do not
// allow fails the test.
const DOCS = join(__dirname, '../../../../docs/openapi');
const DOCUMENTS = { auth: join(DOCS, 'auth-service.json'), users: join(DOCS, 'user-service.json') };

describe('OpenAPI contracts through Prism and the generated client', () => {
  let mesh: Mesh;
  let prism: Record<'auth' | 'users', PrismProxy>;
  const violations: string[] = [];

  // Every answer Prism made instead of the gateway, recorded and then failed.
  const checkedByPrism: Middleware = {
    async onResponse({ response }) {
      const violation = await prismViolation(response);
      if (violation) violations.push(violation);
    },
  };

  // One simulated browser: its cookie jar, shared by both services' clients.
  function browser(): MeshClient & { jar: CookieJar } {
    const jar = new CookieJar();
    const client = createMeshClient(
      { fetch: jar.fetch },
      { auth: { baseUrl: prism.auth.url }, users: { baseUrl: prism.users.url } },
    );
    client.auth.use(checkedByPrism);
    client.users.use(checkedByPrism);
    return { ...client, jar };
  }

  beforeAll(async () => {
    mesh = await startMesh();
    const [auth, users] = await Promise.all([
      PrismProxy.start(DOCUMENTS.auth, mesh.gateway),
      PrismProxy.start(DOCUMENTS.users, mesh.gateway),
    ]);
    prism = { auth, users };
  }, 90_000);

  afterAll(async () => {
    await Promise.all([prism?.auth.stop(), prism?.users.stop()]);
    await mesh?.stop();
  });

  afterEach(() => {
    const found = violations.splice(0);
    expect(found).toEqual([]);
  });

  it('serves through the gateway exactly the documents committed in docs/openapi', async () => {
    for (const [docs, file] of [
      ['/docs/auth-json', DOCUMENTS.auth],
      ['/docs/users-json', DOCUMENTS.users],
    ]) {
      const served = await (await fetch(mesh.gateway + docs)).json();
      expect(served).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    }
  });

  it('replays the PoC walkthrough: 401, 201, 200 + cookie, 403, 200, 200', async () => {
    // 1. No cookie: the document requires the session cookie, so Prism itself
    // refuses the request with 401 before the gateway sees it...
    const anonymous = createUserClient({ baseUrl: prism.users.url });
    const refused = await anonymous.POST('/user/assign', { body: { userId: 1, groupIds: [1] } });
    expect(refused.response.status).toBe(401);
    expect(refused.response.headers.get('content-type')).toContain('application/problem+json');
    // ...and the gateway's own 401, for a cookie of no session, is an answer the document allows.
    const stranger = browser();
    stranger.jar.set('sid', 'A'.repeat(43));
    const unknown = await stranger.users.POST('/user/assign', { body: { userId: 1, groupIds: [1] } });
    expect(unknown.response.status).toBe(401);
    expect(unknown.error).toMatchObject({ statusCode: 401, code: 'session_invalid' });

    // 2. Register: 201 with id and username.
    const jane = browser();
    const credentials = { username: 'jane@example.com', password: 'correct horse battery' };
    const created = await jane.users.POST('/user', { body: credentials });
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual({ id: expect.any(Number), username: 'jane@example.com' });
    const janeId = created.data?.id ?? 0;

    // 3. Login: 200 and the session cookie.
    const login = await jane.auth.POST('/user/login', { body: credentials });
    expect(login.response.status).toBe(200);
    expect(login.data?.user).toEqual({ userId: janeId, username: 'jane@example.com', roles: [] });
    expect(jane.jar.get('sid')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // 4. Known, not allowed: 403.
    const forbidden = await jane.users.POST('/user/assign', { body: { userId: janeId, groupIds: [1] } });
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.error?.code).toBe('role_missing');

    // 5. As admin: 200, then assign: 200 with the user's groups now.
    const admin = browser();
    const adminLogin = await admin.auth.POST('/user/login', { body: { username: 'admin', password: 'admin' } });
    expect(adminLogin.response.status).toBe(200);
    const assigned = await admin.users.POST('/user/assign', { body: { userId: janeId, groupIds: [1, 2] } });
    expect(assigned.response.status).toBe(200);
    expect(assigned.data).toEqual({
      userId: janeId,
      groups: [
        { id: 1, name: 'Admin' },
        { id: 2, name: 'Manager' },
      ],
    });

    // The lists whose schemas were once left unresolvable (#/definitions/...).
    const groups = await admin.users.GET('/groups');
    expect(groups.data?.map((group) => group.name)).toEqual(expect.arrayContaining(['Admin', 'Manager']));
    const roles = await admin.users.GET('/roles');
    expect(roles.data?.find((role) => role.name === 'ASSIGN_USERS')?.groups).toEqual([{ id: 2, name: 'Manager' }]);
  });

  it('replays the session API: list my sessions, end one, who am I, log out', async () => {
    const credentials = { username: 'sam@example.com', password: 'correct horse battery' };
    const phone = browser();
    const laptop = browser();
    expect((await phone.users.POST('/user', { body: credentials })).response.status).toBe(201);
    expect((await phone.auth.POST('/user/login', { body: credentials })).response.status).toBe(200);
    expect((await laptop.auth.POST('/auth/login', { body: credentials })).response.status).toBe(200);

    const mine = await phone.auth.GET('/auth/sessions');
    expect(mine.response.status).toBe(200);
    const sessions = mine.data?.sessions ?? [];
    expect(sessions.map((session) => session.current).sort()).toEqual([false, true]);
    const laptopSession = sessions.find((session) => !session.current);

    // End the laptop's session from the phone: the laptop's next request is 401.
    const ended = await phone.auth.DELETE('/auth/sessions/{id}', {
      params: { path: { id: laptopSession?.id ?? '' } },
    });
    expect(ended.response.status).toBe(204);
    const laptopMe = await laptop.auth.GET('/auth/me');
    expect(laptopMe.response.status).toBe(401);
    expect(laptopMe.error?.code).toBe('session_invalid');
    const unknownSession = await phone.auth.DELETE('/auth/sessions/{id}', {
      params: { path: { id: laptopSession?.id ?? '' } },
    });
    expect(unknownSession.response.status).toBe(404);

    const me = await phone.auth.GET('/auth/me');
    expect(me.data?.user.username).toBe('sam@example.com');
    const userId = me.data?.user.userId ?? 0;

    // An administrator sees and ends a user's sessions.
    const admin = browser();
    await admin.auth.POST('/user/login', { body: { username: 'admin', password: 'admin' } });
    const listed = await admin.auth.GET('/users/{id}/sessions', { params: { path: { id: userId } } });
    expect(listed.data?.sessions).toHaveLength(1);
    expect((await phone.auth.GET('/users/{id}/sessions', { params: { path: { id: userId } } })).response.status).toBe(
      403,
    );

    // Log out: 204, the cookie is cleared, and the old token no longer works.
    const token = phone.jar.get('sid') ?? '';
    const loggedOut = await phone.auth.POST('/auth/logout');
    expect(loggedOut.response.status).toBe(204);
    expect(phone.jar.get('sid')).toBeUndefined();
    phone.jar.set('sid', token);
    const after = await phone.auth.GET('/auth/me');
    expect(after.response.status).toBe(401);
    expect(after.error?.code).toBe('session_invalid');
    const revokedAll = await admin.auth.DELETE('/users/{id}/sessions', { params: { path: { id: userId } } });
    expect(revokedAll.data).toEqual({ revoked: 0 });
  });
});
