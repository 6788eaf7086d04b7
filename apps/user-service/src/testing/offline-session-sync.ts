import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { loadConfig } from '@session-mesh/platform';
import { freePort } from '@session-mesh/session/testing';
import { SessionSyncService } from '../authorization/session-sync.service';
import { userServiceEnv } from '../config/user-service.config';
import type { PrismaService } from '../database/prisma.service';

// The real SessionSyncService with auth-service not running: every change
// commits with its outbox row, and delivery fails at once (rows stay pending).
export async function offlineSessionSync(prisma: PrismaService): Promise<SessionSyncService> {
  const unreachable = ClientProxyFactory.create({
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: await freePort() },
  });
  return new SessionSyncService(prisma, unreachable, loadConfig(userServiceEnv, {}));
}
