import { freePort } from '@session-mesh/session/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Debian's prometheus (2.42) scraping the given targets every second, on a
// free port with its own config and data directory, ended by its PID.
export class PrometheusServer {
  readonly output: string[] = [];
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static readonly BINARY = process.env['PROMETHEUS_BIN'] ?? '/usr/bin/prometheus';

  // targets: job name -> metrics URL (http://host:port/metrics).
  static async start(targets: Record<string, string>): Promise<PrometheusServer> {
    const dir = mkdtempSync(join(tmpdir(), 'mesh-prometheus-'));
    const jobs = Object.entries(targets).map(([job, url]) => {
      const { host, pathname } = new URL(url);
      return `  - job_name: ${JSON.stringify(job)}\n    metrics_path: ${JSON.stringify(pathname)}\n    static_configs:\n      - targets: [${JSON.stringify(host)}]`;
    });
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n${jobs.join('\n')}\n`,
    );
    const port = await freePort();
    const child = spawn(
      PrometheusServer.BINARY,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const server = new PrometheusServer(`http://127.0.0.1:${port}`, child, dir);
    const keep = (chunk: Buffer) => server.output.push(chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await server.waitFor('ready', async () => (await fetch(`${server.url}/-/ready`)).ok);
    return server;
  }

  // The instant vector of a PromQL query, as label sets and numbers.
  async query(promql: string): Promise<Array<{ labels: Record<string, string>; value: number }>> {
    const response = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    if (body.status !== 'success') throw new Error(`${promql}: ${body.error ?? response.status}`);
    return body.data.result.map(({ metric, value }) => ({ labels: metric, value: Number(value[1]) }));
  }

  // The single value of a query such as sum(...), or 0 when it has no sample.
  async value(promql: string): Promise<number> {
    const result = await this.query(promql);
    return result.length === 0 ? 0 : result[0].value;
  }

  // Polls until `check` holds; no fixed sleeps: new samples arrive every second.
  async waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        if (await check()) return;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Prometheus: ${what} did not happen in ${timeoutMs} ms (${String(last ?? '')})\n${this.output.join('')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  // Waits until `promql` (one value) reaches at least `min`; returns it.
  async waitForAtLeast(promql: string, min: number): Promise<number> {
    let seen = 0;
    await this.waitFor(`${promql} >= ${min} (last ${seen})`, async () => (seen = await this.value(promql)) >= min);
    return seen;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
