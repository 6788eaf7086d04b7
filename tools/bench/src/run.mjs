// `npx nx run bench:bench`: the session check side by side with what users
// would pick instead. Starts everything it measures on free ports (a private
// redis-server, a fresh Postgres database, the built apps, two reference
// apps), drives load with autocannon from a separate process, interleaves the
// variants A B C ... A B C ... for several rounds and writes
// docs/benchmarks.md and docs/benchmarks.svg from the medians of this one run.
// Options: --rounds N (5), --duration S (5), --connections C (50), --out DIR (docs).
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import argon2 from 'argon2';
import pg from 'pg';
import { createClient } from 'redis';
import { freePort, Processes, waitFor } from './processes.mjs';
import { writeReport } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const { values: cli } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    out: { type: 'string', default: join(root, 'docs') },
  },
});
const ROUNDS = Number(cli.rounds);
const DURATION = Number(cli.duration);
const CONNECTIONS = Number(cli.connections);
const PG_SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
// Our parameters (apps/user-service/src/credentials/password-hasher.ts).
const ARGON2_OPTIONS = /** @type {const} */ ({
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

const startedAt = Date.now();
const log = (message) => console.log(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(3)}s] ${message}`);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function load(options) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, 'load.mjs'), JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load.mjs exited ${code}`))));
  });
}

const logDir = mkdtempSync(join(os.tmpdir(), 'session-mesh-bench-'));
const procs = new Processes(logDir);
const dbName = `bench_${process.pid}_${Date.now()}`;
/** @type {pg.Client | undefined} */
let admin;
/** @type {ReturnType<typeof createClient> | undefined} */
let redis;

