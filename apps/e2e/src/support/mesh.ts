import { PrivateRedis, freePort } from '@session-mesh/session/testing';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '../../../..');
const DIST = join(ROOT, 'dist/apps');
const PG_SERVER = process.env['TEST_DATABASE_SERVER_URL'] ?? 'postgresql://postgres@127.0.0.1:5432';

type AppName = 'user-service' | 'auth-service' | 'gateway';

class AppProcess {
  readonly output: string[] = [];
  private child: ChildProcess | undefined;

  constructor(
    readonly name: AppName,
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

export interface Mesh {
  gateway: string;
  auth: string;
  users: string;
  redis: PrivateRedis;
  databaseUrl: string;
  apps: Record<AppName, AppProcess>;
  stop(): Promise<void>;
}

async function waitUntilReady(url: string, apps: AppProcess[], timeoutMs = 30_000): Promise<void> {
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

// The whole mesh as real processes from dist/ (built by the e2e target's
// dependencies): a Redis of its own, a fresh Postgres database migrated and
// seeded by migrate.js, the three apps on free ports.
export async function startMesh(env: NodeJS.ProcessEnv = {}): Promise<Mesh> {
  const redis = await PrivateRedis.start();
  const databaseUrl = `${PG_SERVER}/sm_e2e_${randomBytes(6).toString('hex')}`;
  const migrate = spawnSync(process.execPath, [join(DIST, 'user-service/migrate.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test' },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`migrate.js failed:\n${migrate.stdout}\n${migrate.stderr}`);

  const [gatewayPort, authPort, usersPort, rpcPort, authRpcPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const common = { NODE_ENV: 'test', REDIS_URL: redis.url, ...env };
  const apps: Record<AppName, AppProcess> = {
    'user-service': new AppProcess('user-service', {
      ...common,
      PORT: String(usersPort),
      RPC_HOST: '127.0.0.1',
      RPC_PORT: String(rpcPort),
      DATABASE_URL: databaseUrl,
      AUTH_SERVICE_RPC_HOST: '127.0.0.1',
      AUTH_SERVICE_RPC_PORT: String(authRpcPort),
    }),
    'auth-service': new AppProcess('auth-service', {
      ...common,
      PORT: String(authPort),
      RPC_HOST: '127.0.0.1',
      RPC_PORT: String(authRpcPort),
      USER_SERVICE_RPC_HOST: '127.0.0.1',
      USER_SERVICE_RPC_PORT: String(rpcPort),
    }),
    gateway: new AppProcess('gateway', {
      NODE_ENV: 'test',
      PORT: String(gatewayPort),
      AUTH_SERVICE_URL: `http://127.0.0.1:${authPort}`,
      USER_SERVICE_URL: `http://127.0.0.1:${usersPort}`,
    }),
  };
  const all = Object.values(apps);
  all.forEach((app) => app.start());
  const gateway = `http://127.0.0.1:${gatewayPort}`;

  const stop = async () => {
    await Promise.all(all.map((app) => app.stop()));
    await redis.stop();
    const admin = new Client({ connectionString: `${PG_SERVER}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(databaseUrl).pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  };
  try {
    await waitUntilReady(gateway, all);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gateway,
    auth: `http://127.0.0.1:${authPort}`,
    users: `http://127.0.0.1:${usersPort}`,
    redis,
    databaseUrl,
    apps,
    stop,
  };
}
