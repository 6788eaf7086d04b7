import { envInt, envOptionalBoolean, envUrl, envUrlList } from '@session-mesh/platform';
import { z } from 'zod';
import type { RedisTopology } from './redis-topology';

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/;

const cookieName = z.string().regex(COOKIE_NAME, 'must be a valid cookie name').optional();

// For apps that handle the session cookie without reading sessions (the gateway).
export const sessionCookieEnvShape = { SESSION_COOKIE_NAME: cookieName };

// In production the name carries the `__Host-` prefix: the browser then takes
// the cookie only with Secure, Path=/ and no Domain, so a sibling subdomain
// can neither set nor overwrite it. Plain-HTTP development cannot use it.
export function sessionCookieNameOf(env: { SESSION_COOKIE_NAME?: string }, production: boolean): string {
  return env.SESSION_COOKIE_NAME ?? (production ? '__Host-sid' : 'sid');
}

const DAY = 24 * 60 * 60;
// Browsers keep a cookie at most 400 days (RFC 6265bis).
const MAX_LIFETIME = 400 * DAY;

// The environment variables of the session library, shared by every service.
export const sessionEnvShape = {
  // single: one Redis at REDIS_URL. cluster: a Redis Cluster found through the
  // seed nodes REDIS_CLUSTER_NODES. sentinel: the master REDIS_SENTINEL_MASTER
  // as told by the sentinels REDIS_SENTINEL_NODES.
  REDIS_TOPOLOGY: z.enum(['single', 'cluster', 'sentinel']).default('single'),
  REDIS_URL: envUrl(['redis', 'rediss'], 'redis://127.0.0.1:6379'),
  REDIS_CLUSTER_NODES: envUrlList(['redis', 'rediss']),
  REDIS_SENTINEL_NODES: envUrlList(['redis']),
  REDIS_SENTINEL_MASTER: z.string().min(1).max(256).optional(),
  // Credentials at the master and replicas found through the sentinels.
  REDIS_USERNAME: z.string().min(1).optional(),
  REDIS_PASSWORD: z.string().min(1).optional(),
  ...sessionCookieEnvShape,
  SESSION_COOKIE_SECURE: envOptionalBoolean(),
  SESSION_IDLE_TTL_SECONDS: envInt(30 * 60, 1, MAX_LIFETIME),
  SESSION_ABSOLUTE_TTL_SECONDS: envInt(12 * 60 * 60, 1, MAX_LIFETIME),
  // The lifetimes of a login with "remember me" (each session keeps the ones
  // it was created with).
  SESSION_REMEMBER_ME_IDLE_SECONDS: envInt(7 * DAY, 60, MAX_LIFETIME),
  SESSION_REMEMBER_ME_ABSOLUTE_SECONDS: envInt(30 * DAY, 60, MAX_LIFETIME),
  // How recent the last credential check must be on sensitive routes
  // (@RequireFresh() without an argument).
  SESSION_REAUTH_MAX_AGE_SECONDS: envInt(15 * 60, 10, 24 * 60 * 60),
  SESSION_KEY_PREFIX: z.string().max(64).default('sess:'),
  SESSION_USER_INDEX_PREFIX: z.string().max(64).default('user-sessions:'),
  SESSION_USER_AUTHZ_PREFIX: z.string().max(64).default('user-authz:'),
  // At most this many live sessions per user; a new login ends the oldest. 0: no limit.
  SESSION_MAX_PER_USER: envInt(0, 0, 10_000),
  REDIS_COMMAND_TIMEOUT_MS: envInt(1000, 50, 60_000),
};

export interface SessionOptions {
  redis: RedisTopology;
  cookie: { name: string; secure: boolean };
  // Lifetimes of a session without "remember me": the defaults for records
  // that do not carry their own.
  idleTtlSeconds: number;
  absoluteTtlSeconds: number;
  rememberMe: { idleTtlSeconds: number; absoluteTtlSeconds: number };
  reauthMaxAgeSeconds: number;
  keyPrefix: string;
  userIndexPrefix: string;
  userAuthzPrefix: string;
  maxSessionsPerUser: number;
  commandTimeoutMs: number;
}

type SessionEnv = z.infer<z.ZodObject<typeof sessionEnvShape>>;

