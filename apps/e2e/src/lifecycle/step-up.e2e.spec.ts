import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { HttpClient, Json } from '../support/http-client';
import { Mesh, startMesh } from '../support/mesh';

const PASSWORD = 'correct horse battery';
const MINUTE = 60_000;

// Issue 17, freshness and step-up: sensitive routes need credentials checked
// recently (SESSION_REAUTH_MAX_AGE_SECONDS, 15 min by default), counted from
// the last login or re-authentication, never from the session's creation.
describe('re-authentication and fresh sessions through the gateway', () => {
  let mesh: Mesh;
  let nextUser = 0;

  async function newUser(): Promise<{ id: number; username: string; client: HttpClient }> {
    const username = `stepup${nextUser++}@example.com`;
    const client = new HttpClient(mesh.gateway);
    const created = await client.post('/user', { username, password: PASSWORD });
    expect(created.status).toBe(201);
    expect((await client.post('/user/login', { username, password: PASSWORD })).status).toBe(200);
    return { id: created.json['id'] as number, username, client };
  }

  // Rewrites the session record behind a client's cookie, as time would.
  async function editRecord(client: HttpClient, edit: (record: Json) => void): Promise<void> {
    const token = (client.sessionCookie ?? '').slice('sid='.length);
    const key = `sess:${createHash('sha256').update(token).digest('hex')}`;
    const redis = createClient({ url: mesh.redis.url });
    await redis.connect();
    try {
      const record = JSON.parse((await redis.get(key)) ?? 'null') as Json;
      edit(record);
      await redis.set(key, JSON.stringify(record), { KEEPTTL: true } as never);
    } finally {
      redis.destroy();
    }
  }

  beforeAll(async () => {
    mesh = await startMesh();
  });

  afterAll(() => mesh?.stop());

  it('refuses a stale session on sensitive routes, then accepts it after re-authentication with a new cookie; the old one is dead', async () => {
    const { client } = await newUser();
    const before = (await client.get('/auth/me')).json['session'] as Json;
    expect(before['aal']).toBe(1);
    expect(Date.parse(before['authenticatedAt'])).toBe(Date.parse(before['createdAt']));

    await editRecord(client, (record) => {
      record['createdAt'] -= 20 * MINUTE;
      record['authenticatedAt'] -= 16 * MINUTE;
    });
    const stale = await client.request('DELETE', '/auth/sessions');
    expect(stale.status).toBe(401);
    expect(stale.json).toMatchObject({ code: 'reauthentication_required', maxAgeSeconds: 900 });
    // The same on user-service.
    const password = await client.post('/user/password', { currentPassword: PASSWORD, newPassword: 'x'.repeat(12) });
    expect(password.json).toMatchObject({ statusCode: 401, code: 'reauthentication_required', maxAgeSeconds: 900 });
    // Routes that are not sensitive still work.
    expect((await client.get('/auth/sessions')).status).toBe(200);

    const oldCookie = client.sessionCookie as string;
    const wrong = await client.post('/auth/reauthenticate', { password: 'not the password' });
    expect(wrong.json).toMatchObject({ statusCode: 401, code: 'invalid_credentials' });
    expect(client.sessionCookie).toBe(oldCookie);

    const reauthenticated = await client.post('/auth/reauthenticate', { password: PASSWORD });
    expect(reauthenticated.status).toBe(200);
    expect(reauthenticated.headers.get('cache-control')).toBe('no-store');
    expect(client.sessionCookie).not.toBe(oldCookie);
    const session = reauthenticated.json['session'] as Json;
    expect(session['id']).not.toBe(before['id']);
    // The same session under a new token: its creation and expiry stay.
    expect(Date.parse(session['createdAt'])).toBe(Date.parse(before['createdAt']) - 20 * MINUTE);
    expect(session['expiresAt']).toBe(before['expiresAt']);
    expect(Date.now() - Date.parse(session['authenticatedAt'])).toBeLessThan(MINUTE);

    expect((await client.get('/auth/me', { cookie: oldCookie })).json['code']).toBe('session_invalid');
    expect((await client.request('DELETE', '/auth/sessions')).json).toEqual({ revoked: 0 });
    const listed = (await client.get('/auth/sessions')).json['sessions'] as Json[];
    expect(listed.map((s) => s['id'])).toEqual([session['id']]);
  });

  it('counts freshness from the last credential check, not from the creation of the session', async () => {
    const { client } = await newUser();
    await editRecord(client, (record) => {
      record['createdAt'] -= 60 * MINUTE;
    });
    expect((await client.request('DELETE', '/auth/sessions')).status).toBe(200);
  });

  it('reads a session written before authenticatedAt and aal existed as a password login at its creation', async () => {
    const { client } = await newUser();
    await editRecord(client, (record) => {
      delete record['authenticatedAt'];
      delete record['aal'];
      record['createdAt'] -= 16 * MINUTE;
    });
    const me = (await client.get('/auth/me')).json['session'] as Json;
    expect([me['aal'], me['authenticatedAt']]).toEqual([1, me['createdAt']]);
    expect((await client.request('DELETE', '/auth/sessions')).json['code']).toBe('reauthentication_required');
  });

  it('asks a stale admin to re-authenticate before role and group changes, user deletion and disabling', async () => {
    const target = await newUser();
    const admin = new HttpClient(mesh.gateway);
    expect((await admin.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
    await editRecord(admin, (record) => {
      record['authenticatedAt'] -= 16 * MINUTE;
    });
    const refused = [
      await admin.post('/user/assign', { userId: target.id, groupIds: [] }),
      await admin.request('PUT', '/groups/1/roles', { roleIds: [] }),
      await admin.request('PUT', '/roles/1/groups', { groupIds: [] }),
      await admin.post(`/users/${target.id}/disable`),
      await admin.request('DELETE', `/users/${target.id}`),
    ];
    expect(refused.map((r) => [r.status, r.json['code']])).toEqual(
      refused.map(() => [401, 'reauthentication_required']),
    );
    // Reading stays open.
    expect((await admin.get('/users')).status).toBe(200);

    expect((await admin.post('/auth/reauthenticate', { password: 'admin' })).status).toBe(200);
    expect((await admin.post('/user/assign', { userId: target.id, groupIds: [] })).status).toBe(200);
    expect((await admin.request('DELETE', `/users/${target.id}`)).status).toBe(204);
  });

  it('validates the body and needs a session', async () => {
    const { client } = await newUser();
    expect((await client.post('/auth/reauthenticate', { password: PASSWORD, extra: 1 })).json['code']).toBe(
      'validation_failed',
    );
    const anonymous = await new HttpClient(mesh.gateway).post('/auth/reauthenticate', { password: PASSWORD });
    expect([anonymous.status, anonymous.json['code']]).toEqual([401, 'session_missing']);
  });

  it('throttles wrong passwords like logins', async () => {
    const { client } = await newUser();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await client.post('/auth/reauthenticate', { password: 'wrong' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
