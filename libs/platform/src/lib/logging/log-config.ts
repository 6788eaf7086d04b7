import { z } from 'zod';
import { NodeEnv } from '../config/load-config';

// LOG_LEVEL, LOG_FORMAT and LOG_REQUEST_SAMPLE_RATE, read by every app.
export const logEnvShape = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // json: one object per line (default); pretty: for a terminal (default with NODE_ENV=development).
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  // The share of request lines written for answers below 500 (0 to 1); a 500 is always written.
  LOG_REQUEST_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(1),
};

export interface LogConfig {
  level: z.infer<typeof logEnvShape.LOG_LEVEL>;
  format: 'json' | 'pretty';
  requestSampleRate: number;
}

export function toLogConfig(env: {
  NODE_ENV: z.infer<typeof NodeEnv>;
  LOG_LEVEL: LogConfig['level'];
  LOG_FORMAT?: LogConfig['format'];
  LOG_REQUEST_SAMPLE_RATE: number;
}): LogConfig {
  return {
    level: env.LOG_LEVEL,
    format: env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json'),
    requestSampleRate: env.LOG_REQUEST_SAMPLE_RATE,
  };
}