// `Secure` is on by default in production and off elsewhere (plain-HTTP
// localhost). Turning it off in production stops the app: the cookie would
// travel in clear text. So does a `__Host-`/`__Secure-` name without Secure:
// browsers would drop the cookie. (The cookie never has a Domain and its Path
// is always /, the other two rules of `__Host-`.)
export function toSessionOptions(env: SessionEnv, production: boolean, ctx?: z.RefinementCtx): SessionOptions {
  const name = sessionCookieNameOf(env, production);
  const secure = env.SESSION_COOKIE_SECURE ?? production;
  if (production && env.SESSION_COOKIE_SECURE === false) {
    ctx?.addIssue({ code: 'custom', path: ['SESSION_COOKIE_SECURE'], message: 'must not be false in production' });
  }
  if (!secure && /^__(host|secure)-/i.test(name)) {
    ctx?.addIssue({
      code: 'custom',
      path: ['SESSION_COOKIE_NAME'],
      message: `${name} needs a Secure cookie (set SESSION_COOKIE_SECURE=true, or use a name without the prefix)`,
    });
  }
  if (env.SESSION_REMEMBER_ME_ABSOLUTE_SECONDS < env.SESSION_ABSOLUTE_TTL_SECONDS) {
    ctx?.addIssue({
      code: 'custom',
      path: ['SESSION_REMEMBER_ME_ABSOLUTE_SECONDS'],
      message: 'must not be shorter than SESSION_ABSOLUTE_TTL_SECONDS',
    });
  }
  return {
    redis: toRedisTopology(env, ctx),
    cookie: { name, secure },
    idleTtlSeconds: Math.min(env.SESSION_IDLE_TTL_SECONDS, env.SESSION_ABSOLUTE_TTL_SECONDS),
    absoluteTtlSeconds: env.SESSION_ABSOLUTE_TTL_SECONDS,
    rememberMe: {
      idleTtlSeconds: Math.min(env.SESSION_REMEMBER_ME_IDLE_SECONDS, env.SESSION_REMEMBER_ME_ABSOLUTE_SECONDS),
      absoluteTtlSeconds: env.SESSION_REMEMBER_ME_ABSOLUTE_SECONDS,
    },
    reauthMaxAgeSeconds: env.SESSION_REAUTH_MAX_AGE_SECONDS,
    keyPrefix: env.SESSION_KEY_PREFIX,
    userIndexPrefix: env.SESSION_USER_INDEX_PREFIX,
    userAuthzPrefix: env.SESSION_USER_AUTHZ_PREFIX,
    maxSessionsPerUser: env.SESSION_MAX_PER_USER,
    commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
  };
}

function toRedisTopology(env: SessionEnv, ctx?: z.RefinementCtx): RedisTopology {
  const missing = (variable: string, why: string): RedisTopology => {
    ctx?.addIssue({ code: 'custom', path: [variable], message: why });
    return { kind: 'single', url: env.REDIS_URL };
  };
  switch (env.REDIS_TOPOLOGY) {
    case 'single':
      return { kind: 'single', url: env.REDIS_URL };
    case 'cluster':
      if (env.REDIS_CLUSTER_NODES.length === 0) {
        return missing(
          'REDIS_CLUSTER_NODES',
          'is required when REDIS_TOPOLOGY=cluster (comma-separated redis:// URLs)',
        );
      }
      return { kind: 'cluster', nodes: env.REDIS_CLUSTER_NODES };
    case 'sentinel':
      if (env.REDIS_SENTINEL_NODES.length === 0) {
        return missing(
          'REDIS_SENTINEL_NODES',
          'is required when REDIS_TOPOLOGY=sentinel (comma-separated redis:// URLs)',
        );
      }
      if (!env.REDIS_SENTINEL_MASTER) {
        return missing('REDIS_SENTINEL_MASTER', 'is required when REDIS_TOPOLOGY=sentinel (the master name)');
      }
      return {
        kind: 'sentinel',
        sentinels: env.REDIS_SENTINEL_NODES,
        masterName: env.REDIS_SENTINEL_MASTER,
        username: env.REDIS_USERNAME,
        password: env.REDIS_PASSWORD,
      };
  }
}
