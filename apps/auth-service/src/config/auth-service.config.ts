import { envInt, envPort, NodeEnv } from '@session-mesh/platform';
import { sessionEnvShape, toSessionOptions } from '@session-mesh/session';
import { z } from 'zod';

export const authServiceEnv = z
  .object({
    NODE_ENV: NodeEnv,
    PORT: envPort(3001),
    RPC_HOST: z.string().min(1).default('0.0.0.0'),
    RPC_PORT: envPort(4001),
    USER_SERVICE_RPC_HOST: z.string().min(1).default('127.0.0.1'),
    USER_SERVICE_RPC_PORT: envPort(4002),
    USER_SERVICE_RPC_TIMEOUT_MS: envInt(5000, 100, 60_000),
    TRUST_PROXY: z.string().default('loopback, linklocal, uniquelocal'),
    ...sessionEnvShape,
  })
  .transform((env) => ({
    production: env.NODE_ENV === 'production',
    http: { port: env.PORT, trustProxy: env.TRUST_PROXY },
    rpc: { host: env.RPC_HOST, port: env.RPC_PORT },
    userService: {
      host: env.USER_SERVICE_RPC_HOST,
      port: env.USER_SERVICE_RPC_PORT,
      timeoutMs: env.USER_SERVICE_RPC_TIMEOUT_MS,
    },
    session: toSessionOptions(env, env.NODE_ENV === 'production'),
  }));

export type AuthServiceConfig = z.infer<typeof authServiceEnv>;
export const AUTH_SERVICE_CONFIG = Symbol('AUTH_SERVICE_CONFIG');
