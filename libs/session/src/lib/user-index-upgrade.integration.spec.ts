import { createClient } from 'redis';
import { testSessionOptions } from '../testing/test-session-options';
import { SessionKeys } from './session-keys';
import { SessionStore } from './session.store';
import type { SessionRedis } from './session-redis';
import { SESSION_SCRIPTS } from './session-scripts';
import { SessionReader } from './session-reader.service';
import { SessionWriter } from './session-writer.service';
import { UserSessions } from './user-sessions.service';

const client = { ip: '10.0.0.1', userAgent: 'jest' };

// Indexes written before the index became a hash are sets; every command on
// the index converts one it meets, so an upgrade needs no migration step.
describe('user index written as a set by an older version (real Redis)', () => {
  const options = testSessionOptions({ idleTtlSeconds: 60, absoluteTtlSeconds: 600 });
  const keys = new SessionKeys(options);
  const redis = createClient({
    url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    scripts: SESSION_SCRIPTS,
  }) as unknown as SessionRedis;
  const writer = new SessionWriter(new SessionStore(redis, options), options);
  const reader = new SessionReader(new SessionStore(redis, options), options);
  const sessions = new UserSessions(new SessionStore(redis, options), options);
  let nextUserId = 5000;

  beforeAll(() => redis.connect());
  afterAll(() => redis.destroy());

  // A user with one live session whose index is a set, as the old writer left it.
  async function legacyUser() {
    const user = { userId: nextUserId++, username: 'old@example.com', roles: [] };
    const old = await writer.create(user, 0, client);
    const indexKey = keys.userIndex(user.userId);
    await redis.del(indexKey);
    await redis.sAdd(indexKey, old.session.id);
    await redis.expire(indexKey, 300);
    return { user, old, indexKey };
  }

  it('is converted by the next login, keeping its entries and TTL', async () => {
    const { user, old, indexKey } = await legacyUser();
    const fresh = await writer.create(user, 0, client);
    expect(await redis.type(indexKey)).toBe('hash');
    expect(Object.keys(await redis.hGetAll(indexKey)).sort()).toEqual([old.session.id, fresh.session.id].sort());
    expect((await sessions.list(user.userId)).map((s) => s.id).sort()).toEqual(
      [old.session.id, fresh.session.id].sort(),
    );
  });

  it('is converted by listing, by a change of roles and by "log out everywhere"', async () => {
    const listed = await legacyUser();
    expect((await sessions.list(listed.user.userId)).map((s) => s.id)).toEqual([listed.old.session.id]);
    expect(await redis.ttl(listed.indexKey)).toBeGreaterThan(250);

    const synced = await legacyUser();
    expect(
      await sessions.sync({ userId: synced.user.userId, roles: null, authzVersion: 1, revokeBelow: 1 }),
    ).toMatchObject({
      updated: 0,
      revoked: 1,
    });
    expect(await reader.read(synced.old.token)).toBeNull();

    const revoked = await legacyUser();
    expect(await sessions.revokeAll(revoked.user.userId)).toHaveLength(1);
    expect(await reader.read(revoked.old.token)).toBeNull();
  });

  it('is converted by a logout', async () => {
    const { old, indexKey } = await legacyUser();
    await writer.revoke(old.session);
    expect(await reader.read(old.token)).toBeNull();
    expect(await redis.exists(indexKey)).toBe(0);
  });
});
