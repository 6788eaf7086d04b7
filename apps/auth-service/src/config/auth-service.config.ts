import { envInt, rpcPeerEnvShape, serviceEnvShape, toRpcPeer, toServiceConfig } from '@session-mesh/platform';
import { auditEnvShape, sessionEnvShape, toAuditOptions, toSessionOptions } from '@session-mesh/session';
import { z } from 'zod';

export const authServiceEnv = z
  .object({
    ...serviceEnvShape({ port: 3001, rpcPort: 4001 }),
    // user-service verifies credentials (USER_SERVICE_RPC_HOST/PORT/TIMEOUT_MS).
    ...rpcPeerEnvShape('USER_SERVICE', 4002),
    // Failed logins allowed per username and per client IP within the window.
    LOGIN_MAX_FAILURES_PER_USERNAME: envInt(5, 1, 10_000),
    LOGIN_MAX_FAILURES_PER_IP: envInt(50, 1, 1_000_000),
    LOGIN_FAILURE_WINDOW_SECONDS: envInt(15 * 60, 1, 24 * 60 * 60),
    // How long a client that logged in stays "known" to the limiter for that user.
    LOGIN_KNOWN_DEVICE_TTL_SECONDS: envInt(90 * 24 * 60 * 60, 60, 400 * 24 * 60 * 60),
    // How long a login that passed its password may take to present its
    // second factor (the pending session's whole lifetime).
    SECOND_FACTOR_PENDING_TTL_SECONDS: envInt(5 * 60, 30, 60 * 60),
    ...sessionEnvShape,
    ...auditEnvShape,
  })
  .transform((env, ctx) => ({
    ...toServiceConfig(env),
    loginThrottle: {
      maxPerUsername: env.LOGIN_MAX_FAILURES_PER_USERNAME,
      maxPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
      knownDeviceTtlSeconds: env.LOGIN_KNOWN_DEVICE_TTL_SECONDS,
    },
    secondFactorPendingTtlSeconds: env.SECOND_FACTOR_PENDING_TTL_SECONDS,
    userService: toRpcPeer(env, 'USER_SERVICE'),
    session: toSessionOptions(env, env.NODE_ENV === 'production', ctx),
    // The stream lives in the session Redis (its issues are reported once, above).
    audit: toAuditOptions(env, toSessionOptions(env, env.NODE_ENV === 'production')),
  }));

export type AuthServiceConfig = z.infer<typeof authServiceEnv>;
export const AUTH_SERVICE_CONFIG = Symbol('AUTH_SERVICE_CONFIG');
