import { z } from 'zod';
import { envOptionalBoolean, NodeEnv } from '../config/load-config';

// Prometheus exporters' customary port, inside each container.
export const DEFAULT_METRICS_PORT = 9464;

// METRICS_PORT, read by every app: /metrics is served there, never on the app's
// own HTTP port, so the gateway's public port cannot expose it.
export const metricsEnvShape = {
  // No default here: unset means "decide by NODE_ENV" (toMetricsConfig).
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  // false: no metrics listener (the counters still count, for nobody); true:
  // on 9464 outside production too.
  METRICS_ENABLED: envOptionalBoolean(),
};

export interface MetricsConfig {
  // The metrics listener's port, or undefined when it is off.
  port: number | undefined;
}

// On by default in production (one port per container, all alike); in
// development and tests only when METRICS_PORT is set, so processes sharing
// one host never fight over a fixed port.
export function toMetricsConfig(env: {
  NODE_ENV: z.infer<typeof NodeEnv>;
  METRICS_PORT?: number;
  METRICS_ENABLED?: boolean;
}): MetricsConfig {
  if (env.METRICS_ENABLED === false) return { port: undefined };
  if (env.METRICS_PORT !== undefined) return { port: env.METRICS_PORT };
  return { port: env.NODE_ENV === 'production' || env.METRICS_ENABLED === true ? DEFAULT_METRICS_PORT : undefined };
}
