// `npx nx run bench:bench`: the session check side by side with what users
// would pick instead. Starts everything it measures on free ports (a private
// redis-server, a fresh Postgres database, the built apps, the reference apps,
// a node:http proxy, nginx, an OTLP sink), drives load with autocannon from a
// separate process, interleaves the variants A B C ... A B C ... for several
// rounds, drives some again at 10 and 200 connections, and writes
// docs/benchmarks.md and docs/benchmarks.svg from this one run.
// Options: --rounds N (5), --duration S (3), --connections C (50), --out DIR (docs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import argon2 from 'argon2';
import pg from 'pg';
import { createClient } from 'redis';
import { median, startLoadWorker } from './load.mjs';
import { PG_SERVER, root, startAuthService, startBenchMesh } from './mesh.mjs';
import { hasNginx, nginxVersion, startNginx } from './nginx.mjs';
import { freePort, Processes, waitFor } from './processes.mjs';
import { bulkMemory, countClientCommands, parseCommandStats, parseInfoField, sessionMemory } from './redis-stats.mjs';
import { writeReport } from './report.mjs';
import { benchVariants, COMMAND_COUNT_IDS, SCALING_IDS } from './variants.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: cli } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    out: { type: 'string', default: join(root, 'docs') },
  },
});
const ROUNDS = Number(cli.rounds);
const DURATION = Number(cli.duration);
const CONNECTIONS = Number(cli.connections);
const SCALING = [10, CONNECTIONS, 200];
// Our parameters (apps/user-service/src/credentials/password-hasher.ts).
const ARGON2_OPTIONS = /** @type {const} */ ({
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});
// Our apps as shipped (docker-compose.yml): JSON logs, a line per request
// (LOG_REQUEST_SAMPLE_RATE's default, 1), metrics on a port of their own.
const SHIPPED_LOGS = { LOG_FORMAT: 'json', LOG_LEVEL: 'info' };

const startedAt = Date.now();
const log = (message) => console.log(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(3)}s] ${message}`);

const logDir = mkdtempSync(join(os.tmpdir(), 'session-mesh-bench-'));
const procs = new Processes(logDir);
const dbName = `bench_${process.pid}_${Date.now()}`;
/** @type {pg.Client | undefined} */
let admin;
/** @type {ReturnType<typeof createClient> | undefined} */
let redis;
const loader = startLoadWorker();
const load = (options) => loader.run(options);
// Peak RSS of every process at the end of each phase, to see which one raised it.
const rssPhases = [];
const notePeaks = (phase) =>
  rssPhases.push({ phase, peaks: Object.fromEntries([...procs.children.keys()].map((n) => [n, procs.peakRss(n)])) });

async function startEverything() {
  log(`logs in ${logDir}; migrating and seeding ${dbName}`);
  const mesh = await startBenchMesh({ procs, logDir, dbName, env: SHIPPED_LOGS, metrics: true });
  redis = createClient({ url: mesh.redisUrl });
  await redis.connect();
  admin = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await admin.connect();

  const ports = {};
  for (const name of ['sink', 'nodeProxy', 'nginx', 'refSession', 'refJwt', 'refFastifySession', 'refGetex']) {
    ports[name] = await freePort();
  }
  const at = (port) => `http://127.0.0.1:${port}`;
  procs.start('otlp-sink', process.execPath, [join(here, 'otlp-sink.mjs'), String(ports.sink)]);
  // The cost of observability: the same auth-service with everything off, and with tracing on too.
  const quiet = await startAuthService(procs, 'auth-service-quiet', { ...mesh, metrics: false }, { LOG_LEVEL: 'warn' });
  const traced = await startAuthService(procs, 'auth-service-traced', mesh, {
    OTEL_EXPORTER_OTLP_ENDPOINT: at(ports.sink),
    OTEL_SERVICE_NAME: 'auth-service-traced',
  });
  procs.start('node-proxy', process.execPath, [join(here, 'node-proxy.mjs'), String(ports.nodeProxy), mesh.auth]);
  const nginx = hasNginx();
  if (nginx) startNginx(procs, logDir, ports.nginx, mesh.auth);
  else log('nginx not installed (Debian package nginx): its variant is left out');
  const ref = (name, mode, port, adapter) =>
    procs.start(name, process.execPath, [join(here, 'reference-app.mjs'), mode, String(port), mesh.redisUrl, adapter]);
  ref('ref-express-session', 'express-session', ports.refSession, 'express');
  ref('ref-jwt', 'jwt', ports.refJwt, 'express');
  ref('ref-fastify-session', 'fastify-session', ports.refFastifySession, 'fastify');
  ref('ref-getex-fastify', 'getex', ports.refGetex, 'fastify');

  const url = {
    users: mesh.users,
    auth: mesh.auth,
    gateway: mesh.gateway,
    authQuiet: quiet.url,
    authTraced: traced.url,
    nodeProxy: at(ports.nodeProxy),
    nginx: nginx ? at(ports.nginx) : undefined,
    refSession: at(ports.refSession),
    refJwt: at(ports.refJwt),
    refFastifySession: at(ports.refFastifySession),
    refGetex: at(ports.refGetex),
    sink: at(ports.sink),
  };
  await Promise.all([
    waitFor(`${url.authQuiet}/ready`),
    waitFor(`${url.authTraced}/ready`),
    waitFor(`${url.nodeProxy}/health`),
    ...(nginx ? [waitFor(`${url.nginx}/health`)] : []),
    ...['refSession', 'refJwt', 'refFastifySession', 'refGetex'].map((name) => waitFor(`${url[name]}/public/me`)),
  ]);
  log('everything is up');
  notePeaks('start');
  return { mesh, url };
}

