import {
  envInt,
  envPort,
  envUrlList,
  logEnvShape,
  metricsEnvShape,
  NodeEnv,
  toLogConfig,
  toMetricsConfig,
} from '@session-mesh/platform';
import { sessionCookieEnvShape, sessionCookieNameOf } from '@session-mesh/session';
import { join } from 'node:path';
import { z } from 'zod';
import { SERVICES } from '../services';

// <SERVICE>_URL of every service in services.ts: one URL, or the URLs of
// several replicas separated by commas.
const upstreamEnvShape = Object.fromEntries(
  SERVICES.map((service) => [service.urlVariable, envUrlList(['http', 'https'], service.defaultUrl)]),
) as Record<string, ReturnType<typeof envUrlList>>;

export const gatewayEnv = z
  .object({
    NODE_ENV: NodeEnv,
    PORT: envPort(3000),
    ...upstreamEnvShape,
    // How often a replica that refused a connection is probed until it is back.
    UPSTREAM_PROBE_INTERVAL_MS: envInt(1000, 100, 60_000),
    // The built console (nx build console); next to the gateway's own build by default.
    CONSOLE_DIR: z.string().min(1).default(join(__dirname, '..', 'console')),
    ...sessionCookieEnvShape,
    ...logEnvShape,
    ...metricsEnvShape,
  })
  .transform((env) => ({
    http: { port: env.PORT },
    log: toLogConfig(env),
    metrics: toMetricsConfig(env),
    // Service name (services.ts) -> its replicas' base URLs.
    upstreams: Object.fromEntries(
      SERVICES.map((service) => [service.name, (env as Record<string, unknown>)[service.urlVariable] as string[]]),
    ) as Readonly<Record<UpstreamName, string[]>>,
    upstreamProbeIntervalMs: env.UPSTREAM_PROBE_INTERVAL_MS,
    consoleDir: env.CONSOLE_DIR,
    // Only auth-service, the session writer, may set this cookie in a browser.
    sessionCookieName: sessionCookieNameOf(env, env.NODE_ENV === 'production'),
  }));

export type GatewayConfig = z.infer<typeof gatewayEnv>;
// A service's name in services.ts.
export type UpstreamName = string;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