async function main() {
  const ports = {};
  for (const name of [
    'redis',
    'gateway',
    'auth',
    'authRpc',
    'users',
    'usersRpc',
    'refSession',
    'refJwt',
    'refGetex',
    'refFastify',
  ]) {
    ports[name] = await freePort();
  }
  const redisUrl = `redis://127.0.0.1:${ports.redis}`;
  const databaseUrl = `${PG_SERVER}/${dbName}`;
  log(`logs in ${logDir}`);

  procs.start('redis', 'redis-server', [
    '--port',
    String(ports.redis),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    logDir,
  ]);
  redis = createClient({ url: redisUrl });
  for (let attempt = 0; ; attempt++) {
    try {
      await redis.connect();
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  log(`migrating and seeding ${dbName}`);
  execFileSync(process.execPath, [join(root, 'dist/apps/user-service/migrate.js')], {
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  admin = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await admin.connect();

  const common = { NODE_ENV: 'development', REDIS_URL: redisUrl };
  const users = `http://127.0.0.1:${ports.users}`;
  const auth = `http://127.0.0.1:${ports.auth}`;
  const gateway = `http://127.0.0.1:${ports.gateway}`;
  const refSession = `http://127.0.0.1:${ports.refSession}`;
  const refJwt = `http://127.0.0.1:${ports.refJwt}`;
  const refGetex = `http://127.0.0.1:${ports.refGetex}`;
  const refFastify = `http://127.0.0.1:${ports.refFastify}`;
  procs.start('user-service', process.execPath, [join(root, 'dist/apps/user-service/main.js')], {
    ...common,
    PORT: String(ports.users),
    RPC_PORT: String(ports.usersRpc),
    AUTH_SERVICE_RPC_PORT: String(ports.authRpc),
    DATABASE_URL: databaseUrl,
  });
  procs.start('auth-service', process.execPath, [join(root, 'dist/apps/auth-service/main.js')], {
    ...common,
    PORT: String(ports.auth),
    RPC_PORT: String(ports.authRpc),
    USER_SERVICE_RPC_PORT: String(ports.usersRpc),
  });
  procs.start('gateway', process.execPath, [join(root, 'dist/apps/gateway/main.js')], {
    NODE_ENV: 'development',
    PORT: String(ports.gateway),
    AUTH_SERVICE_URL: auth,
    USER_SERVICE_URL: users,
  });
  const refApp = join(here, 'reference-app.mjs');
  procs.start('ref-express-session', process.execPath, [refApp, 'express-session', String(ports.refSession), redisUrl]);
  procs.start('ref-jwt', process.execPath, [refApp, 'jwt', String(ports.refJwt)]);
  // The same reference app with a one-GETEX guard, on express and on fastify.
  procs.start('ref-getex-express', process.execPath, [refApp, 'getex', String(ports.refGetex), redisUrl, 'express']);
  procs.start('ref-getex-fastify', process.execPath, [refApp, 'getex', String(ports.refFastify), redisUrl, 'fastify']);
  await Promise.all([
    waitFor(`${users}/ready`),
    waitFor(`${auth}/ready`),
    waitFor(`${gateway}/health`),
    waitFor(`${refSession}/public/me`),
    waitFor(`${refJwt}/public/me`),
    waitFor(`${refGetex}/public/me`),
    waitFor(`${refFastify}/public/me`),
  ]);
  log('everything is up');

  const json = { 'content-type': 'application/json' };
  const cookieOf = (response) => response.headers.getSetCookie()[0].split(';')[0];
  const login = await fetch(`${auth}/user/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username: 'admin', password: 'admin' }),
  });
  if (login.status !== 200) throw new Error(`admin login: ${login.status} ${await login.text()}`);
  const sid = cookieOf(login);
  const refSessionCookie = cookieOf(await fetch(`${refSession}/login`, { method: 'POST' }));
  const refJwtCookie = cookieOf(await fetch(`${refJwt}/login`, { method: 'POST' }));
  const refGetexCookie = cookieOf(await fetch(`${refGetex}/login`, { method: 'POST' }));
  const refFastifyCookie = cookieOf(await fetch(`${refFastify}/login`, { method: 'POST' }));

  // Every variant: what it measures, and the status it must answer.
  const variants = [
    {
      id: 'users-public',
      label: 'user-service POST /user `[]` (public, 400)',
      url: `${users}/user`,
      method: 'POST',
      headers: json,
      body: '[]',
      expect: 400,
    },
    {
      id: 'users-protected',
      label: 'user-service POST /user/assign `[]` (session checked, 400)',
      url: `${users}/user/assign`,
      method: 'POST',
      headers: { ...json, cookie: sid },
      body: '[]',
      expect: 400,
    },
    {
      id: 'users-health',
      label: 'user-service GET /health (public)',
      url: `${users}/health`,
      method: 'GET',
      headers: {},
      expect: 200,
    },
    {
      id: 'users-groups',
      label: 'user-service GET /groups (session, Postgres)',
      url: `${users}/groups`,
      method: 'GET',
      headers: { cookie: sid },
      expect: 200,
    },
    {
      id: 'gateway-groups',
      label: 'gateway GET /groups (session, Postgres)',
      url: `${gateway}/groups`,
      method: 'GET',
      headers: { cookie: sid },
      expect: 200,
    },
    {
      id: 'auth-me',
      label: 'auth-service GET /auth/me (session, ours)',
      url: `${auth}/auth/me`,
      method: 'GET',
      headers: { cookie: sid },
      expect: 200,
    },
    {
      id: 'ref-none',
      label: 'reference Nest GET /public/me (no auth)',
      url: `${refJwt}/public/me`,
      method: 'GET',
      headers: {},
      expect: 200,
    },
    {
      id: 'ref-session',
      label: 'reference GET /auth/me, express-session + connect-redis',
      url: `${refSession}/auth/me`,
      method: 'GET',
      headers: { cookie: refSessionCookie },
      expect: 200,
    },
    {
      id: 'ref-jwt',
      label: 'reference GET /auth/me, JWT HS256 (jose)',
      url: `${refJwt}/auth/me`,
      method: 'GET',
      headers: { cookie: refJwtCookie },
      expect: 200,
    },
    {
      id: 'ref-express-getex',
      label: 'reference GET /auth/me, one-GETEX guard, express',
      url: `${refGetex}/auth/me`,
      method: 'GET',
      headers: { cookie: refGetexCookie },
      expect: 200,
    },
    {
      id: 'ref-fastify-none',
      label: 'reference GET /public/me (no auth), fastify',
      url: `${refFastify}/public/me`,
      method: 'GET',
      headers: {},
      expect: 200,
    },
    {
      id: 'ref-fastify-getex',
      label: 'reference GET /auth/me, one-GETEX guard, fastify',
      url: `${refFastify}/auth/me`,
      method: 'GET',
      headers: { cookie: refFastifyCookie },
      expect: 200,
    },
  ];
  for (const variant of variants) {
    const response = await fetch(variant.url, { method: variant.method, headers: variant.headers, body: variant.body });
    const text = await response.text();
    if (response.status !== variant.expect) throw new Error(`${variant.id}: ${response.status} ${text}`);
    variant.bodyBytes = Buffer.byteLength(text);
    variant.rounds = [];
  }

  const request = (variant) => ({
    url: variant.url,
    method: variant.method,
    headers: variant.headers,
    body: variant.body,
  });
  const statusKey = (variant) => `${String(variant.expect)[0]}xx`;
  log(`warm-up: every variant for 2 s`);
  for (const variant of variants) await load({ ...request(variant), connections: CONNECTIONS, duration: 2 });
  // Each round starts one variant later (A B C, B C A, C A B, ...) so that no
  // variant always runs first after the same neighbour.
  for (let round = 1; round <= ROUNDS; round++) {
    const start = (round - 1) % variants.length;
    for (const variant of [...variants.slice(start), ...variants.slice(0, start)]) {
      const result = await load({ ...request(variant), connections: CONNECTIONS, duration: DURATION });
      const unexpected = result.requests - result.statuses[statusKey(variant)];
      if (unexpected > 0 || result.errors > 0) {
        throw new Error(
          `${variant.id}: ${unexpected} unexpected statuses, ${result.errors} errors: ${JSON.stringify(result)}`,
        );
      }
      variant.rounds.push(result);
    }
    log(`round ${round}/${ROUNDS}: ${variants.map((v) => `${v.id} ${Math.round(v.rounds.at(-1).rps)}`).join(', ')}`);
  }

  // Redis commands per request, from INFO commandstats around a fixed number of requests.
  const REQUESTS = 2000;
  const commandCounts = [];
  for (const id of ['users-protected', 'users-groups', 'gateway-groups', 'auth-me', 'ref-session', 'ref-jwt']) {
    const variant = variants.find((v) => v.id === id);
    await redis.configResetStat();
    const result = await load({ ...request(variant), connections: 10, amount: REQUESTS });
    // Divide by the answers with the expected status: those are the validated requests.
    const answered = result.statuses[statusKey(variant)];
    if (answered !== result.requests) throw new Error(`${id}: ${JSON.stringify(result)}`);
    const stats = parseCommandStats(String(await redis.info('commandstats')));
    // The benchmark's own INFO and CONFIG RESETSTAT (`config|resetstat` in Redis 7).
    for (const name of Object.keys(stats)) if (/^(info|config)\b/.test(name)) delete stats[name];
    const total = Object.values(stats).reduce((sum, calls) => sum + calls, 0);
    commandCounts.push({ id, label: variant.label, perRequest: total / answered, commands: stats, requests: answered });
  }
  log(`Redis commands per request: ${commandCounts.map((c) => `${c.id} ${c.perRequest}`).join(', ')}`);

  // Login against one argon2id verify at our parameters. The verify runs in
  // this process (libuv's default pool of 4 threads, like user-service), and
  // alternates with single logins timed here, so that both see the same load
  // on the machine; autocannon below gives req/s and p99 (its latencies have
  // a 1 ms resolution, too coarse for a 10% target on ~25 ms).
  const hash = await argon2.hash('admin', ARGON2_OPTIONS);
  const loginBody = JSON.stringify({ username: 'admin', password: 'admin' });
  const verifyMs = [];
  const pairedLoginMs = [];
  for (let i = 0; i < 41; i++) {
    const t0 = performance.now();
    await argon2.verify(hash, 'admin');
    const t1 = performance.now();
    const response = await fetch(`${auth}/user/login`, { method: 'POST', headers: json, body: loginBody });
    await response.arrayBuffer();
    const t2 = performance.now();
    if (response.status !== 200) throw new Error(`login: ${response.status}`);
    // The first pair warms up the connection and both code paths.
    if (i > 0) {
      verifyMs.push(t1 - t0);
      pairedLoginMs.push(t2 - t1);
    }
  }
  const sessionsBefore = Number(await redis.dbSize());
  const memoryBefore = parseInfoField(String(await redis.info('memory')), 'used_memory');
  const loginRequest = {
    url: `${auth}/user/login`,
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username: 'admin', password: 'admin' }),
  };
  const logins = [];
  for (const connections of [1, 4]) {
    const result = await load({ ...loginRequest, connections, duration: DURATION });
    if (result.statuses['2xx'] !== result.requests) throw new Error(`login: ${JSON.stringify(result)}`);
    logins.push({ connections, ...result });
  }
  const sessionsAfter = Number(await redis.dbSize());
  const memoryAfter = parseInfoField(String(await redis.info('memory')), 'used_memory');
  log(
    `login: ${logins.map((l) => `c=${l.connections} ${l.rps} req/s p50 ${l.p50} ms`).join(', ')}; paired: login ${median(pairedLoginMs).toFixed(2)} ms, argon2 verify ${median(verifyMs).toFixed(2)} ms`,
  );

  // Memory of one typical session: a new user with one session, one with five, and the admin's many.
  const browser = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
  const registerAndLogin = async (email, logins) => {
    const password = 'a long enough password 1';
    const created = await fetch(`${users}/user`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: email, password }),
    });
    if (created.status !== 201) throw new Error(`register: ${created.status} ${await created.text()}`);
    const { id } = /** @type {{ id: number }} */ (await created.json());
    for (let i = 0; i < logins; i++) {
      const response = await fetch(`${auth}/user/login`, {
        method: 'POST',
        headers: { ...json, 'user-agent': browser },
        body: JSON.stringify({ username: email, password }),
      });
      if (response.status !== 200) throw new Error(`login ${email}: ${response.status}`);
    }
    return id;
  };
  const janeId = await registerAndLogin('jane.doe@example.com', 1);
  const fiveId = await registerAndLogin('sam.five@example.com', 5);
  const memory = {
    one: await sessionMemory(janeId),
    five: await sessionMemory(fiveId),
    admin: await sessionMemory(1),
    usedMemoryDelta: memoryAfter - memoryBefore,
    sessionsCreated: sessionsAfter - sessionsBefore,
    bulk: await bulkMemory(redisUrl, janeId),
  };
  log(
    `memory per session: ${memory.one.perSession} B (one), ${memory.five.perSession} B (five), ${memory.admin.perSession} B (admin, ${memory.admin.sessions} sessions); ${memory.bulk.perSession} B at ${memory.bulk.sessions} sessions (used_memory)`,
  );

  // The library's per-request work, in a process of its own once the load is over.
  const hotPath = JSON.parse(execFileSync(process.execPath, [join(here, 'hot-path.mjs')], { encoding: 'utf8' }));
  log(`hot path (ns/call): ${JSON.stringify(hotPath)}`);

  const rss = [
    'user-service',
    'auth-service',
    'gateway',
    'ref-express-session',
    'ref-jwt',
    'ref-getex-express',
    'ref-getex-fastify',
    'redis',
  ].map((name) => ({
    name,
    peakRss: procs.peakRss(name),
  }));

  await writeReport({
    out: cli.out,
    settings: { rounds: ROUNDS, duration: DURATION, connections: CONNECTIONS },
    variants,
    commandCounts,
    login: {
      logins,
      verifyMs: median(verifyMs),
      verifyP99: Math.max(...verifyMs),
      pairedLoginMs: median(pairedLoginMs),
      pairs: pairedLoginMs.length,
    },
    memory,
    hotPath,
    rss,
    machine: await machineFacts(),
    elapsedSeconds: Math.round((Date.now() - startedAt) / 1000),
  });
  log(`wrote ${join(cli.out, 'benchmarks.md')} and benchmarks.svg`);
}

// MEMORY USAGE (key, value, the key's dict entry) of a user's sessions and of
// their index, which they share equally.
async function sessionMemory(userId) {
  const indexKey = `user-sessions:${userId}`;
  const ids = Object.keys(await redis.hGetAll(indexKey));
  const sample = ids.slice(0, 50);
  const sessionBytes = [];
  for (const id of sample) {
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
async function bulkMemory(url, userId) {
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

function parseCommandStats(info) {
  const stats = {};
  for (const line of info.split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (match) stats[match[1]] = Number(match[2]);
  }
  return stats;
}

function parseInfoField(info, field) {
  const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(info);
  return match ? Number(match[1]) : NaN;
}

async function machineFacts() {
  const cpus = os.cpus();
  const serverInfo = String(await redis.info('server'));
  const postgres = (await admin.query('SHOW server_version')).rows[0].server_version;
  return {
    cpu: `${cpus.length} x ${cpus[0]?.model ?? 'unknown'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    redis: /redis_version:(\S+)/.exec(serverInfo)?.[1] ?? 'unknown',
    postgres,
    loadAverage: os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
  };
}

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await redis?.quit().catch(() => undefined);
  await procs.stopAll();
  if (admin) {
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
