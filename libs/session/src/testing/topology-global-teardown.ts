export default async function teardown(): Promise<void> {
  const running = (globalThis as Record<string, unknown>)['__redisTopology'] as { stop(): Promise<void> } | undefined;
  await running?.stop();
}
