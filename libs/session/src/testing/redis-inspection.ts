import { createClient } from 'redis';

// The data nodes of the run's Redis (see testRedisTopology), for tests that
// look at server-side state no single routed command can show.
export function testRedisNodeUrls(): string[] {
  const env = process.env;
  if (env['TEST_REDIS_CLUSTER_NODES']) return env['TEST_REDIS_CLUSTER_NODES'].split(',');
  if (env['TEST_REDIS_SENTINEL_DATA_URL']) return [env['TEST_REDIS_SENTINEL_DATA_URL']];
  return [env['REDIS_URL'] ?? 'redis://127.0.0.1:6379'];
}

async function onEveryNode<T>(work: (client: ReturnType<typeof createClient>) => Promise<T>): Promise<T[]> {
  return Promise.all(
    testRedisNodeUrls().map(async (url) => {
      const client = createClient({ url });
      await client.connect();
      try {
        return await work(client);
      } finally {
        client.destroy();
      }
    }),
  );
}

// How many times `command` ran, summed over the data nodes (INFO commandstats).
export async function commandCalls(command: string): Promise<number> {
  const pattern = new RegExp(`cmdstat_${command.toLowerCase()}:calls=(\\d+)`);
  const counts = await onEveryNode(async (client) => Number(pattern.exec(await client.info('commandstats'))?.[1] ?? 0));
  return counts.reduce((sum, count) => sum + count, 0);
}

// OBJECT ENCODING of a key, from whichever node holds it (the others of a
// cluster answer MOVED).
export async function objectEncoding(key: string): Promise<string | null> {
  const encodings = await onEveryNode(async (client) => {
    try {
      return String(await client.sendCommand(['OBJECT', 'ENCODING', key]));
    } catch {
      return null;
    }
  });
  return encodings.find((encoding) => encoding !== null) ?? null;
}
