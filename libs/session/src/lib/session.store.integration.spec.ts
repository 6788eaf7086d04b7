import type { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '@session-mesh/platform';
import { PrivateRedis } from '../testing/private-redis';
import { commandCalls } from '../testing/redis-inspection';
import { testSessionOptions } from '../testing/test-session-options';
import { SessionKeys } from './session-keys';
import { SessionStore } from './session.store';
import { decodeSessionRecord } from './session-record.codec';
import { connectInBackground, createSessionRedis, QUEUE_LIMIT, SessionRedis } from './session-redis';
import { SessionReader } from './session-reader.service';
import { generateSessionToken, sessionIdOf } from './session-token';
import { SessionWriter } from './session-writer.service';

const user = { userId: 42, username: 'jane@example.com', roles: ['ASSIGN_USERS'] };
const client = { ip: '10.0.0.1', userAgent: 'jest' };

async function until(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Until the client's (re)connection is up and Redis answers.
function untilReachable(redis: SessionRedis, timeoutMs?: number): Promise<void> {
  return until(
    () =>
      redis.ping().then(
        () => true,
        () => false,
      ),
    timeoutMs,
  );
}

describe('Redis session store (real Redis)', () => {
  const options = testSessionOptions({ idleTtlSeconds: 60, absoluteTtlSeconds: 600 });
  const keys = new SessionKeys(options);
  let redis: SessionRedis;
  let reader: SessionReader;
  let writer: SessionWriter;

  beforeAll(async () => {
    redis = createSessionRedis(options.redis);
    await redis.connect();
    reader = new SessionReader(new SessionStore(redis, options), options);
    writer = new SessionWriter(new SessionStore(redis, options), options);
  });

  afterAll(() => redis.destroy());

  it('stores a versioned record under sess:<sha256(token)> and indexes it per user', async () => {
    const { token, session } = await writer.create(user, 0, client);
    expect(session.id).toBe(sessionIdOf(token));
    const raw = await redis.get(keys.session(session.id));
    expect(decodeSessionRecord(raw as string)).toMatchObject({ v: 1, ...user, ...client });
    expect(await redis.get(keys.session(token))).toBeNull();
    expect(await redis.hGet(keys.userIndex(user.userId), session.id)).toBe(String(session.expiresAt));
    expect(await redis.ttl(keys.session(session.id))).toBeGreaterThan(55);
  });

  // INFO commandstats counts the script's own GET and PEXPIRE too; the
  // client sends one EVALSHA (one EVAL only the first time a node lacks the script).
  async function commandsOf(work: () => Promise<unknown>): Promise<Record<string, number>> {
    const names = ['evalsha', 'eval', 'getex', 'get', 'expire', 'pexpireat'];
    const before = await Promise.all(names.map(commandCalls));
    await work();
    const after = await Promise.all(names.map(commandCalls));
    return Object.fromEntries(names.map((name, i) => [name, after[i] - before[i]]));
  }

  it('reads a session back and slides its idle timeout in one command', async () => {
    const { token, session } = await writer.create(user, 0, client);
    await reader.read(token); // the script is loaded on this node from here on
    await redis.expire(keys.session(session.id), 5);
    let read: unknown;
    const commands = await commandsOf(async () => (read = await reader.read(token)));
    expect(read).toMatchObject({ user, idleSeconds: 60, rememberMe: false, transport: 'cookie' });
    expect(commands).toEqual({ evalsha: 1, eval: 0, getex: 0, get: 1, expire: 1, pexpireat: 0 });
    expect(await redis.ttl(keys.session(session.id))).toBeGreaterThan(55);
  });

  it('gives a "remember me" session its own lifetimes, and slides it by its own idle timeout in the same one command', async () => {
    const now = Date.now();
    const { token, session } = await writer.create(user, 0, client, { rememberMe: true, transport: 'bearer', now });
    expect(session).toMatchObject({
      expiresAt: now + 86_400_000,
      idleSeconds: 3600,
      rememberMe: true,
      transport: 'bearer',
    });
    expect(decodeSessionRecord((await redis.get(keys.session(session.id))) as string)).toMatchObject({
      idleSeconds: 3600,
      rememberMe: true,
      transport: 'bearer',
      expiresAt: now + 86_400_000,
    });
    expect(await redis.ttl(keys.session(session.id))).toBeGreaterThan(3590);
    await reader.read(token); // the script is loaded on this node from here on (a cluster has several)
    await redis.expire(keys.session(session.id), 5);
    const commands = await commandsOf(() => reader.read(token));
    expect(commands['evalsha'] + commands['eval']).toBe(1);
    expect([commands['getex'], commands['pexpireat'], commands['expire']]).toEqual([0, 0, 1]);
    expect(await redis.ttl(keys.session(session.id))).toBeGreaterThan(3590);
    // A reader configured otherwise still applies the session's own timeout.
    const otherOptions = { ...options, idleTtlSeconds: 10 };
    await new SessionReader(new SessionStore(redis, otherOptions), otherOptions).read(token);
    expect(await redis.ttl(keys.session(session.id))).toBeGreaterThan(3590);
  });

  it('slides a record written before idleSeconds existed by the configured idle timeout', async () => {
    const { token, session } = await writer.create(user, 0, client);
    const {
      idleSeconds: _idle,
      rememberMe: _remember,
      transport: _transport,
      ...old
    } = JSON.parse((await redis.get(keys.session(session.id))) as string) as Record<string, unknown>;
    await redis.set(keys.session(session.id), JSON.stringify(old), { expiration: { type: 'EX', value: 5 } });
    expect(await reader.read(token)).toMatchObject({ idleSeconds: 60, rememberMe: false, transport: 'cookie' });
    expect(await redis.ttl(keys.session(session.id))).toBeGreaterThan(55);
  });

  it('keeps the user index alive as long as its longest session, whatever the order of logins', async () => {
    const someone = { ...user, userId: 4242 };
    const long = await writer.create(someone, 0, client, { rememberMe: true });
    await writer.create(someone, 0, client);
    expect(await redis.pExpireTime(keys.userIndex(someone.userId))).toBe(long.session.expiresAt);
    const other = { ...user, userId: 4243 };
    const short = await writer.create(other, 0, client);
    expect(await redis.pExpireTime(keys.userIndex(other.userId))).toBe(short.session.expiresAt);
    const longer = await writer.create(other, 0, client, { rememberMe: true });
    expect(await redis.pExpireTime(keys.userIndex(other.userId))).toBe(longer.session.expiresAt);
  });

  it('rotates at re-authentication: new token, same creation and expiry, raised authenticatedAt; the old token is dead', async () => {
    const loggedIn = Date.now() - 60_000;
    const old = await writer.create(user, 0, client, { now: loggedIn });
    const current = await reader.read(old.token);
    expect(current).toMatchObject({ authenticatedAt: loggedIn, aal: 1 });
    if (!current) throw new Error('the session to rotate is gone');
    const now = Date.now();
    const rotated = await writer.rotate(current, user, 0, { ip: '10.0.0.2', userAgent: 'jest' }, 1, now);
    expect(rotated.token).not.toBe(old.token);
    expect(await reader.read(old.token)).toBeNull();
    expect(await reader.read(rotated.token)).toMatchObject({
      createdAt: loggedIn,
      expiresAt: old.session.expiresAt,
      authenticatedAt: now,
      aal: 1,
      ip: '10.0.0.2',
    });
    const index = await redis.hGetAll(keys.userIndex(user.userId));
    expect(index[rotated.session.id]).toBe(String(old.session.expiresAt));
    expect(index[old.session.id]).toBeUndefined();
  });

  it('returns null for an unknown token and for a garbage record', async () => {
    expect(await reader.read(generateSessionToken())).toBeNull();
    const token = generateSessionToken();
    await redis.set(keys.session(sessionIdOf(token)), '{"v":1,"userId":"oops"}');
    expect(await reader.read(token)).toBeNull();
  });

  it('refuses a session past its absolute lifetime even while its key lives', async () => {
    const { token, session } = await writer.create(user, 0, client);
    expect(await reader.read(token, session.expiresAt - 1)).not.toBeNull();
    expect(await reader.read(token, session.expiresAt)).toBeNull();
  });

  it('lets the key expire after the idle timeout', async () => {
    const short = testSessionOptions({ idleTtlSeconds: 1, absoluteTtlSeconds: 600 });
    const { token } = await new SessionWriter(new SessionStore(redis, short), short).create(user, 0, client);
    const shortReader = new SessionReader(new SessionStore(redis, short), short);
    expect(await shortReader.read(token)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await shortReader.read(token)).toBeNull();
  });

  it('pins the key to the absolute expiry in the last idle window, so it is gone on time', async () => {
    const tight = testSessionOptions({ idleTtlSeconds: 60, absoluteTtlSeconds: 600 });
    const { token, session } = await new SessionWriter(new SessionStore(redis, tight), tight).create(user, 0, client);
    const tightReader = new SessionReader(new SessionStore(redis, tight), tight);
    // Early in its life a read slides the TTL to the idle timeout.
    await tightReader.read(token, session.createdAt);
    expect(await redis.pExpireTime(new SessionKeys(tight).session(session.id))).toBeLessThan(
      session.expiresAt - 500_000,
    );
    // Within one idle timeout of the end, the key expires exactly at
    // expiresAt: the script pins it, still in one command.
    const commands = await commandsOf(() => tightReader.read(token, session.expiresAt - 30_000));
    expect(await redis.pExpireTime(new SessionKeys(tight).session(session.id))).toBe(session.expiresAt);
    expect(commands['evalsha'] + commands['eval']).toBe(1);
    expect([commands['getex'], commands['pexpireat'], commands['expire']]).toEqual([0, 1, 0]);
  });

  it('keeps its lifetimes and transport at re-authentication', async () => {
    const old = await writer.create(user, 0, client, { rememberMe: true, transport: 'bearer' });
    const rotated = await writer.rotate(old.session, user, 0, client, 1);
    expect(await reader.read(rotated.token)).toMatchObject({
      expiresAt: old.session.expiresAt,
      idleSeconds: 3600,
      rememberMe: true,
      transport: 'bearer',
    });
  });

  it('revokes a session for every reader at once and drops it from the index', async () => {
    const { token, session } = await writer.create(user, 0, client);
    await writer.revoke(session);
    expect(await reader.read(token)).toBeNull();
    expect(await redis.hExists(keys.userIndex(user.userId), session.id)).toBe(0);
  });
});

describe('Redis session store when Redis goes away', () => {
  let server: PrivateRedis;
  let redis: SessionRedis;

  beforeAll(async () => {
    server = await PrivateRedis.start();
  });

  afterAll(async () => {
    redis?.destroy();
    await server.stop();
  });

  it('answers 503 session_store_unavailable while down and recovers by itself', async () => {
    const options = testSessionOptions({ redis: { kind: 'single', url: server.url }, commandTimeoutMs: 500 });
    const lines: string[] = [];
    const logger = { error: (line: string) => lines.push(line), log: (line: string) => lines.push(line) };
    redis = createSessionRedis(options.redis, logger as unknown as Logger);
    connectInBackground(redis);
    await untilReachable(redis);
    const writer = new SessionWriter(new SessionStore(redis, options), options);
    const reader = new SessionReader(new SessionStore(redis, options), options);
    const { token } = await writer.create(user, 0, client);

    await server.stop();
    const started = Date.now();
    const error = await reader.read(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('session_store_unavailable');
    expect((error as AppError).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(3000);
    // Many refused requests during the outage: still one line for it.
    const refused = await Promise.all(Array.from({ length: 50 }, () => reader.read(token).catch(() => 'refused')));
    expect(refused.every((answer) => answer === 'refused')).toBe(true);

    // The restarted server is empty: the session is gone, but the client is back.
    await server.start();
    await untilReachable(redis, 10_000);
    expect(await reader.read(token)).toBeNull();
    const again = await writer.create(user, 0, client);
    expect((await reader.read(again.token))?.user).toEqual(user);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Redis \(session store\) unavailable: /);
    expect(lines[1]).toMatch(
      /^Redis \(session store\) available again after [\d.]+ s; (5[1-9]|\d{3,}) request\(s\) refused meanwhile$/,
    );
  });

  // node-redis stops timing a command once it is written; the store's own
  // deadline must still end the request.
  it('answers 503 while Redis hangs with the command already written, and serves again when it resumes', async () => {
    const options = testSessionOptions({ redis: { kind: 'single', url: server.url }, commandTimeoutMs: 300 });
    const hung = createSessionRedis(options.redis);
    try {
      connectInBackground(hung);
      await untilReachable(hung);
      const writer = new SessionWriter(new SessionStore(hung, options), options);
      const reader = new SessionReader(new SessionStore(hung, options), options);
      const { token } = await writer.create(user, 0, client);

      server.pause();
      try {
        const [read, created] = await Promise.all([
          reader.read(token).catch((e: unknown) => e),
          writer.create(user, 0, client).catch((e: unknown) => e),
        ]);
        for (const error of [read, created]) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('session_store_unavailable');
        }
      } finally {
        server.resume();
      }
      expect((await reader.read(token))?.user).toEqual(user);
    } finally {
      hung.destroy();
    }
  });

  // The queue limit bounds memory while Redis hangs: past it, a request is
  // refused at once instead of waiting for the store's deadline.
  it('refuses at once, as a 503, a command beyond the queue limit while Redis hangs', async () => {
    const options = testSessionOptions({ redis: { kind: 'single', url: server.url }, commandTimeoutMs: 60_000 });
    const hung = createSessionRedis(options.redis);
    try {
      connectInBackground(hung);
      await untilReachable(hung);
      const reader = new SessionReader(new SessionStore(hung, options), options);
      server.pause();
      try {
        const waiting = Array.from({ length: QUEUE_LIMIT }, () => hung.ping().catch(() => 'failed'));
        const outcome = await Promise.race([
          reader.read(generateSessionToken()).catch((e: unknown) => e),
          sleep(3000, 'still waiting', { ref: false }),
        ]);
        expect(outcome).toBeInstanceOf(AppError);
        expect((outcome as AppError).code).toBe('session_store_unavailable');
        server.resume();
        // The queued commands are answered once Redis resumes: nothing was lost.
        expect(new Set(await Promise.all(waiting))).toEqual(new Set(['PONG']));
      } finally {
        server.resume();
      }
    } finally {
      hung.destroy();
    }
  });
});
