import { Inject, Injectable } from '@nestjs/common';
import type { UserAuthorization } from '@session-mesh/contracts';
import { decodeSessionRecord, SessionRecord } from './session-record.codec';
import { SYNC_RESULT } from './session-scripts';
import type { SessionOptions } from './session.config';
import { SESSION_OPTIONS } from './session.constants';
import { AuthzState, SessionStore } from './session.store';
import { entriesInFlight, hasEnded, IndexEntry } from './user-index';
import { countRevocations, roleSyncsApplied } from './session-metrics';
import type { SessionActor, SessionTransport } from './session.types';

export type { AuthzState };

export interface SyncResult {
  updated: number;
  revoked: number;
  revokedIds: string[];
}

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
  transport: SessionTransport;
  // An impersonation session: who acts as the user.
  actor: SessionActor | null;
}

// The sessions of one user, through the per-user index: listing, ending, and
// bringing their roles up to date. Only auth-service provides it.
@Injectable()
export class UserSessions {
  constructor(
    private readonly store: SessionStore,
    @Inject(SESSION_OPTIONS) private readonly options: SessionOptions,
  ) {}

  // Live sessions, oldest first. Index entries whose session is gone are pruned.
  async list(userId: number, now = Date.now()): Promise<SessionListing[]> {
    const records = await this.records(userId, now);
    return records
      .map(({ id, record, ttlMs }) => ({
        id,
        createdAt: record.createdAt,
        lastSeenAt: Math.min(
          now,
          Math.max(record.createdAt, now + ttlMs - (record.idleSeconds ?? this.options.idleTtlSeconds) * 1000),
        ),
        expiresAt: record.expiresAt,
        ip: record.ip,
        userAgent: record.userAgent,
        transport: record.transport ?? 'cookie',
        actor: record.actor ?? null,
      }))
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  // Ends one session if it belongs to the user: what it was (its actor, for
  // the audit of an impersonation's end), or null if there is none such.
  async revokeOne(userId: number, id: string): Promise<{ actor: SessionActor | null } | null> {
    const raw = await this.store.read(id);
    const record = raw === null ? null : decodeSessionRecord(raw);
    if (record?.userId !== userId) return null;
    await this.store.revoke(userId, [id]);
    return { actor: record.actor ?? null };
  }

  // Ends all the user's sessions but `keepId`; returns the ids it ended.
  async revokeAll(userId: number, keepId?: string, now = Date.now()): Promise<string[]> {
    const entries = (await this.store.index(userId)).filter((entry) => entry.id !== keepId);
    const ids = entries.map((entry) => entry.id);
    await this.store.revoke(userId, ids, this.inFlight(entries, now));
    return ids;
  }

  // Ends the oldest sessions beyond the configured per-user cap, never
  // `keepId`; returns the ids it ended.
  async enforceCap(userId: number, keepId: string): Promise<string[]> {
    const max = this.options.maxSessionsPerUser;
    if (max === 0) return [];
    const sessions = await this.list(userId);
    const excess = sessions.length - max;
    if (excess <= 0) return [];
    const oldest = sessions
      .filter((session) => session.id !== keepId)
      .slice(0, excess)
      .map((session) => session.id);
    await this.store.revoke(userId, oldest);
    countRevocations('cap', oldest.length);
    return oldest;
  }

  // Applies a change of the user's authorization to every live session.
  // The version is raised before the index is read; a login does the reverse
  // (index, then version), so a login racing with this change either shows
  // up in the index here or sees the new version there (see LoginService).
  // Returns how many sessions it updated, and the ids of those it ended.
  async sync(change: UserAuthorization, now = Date.now()): Promise<SyncResult> {
    await this.store.raiseAuthz(change);
    const entries = await this.store.index(change.userId);
    // Entries past their absolute expiry need no script: their session has ended.
    const ended = entries.filter((entry) => hasEnded(entry, now));
    const open = entries.filter((entry) => !hasEnded(entry, now));
    const results = await this.store.syncSessions(
      open.map((entry) => entry.id),
      change,
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
    await this.store.dropFromIndex(change.userId, gone);
    const revokedIds = open.filter((_, i) => results[i] === SYNC_RESULT.revoked).map((entry) => entry.id);
    countRevocations(change.roles === null ? 'role_change' : 'password_change', revokedIds.length);
    roleSyncsApplied.inc();
    return {
      updated: results.filter((result) => result === SYNC_RESULT.updated).length,
      revoked: revokedIds.length,
      revokedIds,
    };
  }

  // Applies the user's authorization to one session; true if it is still live.
  async syncOne(change: UserAuthorization, id: string): Promise<boolean> {
    const [result] = await this.store.syncSessions([id], change);
    if (result === SYNC_RESULT.updated || result === SYNC_RESULT.current) return true;
    // Only the login that owns this session calls this, after writing it.
    await this.store.dropFromIndex(change.userId, [id]);
    return false;
  }

  authzState(userId: number): Promise<AuthzState> {
    return this.store.authzState(userId);
  }

  private inFlight(entries: IndexEntry[], now: number): Set<string> {
    return entriesInFlight(entries, [this.options.absoluteTtlSeconds, this.options.rememberMe.absoluteTtlSeconds], now);
  }

  private async records(
    userId: number,
    now: number,
  ): Promise<Array<{ id: string; record: SessionRecord; ttlMs: number }>> {
    const entries = await this.store.index(userId);
    // Entries past their absolute expiry are dropped without reading their session.
    const stale = entries.filter((entry) => hasEnded(entry, now)).map((entry) => entry.id);
    const open = entries.filter((entry) => !hasEnded(entry, now));
    const rows = await this.store.readWithTtl(open.map((entry) => entry.id));
    const inFlight = this.inFlight(open, now);
    const live: Array<{ id: string; record: SessionRecord; ttlMs: number }> = [];
    rows.forEach(([raw, ttlMs], i) => {
      const { id } = open[i];
      const record = raw === null ? null : decodeSessionRecord(raw);
      if (record && record.userId === userId && ttlMs > 0) live.push({ id, record, ttlMs });
      else if (raw !== null || !inFlight.has(id)) stale.push(id);
    });
    await this.store.dropFromIndex(userId, stale);
    return live;
  }
}
