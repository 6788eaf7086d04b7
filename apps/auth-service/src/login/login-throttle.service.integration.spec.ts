import { AppError } from '@session-mesh/platform';
import { FailureCounterStore, KnownDeviceStore } from '@session-mesh/session';
import { createSessionRedis, testSessionOptions } from '@session-mesh/session/testing';
import { randomUUID } from 'node:crypto';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { LoginThrottle } from './login-throttle.service';

describe('LoginThrottle (real Redis)', () => {
  const options = testSessionOptions();
  const redis = createSessionRedis(options.redis);
  const config = {
    session: options,
    loginThrottle: { maxPerUsername: 3, maxPerIp: 5, windowSeconds: 30, knownDeviceTtlSeconds: 3600 },
  } as AuthServiceConfig;
  // Two replicas: separate instances over the same Redis.
  const replica = () =>
    new LoginThrottle(new FailureCounterStore(redis, options), new KnownDeviceStore(redis, options), config);

  beforeAll(() => redis.connect());
  afterAll(() => redis.destroy());

  async function refusal(promise: Promise<unknown>): Promise<AppError | undefined> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    return error instanceof AppError ? error : undefined;
  }

  // A fresh client address per test: counters live in the shared Redis for
  // their window, and another run of this suite may be counting meanwhile.
  const randomIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;

  async function fail(throttle: LoginThrottle, username: string, ip: string | null, device: string | null = null) {
    await throttle.recordFailure(await throttle.check(username, ip, device));
  }

  it('blocks a username for unknown clients after its limit with 429 and Retry-After, whichever replica counted', async () => {
    const [replicaA, replicaB] = [replica(), replica()];
    const username = `${randomUUID()}@example.com`;
    await fail(replicaA, username, null);
    await fail(replicaB, username.toUpperCase(), null);
    expect(await refusal(replicaA.check(username, null, null))).toBeUndefined();
    await fail(replicaA, username, null);
    const blocked = await refusal(replicaB.check(username, null, null));
    expect(blocked?.code).toBe('too_many_requests');
    expect(blocked?.status).toBe(429);
    expect(blocked?.retryAfterSeconds).toBeGreaterThan(25);
    expect(blocked?.retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  it("keeps letting the owner's known client in while the username is attacked from elsewhere", async () => {
    const throttle = replica();
    const username = `${randomUUID()}@example.com`;
    const [ownerIp, attackerIp] = [randomIp(), randomIp()];
    // The owner logged in once before: its client holds a known-device token for this user.
    const ownerDevice = await throttle.recordSuccess(await throttle.check(username, ownerIp, null), 'cookie');
    for (let i = 0; i < 3; i++) await fail(throttle, username, attackerIp);

    expect((await refusal(throttle.check(username, attackerIp, null)))?.code).toBe('too_many_requests');
    expect((await refusal(throttle.check(username, ownerIp, null)))?.code).toBe('too_many_requests');
    const owner = await throttle.check(username, ownerIp, ownerDevice);
    expect(owner.known).toBe(true);

    // A token issued for another user, or made up, counts as unknown.
    const otherDevice = await throttle.recordSuccess(
      await throttle.check(`${randomUUID()}@example.com`, null, null),
      'cookie',
    );
    expect((await refusal(throttle.check(username, null, otherDevice)))?.code).toBe('too_many_requests');
    expect((await refusal(throttle.check(username, null, 'A'.repeat(43))))?.code).toBe('too_many_requests');

    // The known client has a budget of its own: wrong passwords from it are limited too.
    for (let i = 0; i < 3; i++) await fail(throttle, username, ownerIp, ownerDevice);
    expect((await refusal(throttle.check(username, ownerIp, ownerDevice)))?.code).toBe('too_many_requests');
  });

  it('replaces the known-device token at each login, so a client holds one key however often it logs in', async () => {
    const throttle = replica();
    const devices = new KnownDeviceStore(redis, options);
    const username = `${randomUUID()}@example.com`;
    const first = await throttle.recordSuccess(await throttle.check(username, null, null), 'cookie');
    const second = await throttle.recordSuccess(await throttle.check(username, null, first), 'cookie');

    expect(await devices.ownerOf(first)).toBeNull();
    expect(await devices.ownerOf(second)).not.toBeNull();
    expect((await throttle.check(username, null, second)).known).toBe(true);
  });

  it('issues no known-device token to a bearer client, and still clears its count', async () => {
    const devices = new KnownDeviceStore(redis, options);
    const remember = jest.spyOn(devices, 'remember');
    const throttle = new LoginThrottle(new FailureCounterStore(redis, options), devices, config);
    const username = `${randomUUID()}@example.com`;
    for (let i = 0; i < 2; i++) await fail(throttle, username, null);
    expect(await throttle.recordSuccess(await throttle.check(username, null, null), 'bearer')).toBeNull();
    expect(remember).not.toHaveBeenCalled();
    // The count was cleared: two more failures do not reach the limit of 3.
    for (let i = 0; i < 2; i++) await fail(throttle, username, null);
    expect(await refusal(throttle.check(username, null, null))).toBeUndefined();

    const token = await throttle.recordSuccess(await throttle.check(username, null, null), 'cookie');
    expect(remember).toHaveBeenCalledTimes(1);
    expect(await devices.ownerOf(token)).not.toBeNull();
  });

  it('blocks a client IP across usernames, and a success clears only the username count', async () => {
    const throttle = replica();
    const ip = randomIp();
    for (let i = 0; i < 5; i++) await fail(throttle, `${randomUUID()}@example.com`, ip);
    expect((await refusal(throttle.check('fresh@example.com', ip, null)))?.code).toBe('too_many_requests');
    expect(await refusal(throttle.check('fresh@example.com', '10.255.255.1', null))).toBeUndefined();

    const username = `${randomUUID()}@example.com`;
    for (let i = 0; i < 2; i++) await fail(throttle, username, null);
    await throttle.recordSuccess(await throttle.check(username, null, null), 'cookie');
    await fail(throttle, username, null);
    await fail(throttle, username, null);
    expect(await refusal(throttle.check(username, null, null))).toBeUndefined();
  });

  it('starts each window with the first failure and never leaves a key without expiry', async () => {
    const throttle = replica();
    const username = `${randomUUID()}@example.com`;
    const ip = randomIp();
    await fail(throttle, username, ip);
    await throttle.recordSuccess(await throttle.check(username, ip, null), 'cookie');
    const keys = [...(await redis.keys('login-fail:*')), ...(await redis.keys('login-device:*'))];
    expect(keys).toContain(`login-fail:ip:${ip}`);
    // -1 is a key without expiry; a key of another run may be expiring (0) or gone (-2).
    for (const key of keys) expect(await redis.ttl(key)).not.toBe(-1);
  });
});
