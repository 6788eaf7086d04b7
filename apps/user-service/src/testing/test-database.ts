import { PrismaPg } from '@prisma/adapter-pg';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { applyMigrations, ensureDatabase } from '../database/apply-migrations';
import { PrismaClient } from '../generated/prisma/client';

export const MIGRATIONS_DIR = join(__dirname, '../../prisma/migrations');
export const SCHEMA_PATH = join(__dirname, '../../prisma/schema.prisma');

const SERVER_URL = process.env['TEST_DATABASE_SERVER_URL'] ?? 'postgresql://postgres@127.0.0.1:5432';

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

// A fresh database per test file on the local Postgres, migrated with the
// committed SQL, dropped afterwards.
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const url = `${SERVER_URL}/sm_test_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(url);
  if (options.migrate !== false) await applyMigrations(url, MIGRATIONS_DIR);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    url,
    prisma,
    query: async <T extends object>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows,
    drop: async () => {
      await prisma.$disconnect();
      await client.end();
      const admin = new Client({ connectionString: `${SERVER_URL}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    },
  };
}
