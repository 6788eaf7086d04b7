// The mesh that the bench and concurrent-writes measure: a private
// redis-server, a fresh Postgres database (migrated and seeded by the built
// migrate.js) and the three built apps, all on free ports, with their output
// in the log directory of `procs`. The caller drops the database at the end.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from './processes.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const PG_SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const main = (app) => join(root, `dist/apps/${app}/main.js`);

/**
 * @param {{
 *   procs: import('./processes.mjs').Processes,
 *   logDir: string,
 *   dbName: string,
 *   env?: Record<string, string>,
 *   metrics?: boolean,
 * }} options env: added to every app's environment (log settings); metrics:
 * each app serves /metrics on a port of its own (METRICS_PORT), as in production.
 */
export async function startBenchMesh({ procs, logDir, dbName, env = {}, metrics = false }) {
  /** @type {Record<string, number>} */
  const ports = {};
  for (const name of ['redis', 'gateway', 'users', 'usersRpc']) ports[name] = await freePort();
  const redisUrl = `redis://127.0.0.1:${ports.redis}`;
  const databaseUrl = `${PG_SERVER}/${dbName}`;
  procs.start('redis', 'redis-server', [
    ...['--port', String(ports.redis), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', logDir],
  ]);
  execFileSync(process.execPath, [join(root, 'dist/apps/user-service/migrate.js')], {
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  /** @type {Record<string, string>} */
  const appEnv = { NODE_ENV: 'development', ...env };
  const mesh = { redisUrl, databaseUrl, ports, metrics, env: appEnv };
  const auth = await startAuthService(procs, 'auth-service', mesh);
  const users = `http://127.0.0.1:${ports.users}`;
  procs.start('user-service', process.execPath, [main('user-service')], {
    ...mesh.env,
    ...(await metricsEnv(metrics)),
    REDIS_URL: redisUrl,
    PORT: String(ports.users),
    RPC_PORT: String(ports.usersRpc),
    AUTH_SERVICE_RPC_PORT: String(auth.rpcPort),
    DATABASE_URL: databaseUrl,
  });
  const gateway = `http://127.0.0.1:${ports.gateway}`;
  procs.start('gateway', process.execPath, [main('gateway')], {
    ...mesh.env,
    ...(await metricsEnv(metrics)),
    PORT: String(ports.gateway),
    AUTH_SERVICE_URL: auth.url,
    USER_SERVICE_URL: users,
  });
  await Promise.all([waitFor(`${users}/ready`), waitFor(`${auth.url}/ready`), waitFor(`${gateway}/ready`)]);
  return { ...mesh, users, auth: auth.url, gateway };
}

/**
 * An auth-service on the mesh's Redis and user-service; the bench starts more
 * than one to compare settings (`env` is added to the mesh's). Not awaited:
 * wait for `${url}/ready`.
 * @param {import('./processes.mjs').Processes} procs
 * @param {string} name
 * @param {{ redisUrl: string, ports: Record<string, number>, env: Record<string, string>, metrics: boolean }} mesh
 * @param {Record<string, string>} [env]
 */
export async function startAuthService(procs, name, mesh, env = {}) {
  const port = await freePort();
  const rpcPort = await freePort();
  procs.start(name, process.execPath, [main('auth-service')], {
    ...mesh.env,
    ...(await metricsEnv(mesh.metrics)),
    ...env,
    REDIS_URL: mesh.redisUrl,
    PORT: String(port),
    RPC_PORT: String(rpcPort),
    USER_SERVICE_RPC_PORT: String(mesh.ports.usersRpc),
  });
  return { url: `http://127.0.0.1:${port}`, rpcPort };
}

// Off: no metrics listener (the counters still count, as in development).
async function metricsEnv(on) {
  return on ? { METRICS_PORT: String(await freePort()) } : { METRICS_ENABLED: 'false' };
}
