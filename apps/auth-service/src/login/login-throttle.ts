import { Inject, Injectable } from '@nestjs/common';
import { PlatformError } from '@session-mesh/platform';
import { SESSION_REDIS, SessionRedis, withSessionStore } from '@session-mesh/session';
import { createHash } from 'node:crypto';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from '../config/auth-service.config';

// Counts failed logins per username and per client IP in Redis, so the limit
// holds across every auth-service replica. Fixed windows: the first failure
// starts the window, success clears the username's count.
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(SESSION_REDIS) private readonly redis: SessionRedis,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  // 429 with Retry-After while either counter is at its limit. Both counters
  // are read in the same tick: one write, one round trip.
  async check(username: string, ip: string | null): Promise<void> {
    const { maxPerUsername, maxPerIp } = this.config.loginThrottle;
    const keys = this.keysOf(username, ip, maxPerUsername, maxPerIp);
    const counters = await withSessionStore(
      () => Promise.all(keys.map(([key]) => Promise.all([this.redis.get(key), this.redis.ttl(key)]))),
      this.config.session.commandTimeoutMs,
    );
    keys.forEach(([, max], i) => {
      const [count, ttl] = counters[i];
      if (Number(count ?? 0) >= max) {
        throw new PlatformError('too_many_requests', 'Too many failed logins, try again later', undefined, Math.max(ttl, 1));
      }
    });
  }

  async recordFailure(username: string, ip: string | null): Promise<void> {
    const { windowSeconds } = this.config.loginThrottle;
    await withSessionStore(
      () =>
        Promise.all(
          this.keysOf(username, ip, 0, 0).map(([key]) =>
            this.redis.multi().incr(key).expire(key, windowSeconds, 'NX').exec(),
          ),
        ),
      this.config.session.commandTimeoutMs,
    );
  }

  async recordSuccess(username: string): Promise<void> {
    await withSessionStore(() => this.redis.del(usernameKey(username)), this.config.session.commandTimeoutMs);
  }

  private keysOf(
    username: string,
    ip: string | null,
    maxPerUsername: number,
    maxPerIp: number,
  ): Array<[string, number]> {
    const keys: Array<[string, number]> = [[usernameKey(username), maxPerUsername]];
    if (ip) keys.push([`login-fail:ip:${ip}`, maxPerIp]);
    return keys;
  }
}

// Hashed: usernames are personal data and of unbounded shape.
function usernameKey(username: string): string {
  return `login-fail:user:${createHash('sha256').update(username.trim().toLowerCase()).digest('hex')}`;
}
