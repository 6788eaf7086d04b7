import { Logger } from '@nestjs/common';
import { OutageLog, secondsSince, withTimeout } from '@session-mesh/platform';
import {
  createClient,
  createCluster,
  createSentinel,
  ErrorReply,
  RedisClientType,
  RedisClusterType,
  RedisDefaultModules,
  RedisSentinelType,
} from 'redis';
import type { RedisTopology } from './redis-topology';
import { SESSION_SCRIPTS } from './session-scripts';
import { SessionError } from './session.errors';
import { storeCommandDuration } from './session-metrics';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type SessionClient = RedisClientType<RedisDefaultModules, {}, typeof SESSION_SCRIPTS>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type SessionCluster = RedisClusterType<RedisDefaultModules, {}, typeof SESSION_SCRIPTS>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type SessionSentinel = RedisSentinelType<RedisDefaultModules, {}, typeof SESSION_SCRIPTS>;

// What the library may use: only the members a single client, a cluster and a
// sentinel client all have, typed as the single client's. Keyed commands are
// routed by their key on a cluster, so code written against this type runs
// unchanged on every topology (the store's contract tests run on each).
// `sendCommand` is left out: its arguments differ between the three.
export type SessionRedis = Omit<
  Pick<SessionClient, keyof SessionClient & keyof SessionCluster & keyof SessionSentinel>,
  'sendCommand' | 'SEND_COMMAND'
>;

const MAX_RECONNECT_DELAY_MS = 2000;
// Commands queued or awaiting a reply, per connection: far above what a
// healthy Redis ever holds, low enough to bound memory while one hangs.
export const QUEUE_LIMIT = 10_000;
const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS);

// Commands fail at once while Redis is unreachable (no offline queue), and
// every one is bounded by withSessionStore's deadline (every store and /ready
// go through it or withTimeout). node-redis's own per-command `timeout` is not
// used: it costs an AbortSignal.timeout() per command, whose timer later fires
// and builds a DOMException, about 4% of a validated request's CPU (measured
// with --cpu-prof). A Redis that hangs cannot grow the queue without bound:
// past QUEUE_LIMIT commands waiting, new ones fail at once (a 503). The client
// keeps reconnecting on its own and the service recovers without a restart.
// An outage is logged in two lines (see OutageLog), never per request, named
// for what the connection serves: an app with two connections logs each.
export function createSessionRedis(
  topology: RedisTopology,
  logger = new Logger('SessionRedis'),
  serves = 'session store',
): SessionRedis {
  const client = createTopologyClient(topology);
  const outage = new OutageLog(`Redis (${serves})`, logger);
  OUTAGES.set(client, outage);
  client.on('error', (error: Error) => outage.down(error.message));
  client.on('ready', () => outage.up());
  return client;
}

// The outage log of each client made by createSessionRedis.
const OUTAGES = new WeakMap<SessionRedis, OutageLog>();

function createTopologyClient(topology: RedisTopology): SessionRedis {
  const nodeOptions = {
    disableOfflineQueue: true,
    commandsQueueMaxLength: QUEUE_LIMIT,
    socket: { connectTimeout: 2000, reconnectStrategy },
  } as const;
  switch (topology.kind) {
    case 'single': {
      const client: SessionClient = createClient({
        url: topology.url,
        scripts: SESSION_SCRIPTS,
        ...nodeOptions,
      });
      return client;
    }
    case 'cluster': {
      const seed = new URL(topology.nodes[0]);
      const cluster: SessionCluster = createCluster({
        rootNodes: topology.nodes.map((url) => ({ url })),
        // Nodes found by discovery get the seed's credentials and TLS.
        defaults: {
          ...nodeOptions,
          username: seed.username ? decodeURIComponent(seed.username) : undefined,
          password: seed.password ? decodeURIComponent(seed.password) : undefined,
          socket: { ...nodeOptions.socket, tls: seed.protocol === 'rediss:' },
        },
        scripts: SESSION_SCRIPTS,
      });
      // The shared members have the same behaviour; their overloads differ only in `this` types.
      return cluster as unknown as SessionRedis;
    }
    case 'sentinel': {
      const sentinel: SessionSentinel = createSentinel({
        name: topology.masterName,
        sentinelRootNodes: topology.sentinels.map((url) => {
          const parsed = new URL(url);
          return { host: parsed.hostname, port: Number(parsed.port || 26379) };
        }),
        sentinelClientOptions: credentialsOf(new URL(topology.sentinels[0])),
        nodeClientOptions: { ...nodeOptions, username: topology.username, password: topology.password },
        scripts: SESSION_SCRIPTS,
      });
      return sentinel as unknown as SessionRedis;
    }
  }
}

function credentialsOf(url: URL): { username?: string; password?: string } {
  return {
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
  };
}

// Starts connecting in the background: a service boots while Redis is still
// coming up and answers 503 until it is there. A single client retries by
// itself; a cluster or sentinel client gives up when no seed node answers, so
// it is asked again until one does. Returns a function that stops retrying.
export function connectInBackground(client: SessionRedis, retryMs = MAX_RECONNECT_DELAY_MS): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = (): void => {
    client.connect().catch(() => {
      if (stopped) return;
      timer = setTimeout(attempt, retryMs);
      timer.unref();
    });
  };
  attempt();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

// Closes any topology's client: a sentinel's destroy() is async, and a client
// that never connected may refuse to close; neither may stop a shutdown.
export async function closeSessionRedis(client: SessionRedis): Promise<void> {
  try {
    await (client.destroy() as void | Promise<void>);
  } catch {
    // already closed
  }
}

// Error replies that mean "not now" rather than "wrong": a cluster that lost a
// shard or is resharding, a replica promoted a moment ago, a server loading
// its data. They are answered like an unreachable Redis.
const TRANSIENT_REPLY = /^(CLUSTERDOWN|TRYAGAIN|MASTERDOWN|LOADING|READONLY|NOREPLICAS|BUSY)\b/;

// Redis unreachable, closed, too slow or transiently unable to serve: 503.
// Any other error *reply* (a refused command, a failing script) is a bug or a
// misconfiguration and stays a 500. The deadline is ours because node-redis
// stops timing a command once it is written: without it, a Redis that hangs
// (stopped, or a network that drops packets) would hang the request with it.
// Each operation's time (success or not) is observed under `name` in
// session_store_command_duration_seconds.
export async function withSessionStore<T>(
  client: SessionRedis,
  operation: () => Promise<T>,
  deadlineMs: number,
  name = 'other',
): Promise<T> {
  const outage = OUTAGES.get(client);
  let result: T;
  const started = performance.now();
  try {
    result = await withTimeout(operation(), deadlineMs, 'Redis');
    storeCommandDuration.observe({ operation: name }, secondsSince(started));
  } catch (error) {
    storeCommandDuration.observe({ operation: name }, secondsSince(started));
    if (error instanceof ErrorReply && !TRANSIENT_REPLY.test(error.message)) throw error;
    outage?.refuse(error instanceof Error ? error.message : String(error));
    throw new SessionError('session_store_unavailable', 'The session store is unavailable, try again shortly');
  }
  // A hung Redis sends no 'ready' when it answers again: the first answer ends the outage.
  if (outage?.isDown) outage.up();
  return result;
}
