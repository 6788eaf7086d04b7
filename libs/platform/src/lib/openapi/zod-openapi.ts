import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

const COMPONENTS = '#/components/schemas/';
const DEFINITIONS = '#/definitions/';

type Io = 'input' | 'output';

// Contracts name themselves with `.meta({ id })`; that id is the OpenAPI name.
export function openApiRef(schema: z.ZodType): SchemaObject | { $ref: string } {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: COMPONENTS + id };
  return openApiSchema(schema);
}

// An unnamed schema (e.g. `z.array(GroupResponse)`) as an inline OpenAPI
// schema. zod puts the named schemas it contains under `definitions` and
// points at `#/definitions/<id>`, which OpenAPI 3.0 has no place for: those
// become references to components/schemas/<id>, which addZodComponents()
// fills from the registry (and refuses any name the registry lacks).
export function openApiSchema(schema: z.ZodType, io: Io = 'output'): SchemaObject {
  const { definitions: _hoisted, ...inline } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    unrepresentable: 'any',
    io,
  }) as Record<string, unknown>;
  return rewriteRefs(inline) as SchemaObject;
}

function registrySchemas(): Record<string, Record<string, unknown>> {
  return z.toJSONSchema(z.globalRegistry, {
    target: 'openapi-3.0',
    unrepresentable: 'any',
    uri: (id) => COMPONENTS + id,
  }).schemas as Record<string, Record<string, unknown>>;
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) =>
      key === '$ref' && typeof inner === 'string' && inner.startsWith(DEFINITIONS)
        ? [key, COMPONENTS + inner.slice(DEFINITIONS.length)]
        : [key, rewriteRefs(inner)],
    ),
  );
}

// Adds every named zod schema the document refers to (and what those refer
// to) as an OpenAPI component.
export function addZodComponents(document: OpenAPIObject): OpenAPIObject {
  const all = registrySchemas();
  const schemas = { ...(document.components?.schemas ?? {}) } as Record<string, unknown>;
  const pending = refsIn(document);
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (name in schemas) continue;
    if (!(name in all))
      throw new Error(`OpenAPI: ${COMPONENTS + name} is no named zod schema; name it with .meta({ id })`);
    const { $id: _id, ...schema } = all[name];
    schemas[name] = schema;
    pending.push(...refsIn(schema));
  }
  return { ...document, components: { ...document.components, schemas: sortedByName(schemas) as never } };
}

function sortedByName(schemas: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
}

function refsIn(value: unknown): string[] {
  const found: string[] = [];
  JSON.stringify(value, (key, inner) => {
    if (key === '$ref' && typeof inner === 'string' && inner.startsWith(COMPONENTS)) {
      found.push(inner.slice(COMPONENTS.length));
    }
    return inner;
  });
  return found;
}
