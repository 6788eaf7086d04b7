import { Module } from '@nestjs/common';
import { HealthController, READINESS_CHECKS } from '@session-mesh/platform';
import { SessionStore } from '@session-mesh/session';
import { DatabaseModule } from '../database/database.module';
import { PrismaService } from '../database/prisma.service';
import { PingController } from './ping.controller';

// GET /health and GET /ready (the session Redis and Postgres reachable), and
// the ping pair (the same answer without and with a session check).
@Module({
  imports: [DatabaseModule],
  controllers: [HealthController, PingController],
  providers: [
    {
      provide: READINESS_CHECKS,
      inject: [SessionStore, PrismaService],
      useFactory: (store: SessionStore, prisma: PrismaService) => [store.readiness(), prisma.readiness()],
    },
  ],
})
export class HealthModule {}
