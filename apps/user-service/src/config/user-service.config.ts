import {
  envInt,
  envUrl,
  NodeEnv,
  rpcPeerEnvShape,
  serviceEnvShape,
  toRpcPeer,
  toServiceConfig,
} from '@session-mesh/platform';
import {
  auditEnvShape,
  sessionEnvShape,
  SessionOptions,
  toAuditOptions,
  toSessionOptions,
} from '@session-mesh/session';
import { z } from 'zod';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/session_mesh';

export const userServiceEnv = z
  .object({
    ...serviceEnvShape({ port: 3002, rpcPort: 4002 }),
    DATABASE_URL: envUrl(['postgres', 'postgresql'], DEFAULT_DATABASE_URL),
    DATABASE_POOL_SIZE: envInt(10, 1, 200),
    // auth-service applies authorization changes to sessions (AUTH_SERVICE_RPC_HOST/PORT/TIMEOUT_MS).
    ...rpcPeerEnvShape('AUTH_SERVICE', 4001),
    ...sessionEnvShape,
    // user-service appends user.disabled, user.deleted and user.password_changed
    // (with ACLs, as a Redis user that may only append to the stream).
    ...auditEnvShape,
    // Seals TOTP secrets in Postgres (AES-256-GCM): 32 bytes, base64. Sensitive.
    // Needed only once someone uses the second factor: without it, TOTP
    // requests answer 503 second_factor_unavailable.
    // Empty counts as unset (compose passes `${TOTP_ENCRYPTION_KEY:-}`).
    TOTP_ENCRYPTION_KEY: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .base64()
        .refine((key) => Buffer.from(key, 'base64').length === 32, 'must be 32 bytes, base64 (openssl rand -base64 32)')
        .optional(),
    ),
    // The issuer authenticator apps show beside the account.
    TOTP_ISSUER: z.string().min(1).max(64).default('session-mesh'),
  })
  .transform((env, ctx) => ({
    ...toServiceConfig(env),
    authService: toRpcPeer(env, 'AUTH_SERVICE'),
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE },
    totp: {
      encryptionKey: env.TOTP_ENCRYPTION_KEY ? Buffer.from(env.TOTP_ENCRYPTION_KEY, 'base64') : undefined,
      issuer: env.TOTP_ISSUER,
    },
    session: toSessionOptions(env, env.NODE_ENV === 'production', ctx),
    // The stream lives in the session Redis (its issues are reported once, above).
    audit: toAuditOptions(env, toSessionOptions(env, env.NODE_ENV === 'production')),
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
