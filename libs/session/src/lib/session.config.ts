import { envInt, envOptionalBoolean, envUrl } from '@session-mesh/platform';
import { z } from 'zod';

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/;

const cookieName = z.string().regex(COOKIE_NAME, 'must be a valid cookie name').default('sid');

// For apps that handle the session cookie without reading sessions (the gateway).
export const sessionCookieEnvShape = { SESSION_COOKIE_NAME: cookieName };

// The environment variables of the session library, shared by every service.
export const sessionEnvShape = {
  REDIS_URL: envUrl(['redis', 'rediss'], 'redis://127.0.0.1:6379'),
  ...sessionCookieEnvShape,
  SESSION_COOKIE_SECURE: envOptionalBoolean(),
  SESSION_IDLE_TTL_SECONDS: envInt(30 * 60),
  SESSION_ABSOLUTE_TTL_SECONDS: envInt(12 * 60 * 60),
  SESSION_KEY_PREFIX: z.string().max(64).default('sess:'),
  SESSION_USER_INDEX_PREFIX: z.string().max(64).default('user-sessions:'),
  SESSION_USER_AUTHZ_PREFIX: z.string().max(64).default('user-authz:'),
  // At most this many live sessions per user; a new login ends the oldest. 0: no limit.
  SESSION_MAX_PER_USER: envInt(0, 0, 10_000),
  REDIS_COMMAND_TIMEOUT_MS: envInt(1000, 50, 60_000),
};

export interface SessionOptions {
  redisUrl: string;
  cookie: { name: string; secure: boolean };
  idleTtlSeconds: number;
  absoluteTtlSeconds: number;
  keyPrefix: string;
  userIndexPrefix: string;
  userAuthzPrefix: string;
  maxSessionsPerUser: number;
  commandTimeoutMs: number;
}

type SessionEnv = z.infer<z.ZodObject<typeof sessionEnvShape>>;

// `Secure` is on by default in production and off elsewhere (plain-HTTP
// localhost). Turning it off in production stops the app: the cookie would
// travel in clear text.
export function toSessionOptions(env: SessionEnv, production: boolean, ctx?: z.RefinementCtx): SessionOptions {
  if (production && env.SESSION_COOKIE_SECURE === false) {
    ctx?.addIssue({ code: 'custom', path: ['SESSION_COOKIE_SECURE'], message: 'must not be false in production' });
  }
  return {
    redisUrl: env.REDIS_URL,
    cookie: { name: env.SESSION_COOKIE_NAME, secure: env.SESSION_COOKIE_SECURE ?? production },
    idleTtlSeconds: Math.min(env.SESSION_IDLE_TTL_SECONDS, env.SESSION_ABSOLUTE_TTL_SECONDS),
    absoluteTtlSeconds: env.SESSION_ABSOLUTE_TTL_SECONDS,
    keyPrefix: env.SESSION_KEY_PREFIX,
    userIndexPrefix: env.SESSION_USER_INDEX_PREFIX,
    userAuthzPrefix: env.SESSION_USER_AUTHZ_PREFIX,
    maxSessionsPerUser: env.SESSION_MAX_PER_USER,
    commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
  };
}
