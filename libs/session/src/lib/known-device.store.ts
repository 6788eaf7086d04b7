import { Inject, Injectable } from '@nestjs/common';
import { sessionIdOf } from './session-token';
import { SessionRedis, withSessionStore } from './session-redis';
import { SESSION_OPTIONS, SESSION_REDIS } from './session.constants';
import type { SessionOptions } from './session.config';

const KEY_PREFIX = 'login-device:';

// Clients that have logged in as a user before (OWASP's device cookie, kept
// server-side like sessions): the cookie holds a random token, Redis holds
// `login-device:<sha256(token)>` -> the owner it was issued to, so a token
// can neither be forged nor replayed from a Redis dump.
@Injectable()
export class KnownDeviceStore {
  constructor(
    @Inject(SESSION_REDIS) private readonly redis: SessionRedis,
    @Inject(SESSION_OPTIONS) private readonly options: Pick<SessionOptions, 'commandTimeoutMs'>,
  ) {}

  // The owner this device token was issued to, or null.
  ownerOf(token: string): Promise<string | null> {
    return withSessionStore(
      this.redis,
      () => this.redis.get(KEY_PREFIX + sessionIdOf(token)),
      this.options.commandTimeoutMs,
      'device_read',
    );
  }

  // Records `token` for `owner`; `replaced`, the token the client showed
  // before, is dropped: its cookie is overwritten, so each client holds one
  // key however often it logs in.
  async remember(token: string, owner: string, ttlSeconds: number, replaced: string | null = null): Promise<void> {
    const key = KEY_PREFIX + sessionIdOf(token);
    await withSessionStore(
      this.redis,
      // Two single-key commands, sent in one write (Cluster: no cross-slot MULTI).
      () =>
        Promise.all([
          this.redis.set(key, owner, { expiration: { type: 'EX', value: ttlSeconds } }),
          replaced ? this.redis.del(KEY_PREFIX + sessionIdOf(replaced)) : 0,
        ]),
      this.options.commandTimeoutMs,
      'device_write',
    );
  }
}
