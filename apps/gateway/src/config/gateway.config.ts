import { envPort, envUrl, NodeEnv } from '@session-mesh/platform';
import { sessionCookieEnvShape } from '@session-mesh/session';
import { z } from 'zod';

export const gatewayEnv = z
  .object({
    NODE_ENV: NodeEnv,
    PORT: envPort(3000),
    AUTH_SERVICE_URL: envUrl(['http', 'https'], 'http://127.0.0.1:3001'),
    USER_SERVICE_URL: envUrl(['http', 'https'], 'http://127.0.0.1:3002'),
    ...sessionCookieEnvShape,
  })
  .transform((env) => ({
    port: env.PORT,
    upstreams: { auth: env.AUTH_SERVICE_URL, users: env.USER_SERVICE_URL },
    // Only auth-service, the session writer, may set this cookie in a browser.
    sessionCookieName: env.SESSION_COOKIE_NAME,
  }));

export type GatewayConfig = z.infer<typeof gatewayEnv>;
export type UpstreamName = keyof GatewayConfig['upstreams'];
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
