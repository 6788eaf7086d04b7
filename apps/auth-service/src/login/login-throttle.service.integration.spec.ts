import { FailureCounterStore } from '@session-mesh/session';
import { AppError } from '@session-mesh/platform';
import { createSessionRedis, testSessionOptions } from '@session-mesh/session/testing';
import { randomUUID } from 'node:crypto';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { LoginThrottle } from './login-throttle.service';

describe('LoginThrottle (real Redis)', () => {
  const options = testSessionOptions();
  const redis = createSessionRedis(options.redis, options.commandTimeoutMs);
  const counters = new FailureCounterStore(redis, options);
  const config = {
    session: options,
    loginThrottle: { maxPerUsername: 3, maxPerIp: 5, windowSeconds: 30 },
  } as AuthServiceConfig;

  beforeAll(() => redis.connect());
  afterAll(() => redis.destroy());

  async function refusal(promise: Promise<unknown>): Promise<AppError | undefined> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    return error instanceof AppError ? error : undefined;
  }

  it('blocks a username after its limit with 429 and Retry-After, whichever replica counted', async () => {
    const [replicaA, replicaB] = [new LoginThrottle(counters, config), new LoginThrottle(counters, config)];
    const username = `${randomUUID()}@example.com`;
    await replicaA.recordFailure(username, null);
    await replicaB.recordFailure(username.toUpperCase(), null);
    expect(await refusal(replicaA.check(username, null))).toBeUndefined();
    await replicaA.recordFailure(username, null);
    const blocked = await refusal(replicaB.check(username, null));
    expect(blocked?.code).toBe('too_many_requests');
    expect(blocked?.status).toBe(429);
    expect(blocked?.retryAfterSeconds).toBeGreaterThan(25);
    expect(blocked?.retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  it('blocks a client IP across usernames, and a success clears only the username count', async () => {
    const throttle = new LoginThrottle(counters, config);
    const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`;
    for (let i = 0; i < 5; i++) await throttle.recordFailure(`${randomUUID()}@example.com`, ip);
    expect((await refusal(throttle.check('fresh@example.com', ip)))?.code).toBe('too_many_requests');
    expect(await refusal(throttle.check('fresh@example.com', '10.255.255.1'))).toBeUndefined();

    const username = `${randomUUID()}@example.com`;
    for (let i = 0; i < 2; i++) await throttle.recordFailure(username, null);
    await throttle.recordSuccess(username);
    await throttle.recordFailure(username, null);
    await throttle.recordFailure(username, null);
    expect(await refusal(throttle.check(username, null))).toBeUndefined();
  });

  it('starts each window with the first failure and never leaves a counter without expiry', async () => {
    const throttle = new LoginThrottle(counters, config);
    const username = `${randomUUID()}@example.com`;
    await throttle.recordFailure(username, '192.0.2.1');
    const keys = await redis.keys('login-fail:*');
    for (const key of keys) expect(await redis.ttl(key)).toBeGreaterThan(0);
  });
});
