import { Logger } from '@nestjs/common';
import { AppError, ReadinessCheck } from '@session-mesh/platform';
import { createClient, ErrorReply, RedisClientType, RedisDefaultModules } from 'redis';
import { SESSION_SCRIPTS } from './session-scripts';

export const SESSION_REDIS = Symbol('SESSION_REDIS');

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type SessionRedis = RedisClientType<RedisDefaultModules, {}, typeof SESSION_SCRIPTS>;

const MAX_RECONNECT_DELAY_MS = 2000;

// Commands fail at once while Redis is unreachable (no offline queue) and time
// out if it hangs, so a request answers 503 instead of waiting; the client
// keeps reconnecting on its own and the service recovers without a restart.
export function createSessionRedis(
  url: string,
  commandTimeoutMs: number,
  logger = new Logger('SessionRedis'),
): SessionRedis {
  const client: SessionRedis = createClient({
    url,
    scripts: SESSION_SCRIPTS,
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs },
    socket: {
      connectTimeout: 2000,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
    },
  });
  let down = false;
  client.on('error', (error: Error) => {
    if (!down) logger.error(`Redis unreachable: ${error.message}`);
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.log('Redis reachable again');
    down = false;
  });
  return client;
}

// Starts connecting in the background: a service boots while Redis is still
// coming up and answers 503 until it is there.
export function connectInBackground(client: SessionRedis): void {
  client.connect().catch(() => undefined);
}

// Redis unreachable, closed or too slow: 503. An error *reply* (a refused
// command, a failing script) is a bug or a misconfiguration and stays a 500.
export async function withSessionStore<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof ErrorReply) throw error;
    throw new AppError('session_store_unavailable', 'The session store is unavailable, try again shortly');
  }
}

export function redisReadiness(client: SessionRedis): ReadinessCheck {
  return {
    name: 'redis',
    check: async () => {
      await client.ping();
    },
  };
}
