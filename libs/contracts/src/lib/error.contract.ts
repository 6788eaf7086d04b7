import { z } from 'zod';

// The one error body of every service and the gateway. `code` is a stable,
// machine-readable id (clients switch on it); `message` is for humans.
export const ErrorBody = z
  .object({
    statusCode: z.int().min(400).max(599),
    code: z.string().describe('Stable machine-readable error id, e.g. session_missing'),
    message: z.string(),
    details: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Per-field problems of a validation error'),
    maxAgeSeconds: z
      .int()
      .positive()
      .optional()
      .describe('reauthentication_required: the route needs credentials checked at most this many seconds ago'),
    requiredAal: z
      .int()
      .min(1)
      .max(2)
      .optional()
      .describe('second_factor_required: the assurance level the route needs'),
    requestId: z.string().optional(),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBody>;
