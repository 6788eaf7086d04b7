import { randomUUID } from 'node:crypto';
import type { RedisTopology } from '../lib/redis-topology';
import type { SessionOptions } from '../lib/session.config';
import type { AuditOptions } from '../lib/audit/audit.config';

// The Redis of the run: a single server by default, or the cluster or
// sentinel that topology-global-setup.ts started for this Jest run.
export function testRedisTopology(): RedisTopology {
  const env = process.env;
  if (env['TEST_REDIS_CLUSTER_NODES']) return { kind: 'cluster', nodes: env['TEST_REDIS_CLUSTER_NODES'].split(',') };
  if (env['TEST_REDIS_SENTINEL_NODES']) {
    return {
      kind: 'sentinel',
      sentinels: env['TEST_REDIS_SENTINEL_NODES'].split(','),
      masterName: env['TEST_REDIS_SENTINEL_MASTER'] ?? 'sessions',
    };
  }
  return { kind: 'single', url: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379' };
}

// Options for a test against the shared local Redis: key prefixes of its own,
// so tests never see each other's keys and need no FLUSHDB.
export function testSessionOptions(overrides: Partial<SessionOptions> = {}): SessionOptions {
  const run = randomUUID();
  return {
    redis: testRedisTopology(),
    cookie: { name: 'sid', secure: false },
    idleTtlSeconds: 60,
    absoluteTtlSeconds: 600,
    rememberMe: { idleTtlSeconds: 3600, absoluteTtlSeconds: 86_400 },
    reauthMaxAgeSeconds: 900,
    keyPrefix: `test:${run}:sess:`,
    userIndexPrefix: `test:${run}:user-sessions:`,
    userAuthzPrefix: `test:${run}:user-authz:`,
    maxSessionsPerUser: 0,
    commandTimeoutMs: 1000,
    ...overrides,
  };
}

// An audit stream of the test's own on the Redis of the run.
export function testAuditOptions(overrides: Partial<AuditOptions> = {}): AuditOptions {
  return {
    redis: testRedisTopology(),
    streamKey: `test:${randomUUID()}:audit`,
    retention: { strategy: 'MAXLEN', maxEvents: 1000 },
    commandTimeoutMs: 1000,
    ...overrides,
  };
}
