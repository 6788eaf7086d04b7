import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '@session-mesh/contracts';
import { z } from 'zod';
import { openApiRef } from './zod-openapi';

export function ApiZodResponse(status: number, schema: z.ZodType | undefined, description: string) {
  return ApiResponse({ status, description, ...(schema ? { schema: openApiRef(schema) } : {}) });
}

// Documents the error statuses a route can answer, each in the one error format.
export function ApiErrors(...errors: Array<[status: number, description: string]>) {
  return applyDecorators(...errors.map(([status, description]) => ApiZodResponse(status, ErrorBody, description)));
}
