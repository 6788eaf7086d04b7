import { Inject, Injectable } from '@nestjs/common';
import { PlatformError } from '@session-mesh/platform';
import { FailureCounterStore } from '@session-mesh/session';
import { createHash } from 'node:crypto';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from '../config/auth-service.config';

// Counts failed logins per username and per client IP in Redis, so the limit
// holds across every auth-service replica. Fixed windows: the first failure
// starts the window, success clears the username's count.
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly counters: FailureCounterStore,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  // 429 with Retry-After while either counter is at its limit (one round trip).
  async check(username: string, ip: string | null): Promise<void> {
    const { maxPerUsername, maxPerIp } = this.config.loginThrottle;
    const limits = this.keysOf(username, ip, maxPerUsername, maxPerIp);
    const counts = await this.counters.read(limits.map(([key]) => key));
    limits.forEach(([, max], i) => {
      const { count, ttlSeconds } = counts[i];
      if (count >= max) {
        throw new PlatformError(
          'too_many_requests',
          'Too many failed logins, try again later',
          undefined,
          Math.max(ttlSeconds, 1),
        );
      }
    });
  }

  async recordFailure(username: string, ip: string | null): Promise<void> {
    const keys = this.keysOf(username, ip, 0, 0).map(([key]) => key);
    await this.counters.increment(keys, this.config.loginThrottle.windowSeconds);
  }

  async recordSuccess(username: string): Promise<void> {
    await this.counters.reset(usernameKey(username));
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
