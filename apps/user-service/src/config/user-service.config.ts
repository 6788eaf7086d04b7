import {
  envInt,
  envPort,
  envUrl,
  NodeEnv,
  rpcTransportEnvShape,
  serviceHttpEnvShape,
  toRpcTransport,
} from '@session-mesh/platform';
import { sessionEnvShape, SessionOptions, toSessionOptions } from '@session-mesh/session';
import { z } from 'zod';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/session_mesh';

export const userServiceEnv = z
  .object({
    NODE_ENV: NodeEnv,
    PORT: envPort(3002),
    ...rpcTransportEnvShape,
    // The TCP listener and auth-service's TCP address (RPC_TRANSPORT=tcp).
    RPC_HOST: z.string().min(1).default('0.0.0.0'),
    RPC_PORT: envPort(4002),
    DATABASE_URL: envUrl(['postgres', 'postgresql'], DEFAULT_DATABASE_URL),
    DATABASE_POOL_SIZE: envInt(10, 1, 200),
    AUTH_SERVICE_RPC_HOST: z.string().min(1).default('127.0.0.1'),
    AUTH_SERVICE_RPC_PORT: envPort(4001),
    ...serviceHttpEnvShape,
    ...sessionEnvShape,
  })
  .transform((env, ctx) => ({
    production: env.NODE_ENV === 'production',
    rpcTransport: toRpcTransport(env),
    http: { port: env.PORT, trustProxy: env.TRUST_PROXY, trustedOrigins: env.CSRF_TRUSTED_ORIGINS },
    rpc: { host: env.RPC_HOST, port: env.RPC_PORT },
    authService: { host: env.AUTH_SERVICE_RPC_HOST, port: env.AUTH_SERVICE_RPC_PORT },
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE },
    session: toSessionOptions(env, env.NODE_ENV === 'production', ctx),
  }));

export type UserServiceConfig = z.infer<typeof userServiceEnv>;
export const USER_SERVICE_CONFIG = Symbol('USER_SERVICE_CONFIG');
export type { SessionOptions };

// The seed's own settings: the admin password has a default only outside production.
export const seedEnv = z
  .object({
    NODE_ENV: NodeEnv,
    DATABASE_URL: envUrl(['postgres', 'postgresql'], DEFAULT_DATABASE_URL),
    ADMIN_PASSWORD: z.string().min(1).max(128).optional(),
    MIGRATIONS_DIR: z.string().min(1).optional(),
  })
  .transform((env, ctx) => {
    const adminPassword = env.ADMIN_PASSWORD ?? (env.NODE_ENV === 'production' ? undefined : 'admin');
    if (adminPassword === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'is required in production' });
      return z.NEVER;
    }
    return { databaseUrl: env.DATABASE_URL, adminPassword, migrationsDir: env.MIGRATIONS_DIR };
  });
