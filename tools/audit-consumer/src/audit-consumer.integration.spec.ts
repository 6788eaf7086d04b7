import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import { AuditConsumer, type AuditEntry, type AuditConsumerOptions } from './audit-consumer';

// On the local Redis, with a stream of the test's own.
const url = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe('AuditConsumer (real Redis)', () => {
  const stream = `test:${randomUUID()}:audit`;
  const clients: RedisClientType[] = [];
  let writer: RedisClientType;

  async function client(): Promise<RedisClientType> {
    const redis = createClient({ url }) as RedisClientType;
    await redis.connect();
    clients.push(redis);
    return redis;
  }

  // A consumer process: its own connection, as after a restart.
  async function consumer(
    name: string,
    handle: (entry: AuditEntry) => Promise<void>,
    extra: Partial<AuditConsumerOptions> = {},
  ) {
    return new AuditConsumer(await client(), { stream, group: 'siem', consumer: name, blockMs: 50, ...extra }, handle);
  }

  async function append(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(await writer.xAdd(stream, '*', { v: '1', type: 'session.logout', user: String(i + 1) }));
    }
    return ids;
  }

  beforeAll(async () => {
    writer = await client();
  });

  afterAll(async () => {
    await writer.del(stream);
    for (const redis of clients) redis.destroy();
  });

  it('resumes where it stopped after a restart: unacknowledged entries again, acknowledged ones never', async () => {
    const ids = await append(5);
    const seen: string[] = [];

    // First run: handles two, then crashes while handling the third.
    const first = await consumer('worker-1', async (entry) => {
      if (entry.id === ids[2]) throw new Error('crash');
      seen.push(entry.id);
    });
    await first.ensureGroup();
    await expect(first.readNew()).rejects.toThrow('crash');
    expect(seen).toEqual(ids.slice(0, 2));

    // A new process with the same consumer name, and new events meanwhile.
    const more = await append(2);
    const restarted = await consumer('worker-1', async (entry) => {
      seen.push(entry.id);
    });
    await restarted.ensureGroup();
    await restarted.drainPending(); // the crashed batch: ids[2..4] were delivered, not acknowledged
    await restarted.readNew(); // then only what came after
    expect(seen).toEqual([...ids, ...more]);
    expect(await restarted.readNew()).toBe(0);
    const pending = (await writer.xPending(stream, 'siem')) as { pending: number };
    expect(pending.pending).toBe(0);
  });

  it("claims a dead consumer's stale pending entries", async () => {
    const ids = await append(3);
    const dead = await consumer('worker-dead', async () => {
      throw new Error('dies before acknowledging');
    });
    await expect(dead.readNew()).rejects.toThrow();

    const taken: string[] = [];
    const survivor = await consumer(
      'worker-2',
      async (entry) => {
        taken.push(entry.id);
      },
      { claimIdleMs: 100 },
    );
    expect(await survivor.claimStale()).toBe(0); // not idle long enough yet
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await survivor.claimStale()).toBe(3);
    expect(taken).toEqual(ids);
    const pending = (await writer.xPending(stream, 'siem')) as { pending: number };
    expect(pending.pending).toBe(0);
  });

  it('runs until stopped', async () => {
    const ids = await append(2);
    const got: string[] = [];
    const running = await consumer('worker-3', async (entry) => {
      got.push(entry.id);
      if (got.length === 2) running.stop();
    });
    await running.run();
    expect(got).toEqual(ids);
  });
});
