import { Inject, Injectable } from '@nestjs/common';
import type { SessionUser } from '@session-mesh/contracts';
import { encodeSessionRecord, SessionRecord, toActiveSession } from './session-record';
import { SESSION_REDIS, SessionRedis, withSessionStore } from './session-redis';
import { onUserIndex, revokeSessions, SessionKeys } from './session-keys';
import { SESSION_OPTIONS } from './session.tokens';
import type { SessionOptions } from './session.config';
import { generateSessionToken, sessionIdOf } from './session-token';
import type { ActiveSession, SessionClientInfo } from './session.types';

export interface CreatedSession {
  token: string;
  session: ActiveSession;
}

// Creates and ends sessions. Only auth-service provides it.
@Injectable()
export class SessionWriter {
  private readonly keys: SessionKeys;

  constructor(
    @Inject(SESSION_REDIS) private readonly redis: SessionRedis,
    @Inject(SESSION_OPTIONS) private readonly options: SessionOptions,
  ) {
    this.keys = new SessionKeys(options);
  }

  // A new random token at every login, so a token planted before login
  // (session fixation) is never promoted.
  async create(
    user: SessionUser,
    authzVersion: number,
    client: SessionClientInfo,
    now = Date.now(),
  ): Promise<CreatedSession> {
    const token = generateSessionToken();
    const id = sessionIdOf(token);
    const record: SessionRecord = {
      v: 1,
      userId: user.userId,
      username: user.username,
      roles: user.roles,
      createdAt: now,
      expiresAt: now + this.options.absoluteTtlSeconds * 1000,
      authzVersion,
      ip: client.ip,
      userAgent: client.userAgent,
    };
    const indexKey = this.keys.userIndex(user.userId);
    // Index first, then the session: a crash in between leaves only an index
    // entry without a session, which listing prunes, never a session that
    // cannot be found and revoked. The two keys may live on different cluster
    // slots, so no transaction spans them. The index is a hash: Redis keeps a
    // small one as a listpack (168 B with one session, where a set takes
    // 264 B; see docs/session-format.md). Each entry's
    // value is the session's absolute expiry, so listing and syncing drop
    // entries of ended sessions without reading them and spare the entries of
    // logins still in flight (see INDEX_ENTRY_GRACE_MS).
    await onUserIndex(this.redis, indexKey, this.options, () =>
      Promise.all([
        this.redis.hSet(indexKey, id, record.expiresAt),
        this.redis.expire(indexKey, this.options.absoluteTtlSeconds),
      ]),
    );
    await withSessionStore(
      () =>
        this.redis.set(this.keys.session(id), encodeSessionRecord(record), {
          expiration: { type: 'EX', value: Math.min(this.options.idleTtlSeconds, this.options.absoluteTtlSeconds) },
        }),
      this.options.commandTimeoutMs,
    );
    return { token, session: toActiveSession(id, record) };
  }

  async revoke(session: Pick<ActiveSession, 'id' | 'user'>): Promise<void> {
    await revokeSessions(this.redis, this.keys, this.options, session.user.userId, [session.id]);
  }
}
