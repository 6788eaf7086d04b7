import { tracingConfigOf } from './tracing-config';

// Starts the OpenTelemetry SDK with the http, redis (node-redis v4/v5) and pg
// instrumentations when the OTEL_* variables turn tracing on. It patches
// modules as they are required, so it must run before Nest, node-redis or pg
// are loaded: each app's main.ts imports its `tracing.ts` first, which calls
// this. With tracing off nothing of the SDK is loaded (require, not import).
export function startTracing(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const config = tracingConfigOf(env, defaultServiceName);
  if (!config.enabled) return false;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { RedisInstrumentation } =
    require('@opentelemetry/instrumentation-redis') as typeof import('@opentelemetry/instrumentation-redis');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    instrumentations: [
      // Health and readiness probes would drown the traces that matter.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/(health|ready)(\?|$)/.test(request.url ?? ''),
      }),
      new RedisInstrumentation(),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  // Flush what is buffered while Nest's own shutdown hook closes the app
  // (that hook ends the process; this one must not).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void sdk.shutdown().catch(() => undefined));
  }
  return true;
}
