import { Body, Param, PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { PlatformError } from '../errors/app-error';
import { ApiErrors } from '../openapi/api-responses.decorator';
import { openApiRef, openApiSchema } from '../openapi/zod-openapi';

export function zodIssuesToDetails(error: z.ZodError) {
  return error.issues.map((issue) => ({
    path: issue.path.join('.') || '(body)',
    message: issue.message,
  }));
}

export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly pathPrefix = '',
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) {
      const details = zodIssuesToDetails(result.error).map((detail) => ({
        ...detail,
        path: this.pathPrefix ? `${this.pathPrefix}${detail.path === '(body)' ? '' : '.' + detail.path}` : detail.path,
      }));
      throw new PlatformError('validation_failed', 'The request is not valid', details);
    }
    return result.data;
  }
}

function applyToMethod(target: object, propertyKey: string | symbol | undefined, decorator: MethodDecorator): void {
  if (propertyKey === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, propertyKey);
  if (descriptor) decorator(target, propertyKey, descriptor);
}

// A validated route parameter (e.g. /groups/:id), documented from its schema
// with the 400 its validation answers. Documented as parsed (`IdParam` is an
// integer): what zod coerces from the path string is what a client must send.
export function ZodParam<S extends z.ZodType>(name: string, schema: S): ParameterDecorator {
  const paramDecorator = Param(name, new ZodValidationPipe(schema, name));
  return (target, propertyKey, index) => {
    paramDecorator(target, propertyKey, index);
    applyToMethod(target, propertyKey, ApiParam({ name, required: true, schema: openApiSchema(schema, 'output') }));
    applyToMethod(target, propertyKey, ApiErrors([400, `Invalid ${name}`]));
  };
}

// The validated query string as one object; unknown parameters are refused.
export function ZodQuery<S extends z.ZodObject>(schema: S): ParameterDecorator {
  const queryDecorator = Query(new ZodValidationPipe(schema, 'query'));
  return (target, propertyKey, index) => {
    queryDecorator(target, propertyKey, index);
    for (const [name, field] of Object.entries(schema.shape)) {
      const fieldSchema = openApiSchema(field as z.ZodType, 'input');
      applyToMethod(target, propertyKey, ApiQuery({ name, required: false, schema: fieldSchema }));
    }
    applyToMethod(target, propertyKey, ApiErrors([400, 'Invalid or unknown query parameter']));
  };
}

// One decorator per body: validates it with the zod schema and documents the
// same schema in OpenAPI, so the two cannot drift apart.
export function ZodBody<S extends z.ZodType>(schema: S): ParameterDecorator {
  const bodyDecorator = Body(new ZodValidationPipe(schema));
  return (target, propertyKey, index) => {
    bodyDecorator(target, propertyKey, index);
    applyToMethod(target, propertyKey, ApiBody({ schema: openApiRef(schema), required: true }));
  };
}
