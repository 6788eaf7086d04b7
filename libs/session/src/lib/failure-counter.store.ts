import { Inject, Injectable } from '@nestjs/common';
import { SessionRedis, withSessionStore } from './session-redis';
import { SESSION_OPTIONS, SESSION_REDIS } from './session.constants';
import type { SessionOptions } from './session.config';

export interface FailureCount {
  count: number;
  // Seconds until the window of this counter ends (-2: no counter).
  ttlSeconds: number;
}

// Counters of failures in fixed windows, kept in the session Redis so that a
// limit holds across every replica (auth-service's login limiter). Same
// deadline and 503 as the session store; each command names one key.
@Injectable()
export class FailureCounterStore {
  constructor(
    @Inject(SESSION_REDIS) private readonly redis: SessionRedis,
    @Inject(SESSION_OPTIONS) private readonly options: Pick<SessionOptions, 'commandTimeoutMs'>,
  ) {}

  // All counters in one pipelined write, one round trip.
  read(keys: string[]): Promise<FailureCount[]> {
    return this.run('failures_read', () =>
      Promise.all(
        keys.map(async (key) => {
          const [count, ttlSeconds] = await Promise.all([this.redis.get(key), this.redis.ttl(key)]);
          return { count: Number(count ?? 0), ttlSeconds };
        }),
      ),
    );
  }

  // Adds one to each counter; the first failure starts its window.
  async increment(keys: string[], windowSeconds: number): Promise<void> {
    await this.run('failures_increment', () =>
      Promise.all(keys.map((key) => this.redis.multi().incr(key).expire(key, windowSeconds, 'NX').exec())),
    );
  }

  async reset(key: string): Promise<void> {
    await this.run('failures_reset', () => this.redis.del(key));
  }

  private run<T>(name: string, operation: () => Promise<T>): Promise<T> {
    return withSessionStore(this.redis, operation, this.options.commandTimeoutMs, name);
  }
}
