import { defineConfig } from 'prisma/config';

// Read by the Prisma CLI only (generate, migrate deploy). The running service
// gets DATABASE_URL through its own zod config and the pg driver adapter.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
    seed: 'node ../../dist/apps/user-service/migrate.js --seed-only',
  },
  datasource: {
    url: process.env.DATABASE_URL ?? '',
  },
});
