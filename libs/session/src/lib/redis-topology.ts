// Where the session store lives, chosen by REDIS_TOPOLOGY. Every command the
// library sends names one key, so the same code runs on all three.
export type RedisTopology =
  | { kind: 'single'; url: string }
  // Seed nodes; the rest of the cluster is discovered. The credentials and TLS
  // of the first URL apply to every node.
  | { kind: 'cluster'; nodes: string[] }
  // The sentinels' URLs (with their own credentials, if any), the name of the
  // monitored master, and the credentials of the master and its replicas.
  | { kind: 'sentinel'; sentinels: string[]; masterName: string; username?: string; password?: string };
