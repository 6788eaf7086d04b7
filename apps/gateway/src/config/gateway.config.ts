import { envInt, envPort, envUrlList, NodeEnv } from '@session-mesh/platform';
import { sessionCookieEnvShape } from '@session-mesh/session';
import { z } from 'zod';

export const gatewayEnv = z
  .object({
    NODE_ENV: NodeEnv,
    PORT: envPort(3000),
    // One URL, or the URLs of several replicas separated by commas.
    AUTH_SERVICE_URL: envUrlList(['http', 'https'], 'http://127.0.0.1:3001'),
    USER_SERVICE_URL: envUrlList(['http', 'https'], 'http://127.0.0.1:3002'),
    // How often a replica that refused a connection is probed until it is back.
    UPSTREAM_PROBE_INTERVAL_MS: envInt(1000, 100, 60_000),
    ...sessionCookieEnvShape,
  })
  .transform((env) => ({
    http: { port: env.PORT },
    upstreams: { auth: env.AUTH_SERVICE_URL, users: env.USER_SERVICE_URL },
    upstreamProbeIntervalMs: env.UPSTREAM_PROBE_INTERVAL_MS,
    // Only auth-service, the session writer, may set this cookie in a browser.
    sessionCookieName: env.SESSION_COOKIE_NAME,
  }));

export type GatewayConfig = z.infer<typeof gatewayEnv>;
export type UpstreamName = keyof GatewayConfig['upstreams'];
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
