import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, PrivateRedis, waitForPort } from './private-redis';

// A Redis master and one sentinel monitoring it, both the test's own.
export class PrivateRedisSentinel {
  readonly masterName = 'sessions';

  private constructor(
    private readonly master: PrivateRedis,
    readonly sentinelPort: number,
    private readonly sentinel: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivateRedisSentinel> {
    const master = await PrivateRedis.start();
    const dir = mkdtempSync(join(tmpdir(), 'redis-sentinel-'));
    const port = await freePort();
    const config = join(dir, 'sentinel.conf');
    // The sentinel rewrites its config file, so it gets a writable one.
    writeFileSync(
      config,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor sessions 127.0.0.1 ${master.port} 1`,
        'sentinel down-after-milliseconds sessions 5000',
        '',
      ].join('\n'),
    );
    const sentinel = spawn('redis-server', [config, '--sentinel'], { stdio: 'ignore' });
    const running = new PrivateRedisSentinel(master, port, sentinel, dir);
    try {
      await waitForPort(port);
    } catch (error) {
      await running.stop();
      throw error;
    }
    return running;
  }

  get masterUrl(): string {
    return this.master.url;
  }

  get sentinelUrl(): string {
    return `redis://127.0.0.1:${this.sentinelPort}`;
  }

  async stop(): Promise<void> {
    if (this.sentinel.exitCode === null && this.sentinel.signalCode === null) {
      this.sentinel.kill('SIGKILL');
      await once(this.sentinel, 'exit');
    }
    await this.master.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
