import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { AuthRpc, SyncUsersReply } from '@session-mesh/contracts';
import { firstValueFrom, timeout } from 'rxjs';
import { errorMessage, withRequestId } from '@session-mesh/platform';
import { PrismaService } from '../database/prisma.service';
import { requireAnAdministrator } from './administrator-guard';
import { lockAuthorizationChanges } from './write-locks';
import { AUTH_SERVICE_CLIENT } from './authorization.constants';
import { USER_SERVICE_CONFIG, UserServiceConfig } from '../config/user-service.config';
import type { Prisma } from '../generated/prisma/client';
import { OneAtATime } from './one-at-a-time';
import { markAuthorizationChanged, readUserAuthorizations } from './user-authorization';

const BATCH = 500;

// Delivers the outbox to auth-service: reads each pending user's current
// authorization and asks auth-service to apply it to their sessions. Rows are
// deleted only after auth-service confirms, so nothing is lost while it is
// down; applying the same state twice is harmless (versions only move on).
@Injectable()
export class SessionSyncService {
  private readonly logger = new Logger('SessionSync');
  // Changes queue here, in memory, before they take a pooled connection: only
  // one transaction per process waits on the advisory lock (which still
  // orders the replicas). Queued inside Postgres, each waiting change held a
  // connection: a burst of 60 admin writes emptied the pool (10), and the rest
  // answered 500 (no transaction within Prisma's maxWait) or 503 (no
  // connection), as measured by tools/bench/src/concurrent-writes.mjs.
  private readonly changes = new OneAtATime();

  constructor(
    private readonly prisma: PrismaService,
    @Inject(AUTH_SERVICE_CLIENT) private readonly authService: ClientProxy,
    @Inject(USER_SERVICE_CONFIG) private readonly config: UserServiceConfig,
  ) {}

  // The one way to change what users may do: `work` runs in a transaction and
  // names the users it affected; they get a new authorization version (with
  // `endSessions`, every older session of theirs ends) and an outbox row in
  // the same transaction, and their sessions follow before this returns.
  // `pending`: auth-service has not confirmed yet; the relay keeps trying.
  async change<T>(
    work: (tx: Prisma.TransactionClient) => Promise<{ result: T; users: number[] }>,
    options: { endSessions: boolean } = { endSessions: false },
  ): Promise<{ result: T; pending: boolean }> {
    const { result, users } = await this.changes.run(() =>
      this.prisma.$transaction(async (tx) => {
        await lockAuthorizationChanges(tx);
        const outcome = await work(tx);
        await markAuthorizationChanged(tx, outcome.users, options);
        await requireAnAdministrator(tx);
        return outcome;
      }),
    );
    return { result, pending: (await this.flush(users)) === 'failed' };
  }

  // 'done': nothing (of these users) left; 'more': a full batch went out and
  // more may wait; 'failed': auth-service did not confirm, rows stay.
  async flush(userIds?: number[]): Promise<'done' | 'more' | 'failed'> {
    const pending = await this.prisma.sessionSync.findMany({
      where: userIds ? { userId: { in: userIds } } : {},
      orderBy: { id: 'asc' },
      take: BATCH,
      select: { id: true, userId: true, createdAt: true },
    });
    if (pending.length === 0) return 'done';
    // Rows come oldest first: the first of each user is its oldest change.
    const changedAt = new Map<number, number>();
    for (const row of pending) if (!changedAt.has(row.userId)) changedAt.set(row.userId, row.createdAt.getTime());
    const users = [...changedAt.keys()];
    const authorizations = (await readUserAuthorizations(this.prisma, users)).map((authorization) => ({
      ...authorization,
      changedAt: changedAt.get(authorization.userId),
    }));
    try {
      const reply = await firstValueFrom(
        this.authService
          .send(AuthRpc.syncUsers, withRequestId({ users: authorizations }))
          .pipe(timeout(this.config.authService.timeoutMs)),
      );
      SyncUsersReply.parse(reply);
    } catch (error) {
      this.logger.warn(
        `auth-service did not apply session changes of ${users.length} user(s) yet: ${errorMessage(error)}`,
      );
      return 'failed';
    }
    await this.prisma.sessionSync.deleteMany({ where: { id: { in: pending.map((row) => row.id) } } });
    return pending.length < BATCH ? 'done' : 'more';
  }
}
