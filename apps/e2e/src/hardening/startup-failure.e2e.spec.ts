import { freePort } from '@session-mesh/session/testing';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';

const DIST = join(__dirname, '../../../../dist/apps');

// A port that is taken: a service that cannot listen must exit non-zero with
// the reason, so a supervisor restarts it, never linger without a listener.
describe('start-up failure', () => {
  let taken: Server;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    taken = createServer();
    taken.listen(port, '0.0.0.0');
    await once(taken, 'listening');
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it.each([
    ['gateway', async (busy: number) => ({ PORT: String(busy) })],
    [
      'auth-service',
      async (busy: number) => ({ PORT: String(await freePort()), RPC_HOST: '127.0.0.1', RPC_PORT: String(busy) }),
    ],
  ])(
    '%s exits with status 1 and names the cause when its port is in use',
    async (app, portEnv) => {
      const child = spawn(process.execPath, [join(DIST, app, 'main.js')], {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          AUTH_SERVICE_URL: 'http://127.0.0.1:9',
          USER_SERVICE_URL: 'http://127.0.0.1:9',
          ...(await portEnv(port)),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const [code] = (await once(child, 'exit')) as [number | null];
      clearTimeout(killer);

      expect({ code, output }).toEqual({ code: 1, output: expect.stringContaining('could not start') });
      expect(output).toContain('EADDRINUSE');
    },
    30_000,
  );
});
