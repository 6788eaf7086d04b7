import { SessionRedis, withSessionStore } from './session-redis';
import type { SessionOptions } from './session.config';

// Key names, built once per process: `sess:<id>` for a session and
// `user-sessions:<userId>` for the set of a user's session ids,
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

// Sessions first, then their index entries: a session is gone for every
// service the moment its DEL returns. One DEL per key, since the sessions of
// one user can live on different cluster slots.
export async function revokeSessions(
  redis: SessionRedis,
  keys: SessionKeys,
  userId: number,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  await withSessionStore(() => Promise.all(ids.map((id) => redis.del(keys.session(id)))));
  await withSessionStore(() => redis.sRem(keys.userIndex(userId), ids));
}
