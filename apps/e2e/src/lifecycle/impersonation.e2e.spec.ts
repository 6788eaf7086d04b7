import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'redis';
import { HttpClient, Json } from '../support/http-client';
import { Mesh, startMesh } from '../support/mesh';

const PASSWORD = 'correct horse battery';
const MINUTE = 60_000;
// Seeded ids (docs/api.md, Seed data).
const ADMIN_ID = 1;
const ROLE = { MANAGE_SESSIONS: 4, IMPERSONATE: 7 };

const idOf = (token: string) => createHash('sha256').update(token).digest('hex');
const tokenOf = (client: HttpClient) => (client.sessionCookie ?? '').slice('sid='.length);

// Issue 17, impersonation for support: POST /users/:id/impersonate through the
// gateway (auth-service, ahead of user-service's /users), its limits, what the
// user and every service see of it, and its audit trail.
describe('impersonation through the gateway', () => {
  let mesh: Mesh;
  let admin: HttpClient;

  async function newUser(groupIds: number[] = []): Promise<{ id: number; username: string }> {
    const username = `imp-${randomBytes(4).toString('hex')}@example.com`;
    const created = await new HttpClient(mesh.gateway).post('/user', { username, password: PASSWORD });
    expect(created.status).toBe(201);
    const id = created.json['id'] as number;
    if (groupIds.length > 0) expect((await admin.post('/user/assign', { userId: id, groupIds })).status).toBe(200);
    return { id, username };
  }

  async function loggedIn(username: string, password = PASSWORD): Promise<HttpClient> {
    const client = new HttpClient(mesh.gateway);
    expect((await client.post('/user/login', { username, password })).status).toBe(200);
    return client;
  }

  async function groupWithRole(roleId: number): Promise<number> {
    const group = await admin.post('/groups', { name: `imp-${randomBytes(4).toString('hex')}` });
    expect(group.status).toBe(201);
    const id = group.json['id'] as number;
    expect((await admin.request('PUT', `/groups/${id}/roles`, { roleIds: [roleId] })).status).toBe(200);
    return id;
  }

  // Appends run in the background: wait until the events are there.
  async function auditOf(userId: number, count: number): Promise<Json[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const page = await admin.get(`/audit?user=${userId}&type=impersonation.started,impersonation.ended`);
      expect(page.status).toBe(200);
      const events = page.json['events'] as Json[];
      if (events.length >= count || Date.now() > deadline) return events;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    mesh = await startMesh();
    admin = await loggedIn('admin', 'admin');
  });

  afterAll(() => mesh?.stop());

  it('refuses without IMPERSONATE, with a stale session, and for users who hold IMPERSONATE or a MANAGE_ role, unknown users and oneself', async () => {
    const plain = await newUser();
    const impersonator = await newUser([await groupWithRole(ROLE.IMPERSONATE)]);
    const manager = await newUser([await groupWithRole(ROLE.MANAGE_SESSIONS)]);
    const fullAdmin = await newUser([1, 2]);

    const jane = await loggedIn(plain.username);
    const noRole = await jane.post(`/users/${ADMIN_ID}/impersonate`, {});
    expect([noRole.status, noRole.json['code']]).toEqual([403, 'role_missing']);

    // A stale actor is asked to re-authenticate first, like on other sensitive routes.
    const stale = await loggedIn('admin', 'admin');
    const redis = createClient({ url: mesh.redis.url });
    await redis.connect();
    try {
      const key = `sess:${idOf(tokenOf(stale))}`;
      const record = JSON.parse((await redis.get(key)) ?? 'null') as Json;
      record['authenticatedAt'] -= 16 * MINUTE;
      await redis.set(key, JSON.stringify(record), { KEEPTTL: true } as never);
    } finally {
      redis.destroy();
    }
    const staleAnswer = await stale.post(`/users/${plain.id}/impersonate`, {});
    expect([staleAnswer.status, staleAnswer.json['code']]).toEqual([401, 'reauthentication_required']);

    for (const target of [impersonator.id, manager.id, fullAdmin.id, ADMIN_ID]) {
      const refused = await admin.post(`/users/${target}/impersonate`, {});
      expect([target, refused.status, refused.json['code']]).toEqual([target, 403, 'impersonation_refused']);
    }
    const unknown = await admin.post('/users/999999/impersonate', {});
    expect([unknown.status, unknown.json['code']]).toEqual([404, 'user_not_found']);
    const badBody = await admin.post(`/users/${plain.id}/impersonate`, { rememberMe: true });
    expect([badBody.status, badBody.json['code']]).toEqual([400, 'validation_failed']);
    // None of them left a session of the user.
    expect(((await jane.get('/auth/sessions')).json['sessions'] as Json[]).map((s) => s['actor'])).toEqual([undefined]);
  });

  it('starts a session of the user naming the actor, seen by every service and the user, that cannot step up and ends with a bare 204', async () => {
    const target = await newUser([2]);
    const jane = await loggedIn(target.username);
    const support = await loggedIn('admin', 'admin');
    const adminCookie = support.sessionCookie;

    const started = await support.post(`/users/${target.id}/impersonate`, {});
    expect(started.status).toBe(200);
    expect(started.headers.get('cache-control')).toBe('no-store');
    // The impersonation's cookie replaced the actor's own in this "browser".
    expect(support.sessionCookie).not.toBe(adminCookie);
    expect(started.json).not.toHaveProperty('token');
    const actor = { userId: ADMIN_ID, username: 'admin' };
    expect(started.json['user']).toEqual({ userId: target.id, username: target.username, roles: ['ASSIGN_USERS'] });
    const session = started.json['session'] as Json;
    expect(session).toMatchObject({ actor, aal: 1, rememberMe: false, transport: 'cookie' });
    expect(Date.parse(session['expiresAt']) - Date.parse(session['createdAt'])).toBeLessThanOrEqual(3_600_000);

    // Who am I: the user, and the actor behind them.
    const me = await support.get('/auth/me');
    expect(me.json).toMatchObject({ user: { userId: target.id }, session: { id: session['id'], actor } });
    expect((await jane.get('/auth/me')).json['session']).not.toHaveProperty('actor');

    // user-service reads the actor from the same record: its request log names it.
    const reqId = `imp-${randomBytes(6).toString('hex')}`;
    expect((await support.get('/user/ping/session', { 'x-request-id': reqId })).status).toBe(200);
    expect(await logLineOf('user-service', reqId)).toMatchObject({
      route: '/user/ping/session',
      userId: target.id,
      actor: ADMIN_ID,
    });

    // The user sees it in their own list, with the actor.
    const listed = (await jane.get('/auth/sessions')).json['sessions'] as Json[];
    expect(listed.map((s) => [s['id'] === session['id'], s['actor']])).toEqual([
      [false, undefined],
      [true, actor],
    ]);

    // Read from the document alone, as a service in another language would.
    const record = await readAsDocumented(tokenOf(support));
    expect(record).toMatchObject({ userId: target.id, actor, authenticatedAt: 0, aal: 1, rememberMe: false });
    expect(record['expiresAt'] - record['createdAt']).toBe(3_600_000);
    expect(record['idleSeconds']).toBe(1800);

    // No step-up, no credential or session changes on the user's behalf.
    const reauth = await support.post('/auth/reauthenticate', { password: PASSWORD });
    expect([reauth.status, reauth.json['code']]).toEqual([403, 'impersonation_restricted']);
    const password = await support.post('/user/password', { currentPassword: PASSWORD, newPassword: 'x'.repeat(12) });
    expect([password.status, password.json['code']]).toEqual([403, 'impersonation_restricted']);
    const others = await support.request('DELETE', '/auth/sessions');
    expect([others.status, others.json['code']]).toEqual([403, 'impersonation_restricted']);
    const secondStep = await support.post('/auth/login/second-factor', { code: '123456' });
    expect([secondStep.status, secondStep.json['code']]).toEqual([409, 'second_factor_not_pending']);

    // Ending it: 204 and nothing else; the token is dead everywhere.
    const impersonationCookie = support.sessionCookie as string;
    const ended = await support.post('/auth/logout');
    expect([ended.status, ended.text]).toEqual([204, '']);
    expect((await support.get('/auth/me', { cookie: impersonationCookie })).status).toBe(401);
    expect((await support.get('/user/ping/session', { cookie: impersonationCookie })).status).toBe(401);
    expect((await jane.get('/auth/me')).status).toBe(200);

    const events = await auditOf(target.id, 2);
    expect(events.map((e) => [e['type'], e['actor'], e['user'], e['session']])).toEqual([
      ['impersonation.ended', ADMIN_ID, target.id, session['id'].slice(0, 16)],
      ['impersonation.started', ADMIN_ID, target.id, session['id'].slice(0, 16)],
    ]);
  });

  it('issues a bearer impersonation on request, which the user can end from their list', async () => {
    const target = await newUser();
    const jane = await loggedIn(target.username);
    const started = await admin.post(`/users/${target.id}/impersonate`, { transport: 'bearer' });
    expect(started.status).toBe(200);
    expect(started.headers.getSetCookie().filter((c) => c.startsWith('sid='))).toEqual([]);
    const token = started.json['token'] as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const bearer = { authorization: `Bearer ${token}` };
    const anonymous = new HttpClient(mesh.gateway);
    expect((await anonymous.get('/auth/me', bearer)).json['session']).toMatchObject({
      transport: 'bearer',
      actor: { userId: ADMIN_ID },
    });

    const listed = (await jane.get('/auth/sessions')).json['sessions'] as Json[];
    const impersonation = listed.find((s) => s['actor'] !== undefined) as Json;
    expect(impersonation).toMatchObject({ device: 'CLI', actor: { userId: ADMIN_ID, username: 'admin' } });
    const ended = await jane.request('DELETE', `/auth/sessions/${impersonation['id']}`);
    expect([ended.status, ended.text]).toEqual([204, '']);
    expect((await anonymous.get('/auth/me', bearer)).status).toBe(401);

    const events = await auditOf(target.id, 2);
    expect(events.map((e) => [e['type'], e['actor'], e['reason']])).toEqual([
      ['impersonation.ended', target.id, 'owner'],
      ['impersonation.started', ADMIN_ID, null],
    ]);
  });

  // A service's request log line for one request id (lines arrive through the child's stdout).
  async function logLineOf(app: 'user-service', reqId: string): Promise<Json> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const line = mesh.apps[app].output
        .join('')
        .split('\n')
        .filter((text) => text.includes(reqId))
        .map((text) => JSON.parse(text) as Json)
        .find((parsed) => parsed['reqId'] === reqId && parsed['route']);
      if (line || Date.now() > deadline) return line ?? {};
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  // docs/session-format.md, steps 2-4: hash the token, run the documented script.
  async function readAsDocumented(token: string): Promise<Json> {
    const document = readFileSync(join(__dirname, '../../../../docs/session-format.md'), 'utf8');
    const script = /```lua\n([\s\S]*?)```/.exec(document)?.[1] as string;
    const plain = createClient({ url: mesh.redis.url });
    await plain.connect();
    try {
      const raw = await plain.sendCommand(['EVAL', script, '1', `sess:${idOf(token)}`, '1800', String(Date.now())]);
      return JSON.parse(String(raw)) as Json;
    } finally {
      plain.destroy();
    }
  }
});
