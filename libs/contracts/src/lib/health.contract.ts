import { z } from 'zod';

// GET /health of every app.
export const HealthStatus = z.object({ status: z.literal('ok') }).meta({ id: 'HealthStatus' });
export type HealthStatus = z.infer<typeof HealthStatus>;

// GET /ready of every app: 200 when every dependency answers, 503 otherwise.
export const Readiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.record(z.string(), z.enum(['up', 'down'])).describe('Each dependency by name, e.g. redis, postgres'),
  })
  .meta({ id: 'Readiness' });
export type Readiness = z.infer<typeof Readiness>;
