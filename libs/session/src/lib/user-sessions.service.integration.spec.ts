import { testSessionOptions } from '../testing/test-session-options';
import { SessionKeys } from './session-keys';
import { SessionStore } from './session.store';
import { decodeSessionRecord } from './session-record.codec';
import { createSessionRedis, SessionRedis } from './session-redis';
import { SessionReader } from './session-reader.service';
import { SessionWriter } from './session-writer.service';
import { UserSessions } from './user-sessions.service';
import { objectEncoding } from '../testing/redis-inspection';

const client = { ip: '10.0.0.1', userAgent: 'jest' };

describe('UserSessions (real Redis)', () => {
  const options = testSessionOptions({ idleTtlSeconds: 60, absoluteTtlSeconds: 600 });
  const keys = new SessionKeys(options);
  let redis: SessionRedis;
  let writer: SessionWriter;
  let reader: SessionReader;
  let sessions: UserSessions;
  let nextUserId = 1000;
  const newUser = (roles: string[] = []) => ({ userId: nextUserId++, username: 'u@example.com', roles });

  beforeAll(async () => {
    redis = createSessionRedis(options.redis);
    await redis.connect();
    writer = new SessionWriter(new SessionStore(redis, options), options);
    reader = new SessionReader(new SessionStore(redis, options), options);
    sessions = new UserSessions(new SessionStore(redis, options), options);
  });

  afterAll(() => redis.destroy());

  it('lists live sessions with last-seen derived from the TTL, and prunes stale index entries', async () => {
    const user = newUser();
    const a = await writer.create(user, 0, client, { now: Date.now() - 10_000 });
    const b = await writer.create(user, 0, { ip: null, userAgent: 'other' });
    await redis.hSet(keys.userIndex(user.userId), 'f'.repeat(64), Date.now() + 500_000); // written 100 s ago, session gone
    await redis.pExpire(keys.session(a.session.id), 50_000); // as if last seen 10 s ago

    const listed = await sessions.list(user.userId);
    expect(listed.map((s) => s.id)).toEqual([a.session.id, b.session.id]);
    expect(Date.now() - listed[0].lastSeenAt).toBeGreaterThanOrEqual(9_000);
    expect(Date.now() - listed[0].lastSeenAt).toBeLessThan(12_000);
    expect(listed[1]).toMatchObject({ ip: null, userAgent: 'other' });
    expect(await redis.hExists(keys.userIndex(user.userId), 'f'.repeat(64))).toBe(0);
  });

  it('keeps the index as a small hash: session id -> absolute expiry', async () => {
    const user = newUser();
    const { session } = await writer.create(user, 0, client);
    const indexKey = keys.userIndex(user.userId);
    expect(await redis.hGetAll(indexKey)).toEqual({ [session.id]: String(session.expiresAt) });
    expect(await objectEncoding(indexKey)).toBe('listpack');
    expect(await redis.ttl(indexKey)).toBeGreaterThan(590);
  });

  it('drops entries past their absolute expiry, but spares entries of logins still writing their session', async () => {
    const user = newUser();
    const live = await writer.create(user, 0, client);
    const indexKey = keys.userIndex(user.userId);
    const ended = 'e'.repeat(64);
    const inFlight = 'a'.repeat(64);
    // An index entry whose session is not written yet: its login is one round trip behind.
    await redis.hSet(indexKey, { [ended]: Date.now() - 1, [inFlight]: Date.now() + 600_000 });

    expect((await sessions.list(user.userId)).map((s) => s.id)).toEqual([live.session.id]);
    expect(await sessions.sync({ userId: user.userId, roles: ['X'], authzVersion: 1, revokeBelow: 0 })).toEqual({
      updated: 1,
      revoked: 0,
      revokedIds: [],
    });
    expect(await sessions.revokeAll(user.userId, live.session.id)).toHaveLength(1);
    expect(Object.keys(await redis.hGetAll(indexKey)).sort()).toEqual([inFlight, live.session.id].sort());

    // Once older than the grace period, an entry without a session is pruned.
    expect(await sessions.list(user.userId, Date.now() + 62_000)).toHaveLength(1);
    expect(Object.keys(await redis.hGetAll(indexKey))).toEqual([live.session.id]);
  });

  it('lists a bearer session with its transport and last-seen from its own idle timeout; a role change keeps its lifetimes', async () => {
    const user = newUser();
    const { token, session } = await writer.create(user, 0, client, {
      rememberMe: true,
      transport: 'bearer',
      now: Date.now() - 60_000,
    });
    await redis.pExpire(keys.session(session.id), 3_600_000 - 20_000); // as if last seen 20 s ago
    const [listed] = await sessions.list(user.userId);
    expect(listed).toMatchObject({ id: session.id, transport: 'bearer' });
    expect(Date.now() - listed.lastSeenAt).toBeGreaterThanOrEqual(19_000);
    expect(Date.now() - listed.lastSeenAt).toBeLessThan(23_000);

    await sessions.sync({ userId: user.userId, roles: ['CREATE_ROLE'], authzVersion: 1, revokeBelow: 0 });
    expect(await reader.read(token)).toMatchObject({
      user: { roles: ['CREATE_ROLE'] },
      expiresAt: session.expiresAt,
      idleSeconds: 3600,
      rememberMe: true,
      transport: 'bearer',
    });
  });

  it('tells a "remember me" entry of a login in flight from a stale one', async () => {
    const user = newUser();
    const indexKey = keys.userIndex(user.userId);
    const young = '1'.repeat(64);
    const stale = '2'.repeat(64);
    // Both "remember me" (86,400 s), without their session: one written now, one an hour ago.
    await redis.hSet(indexKey, { [young]: Date.now() + 86_400_000, [stale]: Date.now() - 3_600_000 + 86_400_000 });
    await sessions.list(user.userId);
    expect(Object.keys(await redis.hGetAll(indexKey))).toEqual([young]);
  });

  it('keeps a session that is written while a listing or revocation runs between its two writes', async () => {
    const user = newUser();
    const indexKey = keys.userIndex(user.userId);
    // The login's first write, then everything that could prune it, then its second write.
    const racing = await writer.create(user, 0, client);
    const record = (await redis.get(keys.session(racing.session.id))) as string;
    await redis.del(keys.session(racing.session.id));
    await sessions.list(user.userId);
    await sessions.sync({ userId: user.userId, roles: [], authzVersion: 1, revokeBelow: 0 });
    await sessions.revokeAll(user.userId);
    await redis.set(keys.session(racing.session.id), record, { expiration: { type: 'EX', value: 60 } });

    expect(await redis.hExists(indexKey, racing.session.id)).toBe(1);
    expect((await sessions.list(user.userId)).map((s) => s.id)).toEqual([racing.session.id]);
    await sessions.revokeAll(user.userId);
    expect(await reader.read(racing.token)).toBeNull();
    expect(await redis.hLen(indexKey)).toBe(0);
  });

  it('ends one session only for its owner, or all but the current one', async () => {
    const owner = newUser();
    const other = newUser();
    const first = await writer.create(owner, 0, client);
    const second = await writer.create(owner, 0, client);
    const third = await writer.create(owner, 0, client);

    expect(await sessions.revokeOne(other.userId, first.session.id)).toBeNull();
    expect(await reader.read(first.token)).not.toBeNull();
    expect(await sessions.revokeOne(owner.userId, first.session.id)).toEqual({ actor: null });
    expect(await reader.read(first.token)).toBeNull();

    expect(await sessions.revokeAll(owner.userId, third.session.id)).toHaveLength(1);
    expect(await reader.read(second.token)).toBeNull();
    expect(await reader.read(third.token)).not.toBeNull();
  });

  it('ends the oldest sessions beyond the per-user cap', async () => {
    const capped = new UserSessions(new SessionStore(redis, { ...options, maxSessionsPerUser: 2 }), {
      ...options,
      maxSessionsPerUser: 2,
    });
    const user = newUser();
    const created = [];
    for (let i = 0; i < 4; i++) created.push(await writer.create(user, 0, client, { now: Date.now() + i }));
    expect(await capped.enforceCap(user.userId, created[3].session.id)).toHaveLength(2);
    expect((await sessions.list(user.userId)).map((s) => s.id)).toEqual([created[2].session.id, created[3].session.id]);
  });

  it('rewrites the roles of every live session in place, keeping the TTL and the rest of the record', async () => {
    const user = newUser(['OLD_ROLE']);
    const one = await writer.create(user, 1, client);
    const two = await writer.create(user, 1, client);
    const ttlBefore = await redis.pTTL(keys.session(one.session.id));

    expect(
      await sessions.sync({ userId: user.userId, roles: ['ASSIGN_USERS'], authzVersion: 2, revokeBelow: 0 }),
    ).toEqual({ updated: 2, revoked: 0, revokedIds: [] });
    for (const { token } of [one, two]) expect((await reader.read(token))?.user.roles).toEqual(['ASSIGN_USERS']);
    const record = decodeSessionRecord((await redis.get(keys.session(one.session.id))) as string);
    expect(record).toMatchObject({
      v: 1,
      userId: user.userId,
      authzVersion: 2,
      ip: '10.0.0.1',
      createdAt: one.session.createdAt,
    });
    expect(await redis.pTTL(keys.session(one.session.id))).toBeGreaterThan(ttlBefore - 2000);

    // An empty role list stays a JSON array.
    await sessions.sync({ userId: user.userId, roles: [], authzVersion: 3, revokeBelow: 0 });
    expect(JSON.parse((await redis.get(keys.session(one.session.id))) as string).roles).toEqual([]);
  });

  it('never lets an older change overwrite a newer one, whatever the order they arrive in', async () => {
    const user = newUser();
    const { token } = await writer.create(user, 0, client);
    const versions = Array.from({ length: 40 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    await Promise.all(
      versions.map((v) =>
        sessions.sync({ userId: user.userId, roles: [`ROLE_${v}`], authzVersion: v, revokeBelow: 0 }),
      ),
    );
    const session = await reader.read(token);
    expect(session?.user.roles).toEqual(['ROLE_40']);
    expect(session?.authzVersion).toBe(40);
    expect(await sessions.authzState(user.userId)).toEqual({ version: 40, revokeBelow: 0 });
  });

  it('revokes sessions older than revokeBelow, and all of them when the user may no longer log in', async () => {
    const user = newUser(['A']);
    const old = await writer.create(user, 1, client);
    const fresh = await writer.create(user, 5, client);
    expect(await sessions.sync({ userId: user.userId, roles: ['A'], authzVersion: 5, revokeBelow: 5 })).toEqual({
      updated: 0,
      revoked: 1,
      revokedIds: [old.session.id],
    });
    expect(await reader.read(old.token)).toBeNull();
    expect(await reader.read(fresh.token)).not.toBeNull();

    expect(await sessions.sync({ userId: user.userId, roles: null, authzVersion: 6, revokeBelow: 6 })).toEqual({
      updated: 0,
      revoked: 1,
      revokedIds: [fresh.session.id],
    });
    expect(await reader.read(fresh.token)).toBeNull();
    expect(await redis.hLen(keys.userIndex(user.userId))).toBe(0);
  });

  it('records the change even for a user without sessions, so a racing login sees it', async () => {
    const user = newUser();
    await sessions.sync({ userId: user.userId, roles: ['B'], authzVersion: 7, revokeBelow: 3 });
    expect(await sessions.authzState(user.userId)).toEqual({ version: 7, revokeBelow: 3 });
    // A login that read version 6 before the change now finds its session behind, and fixes it.
    const { token, session } = await writer.create(user, 6, client);
    const state = await sessions.authzState(user.userId);
    expect(state.version).toBeGreaterThan(session.authzVersion);
    expect(
      await sessions.syncOne(
        { userId: user.userId, roles: ['B'], authzVersion: state.version, revokeBelow: state.revokeBelow },
        session.id,
      ),
    ).toBe(true);
    expect((await reader.read(token))?.user.roles).toEqual(['B']);
  });
});
