import { Inject, Injectable } from '@nestjs/common';
import type { UserAuthorization } from '@session-mesh/contracts';
import type { ReadinessCheck } from '@session-mesh/platform';
import { ErrorReply } from 'redis';
import { SessionKeys } from './session-keys';
import { SessionRedis, withSessionStore } from './session-redis';
import { SESSION_OPTIONS, SESSION_REDIS } from './session.constants';
import type { SessionOptions } from './session.config';
import { IndexEntry, toIndexEntries } from './user-index';

export interface AuthzState {
  version: number;
  revokeBelow: number;
}

// The one owner of the session Redis: the client, the key layout and the
// command deadline. Every operation is one named step of the session model
// (docs/session-format.md), bounded by REDIS_COMMAND_TIMEOUT_MS, and fails
// as a 503 `session_store_unavailable` when Redis cannot answer. Every command
// names one key, so the same code runs on a single Redis, Sentinel or Cluster.
@Injectable()
export class SessionStore {
  private readonly keys: SessionKeys;

  constructor(
    @Inject(SESSION_REDIS) private readonly redis: SessionRedis,
    @Inject(SESSION_OPTIONS) private readonly options: SessionOptions,
  ) {
    this.keys = new SessionKeys(options);
  }

  // One command (EVALSHA of READ_AND_SLIDE): reads the record and slides its
  // expiry by the session's own idle timeout, capped at its absolute expiry.
  readAndSlide(id: string, now: number): Promise<string | null> {
    return this.run('read_and_slide', () =>
      this.redis.readAndSlide(this.keys.session(id), this.options.idleTtlSeconds, now),
    );
  }

  read(id: string): Promise<string | null> {
    return this.run('read', () => this.redis.get(this.keys.session(id)));
  }

  // Records and remaining TTLs (ms) of many sessions, in one pipelined write.
  readWithTtl(ids: string[]): Promise<Array<[raw: string | null, ttlMs: number]>> {
    return this.run('read_with_ttl', () =>
      Promise.all(
        ids.map((id) => Promise.all([this.redis.get(this.keys.session(id)), this.redis.pTTL(this.keys.session(id))])),
      ),
    );
  }

  async write(id: string, record: string, ttlSeconds: number): Promise<void> {
    await this.run('write', () =>
      this.redis.set(this.keys.session(id), record, { expiration: { type: 'EX', value: ttlSeconds } }),
    );
  }

  // Which of these sessions existed (one DEL per key: a user's sessions can
  // live on different cluster slots).
  deleteSessions(ids: string[]): Promise<boolean[]> {
    return this.run('delete_sessions', async () =>
      (await Promise.all(ids.map((id) => this.redis.del(this.keys.session(id))))).map(Boolean),
    );
  }

  // Sessions first, then their index entries: a session is gone for every
  // service the moment its DEL returns. The ids in `keepIfMissing` stay in the
  // index when their session was not there to delete (a login may still be
  // writing it, see user-index.ts); they are pruned later.
  async revoke(userId: number, ids: string[], keepIfMissing?: ReadonlySet<string>): Promise<void> {
    if (ids.length === 0) return;
    const deleted = await this.deleteSessions(ids);
    await this.dropFromIndex(userId, keepIfMissing ? ids.filter((id, i) => deleted[i] || !keepIfMissing.has(id)) : ids);
  }

  index(userId: number): Promise<IndexEntry[]> {
    const key = this.keys.userIndex(userId);
    return this.onUserIndex('index_read', key, async () => toIndexEntries(await this.redis.hGetAll(key)));
  }

  // The index lives as long as the longest session it lists: its expiry is
  // set on a new key (NX) and only ever raised (GT), so a short session's
  // login never cuts the index of a "remember me" session short.
  async addToIndex(userId: number, id: string, expiresAt: number): Promise<void> {
    const key = this.keys.userIndex(userId);
    await this.onUserIndex('index_add', key, () =>
      Promise.all([
        this.redis.hSet(key, id, expiresAt),
        this.redis.pExpireAt(key, expiresAt, 'NX'),
        this.redis.pExpireAt(key, expiresAt, 'GT'),
      ]),
    );
  }

  async dropFromIndex(userId: number, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const key = this.keys.userIndex(userId);
    await this.onUserIndex('index_drop', key, () => this.redis.hDel(key, ids));
  }

  // Applies roles and versions to each session atomically inside Redis
  // (session-scripts.ts); one SYNC_RESULT per id.
  syncSessions(ids: string[], change: UserAuthorization): Promise<number[]> {
    const roles = change.roles === null ? '' : JSON.stringify(change.roles);
    return this.run('sync_sessions', () =>
      Promise.all(
        ids.map((id) => this.redis.syncSession(this.keys.session(id), roles, change.authzVersion, change.revokeBelow)),
      ),
    );
  }

  // Raises (never lowers) the user's authorization versions.
  async raiseAuthz(change: UserAuthorization): Promise<void> {
    const key = this.keys.userAuthz(change.userId);
    await this.run('raise_authz', () =>
      this.redis.raiseAuthz(key, change.authzVersion, change.revokeBelow, this.options.rememberMe.absoluteTtlSeconds),
    );
  }

  async authzState(userId: number): Promise<AuthzState> {
    const [version, revokeBelow] = await this.run('authz_state', () =>
      this.redis.hmGet(this.keys.userAuthz(userId), ['version', 'revokeBelow']),
    );
    return { version: Number(version ?? 0), revokeBelow: Number(revokeBelow ?? 0) };
  }

  // For /ready: the session Redis answers.
  readiness(): ReadinessCheck {
    return { name: 'redis', check: async () => void (await this.redis.ping()) };
  }

  // `name`: the operation's label in session_store_command_duration_seconds.
  private run<T>(name: string, operation: () => Promise<T>): Promise<T> {
    return withSessionStore(this.redis, operation, this.options.commandTimeoutMs, name);
  }

  // Runs a command on a user's index; if the index is still a set (written by
  // a version before the hash), converts it in place and runs the command
  // again. Its old entries get the latest expiry any of them can have.
  private async onUserIndex<T>(name: string, key: string, command: () => Promise<T>): Promise<T> {
    try {
      return await this.run(name, command);
    } catch (error) {
      if (!(error instanceof ErrorReply && error.message.startsWith('WRONGTYPE'))) throw error;
      await this.run('index_upgrade', () =>
        this.redis.upgradeUserIndex(key, Date.now() + this.options.absoluteTtlSeconds * 1000),
      );
      return this.run(name, command);
    }
  }
}
