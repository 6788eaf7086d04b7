// What the bench reads from Redis: command counts (INFO commandstats), memory
// fields (INFO memory) and the memory of sessions (MEMORY USAGE, and the growth
// of used_memory over many sessions).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { median } from './load.mjs';

export function parseCommandStats(info) {
  const stats = {};
  for (const line of info.split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (match) stats[match[1]] = Number(match[2]);
  }
  // The bench's own INFO and CONFIG RESETSTAT (`config|resetstat` in Redis 7).
  for (const name of Object.keys(stats)) if (/^(info|config)\b/.test(name)) delete stats[name];
  return stats;
}

// Commands that clients sent (round trips) while `during` runs, and what it
// returned: MONITOR
// prints every command with its client, and a script's own calls as `[0 lua]`,
// which INFO commandstats would count like any other.
export async function countClientCommands(port, during) {
  const monitor = spawn('redis-cli', ['-p', String(port), 'monitor'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buffered = '';
  let sent = 0;
  monitor.stdout.setEncoding('utf8');
  monitor.stdout.on('data', (chunk) => {
    const lines = (buffered + chunk).split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (isClientCommand(line)) sent++;
  });
  await waitForMonitor(monitor);
  try {
    const result = await during();
    // MONITOR lags behind: wait until the count stops moving.
    for (let last = -1; last !== sent; ) {
      last = sent;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return { sent, result };
  } finally {
    monitor.kill();
  }
}

// `1701388800.123456 [0 127.0.0.1:52344] "evalsha" ...`; not `[0 lua]`, not the bench's own PING.
function isClientCommand(line) {
  const match = /^\d+\.\d+ \[\d+ ([^\]]+)\] "([^"]+)"/.exec(line);
  return match !== null && match[1] !== 'lua' && match[2].toLowerCase() !== 'ping';
}

// redis-cli prints OK once MONITOR is on; PING shows it is streaming.
function waitForMonitor(monitor) {
  return new Promise((resolve, reject) => {
    monitor.once('error', reject);
    monitor.stdout.once('data', () => resolve(undefined));
  });
}

export function parseInfoField(info, field) {
  const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(info);
  return match ? Number(match[1]) : NaN;
}

// MEMORY USAGE (key, value, the key's dict entry) of a user's sessions and of
// their index, which they share equally.
export async function sessionMemory(redis, userId) {
  const indexKey = `user-sessions:${userId}`;
  const ids = Object.keys(await redis.hGetAll(indexKey));
  const sessionBytes = [];
  for (const id of ids.slice(0, 50)) {
    const bytes = await redis.memoryUsage(`sess:${id}`, { SAMPLES: 0 });
    if (bytes !== null) sessionBytes.push(Number(bytes));
  }
  const indexBytes = Number((await redis.memoryUsage(indexKey, { SAMPLES: 0 })) ?? 0);
  const encoding = String(await redis.sendCommand(['OBJECT', 'ENCODING', indexKey]));
  const session = Math.round(median(sessionBytes));
  const indexShare = Math.round(indexBytes / ids.length);
  return { sessions: ids.length, session, indexBytes, indexShare, perSession: session + indexShare, encoding };
}

// What MEMORY USAGE leaves out: each key with a TTL also has an entry in the
// expires dict, and both dicts have bucket arrays. So write BULK_SESSIONS
// users with one session each, copies of `userId`'s session and index under
// fresh ids with the writer's own commands and TTLs, into an empty database,
// and divide the growth of used_memory by their number.
const BULK_SESSIONS = 50_000;
export async function bulkMemory(redis, url, userId) {
  const [id] = Object.keys(await redis.hGetAll(`user-sessions:${userId}`));
  const record = JSON.parse(String(await redis.get(`sess:${id}`)));
  const bulk = createClient({ url, database: 9 });
  await bulk.connect();
  try {
    await bulk.flushDb();
    const usedMemory = async () => parseInfoField(String(await bulk.info('memory')), 'used_memory');
    const before = await usedMemory();
    const firstUser = 1_000_000;
    for (let start = 0; start < BULK_SESSIONS; start += 1000) {
      const writes = [];
      for (let i = start; i < Math.min(start + 1000, BULK_SESSIONS); i++) {
        const userId = firstUser + i;
        const sid = createHash('sha256').update(`bulk ${i}`).digest('hex');
        const index = `user-sessions:${userId}`;
        writes.push(bulk.hSet(index, sid, String(record.expiresAt)), bulk.expire(index, 43_200));
        writes.push(
          bulk.set(`sess:${sid}`, JSON.stringify({ ...record, userId }), { expiration: { type: 'EX', value: 1800 } }),
        );
      }
      await Promise.all(writes);
    }
    const after = await usedMemory();
    return {
      sessions: BULK_SESSIONS,
      perSession: Math.round((after - before) / BULK_SESSIONS),
      userIdDigits: String(firstUser).length,
    };
  } finally {
    await bulk.flushDb();
    await bulk.quit();
  }
}
