// `npm start`: checks Redis and Postgres, builds the three apps and the console, creates the
// database if needed, applies migrations and the seed, starts the apps, waits
// until each /ready is green and prints the URLs. Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createClient } from 'redis';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const env = {
  NODE_ENV: 'development',
  REDIS_URL: 'redis://127.0.0.1:6379',
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/session_mesh',
  ...process.env,
};
const ports = {
  gateway: env.GATEWAY_PORT ?? '3000',
  'auth-service': env.AUTH_SERVICE_PORT ?? '3001',
  'user-service': env.USER_SERVICE_PORT ?? '3002',
};
const CHECK_TIMEOUT_MS = 3000;
// Services added with `nx g @session-mesh/nx-plugin:service` (the other apps
// under apps/) start on their default ports, where the gateway's defaults point.
const services = readdirSync(join(root, 'apps')).filter((dir) => {
  const project = join(root, 'apps', dir, 'project.json');
  if (dir in ports || !existsSync(project)) return false;
  return (JSON.parse(readFileSync(project, 'utf8')).tags ?? []).includes('type:app');
});

function fail(message) {
  console.error(`\nnpm start: ${message}`);
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exit(1);
}

async function checkRedis() {
  const client = createClient({
    url: env.REDIS_URL,
    socket: { connectTimeout: CHECK_TIMEOUT_MS, reconnectStrategy: false },
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    fail(`REDIS_URL (${env.REDIS_URL}) is unreachable: ${error.message}`);
  } finally {
    client.destroy();
  }
}

// Asks the server, not the database: migrate.js creates the database if it is missing.
async function checkPostgres() {
  const url = new URL(env.DATABASE_URL);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: CHECK_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    fail(`DATABASE_URL (${env.DATABASE_URL}) is unreachable: ${error.message || error.code}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { cwd: root, env: { ...extraEnv, ...env }, stdio: 'inherit' });
  if (result.status !== 0) fail(`${[command, ...args].join(' ')} failed`);
}

function runInBackground(command, args) {
  const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else if (!stopping) fail(`${[command, ...args].join(' ')} failed`);
    }),
  );
}

const children = [];
let stopping = false;
function stopAll(code) {
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}

function startApp(name) {
  const child = spawn(process.execPath, [join(root, 'dist/apps', name, 'main.js')], {
    cwd: root,
    env: { ...env, ...(ports[name] && { PORT: ports[name] }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (stream, out) =>
    stream.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line) out.write(`[${name}] ${line}\n`);
    });
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} exited (${signal ?? code}); stopping the mesh`);
    stopping = true;
    stopAll(1);
  });
  children.push(child);
}

async function waitReady(name, timeoutMs = 30_000) {
  const url = `http://127.0.0.1:${ports[name]}/ready`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  fail(`${name} did not become ready at ${url} within ${timeoutMs / 1000} s`);
}

process.on('SIGINT', () => ((stopping = true), stopAll(0)));
process.on('SIGTERM', () => ((stopping = true), stopAll(0)));

await Promise.all([checkRedis(), checkPostgres()]);
// One nx process that loads Nx's plugins itself (not a worker process each) and
// starts no daemon: on a fresh clone both cost seconds of CPU before any build.
// Variables set by the caller win.
run(
  join(root, 'node_modules/.bin/nx'),
  ['run-many', '-t', 'build', '-p', 'gateway', 'auth-service', 'user-service', 'console', ...services],
  {
    NX_DAEMON: 'false',
    NX_ISOLATE_PLUGINS: 'false',
  },
);
// Only user-service needs the migrated database: the others start meanwhile.
// The gateway is ready only once every service it routes to is.
const migrated = runInBackground(process.execPath, [join(root, 'dist/apps/user-service/migrate.js')]);
for (const name of ['auth-service', ...services, 'gateway']) startApp(name);
await migrated;
startApp('user-service');
for (const name of ['user-service', 'auth-service', 'gateway']) await waitReady(name);

const gateway = `http://localhost:${ports.gateway}`;
console.log(`
session-mesh is up (Ctrl-C stops it):
  gateway        ${gateway}
  console        ${gateway}/console/  (sign in as admin / admin outside production)
  Swagger        ${gateway}/swagger  (${gateway}/docs/auth, ${gateway}/docs/users)
  auth-service   http://localhost:${ports['auth-service']}  (/docs)
  user-service   http://localhost:${ports['user-service']}  (/docs)
${services.map((name) => `  ${name.padEnd(14)} behind the gateway (its own port: apps/${name}/src/config)\n`).join('')}`);
