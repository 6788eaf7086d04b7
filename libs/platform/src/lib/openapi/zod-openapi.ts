import type { OpenAPIObject } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

const COMPONENTS = '#/components/schemas/';

// Contracts name themselves with `.meta({ id })`; that id is the OpenAPI name.
export function openApiRef(schema: z.ZodType): SchemaObject | { $ref: string } {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: COMPONENTS + id };
  return z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any' }) as SchemaObject;
}

// Adds every named zod schema the document refers to (and what those refer
// to) as an OpenAPI component.
export function addZodComponents(document: OpenAPIObject): OpenAPIObject {
  const all = z.toJSONSchema(z.globalRegistry, {
    target: 'openapi-3.0',
    unrepresentable: 'any',
    uri: (id) => COMPONENTS + id,
  }).schemas as Record<string, Record<string, unknown>>;
  const schemas = { ...(document.components?.schemas ?? {}) } as Record<string, unknown>;
  const pending = refsIn(document);
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (name in schemas || !(name in all)) continue;
    const { $id: _id, ...schema } = all[name];
    schemas[name] = schema;
    pending.push(...refsIn(schema));
  }
  return { ...document, components: { ...document.components, schemas: schemas as never } };
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
