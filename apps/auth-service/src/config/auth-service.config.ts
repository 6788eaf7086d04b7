import {
  envInt,
  envPort,
  NodeEnv,
  rpcTransportEnvShape,
  serviceHttpEnvShape,
  toRpcTransport,
} from '@session-mesh/platform';
import { sessionEnvShape, toSessionOptions } from '@session-mesh/session';
import { z } from 'zod';

export const authServiceEnv = z
  .object({
    NODE_ENV: NodeEnv,
    PORT: envPort(3001),
    ...rpcTransportEnvShape,
    // The TCP listener and user-service's TCP address (RPC_TRANSPORT=tcp).
    RPC_HOST: z.string().min(1).default('0.0.0.0'),
    RPC_PORT: envPort(4001),
    USER_SERVICE_RPC_HOST: z.string().min(1).default('127.0.0.1'),
    USER_SERVICE_RPC_PORT: envPort(4002),
    USER_SERVICE_RPC_TIMEOUT_MS: envInt(5000, 100, 60_000),
    ...serviceHttpEnvShape,
    // Failed logins allowed per username and per client IP within the window.
    LOGIN_MAX_FAILURES_PER_USERNAME: envInt(5, 1, 10_000),
    LOGIN_MAX_FAILURES_PER_IP: envInt(50, 1, 1_000_000),
    LOGIN_FAILURE_WINDOW_SECONDS: envInt(15 * 60, 1, 24 * 60 * 60),
    ...sessionEnvShape,
  })
  .transform((env, ctx) => ({
    production: env.NODE_ENV === 'production',
    rpcTransport: toRpcTransport(env),
    http: { port: env.PORT, trustProxy: env.TRUST_PROXY, trustedOrigins: env.CSRF_TRUSTED_ORIGINS },
    rpc: { host: env.RPC_HOST, port: env.RPC_PORT },
    loginThrottle: {
      maxPerUsername: env.LOGIN_MAX_FAILURES_PER_USERNAME,
      maxPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
    },
    userService: {
      host: env.USER_SERVICE_RPC_HOST,
      port: env.USER_SERVICE_RPC_PORT,
      timeoutMs: env.USER_SERVICE_RPC_TIMEOUT_MS,
    },
    session: toSessionOptions(env, env.NODE_ENV === 'production', ctx),
  }));

export type AuthServiceConfig = z.infer<typeof authServiceEnv>;
export const AUTH_SERVICE_CONFIG = Symbol('AUTH_SERVICE_CONFIG');
