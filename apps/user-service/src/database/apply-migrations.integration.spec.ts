import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, MIGRATIONS_DIR, TestDatabase } from '../testing/test-database';
import { applyMigrations, readMigrations } from './apply-migrations';

describe('applyMigrations (real Postgres)', () => {
  let db: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    db = await createTestDatabase({ migrate: false });
    dir = await mkdtemp(join(tmpdir(), 'migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
  });

  afterEach(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("records every migration in _prisma_migrations as Prisma does, with the file's sha256", async () => {
    const migrations = await readMigrations(dir);
    expect(await applyMigrations(db.url, dir)).toEqual(migrations.map((m) => m.name));
    const rows = await db.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const first = migrations[0];
    const sql = await readFile(join(dir, first.name, 'migration.sql'));
    expect(rows[0]).toMatchObject({
      migration_name: first.name,
      checksum: createHash('sha256').update(sql).digest('hex'),
      applied_steps_count: 1,
    });
    expect(rows[0].finished_at).toBeInstanceOf(Date);
    expect(await db.query(`SELECT 1 FROM "User"`)).toEqual([]);
  });

  it('is idempotent: a second run applies nothing', async () => {
    await applyMigrations(db.url, dir);
    expect(await applyMigrations(db.url, dir)).toEqual([]);
  });

  it('applies only the new migration when one is added', async () => {
    await applyMigrations(db.url, dir);
    await mkdir(join(dir, '29990101000000_add_note'));
    await writeFile(
      join(dir, '29990101000000_add_note', 'migration.sql'),
      'ALTER TABLE "User" ADD COLUMN "note" TEXT;\n',
    );
    expect(await applyMigrations(db.url, dir)).toEqual(['29990101000000_add_note']);
  });

  it('refuses to go on when an applied migration was edited afterwards', async () => {
    await applyMigrations(db.url, dir);
    const [first] = await readMigrations(dir);
    await writeFile(join(dir, first.name, 'migration.sql'), first.sql + '\n-- edited\n');
    await expect(applyMigrations(db.url, dir)).rejects.toThrow(/changed after it was applied/);
  });

  it('leaves nothing behind when a migration fails', async () => {
    await mkdir(join(dir, '29990101000000_broken'));
    await writeFile(
      join(dir, '29990101000000_broken', 'migration.sql'),
      'CREATE TABLE "Half" (id INT);\nSELECT nonsense FROM nowhere;\n',
    );
    await expect(applyMigrations(db.url, dir)).rejects.toThrow(/29990101000000_broken failed/);
    expect(await db.query(`SELECT to_regclass('"Half"') AS t`)).toEqual([{ t: null }]);
    const names = await db.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations"');
    expect(names.map((row) => row.migration_name)).not.toContain('29990101000000_broken');
  });
});
