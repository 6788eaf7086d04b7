import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { addZodComponents, openApiRef } from './zod-openapi';

const Inner = z.object({ a: z.string() }).meta({ id: 'SpecInner' });
const Outer = z.object({ inner: Inner, n: z.int() }).meta({ id: 'SpecOuter' });
z.object({ x: z.string() }).meta({ id: 'SpecUnused' });

describe('zod schemas in OpenAPI', () => {
  it('refers to a named schema by its id', () => {
    expect(openApiRef(Outer)).toEqual({ $ref: '#/components/schemas/SpecOuter' });
  });

  it('adds the referenced schemas and what they refer to, and nothing else', () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { '/x': { post: { requestBody: { content: { 'application/json': { schema: openApiRef(Outer) } } } } } },
    } as unknown as OpenAPIObject;
    const schemas = addZodComponents(document).components?.schemas ?? {};
    expect(Object.keys(schemas).sort()).toEqual(['SpecInner', 'SpecOuter']);
    expect(schemas['SpecOuter']).toMatchObject({
      type: 'object',
      properties: { inner: { $ref: '#/components/schemas/SpecInner' }, n: { type: 'integer' } },
    });
  });
});

describe('unnamed zod schemas in OpenAPI', () => {
  const Item = z.object({ id: z.int(), tags: z.array(Inner) }).meta({ id: 'SpecItem' });

  it('points at components, never at zod definitions left inline', () => {
    const schema = openApiRef(z.array(Item));
    expect(schema).toEqual({ type: 'array', items: { $ref: '#/components/schemas/SpecItem' } });
  });

  it('hoists what an unnamed schema refers to into components/schemas', () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/x': {
          get: {
            responses: {
              200: { description: 'ok', content: { 'application/json': { schema: openApiRef(z.array(Item)) } } },
            },
          },
        },
      },
    } as unknown as OpenAPIObject;
    const schemas = addZodComponents(document).components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(['SpecInner', 'SpecItem']);
    expect(JSON.stringify(schemas)).not.toContain('#/definitions/');
  });

  it('refuses a reference to a schema that has no id', () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/x': {
          get: {
            responses: {
              200: {
                description: 'ok',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Nameless' } } },
              },
            },
          },
        },
      },
    } as unknown as OpenAPIObject;
    expect(() => addZodComponents(document)).toThrow(/Nameless is no named zod schema/);
  });
});
