import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { HttpClient, Json } from '../support/http-client';
import { Mesh, startMesh } from '../support/mesh';

const PASSWORD = 'correct horse battery';
const COOKIE = '__Host-sid';
const REMEMBER_IDLE = 7200;
const REMEMBER_ABSOLUTE = 172_800;
// A page on another site, as a browser describes its requests.
const CROSS_SITE = { 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' };

// Issue 17, items 3 to 5: the same opaque token as `Authorization: Bearer`
// for clients that are not browsers, "remember me" lifetimes kept in each
// record, and a `__Host-` cookie (here set explicitly, with Secure; the
// production default is checked in libs/session's config spec). Everything
// through the gateway, on auth-service and user-service routes.
describe('bearer tokens, remember me and the __Host- cookie through the gateway', () => {
  let mesh: Mesh;
  let nextUser = 0;

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function newUser(): Promise<string> {
    const username = `transport${nextUser++}@example.com`;
    expect((await new HttpClient(mesh.gateway).post('/user', { username, password: PASSWORD })).status).toBe(201);
    return username;
  }

  async function bearerLogin(username: string, password = PASSWORD, extra: Json = {}) {
    const client = new HttpClient(mesh.gateway, COOKIE);
    const response = await client.post(
      '/auth/login',
      { username, password, transport: 'bearer', ...extra },
      { 'user-agent': 'session-cli/1.0' },
    );
    expect(response.status).toBe(200);
    return { response, token: response.json['token'] as string, client };
  }

  async function redisRecord(token: string): Promise<{ record: Json; ttl: number }> {
    const key = `sess:${createHash('sha256').update(token).digest('hex')}`;
    const redis = createClient({ url: mesh.redis.url });
    await redis.connect();
    try {
      return { record: JSON.parse((await redis.get(key)) ?? 'null') as Json, ttl: await redis.ttl(key) };
    } finally {
      redis.destroy();
    }
  }

  async function shortenTtl(token: string, seconds: number): Promise<void> {
    const redis = createClient({ url: mesh.redis.url });
    await redis.connect();
    await redis.expire(`sess:${createHash('sha256').update(token).digest('hex')}`, seconds);
    redis.destroy();
  }

  beforeAll(async () => {
    mesh = await startMesh({
      env: {
        SESSION_COOKIE_NAME: COOKIE,
        SESSION_COOKIE_SECURE: 'true',
        SESSION_REMEMBER_ME_IDLE_SECONDS: String(REMEMBER_IDLE),
        SESSION_REMEMBER_ME_ABSOLUTE_SECONDS: String(REMEMBER_ABSOLUTE),
      },
    });
  });

  afterAll(() => mesh?.stop());

  it('logs a CLI in with the token in the body and no cookie, and accepts it as Bearer on both services', async () => {
    const username = await newUser();
    const { response, token } = await bearerLogin(username);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.json['session']).toMatchObject({ transport: 'bearer', rememberMe: false, aal: 1 });

    const anonymous = new HttpClient(mesh.gateway);
    const me = await anonymous.get('/auth/me', bearer(token));
    expect(me.status).toBe(200);
    expect(me.json['user']).toMatchObject({ username });
    expect((await anonymous.get('/user/ping/session', bearer(token))).status).toBe(200);
    // The scheme is case-insensitive.
    expect((await anonymous.get('/user/ping/session', { authorization: `bearer ${token}` })).status).toBe(200);

    const { record, ttl } = await redisRecord(token);
    expect(record).toMatchObject({
      transport: 'bearer',
      rememberMe: false,
      idleSeconds: 1800,
      userAgent: 'session-cli/1.0',
    });
    expect(record['expiresAt'] - record['createdAt']).toBe(43_200_000);
    expect(ttl).toBeGreaterThan(1790);
  });

  it('lets an admin CLI change groups on user-service with Bearer, from any origin', async () => {
    const target = await newUser();
    const created = await new HttpClient(mesh.gateway).post('/user/login', { username: target, password: PASSWORD });
    const targetId = created.json['user']['userId'] as number;
    const { token } = await bearerLogin('admin', 'admin');
    const admin = new HttpClient(mesh.gateway);
    expect((await admin.get('/users', bearer(token))).status).toBe(200);
    // No ambient credential, so a cross-site unsafe request is no forgery.
    const assign = await admin.post(
      '/user/assign',
      { userId: targetId, groupIds: [2] },
      { ...bearer(token), ...CROSS_SITE },
    );
    expect(assign.status).toBe(200);
    const reauth = await admin.post('/auth/reauthenticate', { password: 'admin' }, { ...bearer(token), ...CROSS_SITE });
    expect(reauth.status).toBe(200);
    expect(reauth.headers.getSetCookie()).toEqual([]);
    // Re-authentication moves a bearer session to a new token, in the body; the old one is dead.
    const renewed = reauth.json['token'] as string;
    expect(renewed).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(renewed).not.toBe(token);
    expect((await admin.get('/auth/me', bearer(token))).json['code']).toBe('session_invalid');
    expect((await admin.get('/users', bearer(renewed))).status).toBe(200);
    expect((await redisRecord(renewed)).record).toMatchObject({ transport: 'bearer', idleSeconds: 1800 });

    // A cookie still gets the cross-origin check.
    const browser = new HttpClient(mesh.gateway, COOKIE);
    expect((await browser.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
    const forged = await browser.post('/user/assign', { userId: targetId, groupIds: [] }, CROSS_SITE);
    expect([forged.status, forged.json['code']]).toEqual([403, 'cross_origin_request']);
  });

  it('refuses a cookie and a bearer token at once (400 session_ambiguous) and malformed tokens (401), on both services', async () => {
    const username = await newUser();
    const { token } = await bearerLogin(username);
    const browser = new HttpClient(mesh.gateway, COOKIE);
    expect((await browser.post('/user/login', { username, password: PASSWORD })).status).toBe(200);
    for (const path of ['/auth/me', '/user/ping/session']) {
      const both = await browser.get(path, bearer(token));
      expect([both.status, both.json['code']]).toEqual([400, 'session_ambiguous']);
      const anonymous = new HttpClient(mesh.gateway);
      for (const authorization of ['Bearer', 'Bearer not-a-token', `Bearer ${token}x`]) {
        const malformed = await anonymous.get(path, { authorization });
        expect([malformed.status, malformed.json['code']]).toEqual([401, 'session_invalid']);
      }
    }
    // Both at once on an unsafe cross-site request: the cookie makes it a browser's, so it is refused as such.
    const crossSite = await browser.post('/auth/logout', undefined, { ...bearer(token), ...CROSS_SITE });
    expect(crossSite.status).toBe(403);
  });

  it('lists a bearer session as "CLI" beside the browser\'s, and revokes it like any other', async () => {
    const username = await newUser();
    const { token } = await bearerLogin(username);
    const browser = new HttpClient(mesh.gateway, COOKIE);
    expect((await browser.post('/user/login', { username, password: PASSWORD })).status).toBe(200);

    const listed = (await browser.get('/auth/sessions')).json['sessions'] as Json[];
    expect(listed.map((s) => [s['device'], s['userAgent'], s['current']])).toEqual([
      ['CLI', 'session-cli/1.0', false],
      ['Browser', expect.any(String), true],
    ]);
    const cliListing = (await new HttpClient(mesh.gateway).get('/auth/sessions', bearer(token))).json[
      'sessions'
    ] as Json[];
    expect(cliListing.find((s) => s['current'])?.['device']).toBe('CLI');

    expect((await browser.request('DELETE', `/auth/sessions/${listed[0]['id']}`)).status).toBe(204);
    const revoked = await new HttpClient(mesh.gateway).get('/user/ping/session', bearer(token));
    expect([revoked.status, revoked.json['code']]).toEqual([401, 'session_invalid']);

    // A CLI logs out with its token; no cookie to clear.
    const second = await bearerLogin(username);
    const logout = await new HttpClient(mesh.gateway).post('/auth/logout', undefined, bearer(second.token));
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie()).toEqual([]);
    expect((await new HttpClient(mesh.gateway).get('/auth/me', bearer(second.token))).status).toBe(401);
  });

  it('sets a __Host- browser-session cookie without "remember me", and keeps the configured lifetimes in the record', async () => {
    const username = await newUser();
    const browser = new HttpClient(mesh.gateway, COOKIE);
    const login = await browser.post('/auth/login', { username, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.json['token']).toBeUndefined();
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`)) ?? '';
    expect(cookie.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Lax', 'Secure']);
    expect(cookie).not.toMatch(/Max-Age|Expires|Domain/i);
    expect(login.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}_device=`))).toMatch(/Max-Age=\d+/);

    const token = (browser.sessionCookie ?? '').slice(COOKIE.length + 1);
    expect((await redisRecord(token)).record).toMatchObject({
      rememberMe: false,
      idleSeconds: 1800,
      transport: 'cookie',
    });
    expect((await browser.get('/user/ping/session')).status).toBe(200);
    // The old name is not read.
    const renamed = await new HttpClient(mesh.gateway).get('/auth/me', { cookie: `sid=${token}` });
    expect(renamed.json['code']).toBe('session_missing');
  });

  it('gives "remember me" its own lifetimes: a persistent cookie, a longer record, slid by its own idle timeout on every service', async () => {
    const username = await newUser();
    const browser = new HttpClient(mesh.gateway, COOKIE);
    const login = await browser.post('/auth/login', { username, password: PASSWORD, rememberMe: true });
    expect(login.status).toBe(200);
    expect(login.json['session']).toMatchObject({ rememberMe: true, transport: 'cookie' });
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`)) ?? '';
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
    expect(maxAge).toBeGreaterThan(REMEMBER_ABSOLUTE - 5);
    expect(maxAge).toBeLessThanOrEqual(REMEMBER_ABSOLUTE);

    const token = (browser.sessionCookie ?? '').slice(COOKIE.length + 1);
    const { record, ttl } = await redisRecord(token);
    expect(record).toMatchObject({ rememberMe: true, idleSeconds: REMEMBER_IDLE });
    expect(record['expiresAt'] - record['createdAt']).toBe(REMEMBER_ABSOLUTE * 1000);
    expect(ttl).toBeGreaterThan(REMEMBER_IDLE - 10);
    expect(Date.parse(login.json['session']['expiresAt'])).toBe(record['expiresAt']);

    // Each service slides the key by the session's own idle timeout, not the default 1800 s.
    for (const path of ['/user/ping/session', '/auth/me']) {
      await shortenTtl(token, 30);
      expect((await browser.get(path)).status).toBe(200);
      expect((await redisRecord(token)).ttl).toBeGreaterThan(REMEMBER_IDLE - 10);
    }

    // Re-authentication keeps the session's lifetimes and its persistent cookie.
    const reauth = await browser.post('/auth/reauthenticate', { password: PASSWORD });
    expect(reauth.status).toBe(200);
    const renewed = reauth.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`)) ?? '';
    expect(Number(/Max-Age=(\d+)/.exec(renewed)?.[1])).toBeGreaterThan(REMEMBER_ABSOLUTE - 10);
    const rotated = await redisRecord((browser.sessionCookie ?? '').slice(COOKIE.length + 1));
    expect(rotated.record).toMatchObject({
      rememberMe: true,
      idleSeconds: REMEMBER_IDLE,
      expiresAt: record['expiresAt'],
    });

    // A role change rewrites the record and keeps its lifetimes too.
    const admin = new HttpClient(mesh.gateway, COOKIE);
    expect((await admin.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
    const userId = login.json['user']['userId'] as number;
    expect((await admin.post('/user/assign', { userId, groupIds: [2] })).status).toBe(200);
    const afterSync = await redisRecord((browser.sessionCookie ?? '').slice(COOKIE.length + 1));
    expect(afterSync.record).toMatchObject({ roles: ['ASSIGN_USERS'], rememberMe: true, idleSeconds: REMEMBER_IDLE });
    expect(afterSync.ttl).toBeGreaterThan(REMEMBER_IDLE - 30);

    // Remember me and bearer together: the lifetimes without a cookie.
    const cli = await bearerLogin(username, PASSWORD, { rememberMe: true });
    expect(cli.response.headers.getSetCookie()).toEqual([]);
    expect((await redisRecord(cli.token)).record).toMatchObject({
      rememberMe: true,
      transport: 'bearer',
      idleSeconds: REMEMBER_IDLE,
    });
  });

  it('validates the login options', async () => {
    const client = new HttpClient(mesh.gateway);
    for (const extra of [{ transport: 'jwt' }, { rememberMe: 'yes' }, { remember: true }]) {
      const refused = await client.post('/auth/login', { username: 'admin', password: 'admin', ...extra });
      expect([refused.status, refused.json['code']]).toEqual([400, 'validation_failed']);
    }
  });
});
