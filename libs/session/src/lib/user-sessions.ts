import { Inject, Injectable } from '@nestjs/common';
import { decodeSessionRecord, SessionRecord } from './session-record';
import { SESSION_REDIS, SessionRedis, withSessionStore } from './session-redis';
import { isIndexEntryInFlight, onUserIndex, revokeSessions, SessionKeys } from './session-keys';
import { SYNC_RESULT } from './session-scripts';
import type { SessionOptions } from './session.config';
import { SESSION_OPTIONS } from './session.tokens';

export interface SessionListing {
  id: string;
  createdAt: number;
  // Derived from the remaining idle TTL, so reads need no extra write. In a
  // session's last idle window (TTL pinned to the absolute expiry) it is a
  // lower bound.
  lastSeenAt: number;
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
}

// What user-service says about a user now: its roles, or null when the user
// may no longer have sessions (disabled, deleted).
export interface UserAuthorization {
  userId: number;
  roles: string[] | null;
  authzVersion: number;
  // Sessions created from an older version end (password change, "log out everywhere").
  revokeBelow: number;
}

export interface AuthzState {
  version: number;
  revokeBelow: number;
}

interface IndexEntry {
  id: string;
  // The session's absolute expiry as written in the index (NaN if unreadable).
  expiresAt: number;
}

// The sessions of one user, through the per-user index: listing, ending, and
// bringing their roles up to date. Only auth-service provides it.
@Injectable()
export class UserSessions {
  private readonly keys: SessionKeys;

  constructor(
    @Inject(SESSION_REDIS) private readonly redis: SessionRedis,
    @Inject(SESSION_OPTIONS) private readonly options: SessionOptions,
  ) {
    this.keys = new SessionKeys(options);
  }

