import type { SessionUser, UserAuthorization } from '@session-mesh/contracts';
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
import type { UserDirectory } from '../user-directory/user-directory.service';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { LoginThrottle } from './login-throttle.service';
import { LoginService } from './login.service';

// The login/role-change race, on real Redis. user-service is replaced by a
// directory whose answers the test scripts, so each interleaving can be
// forced deterministically.
describe('LoginService racing with authorization changes (real Redis)', () => {
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
    secondFactorPendingTtlSeconds: 300,
  } as AuthServiceConfig;
  const throttle = new LoginThrottle(
    new FailureCounterStore(redis, options),
    new KnownDeviceStore(redis, options),
    config,
  );
  const audit = new AuditLog(new AuditStream(redis, testAuditOptions()), 'auth-service');
  let nextUserId = 5000;

  beforeAll(() => redis.connect());
  afterAll(() => redis.destroy());

  function directory(
    verify: () => Promise<{ user: SessionUser; authzVersion: number } | null>,
    now: () => UserAuthorization,
  ) {
    return { verifyCredentials: verify, authorization: async () => now() } as unknown as UserDirectory;
  }

  it('ends with the new roles when the change lands between the credential check and the session write', async () => {
    const userId = nextUserId++;
    const newState: UserAuthorization = { userId, roles: ['ASSIGN_USERS'], authzVersion: 2, revokeBelow: 0 };
    const login = new LoginService(
      directory(
        async () => {
          // user-service answered with version 1; the change to version 2 is
          // applied by auth-service before this login writes its session.
          await userSessions.sync(newState);
          return { user: { userId, username: 'race@example.com', roles: [] }, authzVersion: 1 };
        },
        () => newState,
      ),
      writer,
      userSessions,
      throttle,
      audit,
      config,
    );
    const { token, session } = await login.login({ username: 'race@example.com', password: 'x' }, client);
    expect(session.user.roles).toEqual(['ASSIGN_USERS']);
    expect((await reader.read(token))?.user.roles).toEqual(['ASSIGN_USERS']);
    expect((await reader.read(token))?.authzVersion).toBe(2);
  });

  it('ends with the new roles when the change lands right after the session write', async () => {
    const userId = nextUserId++;
    const newState: UserAuthorization = { userId, roles: ['CREATE_ROLE'], authzVersion: 4, revokeBelow: 0 };
    const racingWriter = Object.create(writer) as SessionWriter;
    racingWriter.create = async (...args) => {
      const created = await writer.create(...args);
      await userSessions.sync(newState); // finds the new session in the index and rewrites it
      return created;
    };
    const login = new LoginService(
      directory(
        async () => ({ user: { userId, username: 'r2@example.com', roles: [] }, authzVersion: 3 }),
        () => newState,
      ),
      racingWriter,
      userSessions,
      throttle,
      audit,
      config,
    );
    const { token } = await login.login({ username: 'r2@example.com', password: 'x' }, client);
    expect((await reader.read(token))?.user.roles).toEqual(['CREATE_ROLE']);
  });

  it('refuses the login, leaving no session, when a password change or disabling raced with it', async () => {
    const userId = nextUserId++;
    const revoked: UserAuthorization = { userId, roles: [], authzVersion: 8, revokeBelow: 8 };
    const login = new LoginService(
      directory(
        async () => {
          await userSessions.sync(revoked);
          return { user: { userId, username: 'r3@example.com', roles: [] }, authzVersion: 7 };
        },
        () => revoked,
      ),
      writer,
      userSessions,
      throttle,
      audit,
      config,
    );
    const error = await login.login({ username: 'r3@example.com', password: 'old' }, client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_credentials');
    expect(await userSessions.list(userId)).toEqual([]);
  });

  it('keeps a login from a version that is already current untouched', async () => {
    const userId = nextUserId++;
    const login = new LoginService(
      directory(
        async () => ({ user: { userId, username: 'r4@example.com', roles: ['A_ROLE'] }, authzVersion: 0 }),
        () => {
          throw new Error('must not ask user-service again');
        },
      ),
      writer,
      userSessions,
      throttle,
      audit,
      config,
    );
    const { token } = await login.login({ username: 'r4@example.com', password: 'x' }, client);
    expect((await reader.read(token))?.user.roles).toEqual(['A_ROLE']);
  });
});
