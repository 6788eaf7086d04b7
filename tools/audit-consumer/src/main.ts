import { createClient, type RedisClientType } from 'redis';
import { AuditConsumer } from './audit-consumer';

// Prints each audit event as one JSON line; replace the handler with your sink.
// AUDIT_REDIS_URL (with an ACL user that may XREADGROUP, XACK and XAUTOCLAIM
// the stream), AUDIT_STREAM_KEY, AUDIT_CONSUMER_GROUP, AUDIT_CONSUMER_NAME.
async function main(): Promise<void> {
  const env = process.env;
  const redis = createClient({ url: env['AUDIT_REDIS_URL'] ?? 'redis://127.0.0.1:6379' }) as RedisClientType;
  redis.on('error', (error: Error) => console.error(`redis: ${error.message}`));
  await redis.connect();
  const consumer = new AuditConsumer(
    redis,
    {
      stream: env['AUDIT_STREAM_KEY'] ?? 'audit:events',
      group: env['AUDIT_CONSUMER_GROUP'] ?? 'audit-example',
      consumer: env['AUDIT_CONSUMER_NAME'],
    },
    async (entry) => {
      process.stdout.write(`${JSON.stringify({ id: entry.id, ...entry.fields })}\n`);
    },
  );
  const stop = () => consumer.stop();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  await consumer.run();
  await redis.quit();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
