import { envInt } from '@session-mesh/platform';
import { z } from 'zod';
import type { RedisTopology } from '../redis-topology';

// The audit trail's variables (docs/configuration.md). The stream lives in the
// session Redis; AUDIT_REDIS_USERNAME/PASSWORD give its connection credentials
// of its own (an ACL user that may only append, for user-service).
export const auditEnvShape = {
  AUDIT_STREAM_KEY: z.string().min(1).max(128).default('audit:events'),
  // Retention: about this many events (XADD MAXLEN ~) ...
  AUDIT_MAX_EVENTS: envInt(1_000_000, 1_000, 1_000_000_000),
  // ... or, when set, events younger than this many days (XADD MINID ~) instead.
  AUDIT_MAX_AGE_DAYS: envInt(0, 0, 3_650),
  AUDIT_REDIS_USERNAME: z.string().min(1).optional(),
  AUDIT_REDIS_PASSWORD: z.string().min(1).optional(),
};

export type AuditRetention = { strategy: 'MAXLEN'; maxEvents: number } | { strategy: 'MINID'; maxAgeMs: number };

export interface AuditOptions {
  redis: RedisTopology;
  streamKey: string;
  retention: AuditRetention;
  commandTimeoutMs: number;
}

type AuditEnv = z.infer<z.ZodObject<typeof auditEnvShape>>;

// `session`: the topology and timeout of the session store, whose Redis holds the stream.
export function toAuditOptions(
  env: AuditEnv,
  session: { redis: RedisTopology; commandTimeoutMs: number },
): AuditOptions {
  return {
    redis: withCredentials(session.redis, env.AUDIT_REDIS_USERNAME, env.AUDIT_REDIS_PASSWORD),
    streamKey: env.AUDIT_STREAM_KEY,
    retention:
      env.AUDIT_MAX_AGE_DAYS > 0
        ? { strategy: 'MINID', maxAgeMs: env.AUDIT_MAX_AGE_DAYS * 24 * 60 * 60 * 1000 }
        : { strategy: 'MAXLEN', maxEvents: env.AUDIT_MAX_EVENTS },
    commandTimeoutMs: session.commandTimeoutMs,
  };
}

function withCredentials(topology: RedisTopology, username?: string, password?: string): RedisTopology {
  if (username === undefined && password === undefined) return topology;
  const rewrite = (url: string): string => {
    const parsed = new URL(url);
    if (username !== undefined) parsed.username = encodeURIComponent(username);
    if (password !== undefined) parsed.password = encodeURIComponent(password);
    return parsed.toString();
  };
  switch (topology.kind) {
    case 'single':
      return { kind: 'single', url: rewrite(topology.url) };
    case 'cluster':
      return { kind: 'cluster', nodes: topology.nodes.map(rewrite) };
    case 'sentinel':
      return { ...topology, username: username ?? topology.username, password: password ?? topology.password };
  }
}
