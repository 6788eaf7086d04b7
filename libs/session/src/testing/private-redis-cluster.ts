import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './private-redis';

// A Redis Cluster of the test's own: `masters` redis-server processes with
// cluster mode on, joined by `redis-cli --cluster create`, no replicas.
export class PrivateRedisCluster {
  private constructor(
    readonly ports: number[],
    private readonly processes: ChildProcess[],
    private readonly dir: string,
  ) {}

  static async start(masters = 3): Promise<PrivateRedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
    const ports: number[] = [];
    const processes: ChildProcess[] = [];
    const cluster = new PrivateRedisCluster(ports, processes, dir);
    try {
      for (let i = 0; i < masters; i++) {
        // The cluster bus port is set explicitly: port + 10000 may not exist.
        const [port, busPort] = [await freePort(), await freePort()];
        ports.push(port);
        processes.push(
          spawn(
            'redis-server',
            [
              ...['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1'],
              ...['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`)],
              ...['--dir', dir, '--save', '', '--appendonly', 'no'],
            ],
            { stdio: 'ignore' },
          ),
        );
      }
      await Promise.all(ports.map((port) => waitForPort(port)));
      const create = spawnSync(
        'redis-cli',
        [
          '--cluster',
          'create',
          ...ports.map((port) => `127.0.0.1:${port}`),
          '--cluster-replicas',
          '0',
          '--cluster-yes',
        ],
        { encoding: 'utf8', timeout: 30_000 },
      );
      if (create.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${create.stdout}${create.stderr}`);
      await cluster.waitUntilHealthy();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  get urls(): string[] {
    return this.ports.map((port) => `redis://127.0.0.1:${port}`);
  }

  // The number of keys matching `pattern` on each master.
  keysPerNode(pattern: string): number[] {
    return this.ports.map((port) => {
      const result = spawnSync('redis-cli', ['-p', String(port), '--scan', '--pattern', pattern], { encoding: 'utf8' });
      return result.stdout.split('\n').filter(Boolean).length;
    });
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes
        .filter((child) => child.exitCode === null && child.signalCode === null)
        .map((child) => {
          child.kill('SIGKILL');
          return once(child, 'exit');
        }),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }

  // Every node agrees that all slots are served.
  private async waitUntilHealthy(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const healthy = this.ports.every((port) =>
        spawnSync('redis-cli', ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8' }).stdout.includes(
          'cluster_state:ok',
        ),
      );
      if (healthy) return;
      if (Date.now() > deadline) throw new Error('the Redis Cluster did not become healthy');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
