import { Inject, Injectable } from '@nestjs/common';
import type { SessionActor, SessionUser } from '@session-mesh/contracts';
import { SessionError } from './session.errors';
import { encodeSessionRecord, SessionRecord, toActiveSession } from './session-record.codec';
import { SESSION_OPTIONS } from './session.constants';
import type { SessionOptions } from './session.config';
import { SessionStore } from './session.store';
import { generateSessionToken, sessionIdOf } from './session-token';
import type { ActiveSession, AssuranceLevel, SessionClientInfo, SessionTransport } from './session.types';

export interface SessionCreation {
  // The assurance level the login reached (1 a password, 2 with a second
  // factor, 0 a password still waiting for the second factor).
  aal?: AssuranceLevel;
  // "Remember me": the longer SESSION_REMEMBER_ME_* lifetimes and a persistent cookie.
  rememberMe?: boolean;
  // How the client will send the token (default: the session cookie).
  transport?: SessionTransport;
  // A lifetime shorter than the absolute one (a pending login's, an impersonation's).
  lifetimeSeconds?: number;
  // An impersonation session: who acts as `user`. No credential of the user
  // was checked, so the record says none ever was (authenticatedAt 0): every
  // reader, even one that ignores `actor`, finds it stale on sensitive routes.
  actor?: SessionActor;
  now?: number;
}

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
  create(
    user: SessionUser,
    authzVersion: number,
    client: SessionClientInfo,
    {
      aal = 1,
      rememberMe = false,
      transport = 'cookie',
      lifetimeSeconds,
      actor,
      now = Date.now(),
    }: SessionCreation = {},
  ): Promise<CreatedSession> {
    // Each session keeps the lifetimes it was created with, whatever the settings become.
    const lifetimes = rememberMe ? this.options.rememberMe : this.options;
    return this.write(
      {
        v: 1,
        userId: user.userId,
        username: user.username,
        roles: user.roles,
        createdAt: now,
        expiresAt: now + Math.min(lifetimeSeconds ?? Infinity, lifetimes.absoluteTtlSeconds) * 1000,
        authzVersion,
        ip: client.ip,
        userAgent: client.userAgent,
        authenticatedAt: actor ? 0 : now,
        aal,
        idleSeconds: lifetimes.idleTtlSeconds,
        rememberMe,
        transport,
        ...(actor && { actor: { userId: actor.userId, username: actor.username } }),
      },
      now,
    );
  }

  // Re-authentication: the same session (its creation, lifetimes and
  // transport stay) under a new token, with the credentials just checked. The privilege
  // changed, so the token changes too; the old one ends once the new one is
  // written. The level never drops: a password re-check of a session that
  // passed a second factor keeps aal 2.
  async rotate(
    current: ActiveSession,
    user: SessionUser,
    authzVersion: number,
    client: SessionClientInfo,
    aal: AssuranceLevel,
    now = Date.now(),
  ): Promise<CreatedSession> {
    // The guard keeps impersonation sessions off the routes that rotate; this
    // holds whoever calls it.
    if (current.actor) {
      throw new SessionError('impersonation_restricted', 'An impersonation session cannot re-authenticate');
    }
    const created = await this.write(
      {
        v: 1,
        userId: user.userId,
        username: user.username,
        roles: user.roles,
        createdAt: current.createdAt,
        expiresAt: current.expiresAt,
        authzVersion,
        ip: client.ip,
        userAgent: client.userAgent,
        authenticatedAt: now,
        aal: Math.max(aal, current.aal) as AssuranceLevel,
        idleSeconds: current.idleSeconds,
        rememberMe: current.rememberMe,
        transport: current.transport,
      },
      now,
    );
    await this.revoke(current);
    return created;
  }

  async revoke(session: Pick<ActiveSession, 'id' | 'user'>): Promise<void> {
    await this.store.revoke(session.user.userId, [session.id]);
  }

  // Ends the session like revoke(); true only for the one caller whose DEL
  // removed it, so two requests racing to use up a session cannot both win.
  async claim(session: Pick<ActiveSession, 'id' | 'user'>): Promise<boolean> {
    const [deleted] = await this.store.deleteSessions([session.id]);
    await this.store.dropFromIndex(session.user.userId, [session.id]);
    return deleted;
  }

  private async write(record: SessionRecord, now: number): Promise<CreatedSession> {
    const token = generateSessionToken();
    const id = sessionIdOf(token);
    // Index first, then the session: a crash in between leaves only an index
    // entry without a session, which listing prunes, never a session that
    // cannot be found and revoked. The two keys may live on different cluster
    // slots, so no transaction spans them. The entry's value is the session's
    // absolute expiry, so listing and syncing drop entries of ended sessions
    // without reading them and spare those of logins still in flight.
    await this.store.addToIndex(record.userId, id, record.expiresAt);
    const idleSeconds = record.idleSeconds ?? this.options.idleTtlSeconds;
    const ttlSeconds = Math.max(1, Math.min(idleSeconds, Math.ceil((record.expiresAt - now) / 1000)));
    await this.store.write(id, encodeSessionRecord(record), ttlSeconds);
    return { token, session: toActiveSession(id, record, this.options.idleTtlSeconds) };
  }
}
