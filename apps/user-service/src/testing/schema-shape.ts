import { get_dmmf } from '@prisma/prisma-schema-wasm';
import type { TestDatabase } from './test-database';

// A comparable description of a Postgres schema: tables with their columns,
// indexes and foreign keys, named the way Prisma names them. Built once from
// schema.prisma (through Prisma's own schema parser) and once from a migrated
// database, so a test can tell when the two drift apart.
export interface SchemaShape {
  [table: string]: {
    columns: Record<string, string>;
    indexes: Record<string, string>;
    foreignKeys: Record<string, string>;
  };
}

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  fields: Array<{ name: string }>;
}

// Prisma's default Postgres type of each scalar.
const POSTGRES_TYPE: Record<string, string> = {
  Int: 'integer',
  BigInt: 'bigint',
  String: 'text',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Float: 'double precision',
  Json: 'jsonb',
};

const INDEX_SUFFIX = { id: 'pkey', unique: 'key', normal: 'idx', fulltext: 'idx' } as const;
const ON_DELETE: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  SetNull: 'SET NULL',
  NoAction: 'NO ACTION',
};

export function shapeFromPrismaSchema(schemaText: string): SchemaShape {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schemaText]] }))) as {
    datamodel: { models: DmmfModel[]; indexes: DmmfIndex[] };
  };
  const { models, indexes } = dmmf.datamodel;
  const tableOf = (modelName: string) => {
    const model = models.find((m) => m.name === modelName) as DmmfModel;
    return model.dbName ?? model.name;
  };
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName) as DmmfField;
    return field.dbName ?? field.name;
  };
  const shape: SchemaShape = {};
  for (const model of models) {
    const table = tableOf(model.name);
    const entry: SchemaShape[string] = { columns: {}, indexes: {}, foreignKeys: {} };
    for (const field of model.fields) {
      if (field.kind === 'object') {
        if (!field.relationFromFields?.length) continue;
        const from = field.relationFromFields.map((name) => columnOf(model, name));
        const target = models.find((m) => m.name === field.type) as DmmfModel;
        const to = (field.relationToFields ?? []).map((name) => columnOf(target, name));
        entry.foreignKeys[`${table}_${from.join('_')}_fkey`] =
          `(${from.join(',')}) -> ${tableOf(field.type)}(${to.join(',')}) ON DELETE ${ON_DELETE[field.relationOnDelete ?? 'Restrict'] ?? field.relationOnDelete}`;
        continue;
      }
      const type = POSTGRES_TYPE[field.type] ?? field.type;
      entry.columns[field.dbName ?? field.name] =
        `${type}${field.isList ? '[]' : ''}${field.isRequired ? ' not null' : ''}`;
    }
    shape[table] = entry;
  }
  for (const index of indexes) {
    const model = models.find((m) => m.name === index.model) as DmmfModel;
    const table = tableOf(model.name);
    const columns = index.fields.map((f) => columnOf(model, f.name));
    const name =
      index.dbName ?? `${table}_${index.type === 'id' ? '' : columns.join('_') + '_'}${INDEX_SUFFIX[index.type]}`;
    shape[table].indexes[name] = `${index.type === 'normal' ? '' : 'unique '}(${columns.join(',')})`;
  }
  return shape;
}

export async function shapeFromDatabase(db: Pick<TestDatabase, 'query'>): Promise<SchemaShape> {
  const shape: SchemaShape = {};
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
  );
  for (const { table_name } of tables) shape[table_name] = { columns: {}, indexes: {}, foreignKeys: {} };

  const columns = await db.query<{ table_name: string; column_name: string; type: string; not_null: boolean }>(
    `SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  for (const column of columns) {
    const table = shape[column.table_name];
    if (table) table.columns[column.column_name] = `${column.type}${column.not_null ? ' not null' : ''}`;
  }

  const indexes = await db.query<{ table_name: string; index_name: string; is_unique: boolean; columns: string }>(
    `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique,
            string_agg(a.attname, ',' ORDER BY k.ord) AS columns
     FROM pg_index ix
     JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
     WHERE n.nspname = 'public'
     GROUP BY t.relname, i.relname, ix.indisunique`,
  );
  for (const index of indexes) {
    const table = shape[index.table_name];
    if (table) table.indexes[index.index_name] = `${index.is_unique ? 'unique ' : ''}(${index.columns})`;
  }

  const foreignKeys = await db.query<{ table_name: string; name: string; definition: string }>(
    `SELECT t.relname AS table_name, con.conname AS name, pg_get_constraintdef(con.oid) AS definition
     FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND con.contype = 'f'`,
  );
  for (const fk of foreignKeys) {
    // e.g. FOREIGN KEY ("userId") REFERENCES "User"(id) ON UPDATE CASCADE ON DELETE CASCADE
    const match =
      /FOREIGN KEY \((.+?)\) REFERENCES "?([^"(]+)"?\((.+?)\)(?:.*ON DELETE (CASCADE|RESTRICT|SET NULL|NO ACTION))?/.exec(
        fk.definition,
      );
    if (!match) throw new Error(`Cannot read foreign key ${fk.name}: ${fk.definition}`);
    const unquote = (list: string) => list.replace(/"/g, '').replace(/\s/g, '');
    shape[fk.table_name].foreignKeys[fk.name] =
      `(${unquote(match[1])}) -> ${match[2]}(${unquote(match[3])}) ON DELETE ${match[4] ?? 'NO ACTION'}`;
  }
  return shape;
}
