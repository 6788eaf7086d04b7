import { ErrorReply } from 'redis';
import { SessionRedis, withSessionStore } from './session-redis';
import type { SessionOptions } from './session.config';

// Key names, built once per process: `sess:<id>` for a session,
// `user-sessions:<userId>` for the index of a user's sessions (a hash: field
// the session id, value the session's absolute expiry in ms) and
// `user-authz:<userId>` for the user's latest authorization versions.
export class SessionKeys {
  constructor(private readonly options: Pick<SessionOptions, 'keyPrefix' | 'userIndexPrefix' | 'userAuthzPrefix'>) {}

  session(id: string): string {
    return this.options.keyPrefix + id;
  }

  userIndex(userId: number): string {
    return this.options.userIndexPrefix + userId;
  }

  userAuthz(userId: number): string {
    return this.options.userAuthzPrefix + userId;
  }
}

// A login writes its index entry one round trip before its session. An entry
// whose session is missing is only dropped once it is older than this, so a
// listing, sync or "log out everywhere" racing with a login never removes the
// entry of a session that is about to exist (it could then not be listed or
// revoked). Longer than any command timeout (at most 60 s).
const INDEX_ENTRY_GRACE_MS = 61_000;

// Whether an index entry (its value: the session's absolute expiry) may
// belong to a login still writing its session.
export function isIndexEntryInFlight(expiresAt: number, absoluteTtlSeconds: number, now: number): boolean {
  return expiresAt - absoluteTtlSeconds * 1000 > now - INDEX_ENTRY_GRACE_MS;
}

// Runs a command on a user's index; if the index is still a set (written by
// a version before the hash), converts it in place and runs the command again.
// Its old entries get the latest expiry any of them can have.
export async function onUserIndex<T>(
  redis: SessionRedis,
  indexKey: string,
  options: Pick<SessionOptions, 'absoluteTtlSeconds' | 'commandTimeoutMs'>,
  command: () => Promise<T>,
): Promise<T> {
  try {
    return await withSessionStore(command, options.commandTimeoutMs);
  } catch (error) {
    if (!(error instanceof ErrorReply && error.message.startsWith('WRONGTYPE'))) throw error;
    await withSessionStore(
      () => redis.upgradeUserIndex(indexKey, Date.now() + options.absoluteTtlSeconds * 1000),
      options.commandTimeoutMs,
    );
    return withSessionStore(command, options.commandTimeoutMs);
  }
}

// Sessions first, then their index entries: a session is gone for every
// service the moment its DEL returns. One DEL per key, since the sessions of
// one user can live on different cluster slots. The entries in `keepIfMissing`
// stay in the index when their session was not there to delete (see
// INDEX_ENTRY_GRACE_MS); they are pruned later.
export async function revokeSessions(
  redis: SessionRedis,
  keys: SessionKeys,
  options: Pick<SessionOptions, 'absoluteTtlSeconds' | 'commandTimeoutMs'>,
  userId: number,
  ids: string[],
  keepIfMissing?: ReadonlySet<string>,
): Promise<void> {
  if (ids.length === 0) return;
  const deleted = await withSessionStore(
    () => Promise.all(ids.map((id) => redis.del(keys.session(id)))),
    options.commandTimeoutMs,
  );
  const drop = keepIfMissing ? ids.filter((id, i) => deleted[i] === 1 || !keepIfMissing.has(id)) : ids;
  const indexKey = keys.userIndex(userId);
  if (drop.length > 0) await onUserIndex(redis, indexKey, options, () => redis.hDel(indexKey, drop));
}
