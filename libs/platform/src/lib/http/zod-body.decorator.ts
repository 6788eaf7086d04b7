import { Body, PipeTransform } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import { openApiRef } from '../openapi/zod-openapi';

export function zodIssuesToDetails(error: z.ZodError) {
  return error.issues.map((issue) => ({
    path: issue.path.join('.') || '(body)',
    message: issue.message,
  }));
}

export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) {
      throw new AppError('validation_failed', 'The request is not valid', zodIssuesToDetails(result.error));
    }
    return result.data;
  }
}

// One decorator per body: validates it with the zod schema and documents the
// same schema in OpenAPI, so the two cannot drift apart.
export function ZodBody<S extends z.ZodType>(schema: S): ParameterDecorator {
  const bodyDecorator = Body(new ZodValidationPipe(schema));
  return (target, propertyKey, index) => {
    bodyDecorator(target, propertyKey, index);
    if (propertyKey === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, propertyKey);
    if (descriptor) ApiBody({ schema: openApiRef(schema), required: true })(target, propertyKey, descriptor);
  };
}
