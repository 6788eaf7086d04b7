import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { OutageLog, ReadinessCheck } from '@session-mesh/platform';
import pg from 'pg';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import { USER_SERVICE_CONFIG, UserServiceConfig } from '../config/user-service.config';
import { UserServiceError } from '../user-service.errors';

// The service's one Prisma client, over the pg driver adapter (no Rust engine).
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  // Postgres outages are logged twice (down, back), not per refused request.
  readonly outage: OutageLog;

  constructor(@Inject(USER_SERVICE_CONFIG) config: UserServiceConfig) {
    const pool = new pg.Pool({
      connectionString: config.database.url,
      max: config.database.poolSize,
      connectionTimeoutMillis: 2000,
    });
    super({ adapter: new PrismaPg(pool) });
    const outage = new OutageLog('Postgres', new Logger('Database'));
    // A new connection is Postgres answering again; an idle one that dies is it going away.
    pool.on('connect', () => outage.up());
    pool.on('error', (error) => outage.down(error.message));
    this.outage = outage;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }

  readiness(): ReadinessCheck {
    return { name: 'postgres', check: async () => void (await this.$queryRaw`SELECT 1`) };
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

// Errors that mean "the database is not there", as opposed to a bug or a
// constraint: these become 503 so clients retry instead of giving up.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01',
  '57P03',
  'P1001',
  'P1002',
  'P1017',
]);

export function isDatabaseUnreachable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const { code, kind, message } = current as { code?: unknown; kind?: unknown; message?: unknown };
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
    if (kind === 'DatabaseNotReachable' || kind === 'SocketTimeout' || kind === 'ConnectionClosed') return true;
    if (
      typeof message === 'string' &&
      /connection terminated|timeout exceeded when trying to connect|ECONNREFUSED/i.test(message)
    )
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export function databaseUnavailable(): UserServiceError {
  return new UserServiceError('database_unavailable', 'The user database is unavailable, try again shortly');
}
