import type { GetSessionUserReply, UserAuthorization } from '@session-mesh/contracts';
import { AppError } from '@session-mesh/platform';
import {
  AuditLog,
  AuditStream,
  SessionReader,
  SessionStore,
  SessionWriter,
  UserSessions,
  type ActiveSession,
} from '@session-mesh/session';
import { createSessionRedis, testAuditOptions, testSessionOptions } from '@session-mesh/session/testing';
import type { UserDirectory } from '../user-directory/user-directory.service';
import { StartImpersonationService } from './start-impersonation.service';

// Starting an impersonation on real Redis; user-service is replaced by a
// directory that answers from a table, so its races can be forced.
describe('StartImpersonationService (real Redis)', () => {
  // A normal lifetime longer than an impersonation's.
  const options = testSessionOptions({ maxSessionsPerUser: 1, absoluteTtlSeconds: 7200 });
  const redis = createSessionRedis(options.redis);
  const store = new SessionStore(redis, options);
  const writer = new SessionWriter(store, options);
  const userSessions = new UserSessions(store, options);
  const reader = new SessionReader(store, options);
  const audit = new AuditLog(new AuditStream(redis, testAuditOptions()), 'auth-service');
  const client = { ip: null, userAgent: 'jest' };
  let nextUserId = 9000;
  let actor: ActiveSession;

  beforeAll(async () => {
    await redis.connect();
    actor = (await writer.create({ userId: nextUserId++, username: 'support', roles: ['IMPERSONATE'] }, 0, client))
      .session;
  });
  afterAll(() => redis.destroy());

  // `onAuthorization`: runs when the service catches up with a change.
  function service(
    users: Record<number, GetSessionUserReply>,
    onAuthorization?: (userId: number) => UserAuthorization,
  ): StartImpersonationService {
    const directory = {
      sessionUser: async (userId: number) => {
        const reply = users[userId];
        if (!reply) throw new AppError('user_not_found', 404, `No user with id ${userId}`);
        return structuredClone(reply);
      },
      authorization: async (userId: number) => onAuthorization?.(userId),
    } as unknown as UserDirectory;
    return new StartImpersonationService(directory, writer, userSessions, audit);
  }

  const userWith = (roles: string[], disabled = false): GetSessionUserReply => {
    const userId = nextUserId++;
    return { user: { userId, username: `u${userId}@example.com`, roles }, authzVersion: 0, disabled };
  };

  async function codeOf(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }

  it("starts a session of the user naming the actor, without ending the user's own sessions", async () => {
    const target = userWith(['ASSIGN_USERS']);
    const own = await writer.create(target.user, 0, client);
    const record = jest.spyOn(audit, 'record');
    const started = await service({ [target.user.userId]: target }).start(actor, target.user.userId, 'bearer', client);
    expect(started.deviceToken).toBeNull();
    expect(await reader.read(started.token)).toMatchObject({
      user: target.user,
      actor: { userId: actor.user.userId, username: 'support' },
      transport: 'bearer',
      rememberMe: false,
      authenticatedAt: 0,
    });
    expect(started.session.expiresAt - started.session.createdAt).toBe(3_600_000);
    // SESSION_MAX_PER_USER is 1 here: a login would have ended the older one.
    expect(await reader.read(own.token)).not.toBeNull();
    expect(record).toHaveBeenCalledWith(
      expect.objectContaining({
        type: 'impersonation.started',
        actor: actor.user.userId,
        user: target.user.userId,
        sessionId: started.session.id,
      }),
    );
    record.mockRestore();
  });

  it('refuses oneself, a disabled user, a holder of IMPERSONATE or a MANAGE_ role, and passes on an unknown user', async () => {
    const disabled = userWith([], true);
    const impersonator = userWith(['IMPERSONATE']);
    const manager = userWith(['ASSIGN_USERS', 'MANAGE_USERS']);
    const self: GetSessionUserReply = { user: actor.user, authzVersion: 0, disabled: false };
    const start = service({
      [disabled.user.userId]: disabled,
      [impersonator.user.userId]: impersonator,
      [manager.user.userId]: manager,
      [actor.user.userId]: self,
    });
    for (const id of [actor.user.userId, disabled.user.userId, impersonator.user.userId, manager.user.userId]) {
      expect(await codeOf(start.start(actor, id, undefined, client))).toBe('impersonation_refused');
    }
    expect(await codeOf(start.start(actor, 999_999, undefined, client))).toBe('user_not_found');
    for (const reply of [disabled, impersonator, manager]) {
      expect(await userSessions.list(reply.user.userId)).toEqual([]);
    }
  });

  it('refuses, and leaves no session, when a change making the user a MANAGE_ holder lands meanwhile', async () => {
    const target = userWith(['ASSIGN_USERS']);
    const { userId } = target.user;
    const promoted: UserAuthorization = { userId, roles: ['MANAGE_SESSIONS'], authzVersion: 1, revokeBelow: 0 };
    // The change commits after user-service answered and before the catch-up reads the version.
    await userSessions.sync(promoted);
    expect(await codeOf(service({ [userId]: target }, () => promoted).start(actor, userId, undefined, client))).toBe(
      'impersonation_refused',
    );
    expect(await userSessions.list(userId)).toEqual([]);
  });
});
