import { testSessionOptions } from '../testing/test-session-options';
import { IMPERSONATION_MAX_SECONDS, mayBeImpersonated } from './impersonation';
import { SessionKeys } from './session-keys';
import { decodeSessionRecord } from './session-record.codec';
import { createSessionRedis, SessionRedis } from './session-redis';
import { SessionReader } from './session-reader.service';
import { SessionStore } from './session.store';
import { SessionWriter } from './session-writer.service';
import { UserSessions } from './user-sessions.service';

const client = { ip: '10.0.0.1', userAgent: 'jest' };
const actor = { userId: 1, username: 'admin' };

describe('impersonation sessions (real Redis)', () => {
  // A normal lifetime longer than an impersonation's, and an idle timeout shorter.
  const options = testSessionOptions({ idleTtlSeconds: 60, absoluteTtlSeconds: 7200 });
  const keys = new SessionKeys(options);
  let redis: SessionRedis;
  let writer: SessionWriter;
  let reader: SessionReader;
  let sessions: UserSessions;
  let nextUserId = 5000;
  const newUser = (roles: string[] = []) => ({ userId: nextUserId++, username: 'u@example.com', roles });

  beforeAll(async () => {
    redis = createSessionRedis(options.redis);
    await redis.connect();
    const store = new SessionStore(redis, options);
    writer = new SessionWriter(store, options);
    reader = new SessionReader(store, options);
    sessions = new UserSessions(store, options);
  });

  afterAll(() => redis.destroy());

  it('writes the actor, an hour at most, the normal idle timeout and no credential check', async () => {
    const user = newUser(['ASSIGN_USERS']);
    const now = Date.now();
    const { token, session } = await writer.create(user, 0, client, {
      lifetimeSeconds: IMPERSONATION_MAX_SECONDS,
      actor,
      now,
    });
    const record = decodeSessionRecord((await redis.get(keys.session(session.id))) ?? '');
    expect(record).toMatchObject({
      userId: user.userId,
      roles: ['ASSIGN_USERS'],
      createdAt: now,
      expiresAt: now + 3_600_000,
      authenticatedAt: 0,
      aal: 1,
      idleSeconds: 60,
      rememberMe: false,
      actor,
    });
    expect(await redis.ttl(keys.session(session.id))).toBeLessThanOrEqual(60);
    expect(await reader.read(token)).toMatchObject({ actor, authenticatedAt: 0, user });
    expect((await sessions.list(user.userId)).map((listed) => listed.actor)).toEqual([actor]);

    // A login's record has no actor at all.
    const own = await writer.create(user, 0, client);
    expect(JSON.parse((await redis.get(keys.session(own.session.id))) ?? '{}')).not.toHaveProperty('actor');
    expect(own.session.actor).toBeNull();
  });

  it('never outlives a shorter absolute lifetime', async () => {
    const short = testSessionOptions({ idleTtlSeconds: 60, absoluteTtlSeconds: 600 });
    const shortWriter = new SessionWriter(new SessionStore(redis, short), short);
    const { session } = await shortWriter.create(newUser(), 0, client, {
      lifetimeSeconds: IMPERSONATION_MAX_SECONDS,
      actor,
    });
    expect(session.expiresAt - session.createdAt).toBe(600_000);
  });

  it('refuses to rotate an impersonation session (no re-authentication, no step-up)', async () => {
    const user = newUser();
    const created = await writer.create(user, 0, client, { lifetimeSeconds: IMPERSONATION_MAX_SECONDS, actor });
    await expect(writer.rotate(created.session, user, 0, client, 2)).rejects.toMatchObject({
      code: 'impersonation_restricted',
    });
    expect(await reader.read(created.token)).toMatchObject({ aal: 1, authenticatedAt: 0 });
  });

  it('reports the actor of a session its user ends', async () => {
    const user = newUser();
    const created = await writer.create(user, 0, client, { lifetimeSeconds: IMPERSONATION_MAX_SECONDS, actor });
    expect(await sessions.revokeOne(user.userId, created.session.id)).toEqual({ actor });
    expect(await reader.read(created.token)).toBeNull();
  });

  it('ends an impersonation session when its user gains IMPERSONATE or a MANAGE_ role, and keeps the user’s own', async () => {
    for (const gained of ['IMPERSONATE', 'MANAGE_SESSIONS', 'MANAGE_ANYTHING']) {
      const user = newUser(['ASSIGN_USERS']);
      const own = await writer.create(user, 0, client);
      const impersonation = await writer.create(user, 0, client, {
        lifetimeSeconds: IMPERSONATION_MAX_SECONDS,
        actor,
      });
      const roles = ['ASSIGN_USERS', gained].sort();
      expect(await sessions.sync({ userId: user.userId, roles, authzVersion: 1, revokeBelow: 0 })).toEqual({
        updated: 1,
        revoked: 1,
        revokedIds: [impersonation.session.id],
      });
      expect(await reader.read(impersonation.token)).toBeNull();
      expect((await reader.read(own.token))?.user.roles).toEqual(roles);
      expect(await redis.hExists(keys.userIndex(user.userId), impersonation.session.id)).toBe(0);
    }
  });

  it('keeps an impersonation session through other role changes, with the new roles', async () => {
    const user = newUser(['ASSIGN_USERS']);
    const impersonation = await writer.create(user, 0, client, { lifetimeSeconds: IMPERSONATION_MAX_SECONDS, actor });
    // Names that only look alike are not protected.
    const roles = ['IMPERSONATE_LOG', 'REMANAGE_X', 'X_MANAGE_Y'];
    expect(mayBeImpersonated(roles)).toBe(true);
    await sessions.sync({ userId: user.userId, roles, authzVersion: 1, revokeBelow: 0 });
    expect(await reader.read(impersonation.token)).toMatchObject({ actor, user: { roles } });
  });
});
