import { register } from 'prom-client';
import type { PrismaService } from '../database/prisma.service';
import { SessionSyncMetrics } from './session-sync.metrics';

async function valueOf(name: string): Promise<number | undefined> {
  return (await register.getSingleMetric(name)?.get())?.values[0]?.value;
}

describe('SessionSyncMetrics', () => {
  it('reads the outbox backlog at scrape time, NaN while the database is down', async () => {
    const count = jest.fn().mockResolvedValue(3);
    const findFirst = jest.fn().mockResolvedValue({ createdAt: new Date(Date.now() - 90_000) });
    const metrics = new SessionSyncMetrics({ sessionSync: { count, findFirst } } as unknown as PrismaService);
    metrics.onModuleInit();
    try {
      expect(await valueOf('session_sync_outbox_rows')).toBe(3);
      expect(await valueOf('session_sync_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(90);

      count.mockRejectedValue(new Error('database down'));
      // A new scrape reads again (setImmediate ends the previous one's sharing).
      await new Promise((resolve) => setImmediate(resolve));
      expect(await valueOf('session_sync_outbox_rows')).toBeNaN();
    } finally {
      metrics.onModuleDestroy();
    }
  });
});
