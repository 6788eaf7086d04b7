// Entry point (dist/apps/user-service/migrate.js): creates the database if it
// is missing, applies prisma/migrations, then seeds. Used by `npm start` and
// the tests here; Docker images use `prisma migrate deploy` + seed.js instead.
import { PrismaPg } from '@prisma/adapter-pg';
import { loadConfigOrExit } from '@session-mesh/platform';
import { join } from 'node:path';
import { seedEnv } from './config/user-service.config';
import { PasswordHasher } from './credentials/password-hasher';
import { applyMigrations, ensureDatabase } from './database/apply-migrations';
import { PrismaClient } from './generated/prisma/client';
import { seedDatabase } from './seed/seed-database';

async function main(): Promise<void> {
  const config = loadConfigOrExit(seedEnv);
  const onlySeed = process.argv.includes('--seed-only');
  if (!onlySeed) {
    if (await ensureDatabase(config.databaseUrl)) console.log('created the database');
    const migrationsDir = config.migrationsDir ?? join(__dirname, 'prisma', 'migrations');
    const applied = await applyMigrations(config.databaseUrl, migrationsDir);
    console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'migrations are up to date');
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.databaseUrl }) });
  try {
    await seedDatabase(prisma, new PasswordHasher(), config.adminPassword);
    console.log('seed applied');
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
