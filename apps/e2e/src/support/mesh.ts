import { PrivateRedis, freePort } from '@session-mesh/session/testing';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { createClient } from 'redis';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { parse } from 'yaml';
import { tmpdir } from 'node:os';
import { MESH_SERVICES } from './mesh-services';
import { TcpProxy } from './tcp-proxy';

const ROOT = join(__dirname, '../../../..');
const DIST = join(ROOT, 'dist/apps');
const PG_SERVER = process.env['TEST_DATABASE_SERVER_URL'] ?? 'postgresql://postgres@127.0.0.1:5432';

export type AppName = 'user-service' | 'auth-service' | 'gateway';

export class AppProcess {
  readonly output: string[] = [];
  private child: ChildProcess | undefined;

  constructor(
    // An app of dist/apps: AppName or one of MESH_SERVICES.
    readonly name: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  start(): void {
    const child = spawn(process.execPath, [join(DIST, this.name, 'main.js')], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => this.output.push(chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  // A crash: no shutdown hooks, connections cut as they are.
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGTERM');
    const exited = once(child, 'exit');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

// A fresh database of the test's own, migrated and seeded by migrate.js.
export function createTestDatabase(): string {
  const databaseUrl = `${PG_SERVER}/sm_e2e_${randomBytes(6).toString('hex')}`;
  const migrate = spawnSync(process.execPath, [join(DIST, 'user-service/migrate.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test' },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`migrate.js failed:\n${migrate.stdout}\n${migrate.stderr}`);
  return databaseUrl;
}

export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  const admin = new Client({ connectionString: `${PG_SERVER}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${new URL(databaseUrl).pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
}

export interface MeshOptions {
  // Extra environment for auth-service and user-service.
  env?: NodeJS.ProcessEnv;
  // Redis keeps its data across a kill (append-only file, fsync always).
  persistentRedis?: boolean;
  // Redis ACLs on: auth-service as a session writer, user-service as a reader
  // (and, for the audit stream, as an append-only audit writer).
  redisAcl?: boolean;
  // user-service reaches Postgres through a relay the test can cut.
  databaseProxy?: boolean;
  // Each app serves /metrics on a free METRICS_PORT of its own (Mesh.metrics).
  metrics?: boolean;
  // OTEL_* variables for every app, the gateway included (tracing e2e).
  tracingEnv?: NodeJS.ProcessEnv;
}

export const REDIS_ACL_USERS = {
  writer: { username: 'session-writer', password: 'writer-secret' },
  reader: { username: 'session-reader', password: 'reader-secret' },
  audit: { username: 'audit-writer', password: 'audit-secret' },
};
type AclRole = keyof typeof REDIS_ACL_USERS;

// The ACL rules are read from docker-compose.yml's redis command, so this test
// runs the very rules that deployments get.
export function composeAclRules(): Record<AclRole, string[]> {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: { redis: { command: string[] } };
  };
  const rules: Partial<Record<AclRole, string[]>> = {};
  const command = compose.services.redis.command;
  command.forEach((arg, i) => {
    if (arg !== '--user') return;
    const next = command.findIndex((a, j) => j > i && a.startsWith('--'));
    const [name, ...rest] = command.slice(i + 1, next === -1 ? undefined : next);
    const role = (Object.keys(REDIS_ACL_USERS) as AclRole[]).find((r) => REDIS_ACL_USERS[r].username === name);
    // Drops 'on' and the password (`>...`); the test sets its own.
    if (role) rules[role] = rest.filter((rule) => rule !== 'on' && !rule.startsWith('>'));
  });
  if (!rules.writer || !rules.reader || !rules.audit)
    throw new Error('docker-compose.yml defines no session-writer/session-reader/audit-writer ACL users');
  return rules as Record<AclRole, string[]>;
}

async function enableAcl(redis: PrivateRedis): Promise<void> {
  const admin = createClient({ url: redis.url });
  await admin.connect();
  for (const role of ['writer', 'reader', 'audit'] as const) {
    const { username, password } = REDIS_ACL_USERS[role];
    await admin.sendCommand(['ACL', 'SETUSER', username, 'reset', 'on', `>${password}`, ...composeAclRules()[role]]);
  }
  await admin.sendCommand(['ACL', 'SETUSER', 'default', 'off']);
  admin.destroy();
}

function redisUrlFor(redis: PrivateRedis, role: 'writer' | 'reader' | undefined): string {
  if (!role) return redis.url;
  const { username, password } = REDIS_ACL_USERS[role];
  return `redis://${username}:${password}@127.0.0.1:${redis.port}`;
}

export interface Mesh {
  gateway: string;
  auth: string;
  users: string;
  redis: PrivateRedis;
  databaseUrl: string;
  apps: Record<AppName, AppProcess>;
  // Each of MESH_SERVICES by app name: its base URL and process.
  services: Record<string, { url: string; app: AppProcess }>;
  databaseProxy?: TcpProxy;
  // With MeshOptions.metrics: each app's metrics URL (http://127.0.0.1:<METRICS_PORT>/metrics).
  metrics?: Record<AppName, string>;
  // Another auth-service on the same Redis and user-service, e.g. a replica.
  startAuthReplica(): Promise<string>;
  stop(): Promise<void>;
}

// E2E_READY_TIMEOUT_MS: more time to start on a loaded machine.
const READY_TIMEOUT_MS = Number(process.env['E2E_READY_TIMEOUT_MS'] ?? 30_000);

export async function waitUntilReady(url: string, apps: AppProcess[], timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    const dead = apps.find((app) => !app.running);
    if (dead || Date.now() > deadline) {
      const logs = apps
        .map((app) => `--- ${app.name}${app.running ? '' : ' (exited)'}\n${app.output.join('')}`)
        .join('\n');
      throw new Error(`The mesh did not become ready at ${url}\n${logs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Each of MESH_SERVICES on free ports, not started yet.
export async function startableServices(
  env: NodeJS.ProcessEnv,
): Promise<Array<{ app: AppProcess; url: string; urlVariable: string }>> {
  return Promise.all(
    MESH_SERVICES.map(async ({ app, urlVariable }) => {
      const [port, rpcPort] = await Promise.all([freePort(), freePort()]);
      const child = new AppProcess(app, {
        ...env,
        PORT: String(port),
        RPC_HOST: '127.0.0.1',
        RPC_PORT: String(rpcPort),
      });
      return { app: child, url: `http://127.0.0.1:${port}`, urlVariable };
    }),
  );
}

// The whole mesh as real processes from dist/ (built by the e2e target's
// dependencies): a Redis of its own, a fresh Postgres database migrated and
// seeded by migrate.js, the three apps on free ports.
export async function startMesh(options: MeshOptions = {}): Promise<Mesh> {
  const env = options.env ?? {};
  const redisDir = options.persistentRedis ? mkdtempSync(join(tmpdir(), 'mesh-redis-')) : undefined;
  const redis = await PrivateRedis.start({ dataDir: redisDir });
  if (options.redisAcl) await enableAcl(redis);
  const databaseUrl = createTestDatabase();

  const [gatewayPort, authPort, usersPort, userRpcPort, authRpcPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const databaseProxy = options.databaseProxy
    ? new TcpProxy(await freePort(), { host: '127.0.0.1', port: Number(new URL(databaseUrl).port || 5432) })
    : undefined;
  await databaseProxy?.start();
  const appDatabaseUrl = databaseProxy
    ? Object.assign(new URL(databaseUrl), { port: String(databaseProxy.port) }).toString()
    : databaseUrl;
  const tracingEnv = options.tracingEnv ?? {};
  const common = { NODE_ENV: 'test', ...tracingEnv, ...env };
  const services = await startableServices({
    ...common,
    REDIS_URL: redisUrlFor(redis, options.redisAcl ? 'reader' : undefined),
  });
  const authEnv = (port: number, rpcPort: number) => ({
    ...common,
    REDIS_URL: redisUrlFor(redis, options.redisAcl ? 'writer' : undefined),
    PORT: String(port),
    RPC_HOST: '127.0.0.1',
    RPC_PORT: String(rpcPort),
    USER_SERVICE_RPC_HOST: '127.0.0.1',
    USER_SERVICE_RPC_PORT: String(userRpcPort),
  });
  const metricsPorts = options.metrics
    ? { 'user-service': await freePort(), 'auth-service': await freePort(), gateway: await freePort() }
    : undefined;
  const metricsEnv = (app: AppName) => (metricsPorts ? { METRICS_PORT: String(metricsPorts[app]) } : {});
  const apps: Record<AppName, AppProcess> = {
    'user-service': new AppProcess('user-service', {
      ...common,
      ...metricsEnv('user-service'),
      REDIS_URL: redisUrlFor(redis, options.redisAcl ? 'reader' : undefined),
      PORT: String(usersPort),
      RPC_HOST: '127.0.0.1',
      RPC_PORT: String(userRpcPort),
      DATABASE_URL: appDatabaseUrl,
      TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ...(options.redisAcl
        ? { AUDIT_REDIS_USERNAME: REDIS_ACL_USERS.audit.username, AUDIT_REDIS_PASSWORD: REDIS_ACL_USERS.audit.password }
        : {}),
      AUTH_SERVICE_RPC_HOST: '127.0.0.1',
      AUTH_SERVICE_RPC_PORT: String(authRpcPort),
    }),
    'auth-service': new AppProcess('auth-service', {
      ...authEnv(authPort, authRpcPort),
      ...metricsEnv('auth-service'),
    }),
    gateway: new AppProcess('gateway', {
      NODE_ENV: 'test',
      ...tracingEnv,
      ...metricsEnv('gateway'),
      PORT: String(gatewayPort),
      AUTH_SERVICE_URL: `http://127.0.0.1:${authPort}`,
      USER_SERVICE_URL: `http://127.0.0.1:${usersPort}`,
      ...Object.fromEntries(services.map(({ urlVariable, url }) => [urlVariable, url])),
    }),
  };
  const all = [...Object.values(apps), ...services.map((service) => service.app)];
  const replicas: AppProcess[] = [];
  all.forEach((app) => app.start());
  const gateway = `http://127.0.0.1:${gatewayPort}`;

  const stop = async () => {
    await Promise.all([...all, ...replicas].map((app) => app.stop()));
    await redis.stop();
    await databaseProxy?.stop();
    if (redisDir) rmSync(redisDir, { recursive: true, force: true });
    await dropTestDatabase(databaseUrl);
  };
  try {
    await waitUntilReady(gateway, all);
  } catch (error) {
    await stop();
    throw error;
  }
  const startAuthReplica = async () => {
    const [port, rpcPort] = await Promise.all([freePort(), freePort()]);
    const replica = new AppProcess('auth-service', authEnv(port, rpcPort));
    replicas.push(replica);
    replica.start();
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(url, [replica]);
    return url;
  };
  return {
    gateway,
    auth: `http://127.0.0.1:${authPort}`,
    users: `http://127.0.0.1:${usersPort}`,
    redis,
    databaseUrl,
    apps,
    services: Object.fromEntries(services.map(({ app, url }) => [app.name, { url, app }])),
    databaseProxy,
    metrics: metricsPorts
      ? (Object.fromEntries(
          Object.entries(metricsPorts).map(([app, port]) => [app, `http://127.0.0.1:${port}/metrics`]),
        ) as Record<AppName, string>)
      : undefined,
    startAuthReplica,
    stop,
  };
}
