import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './private-redis';

// A Redis Cluster of the test's own: `masters` redis-server processes with
// cluster mode on, joined by `redis-cli --cluster create`, no replicas.
export class PrivateRedisCluster {
  private readonly busPorts: number[] = [];

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
        const [port, busPort] = [await freePort(), await freePort()];
        ports.push(port);
        cluster.busPorts.push(busPort);
        processes.push(cluster.spawnNode(i));
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

  // A crash of one master: its slots are unserved until it is back.
  async killNode(index: number): Promise<void> {
    const child = this.processes[index];
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }

  // The master comes back with its nodes.conf (same slots) but, without
  // persistence, none of its keys.
  async restartNode(index: number): Promise<void> {
    this.processes[index] = this.spawnNode(index);
    await waitForPort(this.ports[index]);
    await this.waitUntilHealthy();
  }

  // The index of the master that holds `key`.
  nodeOf(key: string): number {
    return this.ports.findIndex((port) =>
      spawnSync('redis-cli', ['-p', String(port), '--scan', '--pattern', key], { encoding: 'utf8' }).stdout.includes(
        key,
      ),
    );
  }

  private spawnNode(index: number): ChildProcess {
    const [port, busPort] = [this.ports[index], this.busPorts[index]];
    // The cluster bus port is set explicitly: port + 10000 may not exist.
    return spawn(
      'redis-server',
      [
        ...['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1'],
        ...['--cluster-enabled', 'yes', '--cluster-config-file', join(this.dir, `nodes-${port}.conf`)],
        ...['--dir', this.dir, '--save', '', '--appendonly', 'no'],
      ],
      { stdio: 'ignore' },
    );
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
