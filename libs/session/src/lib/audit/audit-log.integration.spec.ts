import { Logger } from '@nestjs/common';
import { register } from 'prom-client';
import { PrivateRedis } from '../../testing/private-redis';
import { testAuditOptions } from '../../testing/test-session-options';
import { closeSessionRedis, connectInBackground, createSessionRedis } from '../session-redis';
import type { AuditOptions } from './audit.config';
import { AuditLog } from './audit-log';
import { decodeAuditEvent } from './audit-record.codec';
import { AuditStream } from './audit-stream';

function auditOn(options: AuditOptions) {
  const redis = createSessionRedis(options.redis, new Logger('AuditRedis'));
  const stream = new AuditStream(redis, options);
  return { redis, stream, log: new AuditLog(stream, 'test-service') };
}

async function dropped(type: string): Promise<number> {
  const metric = await register.getSingleMetric('audit_events_total')?.get();
  return metric?.values.find((v) => v.labels['type'] === type && v.labels['outcome'] === 'dropped')?.value ?? 0;
}

describe('AuditLog (real Redis)', () => {
  it('appends one stream entry per event, with the documented fields and no others', async () => {
    const options = testAuditOptions();
    const { redis, stream, log } = auditOn(options);
    await redis.connect();
    try {
      log.record({
        type: 'login.succeeded',
        actor: 7,
        user: 7,
        username: 'jane@example.com',
        sessionId: 'a'.repeat(64),
        ip: '203.0.113.9',
        userAgent: 'jest',
        requestId: 'req-12345678',
      });
      log.record({ type: 'login.failed', username: 'x@example.com', reason: 'wrong_credentials', ip: null });
      await log.flush();
      const entries = await stream.newestFirst('+', '-', 10);
      expect(entries).toHaveLength(2);
      expect(Object.keys(entries[1].fields).sort()).toEqual(
        ['v', 'type', 'time', 'service', 'actor', 'user', 'username', 'session', 'ip', 'userAgent', 'requestId'].sort(),
      );
      expect(entries[1].fields['session']).toBe('a'.repeat(16));
      expect(decodeAuditEvent(entries[0].id, entries[0].fields)).toMatchObject({
        type: 'login.failed',
        user: null,
        reason: 'wrong_credentials',
        service: 'test-service',
        ip: null,
      });
    } finally {
      await redis.del(options.streamKey);
      await closeSessionRedis(redis);
    }
  });

  it('trims the stream to about AUDIT_MAX_EVENTS (XADD MAXLEN ~)', async () => {
    const options = testAuditOptions({ retention: { strategy: 'MAXLEN', maxEvents: 1000 } });
    const { redis, log } = auditOn(options);
    await redis.connect();
    try {
      // In batches: a loaded CI machine must not push 1,500 appends past the command timeout.
      for (let batch = 0; batch < 15; batch++) {
        for (let i = 0; i < 100; i++) log.record({ type: 'session.logout', user: batch * 100 + i + 1 });
        await log.flush();
      }
      const length = await redis.xLen(options.streamKey);
      expect(length).toBeGreaterThanOrEqual(1000);
      expect(length).toBeLessThan(1500);
    } finally {
      await redis.del(options.streamKey);
      await closeSessionRedis(redis);
    }
  });

  it('trims by age with MINID ~ when AUDIT_MAX_AGE_DAYS is set', async () => {
    const options = testAuditOptions({ retention: { strategy: 'MINID', maxAgeMs: 60_000 } });
    const { redis, stream } = auditOn(options);
    await redis.connect();
    try {
      // Old entries, written with explicit ids an hour back.
      const hourAgo = Date.now() - 3_600_000;
      for (let i = 0; i < 300; i++) await redis.xAdd(options.streamKey, `${hourAgo}-${i}`, { v: '1' });
      await stream.append({ v: '1', type: 'session.logout', time: new Date().toISOString(), service: 't' });
      // `~` drops whole nodes (100 entries each): every full node of old entries is gone.
      expect(await redis.xLen(options.streamKey)).toBeLessThanOrEqual(101);
    } finally {
      await redis.del(options.streamKey);
      await closeSessionRedis(redis);
    }
  });

  describe('with Redis unreachable', () => {
    let redisServer: PrivateRedis;
    beforeAll(async () => {
      redisServer = await PrivateRedis.start();
    });
    afterAll(() => redisServer.stop());

    it('never delays or fails the caller: the event is dropped, counted and logged, and appends resume', async () => {
      const options = testAuditOptions({ redis: { kind: 'single', url: redisServer.url }, commandTimeoutMs: 300 });
      const { redis, stream, log } = auditOn(options);
      const stopConnecting = connectInBackground(redis);
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      try {
        await waitFor(async () => (await redis.ping().catch(() => null)) === 'PONG');

        await redisServer.stop();
        const before = await dropped('session.revoked');
        const started = performance.now();
        log.record({ type: 'session.revoked', reason: 'admin', actor: 1, user: 2, sessionId: 'b'.repeat(64) });
        expect(performance.now() - started).toBeLessThan(20);
        await log.flush();
        expect(await dropped('session.revoked')).toBe(before + 1);
        const line = warn.mock.calls.map(([message]) => String(message)).find((m) => m.includes('audit event dropped'));
        expect(line).toContain('"type":"session.revoked"');
        expect(line).toContain('"session":"bbbbbbbbbbbbbbbb"');

        // A hung Redis (stopped process, open socket): bounded by the command timeout.
        await redisServer.start();
        await waitFor(async () => (await redis.ping().catch(() => null)) === 'PONG');
        redisServer.pause();
        const hungStart = performance.now();
        log.record({ type: 'session.logout', user: 3 });
        await log.flush();
        expect(performance.now() - hungStart).toBeLessThan(2000);
        redisServer.resume();

        await waitFor(async () => (await redis.ping().catch(() => null)) === 'PONG');
        log.record({ type: 'session.logout', user: 4 });
        await log.flush();
        const entries = await stream.newestFirst('+', '-', 10);
        expect(entries.map((entry) => entry.fields['user'])).toContain('4');
      } finally {
        warn.mockRestore();
        stopConnecting();
        await closeSessionRedis(redis);
      }
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
