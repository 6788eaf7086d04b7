import { randomUUID } from 'node:crypto';
import type { SessionOptions } from '../lib/session.config';

// Options for a test against the shared local Redis: key prefixes of its own,
// so tests never see each other's keys and need no FLUSHDB.
export function testSessionOptions(overrides: Partial<SessionOptions> = {}): SessionOptions {
  const run = randomUUID();
  return {
    redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    cookie: { name: 'sid', secure: false },
    idleTtlSeconds: 60,
    absoluteTtlSeconds: 600,
    keyPrefix: `test:${run}:sess:`,
    userIndexPrefix: `test:${run}:user-sessions:`,
    userAuthzPrefix: `test:${run}:user-authz:`,
    maxSessionsPerUser: 0,
    commandTimeoutMs: 1000,
    ...overrides,
  };
}
