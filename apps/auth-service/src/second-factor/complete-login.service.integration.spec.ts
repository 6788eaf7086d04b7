import type { SecondFactorRequest, SessionUser } from '@session-mesh/contracts';
import { AppError } from '@session-mesh/platform';
import {
  AuditLog,
  AuditStream,
  FailureCounterStore,
  KnownDeviceStore,
  SessionReader,
  SessionStore,
  SessionWriter,
  UserSessions,
} from '@session-mesh/session';
import { createSessionRedis, testAuditOptions, testSessionOptions } from '@session-mesh/session/testing';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { LoginThrottle } from '../login/login-throttle.service';
import type { UserDirectory } from '../user-directory/user-directory.service';
import { CompleteLoginService } from './complete-login.service';

// The second step of a TOTP login on real Redis. user-service is replaced by
// a directory that accepts every code, so the race between two second steps
// on one pending session is left to the session store alone.
describe('CompleteLoginService (real Redis)', () => {
  const options = testSessionOptions();
  const redis = createSessionRedis(options.redis);
  const store = new SessionStore(redis, options);
  const writer = new SessionWriter(store, options);
  const userSessions = new UserSessions(store, options);
  const reader = new SessionReader(store, options);
  const client = { ip: null, userAgent: 'jest' };
  const config = {
    session: options,
    loginThrottle: { maxPerUsername: 1000, maxPerIp: 1000, windowSeconds: 60, knownDeviceTtlSeconds: 3600 },
  } as AuthServiceConfig;
  const throttle = new LoginThrottle(
    new FailureCounterStore(redis, options),
    new KnownDeviceStore(redis, options),
    config,
  );
  const audit = new AuditLog(new AuditStream(redis, testAuditOptions()), 'auth-service');
  let nextUserId = 7000;

  beforeAll(() => redis.connect());
  afterAll(() => redis.destroy());

  function service(accepts: boolean): CompleteLoginService {
    const directory = {
      verifySecondFactor: async ({ userId }: { userId: number }) =>
        accepts
          ? {
              user: { userId, username: `u${userId}@example.com`, roles: ['ASSIGN_USERS'] } satisfies SessionUser,
              authzVersion: 0,
              method: 'totp',
            }
          : null,
    } as unknown as UserDirectory;
    return new CompleteLoginService(directory, writer, userSessions, throttle, audit);
  }

  async function pendingLogin() {
    const userId = nextUserId++;
    const user = { userId, username: `u${userId}@example.com`, roles: ['ASSIGN_USERS'] };
    return writer.create(user, 0, client, { aal: 0, lifetimeSeconds: 300 });
  }

  const code: SecondFactorRequest = { code: '123456' };

  it('turns a pending session into a new aal-2 session and ends the pending token', async () => {
    const pending = await pendingLogin();
    expect((await reader.read(pending.token))?.aal).toBe(0);
    const done = await service(true).complete(pending.session, code, client, null);
    expect(done.token).not.toBe(pending.token);
    expect(await reader.read(pending.token)).toBeNull();
    const full = await reader.read(done.token);
    expect(full).toMatchObject({ aal: 2, user: { userId: pending.session.user.userId } });
    expect((full?.expiresAt ?? 0) - (full?.createdAt ?? 0)).toBe(options.absoluteTtlSeconds * 1000);
    expect(done.deviceToken).toEqual(expect.any(String));
  });

  it('gives one session when two second steps race on one pending session', async () => {
    const pending = await pendingLogin();
    const results = await Promise.allSettled([
      service(true).complete(pending.session, code, client, null),
      service(true).complete(pending.session, { recoveryCode: 'ABCDEFGHIJKLMNOP' }, client, null),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect([won.length, lost.length]).toEqual([1, 1]);
    expect(((lost[0] as PromiseRejectedResult).reason as AppError).code).toBe('session_invalid');
    const listed = await userSessions.list(pending.session.user.userId);
    expect(listed.map((s) => s.id)).toEqual([
      (won[0] as PromiseFulfilledResult<{ session: { id: string } }>).value.session.id,
    ]);
  });

  it('keeps the pending session after a wrong code, and refuses a session that is not pending', async () => {
    const pending = await pendingLogin();
    const wrong = await service(false)
      .complete(pending.session, code, client, null)
      .catch((e: unknown) => e);
    expect((wrong as AppError).code).toBe('invalid_second_factor');
    expect((await reader.read(pending.token))?.aal).toBe(0);

    const full = await writer.create(pending.session.user, 0, client, { aal: 2 });
    const refused = await service(true)
      .complete(full.session, code, client, null)
      .catch((e: unknown) => e);
    expect((refused as AppError).code).toBe('second_factor_not_pending');
  });
});