  // Live sessions, oldest first. Index entries whose session is gone are pruned.
  async list(userId: number, now = Date.now()): Promise<SessionListing[]> {
    const records = await this.records(userId, now);
    const idleMs = this.options.idleTtlSeconds * 1000;
    return records
      .map(({ id, record, ttlMs }) => ({
        id,
        createdAt: record.createdAt,
        lastSeenAt: Math.min(now, Math.max(record.createdAt, now + ttlMs - idleMs)),
        expiresAt: record.expiresAt,
        ip: record.ip,
        userAgent: record.userAgent,
      }))
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  // Ends one session if it belongs to the user; false if there is none such.
  async revokeOne(userId: number, id: string): Promise<boolean> {
    const raw = await withSessionStore(() => this.redis.get(this.keys.session(id)), this.options.commandTimeoutMs);
    if (raw === null || decodeSessionRecord(raw)?.userId !== userId) return false;
    await revokeSessions(this.redis, this.keys, this.options, userId, [id]);
    return true;
  }

  // Ends all the user's sessions but `keepId`; returns how many ended.
  async revokeAll(userId: number, keepId?: string, now = Date.now()): Promise<number> {
    const entries = (await this.index(userId)).filter((entry) => entry.id !== keepId);
    const ids = entries.map((entry) => entry.id);
    await revokeSessions(this.redis, this.keys, this.options, userId, ids, this.inFlight(entries, now));
    return ids.length;
  }

  // Ends the oldest sessions beyond the configured per-user cap, never `keepId`.
  async enforceCap(userId: number, keepId: string): Promise<number> {
    const max = this.options.maxSessionsPerUser;
    if (max === 0) return 0;
    const sessions = await this.list(userId);
    const excess = sessions.length - max;
    if (excess <= 0) return 0;
    const oldest = sessions
      .filter((session) => session.id !== keepId)
      .slice(0, excess)
      .map((session) => session.id);
    await revokeSessions(this.redis, this.keys, this.options, userId, oldest);
    return oldest.length;
  }

  // Applies a change of the user's authorization to every live session.
  // The version is raised before the index is read; a login does the reverse
  // (index, then version), so a login racing with this change either shows
  // up in the index here or sees the new version there (see LoginService).
  async sync(change: UserAuthorization, now = Date.now()): Promise<{ updated: number; revoked: number }> {
    await this.raiseAuthz(change);
    const entries = await this.index(change.userId);
    // Entries past their absolute expiry need no script: their session has ended.
    const ended = entries.filter((entry) => entry.expiresAt <= now);
    const open = entries.filter((entry) => !(entry.expiresAt <= now));
    const results = await this.syncSessions(
      change,
      open.map((entry) => entry.id),
    );
    const inFlight = this.inFlight(open, now);
    const gone = [
      ...ended.map((entry) => entry.id),
      ...open
        .filter(
          (entry, i) =>
            results[i] === SYNC_RESULT.revoked || (results[i] === SYNC_RESULT.missing && !inFlight.has(entry.id)),
        )
        .map((entry) => entry.id),
    ];
    if (gone.length > 0)
      await withSessionStore(
        () => this.redis.hDel(this.keys.userIndex(change.userId), gone),
        this.options.commandTimeoutMs,
      );
    return {
      updated: results.filter((result) => result === SYNC_RESULT.updated).length,
      revoked: results.filter((result) => result === SYNC_RESULT.revoked).length,
    };
  }

  // Applies the user's authorization to one session; true if it is still live.
  async syncOne(change: UserAuthorization, id: string): Promise<boolean> {
    const [result] = await this.syncSessions(change, [id]);
    if (result === SYNC_RESULT.updated || result === SYNC_RESULT.current) return true;
    // Only the login that owns this session calls this, after writing it.
    await withSessionStore(
      () => this.redis.hDel(this.keys.userIndex(change.userId), id),
      this.options.commandTimeoutMs,
    );
    return false;
  }

  async authzState(userId: number): Promise<AuthzState> {
    const [version, revokeBelow] = await withSessionStore(
      () => this.redis.hmGet(this.keys.userAuthz(userId), ['version', 'revokeBelow']),
      this.options.commandTimeoutMs,
    );
    return { version: Number(version ?? 0), revokeBelow: Number(revokeBelow ?? 0) };
  }

  private async raiseAuthz(change: UserAuthorization): Promise<void> {
    await withSessionStore(
      () =>
        this.redis.raiseAuthz(
          this.keys.userAuthz(change.userId),
          change.authzVersion,
          change.revokeBelow,
          this.options.absoluteTtlSeconds,
        ),
      this.options.commandTimeoutMs,
    );
  }

  private syncSessions(change: UserAuthorization, ids: string[]): Promise<number[]> {
    const roles = change.roles === null ? '' : JSON.stringify(change.roles);
    return withSessionStore(
      () =>
        Promise.all(
          ids.map((id) =>
            this.redis.syncSession(this.keys.session(id), roles, change.authzVersion, change.revokeBelow),
          ),
        ),
      this.options.commandTimeoutMs,
    );
  }

  private async index(userId: number): Promise<IndexEntry[]> {
    const indexKey = this.keys.userIndex(userId);
    const fields = await onUserIndex(this.redis, indexKey, this.options, () => this.redis.hGetAll(indexKey));
    return Object.entries(fields).map(([id, expiresAt]) => ({ id, expiresAt: Number(expiresAt) }));
  }

  // The ids of entries that may belong to a login still writing its session.
  private inFlight(entries: IndexEntry[], now: number): Set<string> {
    const ttl = this.options.absoluteTtlSeconds;
    return new Set(entries.filter((entry) => isIndexEntryInFlight(entry.expiresAt, ttl, now)).map((entry) => entry.id));
  }

  private async records(
    userId: number,
    now = Date.now(),
  ): Promise<Array<{ id: string; record: SessionRecord; ttlMs: number }>> {
    const indexKey = this.keys.userIndex(userId);
    const entries = await this.index(userId);
    // Entries past their absolute expiry are dropped without reading their session.
    const stale = entries.filter((entry) => entry.expiresAt <= now).map((entry) => entry.id);
    const open = entries.filter((entry) => !(entry.expiresAt <= now));
    // Same-tick commands: node-redis sends them in one write (a pipeline).
    const rows = await withSessionStore(
      () =>
        Promise.all(
          open.map(({ id }) =>
            Promise.all([this.redis.get(this.keys.session(id)), this.redis.pTTL(this.keys.session(id))]),
          ),
        ),
      this.options.commandTimeoutMs,
    );
    const inFlight = this.inFlight(open, now);
    const live: Array<{ id: string; record: SessionRecord; ttlMs: number }> = [];
    rows.forEach(([raw, ttlMs], i) => {
      const { id } = open[i];
      const record = raw === null ? null : decodeSessionRecord(raw);
      if (record && record.userId === userId && ttlMs > 0) live.push({ id, record, ttlMs });
      else if (raw !== null || !inFlight.has(id)) stale.push(id);
    });
    if (stale.length > 0) await withSessionStore(() => this.redis.hDel(indexKey, stale), this.options.commandTimeoutMs);
    return live;
  }
}
