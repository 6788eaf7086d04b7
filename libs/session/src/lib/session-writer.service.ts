import { Inject, Injectable } from '@nestjs/common';
import type { SessionUser } from '@session-mesh/contracts';
import { encodeSessionRecord, SessionRecord, toActiveSession } from './session-record.codec';
import { SESSION_OPTIONS } from './session.constants';
import type { SessionOptions } from './session.config';
import { SessionStore } from './session.store';
import { generateSessionToken, sessionIdOf } from './session-token';
import type { ActiveSession, SessionClientInfo } from './session.types';

export interface CreatedSession {
  token: string;
  session: ActiveSession;
}

// Creates and ends sessions. Only auth-service provides it.
@Injectable()
export class SessionWriter {
  constructor(
    private readonly store: SessionStore,
    @Inject(SESSION_OPTIONS) private readonly options: SessionOptions,
  ) {}

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
    // Index first, then the session: a crash in between leaves only an index
    // entry without a session, which listing prunes, never a session that
    // cannot be found and revoked. The two keys may live on different cluster
    // slots, so no transaction spans them. The entry's value is the session's
    // absolute expiry, so listing and syncing drop entries of ended sessions
    // without reading them and spare those of logins still in flight.
    await this.store.addToIndex(user.userId, id, record.expiresAt);
    const ttlSeconds = Math.min(this.options.idleTtlSeconds, this.options.absoluteTtlSeconds);
    await this.store.write(id, encodeSessionRecord(record), ttlSeconds);
    return { token, session: toActiveSession(id, record) };
  }

  async revoke(session: Pick<ActiveSession, 'id' | 'user'>): Promise<void> {
    await this.store.revoke(session.user.userId, [session.id]);
  }
}
