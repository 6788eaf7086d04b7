import { PrivateRedisCluster } from './private-redis-cluster';
import { PrivateRedisSentinel } from './private-redis-sentinel';

// Jest global setup of the topology runs (jest.cluster.config.cts,
// jest.sentinel.config.cts): starts the Redis the suites then reach through
// testSessionOptions(), so the same suites run on every topology.
export default async function setup(): Promise<void> {
  const topology = process.env['TEST_REDIS_TOPOLOGY'];
  if (topology === 'cluster') {
    const cluster = await PrivateRedisCluster.start(3);
    process.env['TEST_REDIS_CLUSTER_NODES'] = cluster.urls.join(',');
    (globalThis as Record<string, unknown>)['__redisTopology'] = cluster;
  } else if (topology === 'sentinel') {
    const sentinel = await PrivateRedisSentinel.start();
    process.env['TEST_REDIS_SENTINEL_NODES'] = sentinel.sentinelUrl;
    process.env['TEST_REDIS_SENTINEL_MASTER'] = sentinel.masterName;
    process.env['TEST_REDIS_SENTINEL_DATA_URL'] = sentinel.masterUrl;
    (globalThis as Record<string, unknown>)['__redisTopology'] = sentinel;
  } else {
    throw new Error(`TEST_REDIS_TOPOLOGY must be cluster or sentinel, not ${topology}`);
  }
}