const json = { 'content-type': 'application/json' };
const cookieOf = (response) => response.headers.getSetCookie()[0].split(';')[0];
const statusKey = (variant) => `${String(variant.expect)[0]}xx`;
/** @param {{ url: string, method: string, headers: object, body?: string }} variant */
const request = ({ url, method, headers, body }) => ({ url, method, headers, body });

// CPU time of the variant's servers and of Redis per answered request, in µs.
async function drive(variant, options) {
  const cpu = () => ({
    servers: variant.servers.reduce((sum, name) => sum + procs.cpuMicros(name), 0),
    redis: procs.cpuMicros('redis'),
  });
  const before = cpu();
  const result = await load({ ...request(variant), ...options });
  const after = cpu();
  result.cpuUs = (after.servers - before.servers) / result.requests;
  result.redisCpuUs = (after.redis - before.redis) / result.requests;
  const unexpected = result.requests - result.statuses[statusKey(variant)];
  if (unexpected > 0 || result.errors > 0) {
    throw new Error(
      `${variant.id}: ${unexpected} unexpected statuses, ${result.errors} errors: ${JSON.stringify(result)}`,
    );
  }
  return result;
}

async function main() {
  const { mesh, url } = await startEverything();
  const login = await fetch(`${url.auth}/user/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username: 'admin', password: 'admin' }),
  });
  if (login.status !== 200) throw new Error(`admin login: ${login.status} ${await login.text()}`);
  const cookie = { ours: cookieOf(login) };
  for (const name of ['refSession', 'refJwt', 'refFastifySession', 'refGetex']) {
    cookie[name] = cookieOf(await fetch(`${url[name]}/login`, { method: 'POST' }));
  }

  const variants = benchVariants(url, cookie);
  for (const variant of variants) {
    const response = await fetch(variant.url, { method: variant.method, headers: variant.headers, body: variant.body });
    const text = await response.text();
    if (response.status !== variant.expect) throw new Error(`${variant.id}: ${response.status} ${text}`);
    variant.bodyBytes = Buffer.byteLength(text);
    variant.rounds = [];
    variant.scaling = {};
  }
  const byId = new Map(variants.map((v) => [v.id, v]));

  log('warm-up: every variant for 1 s');
  for (const variant of variants) await load({ ...request(variant), connections: CONNECTIONS, duration: 1 });
  // Each round starts one variant later (A B C, B C A, C A B, ...) so that no
  // variant always runs first after the same neighbour.
  for (let round = 1; round <= ROUNDS; round++) {
    const start = (round - 1) % variants.length;
    for (const variant of [...variants.slice(start), ...variants.slice(0, start)]) {
      variant.rounds.push(await drive(variant, { connections: CONNECTIONS, duration: DURATION }));
    }
    log(`round ${round}/${ROUNDS}: ${variants.map((v) => `${v.id} ${Math.round(v.rounds.at(-1).rps)}`).join(', ')}`);
  }
  notePeaks(`rounds at ${CONNECTIONS} connections`);

  // The scaling table: the same interleaving at other connection counts.
  const scaled = SCALING_IDS.map((id) => byId.get(id)).filter(Boolean);
  for (const variant of scaled) variant.scaling[CONNECTIONS] = variant.rounds;
  const scalingRounds = Math.min(ROUNDS, 2);
  for (const connections of SCALING.filter((c) => c !== CONNECTIONS)) {
    for (let round = 1; round <= scalingRounds; round++) {
      for (const variant of scaled) {
        (variant.scaling[connections] ??= []).push(await drive(variant, { connections, duration: DURATION }));
      }
    }
    log(
      `scaling at ${connections} connections: ${scaled.map((v) => `${v.id} ${Math.round(median(v.scaling[connections].map((r) => r.rps)))}`).join(', ')}`,
    );
    notePeaks(`scaling at ${connections} connections`);
  }

  // Redis commands per request, from INFO commandstats around a fixed number of requests.
  const REQUESTS = 500;
  const commandCounts = [];
  for (const id of COMMAND_COUNT_IDS) {
    const variant = byId.get(id);
    await settle();
    await redis.configResetStat();
    const { sent, result } = await countClientCommands(mesh.ports.redis, () =>
      drive(variant, { connections: 10, amount: REQUESTS }),
    );
    const answered = result.statuses[statusKey(variant)];
    const stats = parseCommandStats(String(await redis.info('commandstats')));
    commandCounts.push({ id, label: variant.label, perRequest: sent / answered, commands: stats, requests: answered });
  }
  log(`Redis commands per request: ${commandCounts.map((c) => `${c.id} ${c.perRequest}`).join(', ')}`);

  const loginRun = await measureLogins(url.auth);
  notePeaks('logins');
  const memory = await measureMemory(mesh, url, loginRun.sessionsCreated, loginRun.usedMemoryDelta);
  notePeaks('registrations and memory');
  const hotPath = JSON.parse(execFileSync(process.execPath, [join(here, 'hot-path.mjs')], { encoding: 'utf8' }));
  log(`hot path (ns/call): ${JSON.stringify(hotPath)}`);
  const traces = /** @type {{ exports: number, bytes: number }} */ (await (await fetch(`${url.sink}/stats`)).json());
  log(`OTLP sink received ${traces.exports} exports, ${traces.bytes} bytes`);

  const rss = [...procs.children.keys()]
    .filter((name) => name !== 'otlp-sink')
    .map((name) => ({ name, peakRss: procs.peakRss(name) }));
  mkdirSync(cli.out, { recursive: true });
  await writeReport({
    out: cli.out,
    settings: { rounds: ROUNDS, duration: DURATION, connections: CONNECTIONS, scaling: SCALING, scalingRounds },
    variants,
    commandCounts,
    login: loginRun.login,
    memory,
    hotPath,
    rss,
    rssPhases,
    traces,
    machine: await machineFacts(),
    elapsedSeconds: Math.round((Date.now() - startedAt) / 1000),
  });
  log(`wrote ${join(cli.out, 'benchmarks.md')} and benchmarks.svg`);
}

// Requests a load run left in flight (timed out at 200 connections, say) may
// still reach Redis: wait until its command count stops moving.
async function settle() {
  const calls = async () =>
    Object.values(parseCommandStats(String(await redis.info('commandstats')))).reduce((a, b) => a + b, 0);
  for (let last = -1, now = await calls(); now !== last; last = now, now = await calls()) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// Login against one argon2id verify at our parameters. The verify runs in
// this process (libuv's default pool of 4 threads, like user-service), and
// alternates with single logins timed here, so that both see the same load
// on the machine; autocannon below gives req/s and p99 (its latencies have
// a 1 ms resolution, too coarse for a target on ~25 ms).
async function measureLogins(auth) {
  const hash = await argon2.hash('admin', ARGON2_OPTIONS);
  const loginBody = JSON.stringify({ username: 'admin', password: 'admin' });
  const verifyMs = [];
  const pairedLoginMs = [];
  for (let i = 0; i < 41; i++) {
    const t0 = performance.now();
    await argon2.verify(hash, 'admin');
    const t1 = performance.now();
    const headers = { ...json, 'x-request-id': `bench-login-${i}` };
    const response = await fetch(`${auth}/user/login`, { method: 'POST', headers, body: loginBody });
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
  const logins = [];
  for (const connections of [1, 4]) {
    const result = await load({
      url: `${auth}/user/login`,
      method: 'POST',
      headers: json,
      body: loginBody,
      connections,
      duration: DURATION,
    });
    if (result.statuses['2xx'] !== result.requests) throw new Error(`login: ${JSON.stringify(result)}`);
    logins.push({ connections, ...result });
  }
  const login = {
    logins,
    verifyMs: median(verifyMs),
    verifyP99: Math.max(...verifyMs),
    pairedLoginMs: median(pairedLoginMs),
    pairs: pairedLoginMs.length,
    ...loginSplit(),
  };
  log(
    `login: ${logins.map((l) => `c=${l.connections} ${l.rps} req/s p50 ${l.p50} ms`).join(', ')}; paired: login ${login.pairedLoginMs.toFixed(2)} ms (auth-service ${login.authServiceMs} ms, user-service's verify ${login.verifyHandlerMs} ms), argon2 verify ${login.verifyMs.toFixed(2)} ms`,
  );
  return {
    login,
    sessionsCreated: Number(await redis.dbSize()) - sessionsBefore,
    usedMemoryDelta: parseInfoField(String(await redis.info('memory')), 'used_memory') - memoryBefore,
  };
}

// Where a paired login's time went, from the request log lines of the two
// services (the request id follows the login over RPC): medians of
// auth-service's whole answer and of user-service's verify-credentials
// handler (its query and the argon2id verify). Whole milliseconds, as logged.
function loginSplit() {
  const linesOf = (app) =>
    readFileSync(join(logDir, `${app}.log`), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"bench-login-') && !line.includes('"reqId":"bench-login-0"'))
      .map((line) => JSON.parse(line));
  const auth = linesOf('auth-service').filter((line) => line.path === '/user/login');
  const users = linesOf('user-service').filter((line) => line.rpc === 'users.verify-credentials');
  return {
    authServiceMs: median(auth.map((line) => line.durationMs)),
    verifyHandlerMs: median(users.map((line) => line.durationMs)),
  };
}

// Memory of one typical session: a new user with one session, one with five, and the admin's many.
async function measureMemory(mesh, url, sessionsCreated, usedMemoryDelta) {
  const browser = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
  const registerAndLogin = async (email, logins) => {
    const password = 'a long enough password 1';
    const created = await fetch(`${url.users}/user`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: email, password }),
    });
    if (created.status !== 201) throw new Error(`register: ${created.status} ${await created.text()}`);
    const { id } = /** @type {{ id: number }} */ (await created.json());
    for (let i = 0; i < logins; i++) {
      const response = await fetch(`${url.auth}/user/login`, {
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
    one: await sessionMemory(redis, janeId),
    five: await sessionMemory(redis, fiveId),
    admin: await sessionMemory(redis, 1),
    usedMemoryDelta,
    sessionsCreated,
    bulk: await bulkMemory(redis, mesh.redisUrl, janeId),
  };
  log(
    `memory per session: ${memory.one.perSession} B (one), ${memory.five.perSession} B (five), ${memory.admin.perSession} B (admin, ${memory.admin.sessions} sessions); ${memory.bulk.perSession} B at ${memory.bulk.sessions} sessions (used_memory)`,
  );
  return memory;
}

async function machineFacts() {
  const cpus = os.cpus();
  const serverInfo = String(await redis.info('server'));
  const postgres = (await admin.query('SHOW server_version')).rows[0].server_version;
  return {
    cpu: `${cpus.length} x ${cpus[0]?.model ?? 'unknown'}`,
    cpus: cpus.length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    redis: /redis_version:(\S+)/.exec(serverInfo)?.[1] ?? 'unknown',
    postgres,
    nginx: nginxVersion(),
    loadAverage: os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
  };
}

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error.stack ?? error} (logs in ${logDir})`);
  process.exitCode = 1;
} finally {
  loader.stop();
  await redis?.quit().catch(() => undefined);
  await procs.stopAll();
  if (admin) {
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
