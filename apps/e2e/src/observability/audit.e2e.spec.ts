import { createHash, randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { HttpClient, Json } from '../support/http-client';
import { Mesh, startMesh } from '../support/mesh';

const UA = 'audit-e2e/1.0';
const sessionPrefix = (client: HttpClient) =>
  createHash('sha256')
    .update((client.sessionCookie ?? '').slice('sid='.length))
    .digest('hex')
    .slice(0, 16);

// The audit trail (docs/events.md) through the gateway: the walkthrough and
// the session API leave the documented events, GET /audit filters and pages
// them for READ_AUDIT holders only, and no secret ever reaches the stream.
describe('audit trail', () => {
  let mesh: Mesh;
  const tokens: string[] = [];
  const passwords: string[] = [];
  let admin: HttpClient;

  beforeAll(async () => {
    mesh = await startMesh({ env: { LOGIN_MAX_FAILURES_PER_USERNAME: '2' } });
    admin = new HttpClient(mesh.gateway);
    expect((await admin.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
    tokens.push(admin.sessionCookie as string);
  });
  afterAll(() => mesh?.stop());

  async function login(username: string, password: string, requestId?: string): Promise<HttpClient> {
    const client = new HttpClient(mesh.gateway);
    const headers: Record<string, string> = { 'user-agent': UA, ...(requestId ? { 'x-request-id': requestId } : {}) };
    expect((await client.post('/user/login', { username, password }, headers)).status).toBe(200);
    tokens.push(client.sessionCookie as string);
    return client;
  }

  async function audit(query: string, client = admin): Promise<{ status: number; json: Json }> {
    return client.get(`/audit${query}`);
  }

  // Appends run in the background: wait until the events are there.
  async function eventsUntil(query: string, done: (events: Json[]) => boolean): Promise<Json[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const page = await audit(query);
      expect(page.status).toBe(200);
      const events = page.json['events'] as Json[];
      if (done(events)) return events;
      if (Date.now() > deadline) throw new Error(`GET /audit${query} never matched: ${JSON.stringify(events)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('records the walkthrough and the session API, with the documented fields', async () => {
    const username = `audit-${randomBytes(4).toString('hex')}@example.com`;
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const newPassword = `pw2-${randomBytes(12).toString('hex')}`;
    passwords.push(password, newPassword);
    const anonymous = new HttpClient(mesh.gateway);
    expect((await anonymous.post('/user/assign', { userId: 1, groupIds: [] })).status).toBe(401);
    const created = await anonymous.post('/user', { username, password });
    expect(created.status).toBe(201);
    const userId = created.json['id'] as number;

    const loginId = `audit-login-${randomBytes(6).toString('hex')}`;
    const jane = await login(username, password, loginId);
    expect((await jane.post('/user/assign', { userId, groupIds: [2] })).status).toBe(403);
    expect((await audit('', jane)).status).toBe(403);
    expect((await audit('', jane)).json).toMatchObject({ code: 'role_missing' });

    // Roles changed live, then failures.
    expect((await admin.post('/user/assign', { userId, groupIds: [2] })).status).toBe(200);
    expect((await anonymous.post('/user/login', { username, password: 'wrong' })).status).toBe(401);
    const stranger = `nobody-${randomBytes(4).toString('hex')}@example.com`;
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await anonymous.post('/user/login', { username: stranger, password })).status);
    expect(statuses).toEqual([401, 401, 429]);

    // Ended by: a bulk revoke, the owner, an admin, a password change; a logout.
    const second = await login(username, password);
    expect((await jane.request('DELETE', '/auth/sessions')).json).toEqual({ revoked: 1 });
    const third = await login(username, password);
    const thirdId = (await third.get('/auth/me')).json['session']['id'] as string;
    expect((await jane.request('DELETE', `/auth/sessions/${thirdId}`)).status).toBe(204);
    expect((await admin.request('DELETE', `/users/${userId}/sessions`)).json).toEqual({ revoked: 1 });
    const fourth = await login(username, password);
    expect(
      (await fourth.post('/user/password', { currentPassword: password, newPassword }, { 'user-agent': UA })).status,
    ).toBe(204);
    const fifth = await login(username, newPassword);
    const fifthSession = sessionPrefix(fifth); // the logout clears the cookie
    expect((await fifth.post('/auth/logout')).status).toBe(204);
    expect((await admin.post(`/users/${userId}/disable`)).status).toBe(200);

    const events = await eventsUntil(`?user=${userId}&limit=200`, (found) =>
      found.some((event) => event['type'] === 'user.disabled'),
    );
    const of = (type: string, reason?: string) =>
      events.filter((event) => event['type'] === type && (reason === undefined || event['reason'] === reason));

    const [firstLogin] = of('login.succeeded').filter((event) => event['requestId'] === loginId);
    expect(firstLogin).toEqual({
      id: expect.stringMatching(/^\d+-\d+$/),
      v: 1,
      type: 'login.succeeded',
      time: expect.any(String),
      service: 'auth-service',
      actor: userId,
      user: userId,
      username,
      session: sessionPrefix(jane),
      ip: expect.stringMatching(/\d/),
      userAgent: UA,
      requestId: loginId,
      reason: null,
      roles: null,
    });
    expect(of('login.succeeded')).toHaveLength(5);
    expect(of('roles.changed')).toEqual([
      expect.objectContaining({ user: userId, roles: ['ASSIGN_USERS'], actor: null }),
    ]);
    expect(of('session.revoked', 'bulk')).toEqual([
      expect.objectContaining({ actor: userId, session: sessionPrefix(second) }),
    ]);
    expect(of('session.revoked', 'owner')).toEqual([
      expect.objectContaining({ actor: userId, session: thirdId.slice(0, 16) }),
    ]);
    const adminId = (await admin.get('/auth/me')).json['user']['userId'] as number;
    expect(of('session.revoked', 'admin')).toEqual([
      expect.objectContaining({ actor: adminId, user: userId, session: sessionPrefix(jane) }),
    ]);
    expect(of('user.password_changed')).toEqual([
      expect.objectContaining({
        service: 'user-service',
        actor: userId,
        session: sessionPrefix(fourth),
        userAgent: UA,
      }),
    ]);
    expect(of('session.revoked', 'password_change')).toEqual([
      expect.objectContaining({ actor: null, session: sessionPrefix(fourth) }),
    ]);
    expect(of('session.logout')).toEqual([expect.objectContaining({ actor: userId, session: fifthSession })]);
    expect(of('user.disabled')).toEqual([expect.objectContaining({ service: 'user-service', actor: adminId })]);
    // Newest first.
    expect(events.map((event) => event['id'])).toEqual(
      [...events.map((event) => event['id'] as string)].sort((a, b) => compareIds(b, a)),
    );

    const failures = await eventsUntil('?type=login.failed,login.throttled', (found) => found.length >= 4);
    expect(failures.find((event) => event['username'] === username)).toMatchObject({
      type: 'login.failed',
      reason: 'wrong_credentials',
      user: null,
    });
    expect(failures.filter((event) => event['username'] === stranger).map((event) => event['type'])).toEqual([
      'login.throttled',
      'login.failed',
      'login.failed',
    ]);

    // A deleted user: user.deleted, and the session it had ended as a role change.
    const bobName = `bob-${randomBytes(4).toString('hex')}@example.com`;
    passwords.push('bob password 123');
    const bobId = (await anonymous.post('/user', { username: bobName, password: 'bob password 123' })).json['id'];
    const bob = await login(bobName, 'bob password 123');
    expect((await admin.request('DELETE', `/users/${bobId}`)).status).toBe(204);
    const bobEvents = await eventsUntil(
      `?user=${bobId}&type=user.deleted,session.revoked`,
      (found) => found.length === 2,
    );
    expect(bobEvents.map((event) => [event['type'], event['reason']])).toEqual(
      expect.arrayContaining([
        ['user.deleted', null],
        ['session.revoked', 'role_change'],
      ]),
    );
    expect(bobEvents.find((event) => event['type'] === 'session.revoked')?.['session']).toBe(sessionPrefix(bob));
  });

  it('pages with the stream id as cursor, and filters by time', async () => {
    const all = (await audit('?limit=200')).json['events'] as Json[];
    expect(all.length).toBeGreaterThan(10);
    const paged: Json[] = [];
    let cursor: string | null = null;
    do {
      const page = await audit(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.json['events'].length).toBeLessThanOrEqual(3);
      paged.push(...(page.json['events'] as Json[]));
      cursor = page.json['nextCursor'] as string | null;
    } while (cursor);
    expect(paged.map((event) => event['id'])).toEqual(all.map((event) => event['id']));

    // Time range: [from, to) on the events' stream ids.
    const middle = all[Math.floor(all.length / 2)];
    const at = Number(String(middle['id']).split('-')[0]);
    const from = new Date(at).toISOString();
    const later = (await audit(`?limit=200&from=${from}`)).json['events'] as Json[];
    const earlier = (await audit(`?limit=200&to=${from}`)).json['events'] as Json[];
    expect(later.length + earlier.length).toBe(all.length);
    for (const event of later) expect(Number(String(event['id']).split('-')[0])).toBeGreaterThanOrEqual(at);
    for (const event of earlier) expect(Number(String(event['id']).split('-')[0])).toBeLessThan(at);
  });

  it('answers a clear 400 to a bad filter', async () => {
    for (const query of ['?type=nope', '?cursor=abc', '?user=0', '?limit=1000', '?from=yesterday', '?sort=asc']) {
      const answer = await audit(query);
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ code: 'validation_failed' });
    }
    const reversed = await audit('?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z');
    expect(reversed.status).toBe(400);
  });

  it('never stores a token, a cookie or a password', async () => {
    const redis = createClient({ url: mesh.redis.url });
    await redis.connect();
    const entries = await redis.xRange('audit:events', '-', '+');
    redis.destroy();
    expect(entries.length).toBeGreaterThan(10);
    const raw = JSON.stringify(entries);
    for (const cookie of tokens) {
      expect(raw).not.toContain(cookie.slice('sid='.length));
    }
    for (const password of passwords) expect(raw).not.toContain(password);
    expect(raw).not.toMatch(/sid=/);
    // Nothing shaped like a token (43 base64url characters) at all.
    expect(raw).not.toMatch(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/);
  });
});

function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am - bm || as - bs;
}
