import { readFile } from 'node:fs/promises';
import { shapeFromDatabase, shapeFromPrismaSchema } from '../testing/schema-shape';
import { createTestDatabase, SCHEMA_PATH, TestDatabase } from '../testing/test-database';

// The committed SQL migrations must build exactly the schema that
// schema.prisma describes (Prisma's migrate diff cannot run here).
describe('schema.prisma and the SQL migrations', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(() => db.drop());

  it('describe the same tables, columns, indexes and foreign keys', async () => {
    const expected = shapeFromPrismaSchema(await readFile(SCHEMA_PATH, 'utf8'));
    expect(await shapeFromDatabase(db)).toEqual(expected);
    expect(expected['User'].columns['passwordHash']).toBe('text not null');
    expect(expected['UserGroup'].indexes['UserGroup_pkey']).toBe('unique (userId,groupId)');
  });

  it('catch a column that only the database has', async () => {
    await db.query('ALTER TABLE "User" ADD COLUMN "nickname" TEXT');
    const expected = shapeFromPrismaSchema(await readFile(SCHEMA_PATH, 'utf8'));
    expect(await shapeFromDatabase(db)).not.toEqual(expected);
  });

  it('catch a model field that no migration created', async () => {
    const schema = (await readFile(SCHEMA_PATH, 'utf8')).replace('model Role {', 'model Role {\n  description String?');
    expect(await shapeFromDatabase(db)).not.toEqual(shapeFromPrismaSchema(schema));
  });
});
