import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DatabaseErrorInterceptor } from './database-error.interceptor';
import { PrismaService } from './prisma.service';

// The Prisma client, and the interceptor that answers 503 while Postgres is down.
@Module({
  providers: [PrismaService, { provide: APP_INTERCEPTOR, useClass: DatabaseErrorInterceptor }],
  exports: [PrismaService],
})
export class DatabaseModule {}
