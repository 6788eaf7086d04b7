import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { gauge } from '@session-mesh/platform';
import { PrismaService } from '../database/prisma.service';

interface Backlog {
  rows: number;
  oldestAgeSeconds: number;
}

// Read at scrape time, not on every change: the outbox is the truth, and a
// replica that never changes anything still reports the rows others left.
let readBacklog: (() => Promise<Backlog>) | undefined;
let lastRead: Promise<Backlog> | undefined;

// Both gauges of one scrape share one read (two queries).
function backlogOnce(): Promise<Backlog> | undefined {
  if (!readBacklog) return undefined;
  lastRead ??= readBacklog().finally(() => setImmediate(() => (lastRead = undefined)));
  return lastRead;
}

gauge({
  name: 'session_sync_outbox_rows',
  help: 'Authorization changes committed in user-service that auth-service has not confirmed yet',
  async collect() {
    const backlog = await backlogOnce()?.catch(() => undefined);
    // The database unreachable: NaN rather than a false zero.
    this.set(backlog ? backlog.rows : NaN);
  },
});

gauge({
  name: 'session_sync_outbox_oldest_age_seconds',
  help: 'Age of the oldest unconfirmed authorization change (0 when the outbox is empty)',
  async collect() {
    const backlog = await backlogOnce()?.catch(() => undefined);
    this.set(backlog ? backlog.oldestAgeSeconds : NaN);
  },
});

@Injectable()
export class SessionSyncMetrics implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly prisma: PrismaService) {}

  onModuleInit(): void {
    readBacklog = () => this.backlog();
  }

  onModuleDestroy(): void {
    readBacklog = undefined;
  }

  private async backlog(): Promise<Backlog> {
    const [rows, oldest] = await Promise.all([
      this.prisma.sessionSync.count(),
      this.prisma.sessionSync.findFirst({ orderBy: { id: 'asc' }, select: { createdAt: true } }),
    ]);
    return { rows, oldestAgeSeconds: oldest ? Math.max(0, Date.now() - oldest.createdAt.getTime()) / 1000 : 0 };
  }
}
