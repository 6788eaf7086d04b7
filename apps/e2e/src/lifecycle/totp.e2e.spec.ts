import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { createClient } from 'redis';
import { HttpClient, Json } from '../support/http-client';
import { Mesh, startMesh } from '../support/mesh';

const PASSWORD = 'correct horse battery';
const MINUTE = 60_000;

// A code of the authenticator app, `steps` time steps (30 s) from now: made
// here from the otpauth secret with the same algorithm any app uses.
function codeOf(secret: string, steps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * 30_000 });
}

// Issue 17, step 2: a TOTP second factor, through the gateway. Each test has
// users of its own, so the login limiter's counts never mix.
describe('TOTP second factor through the gateway', () => {
  let mesh: Mesh;
  let nextUser = 0;

  async function newUser(): Promise<{ id: number; username: string; client: HttpClient }> {
    const username = `totp${nextUser++}@example.com`;
    const client = new HttpClient(mesh.gateway);
    const created = await client.post('/user', { username, password: PASSWORD });
    expect(created.status).toBe(201);
    expect((await client.post('/user/login', { username, password: PASSWORD })).status).toBe(200);
    return { id: created.json['id'] as number, username, client };
  }

  // Enrols and confirms with the previous step's code, leaving the current
  // and the next step's codes for the test.
  async function enrol(client: HttpClient): Promise<{ secret: string; recoveryCodes: string[] }> {
    const enrolment = await client.post('/auth/totp');
    expect(enrolment.status).toBe(201);
    const secret = enrolment.json['secret'] as string;
    const confirmed = await client.post('/auth/totp/confirm', { code: codeOf(secret, -1) });
    expect(confirmed.status).toBe(200);
    return { secret, recoveryCodes: confirmed.json['recoveryCodes'] as string[] };
  }

  async function withRedis<T>(use: (redis: ReturnType<typeof createClient>) => Promise<T>): Promise<T> {
    const redis = createClient({ url: mesh.redis.url });
    await redis.connect();
    try {
      return await use(redis);
    } finally {
      redis.destroy();
    }
  }

  const keyOf = (cookie: string) => `sess:${createHash('sha256').update(cookie.slice('sid='.length)).digest('hex')}`;

  beforeAll(async () => {
    mesh = await startMesh();
  });

  afterAll(() => mesh?.stop());

  it('enrols with an otpauth URI and a QR code, confirms with a code, and shows the recovery codes once', async () => {
    const { client, username } = await newUser();
    expect((await client.get('/auth/totp')).json).toEqual({
      enabled: false,
      pendingConfirmation: false,
      recoveryCodesLeft: 0,
    });
    const enrolment = await client.post('/auth/totp');
    expect(enrolment.status).toBe(201);
    expect(enrolment.headers.get('cache-control')).toBe('no-store');
    const { secret, otpauthUri, qrCodeSvg } = enrolment.json as Record<string, string>;
    const uri = new URL(otpauthUri);
    expect([uri.protocol, uri.host, uri.searchParams.get('secret')]).toEqual(['otpauth:', 'totp', secret]);
    expect(decodeURIComponent(uri.pathname)).toBe(`/session-mesh:${username}`);
    expect(qrCodeSvg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\s*$/);
    expect((await client.get('/auth/totp')).json).toMatchObject({ enabled: false, pendingConfirmation: true });

    const before = client.sessionCookie as string;
    const wrong = await client.post('/auth/totp/confirm', { code: codeOf(secret, 5) });
    expect([wrong.status, wrong.json['code']]).toEqual([401, 'invalid_second_factor']);
    expect((await client.post('/auth/totp/confirm', { code: '12345' })).json['code']).toBe('validation_failed');

    const confirmed = await client.post('/auth/totp/confirm', { code: codeOf(secret) });
    expect(confirmed.status).toBe(200);
    const codes = confirmed.json['recoveryCodes'] as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // Both factors proven: a new token at aal 2; the old one is gone.
    expect(client.sessionCookie).not.toBe(before);
    expect((await client.get('/auth/me')).json['session']['aal']).toBe(2);
    expect((await client.get('/auth/me', { cookie: before })).json['code']).toBe('session_invalid');
    expect((await client.get('/auth/totp')).json).toEqual({
      enabled: true,
      pendingConfirmation: false,
      recoveryCodesLeft: 10,
    });
    expect((await client.post('/auth/totp')).json['code']).toBe('second_factor_enabled');
  });

  it('logs in in two steps: the pending session is refused everywhere, the second step issues a new aal-2 token, a code is accepted once', async () => {
    const { id, username, client } = await newUser();
    const { secret } = await enrol(client);
    expect((await client.post('/auth/logout')).status).toBe(204);

    const login = await client.post('/user/login', { username, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.json['session']['aal']).toBe(0);
    // No known-device cookie yet: the client is not known before the second step.
    expect(login.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(['sid']);
    const pending = client.sessionCookie as string;

    for (const refused of [
      await client.get('/auth/me'),
      await client.get('/auth/sessions'),
      await client.post('/auth/reauthenticate', { password: PASSWORD }),
      // user-service's guard too.
      await client.post('/user/password', { currentPassword: PASSWORD, newPassword: 'y'.repeat(12) }),
    ]) {
      expect([refused.status, refused.json['code'], refused.json['requiredAal']]).toEqual([
        401,
        'second_factor_required',
        1,
      ]);
    }

    const code = codeOf(secret);
    const completed = await client.post('/auth/login/second-factor', { code });
    expect(completed.status).toBe(200);
    expect(completed.headers.get('cache-control')).toBe('no-store');
    expect(completed.json['session']['aal']).toBe(2);
    expect(completed.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(['sid', 'sid_device']);
    const full = client.sessionCookie as string;
    expect(full).not.toBe(pending);
    // No fixation: the pending token died with the second step.
    expect((await client.get('/auth/me', { cookie: pending })).json['code']).toBe('session_invalid');
    expect((await client.get('/auth/me')).json).toMatchObject({ user: { userId: id }, session: { aal: 2 } });
    const listed = (await client.get('/auth/sessions')).json['sessions'] as Json[];
    expect(listed.map((s) => s['id'])).toEqual([completed.json['session']['id']]);

    // A full session has no second step to take.
    expect((await client.post('/auth/login/second-factor', { code: codeOf(secret, 1) })).json['code']).toBe(
      'second_factor_not_pending',
    );

    // The same code, replayed in another login, is refused.
    const other = new HttpClient(mesh.gateway);
    expect((await other.post('/user/login', { username, password: PASSWORD })).json['session']['aal']).toBe(0);
    const replayed = await other.post('/auth/login/second-factor', { code });
    expect([replayed.status, replayed.json['code']]).toEqual([401, 'invalid_second_factor']);
    expect((await other.post('/auth/login/second-factor', { code: codeOf(secret, 1) })).status).toBe(200);
  });

  it('logs in in two steps with a bearer token: the pending token comes in the body, is refused as Authorization: Bearer, and the second step keeps transport and remember me', async () => {
    const { username, client } = await newUser();
    const { secret } = await enrol(client);
    const cli = new HttpClient(mesh.gateway);
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    const login = await cli.post('/auth/login', {
      username,
      password: PASSWORD,
      transport: 'bearer',
      rememberMe: true,
    });
    expect(login.status).toBe(200);
    expect(login.headers.getSetCookie()).toEqual([]);
    expect(login.json['session']).toMatchObject({ aal: 0, transport: 'bearer', rememberMe: true });
    const pending = login.json['token'] as string;
    expect(pending).toMatch(/^[A-Za-z0-9_-]{43}$/);

    for (const refused of [
      await cli.get('/auth/me', bearer(pending)),
      await cli.get('/auth/sessions', bearer(pending)),
      // user-service's guard too.
      await cli.post('/user/password', { currentPassword: PASSWORD, newPassword: 'y'.repeat(12) }, bearer(pending)),
    ]) {
      expect([refused.status, refused.json['code']]).toEqual([401, 'second_factor_required']);
    }

    const completed = await cli.post('/auth/login/second-factor', { code: codeOf(secret) }, bearer(pending));
    expect(completed.status).toBe(200);
    expect(completed.headers.getSetCookie()).toEqual([]);
    expect(completed.json['session']).toMatchObject({ aal: 2, transport: 'bearer', rememberMe: true });
    const full = completed.json['token'] as string;
    expect(full).not.toBe(pending);
    expect((await cli.get('/auth/me', bearer(pending))).json['code']).toBe('session_invalid');
    expect((await cli.get('/auth/me', bearer(full))).json['session']).toMatchObject({ aal: 2, transport: 'bearer' });
  });

  it('completes a login with a recovery code once; the same code never again', async () => {
    const { username, client } = await newUser();
    const { recoveryCodes } = await enrol(client);
    const [first, second] = recoveryCodes;

    const a = new HttpClient(mesh.gateway);
    await a.post('/user/login', { username, password: PASSWORD });
    const used = await a.post('/auth/login/second-factor', { recoveryCode: first });
    expect([used.status, used.json['session']['aal']]).toEqual([200, 2]);

    const b = new HttpClient(mesh.gateway);
    await b.post('/user/login', { username, password: PASSWORD });
    const again = await b.post('/auth/login/second-factor', { recoveryCode: first });
    expect([again.status, again.json['code']]).toEqual([401, 'invalid_second_factor']);
    // Typed in lower case without dashes: the same code.
    const typed = second.replace(/-/g, '').toLowerCase();
    expect((await b.post('/auth/login/second-factor', { recoveryCode: typed })).status).toBe(200);
    expect((await b.get('/auth/totp')).json['recoveryCodesLeft']).toBe(8);
  });

  it('throttles wrong codes like wrong passwords (429 with Retry-After), and a new password login does not reset the count', async () => {
    const { username, client } = await newUser();
    const { secret } = await enrol(client);
    const attacker = new HttpClient(mesh.gateway);
    await attacker.post('/user/login', { username, password: PASSWORD });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await attacker.post('/auth/login/second-factor', { code: codeOf(secret, 10 + i) })).status);
    }
    // The password again: still pending, and the count stays.
    expect((await attacker.post('/user/login', { username, password: PASSWORD })).json['session']['aal']).toBe(0);
    statuses.push((await attacker.post('/auth/login/second-factor', { code: codeOf(secret, 20) })).status);
    const throttled = await attacker.post('/auth/login/second-factor', { code: codeOf(secret) });
    expect([...statuses, throttled.status]).toEqual([401, 401, 401, 401, 401, 429]);
    expect(throttled.json['code']).toBe('too_many_requests');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('disables TOTP only from a fresh aal-2 session; re-authentication accepts a TOTP code', async () => {
    const { username, client } = await newUser();
    const { secret } = await enrol(client);
    // Enrolment made this session aal 2; make its last credential check old.
    await withRedis(async (redis) => {
      const key = keyOf(client.sessionCookie as string);
      const record = JSON.parse((await redis.get(key)) ?? 'null') as Json;
      record['authenticatedAt'] -= 16 * MINUTE;
      await redis.set(key, JSON.stringify(record), { KEEPTTL: true } as never);
    });
    const stale = await client.request('DELETE', '/auth/totp');
    expect([stale.status, stale.json['code']]).toEqual([401, 'reauthentication_required']);

    const wrong = await client.post('/auth/reauthenticate', { code: codeOf(secret, 7) });
    expect([wrong.status, wrong.json['code']]).toEqual([401, 'invalid_second_factor']);
    const reauthenticated = await client.post('/auth/reauthenticate', { code: codeOf(secret) });
    expect([reauthenticated.status, reauthenticated.json['session']['aal']]).toEqual([200, 2]);
    expect((await client.request('DELETE', '/auth/totp')).status).toBe(204);
    expect((await client.get('/auth/totp')).json['enabled']).toBe(false);

    expect((await client.request('DELETE', '/auth/totp')).json['code']).toBe('second_factor_not_enrolled');
    // A password alone logs in again.
    const fresh = new HttpClient(mesh.gateway);
    expect((await fresh.post('/user/login', { username, password: PASSWORD })).json['session']['aal']).toBe(1);
  });

  it('refuses to let a password-only session disable TOTP', async () => {
    const { username, client } = await newUser();
    // A session from before the enrolment stays at aal 1.
    const older = new HttpClient(mesh.gateway);
    await older.post('/user/login', { username, password: PASSWORD });
    await enrol(client);
    const refused = await older.request('DELETE', '/auth/totp');
    expect([refused.status, refused.json['code'], refused.json['requiredAal']]).toEqual([
      401,
      'second_factor_required',
      2,
    ]);
  });

  it('stores pending and full sessions as docs/session-format.md says; logout abandons a pending login', async () => {
    const { username, client } = await newUser();
    const { secret } = await enrol(client);
    const login = new HttpClient(mesh.gateway);
    await login.post('/user/login', { username, password: PASSWORD });
    const pending = login.sessionCookie as string;
    const pendingRecord = await withRedis(async (redis) => {
      const raw = await redis.sendCommand(['GETEX', keyOf(pending), 'EX', '1800']);
      return JSON.parse(String(raw)) as Json;
    });
    expect(pendingRecord).toMatchObject({ v: 1, aal: 0, authenticatedAt: pendingRecord['createdAt'] });
    // SECOND_FACTOR_PENDING_TTL_SECONDS, 5 minutes by default.
    expect(pendingRecord['expiresAt'] - pendingRecord['createdAt']).toBe(5 * MINUTE);

    await login.post('/auth/login/second-factor', { code: codeOf(secret) });
    const full = await withRedis(
      async (redis) => JSON.parse((await redis.get(keyOf(login.sessionCookie as string))) ?? 'null') as Json,
    );
    expect(full).toMatchObject({ v: 1, aal: 2 });
    expect(full['expiresAt'] - full['createdAt']).toBe(12 * 60 * MINUTE);

    const abandoned = new HttpClient(mesh.gateway);
    await abandoned.post('/user/login', { username, password: PASSWORD });
    const abandonedCookie = abandoned.sessionCookie as string;
    expect((await abandoned.post('/auth/logout')).status).toBe(204);
    expect((await abandoned.get('/auth/me', { cookie: abandonedCookie })).json['code']).toBe('session_invalid');
  });

  it('records enrolment, both login steps and disabling in the audit trail', async () => {
    const { id, username, client } = await newUser();
    const { secret } = await enrol(client);
    const login = new HttpClient(mesh.gateway);
    await login.post('/user/login', { username, password: PASSWORD });
    await login.post('/auth/login/second-factor', { code: '000000' === codeOf(secret) ? '111111' : '000000' });
    await login.post('/auth/login/second-factor', { code: codeOf(secret) });
    await login.request('DELETE', '/auth/totp');

    const admin = new HttpClient(mesh.gateway);
    await admin.post('/user/login', { username: 'admin', password: 'admin' });
    const types = [
      'second_factor.enabled',
      'login.second_factor_pending',
      'login.second_factor_failed',
      'login.succeeded',
      'second_factor.disabled',
    ];
    const deadline = Date.now() + 10_000;
    let events: Json[] = [];
    while (Date.now() < deadline) {
      events = (await admin.get(`/audit?user=${id}&type=${types.join(',')}`)).json['events'] as Json[];
      if (events.length >= 6) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Newest first; the first login.succeeded is the password-only one before enrolment.
    expect(events.map((e) => [e['type'], e['reason']])).toEqual([
      ['second_factor.disabled', null],
      ['login.succeeded', 'totp'],
      ['login.second_factor_failed', 'wrong_credentials'],
      ['login.second_factor_pending', null],
      ['second_factor.enabled', null],
      ['login.succeeded', null],
    ]);
    expect(events.every((e) => e['user'] === id)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(secret);
  });
});
