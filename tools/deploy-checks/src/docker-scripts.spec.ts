import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer as createNetServer } from 'node:net';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { EnvSchema, describeEnv } from './lib/env';
import { WORKSPACE_ROOT, loadEnvSchemas } from './lib/workspace';

const VERIFY = join(WORKSPACE_ROOT, 'docker/verify-runtime-deps.cjs');
const HEALTHCHECK = join(WORKSPACE_ROOT, 'docker/healthcheck.cjs');

function run(script: string, args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { PATH: process.env['PATH'] } });
}

// Not spawnSync: the HTTP server the healthcheck calls lives in this process.
async function runAsync(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env['PATH'], ...env },
    stdio: 'ignore',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

// docker/verify-runtime-deps.cjs runs in the runtime image after npm ci.
describe('verify-runtime-deps.cjs', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-runtime-deps-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"app"}');
    mkdirSync(join(dir, 'node_modules/present/runtime'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/present/package.json'), '{"name":"present","main":"index.js"}');
    writeFileSync(join(dir, 'node_modules/present/index.js'), '');
    writeFileSync(join(dir, 'node_modules/present/runtime/client.js'), '');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes when every required package resolves (builtins skipped)', () => {
    writeFileSync(
      join(dir, 'main.js'),
      'require("node:fs"); require("path"); require("fs/promises"); require("present"); require("present/runtime/client"); require("./local");',
    );
    const result = run(VERIFY, [dir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails and names a package the install left out', () => {
    writeFileSync(join(dir, 'main.js'), 'require("present");');
    writeFileSync(join(dir, 'migrate.js'), 'require("@prisma/client/runtime/client");');
    const result = run(VERIFY, [dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('@prisma/client/runtime/client (required by migrate.js)');
  });

  it('passes when only an optional dev dependency (loaded on request) is not installed', () => {
    writeFileSync(join(dir, 'main.js'), 'require("present"); try { require("pino-pretty"); } catch {}');
    const result = run(VERIFY, [dir]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('optional, not installed: pino-pretty');
  });

  it('fails when there is no bundle to check', () => {
    expect(run(VERIFY, [dir]).status).toBe(1);
  });
});

// docker/healthcheck.cjs is the image's HEALTHCHECK and compose's.
describe('healthcheck.cjs', () => {
  let schemas: Record<string, EnvSchema>;

  beforeAll(async () => {
    schemas = await loadEnvSchemas();
  });

  async function withServer(status: number, test: (port: number) => Promise<void>): Promise<void> {
    const server = createServer((request, response) => {
      response.statusCode = request.url === '/health' ? status : 404;
      response.end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      await test((server.address() as AddressInfo).port);
    } finally {
      server.close();
    }
  }

  it('exits 0 when the path answers 2xx', async () => {
    await withServer(200, async (port) => {
      expect(await runAsync(HEALTHCHECK, ['/health'], { PORT: String(port) })).toBe(0);
    });
  });

  it('exits 1 when the path answers an error or nothing listens', async () => {
    await withServer(503, async (port) => {
      expect(await runAsync(HEALTHCHECK, ['/health'], { PORT: String(port) })).toBe(1);
      expect(await runAsync(HEALTHCHECK, ['/ready'], { PORT: String(port) })).toBe(1);
    });
    const closed = createNetServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    expect(await runAsync(HEALTHCHECK, ['/health'], { PORT: String(port) })).toBe(1);
  });

  it('falls back to the same default ports as the apps’ zod configs', () => {
    const table = /DEFAULT_PORTS = \{([^}]*)\}/.exec(readFileSync(HEALTHCHECK, 'utf8'))?.[1] ?? '';
    const ports = Object.fromEntries([...table.matchAll(/'?([\w-]+)'?:\s*(\d+)/g)].map((m) => [m[1], Number(m[2])]));
    const defaults = Object.fromEntries(
      ['gateway', 'auth-service', 'user-service'].map((app) => [
        app,
        describeEnv(schemas[app] ?? z.object({})).find((variable) => variable.name === 'PORT')?.fallback,
      ]),
    );
    expect(ports).toEqual(defaults);
  });
});
