// Starting and stopping what the benchmark measures: free ports, child
// processes with their output in log files, readiness polling, peak RSS.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

export class Processes {
  constructor(logDir) {
    this.logDir = logDir;
    this.children = new Map();
  }

  // Output goes straight to the log file (the child writes to it itself), so
  // copying log lines costs this process nothing while the load runs.
  start(name, command, args, env = {}) {
    const log = openSync(join(this.logDir, `${name}.log`), 'a');
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
    closeSync(log);
    child.on('exit', (code, signal) => {
      if (!this.stopping)
        console.error(`bench: ${name} exited early (${signal ?? code}); see ${join(this.logDir, name)}.log`);
    });
    this.children.set(name, child);
    return child;
  }

  pid(name) {
    return this.children.get(name).pid;
  }

  // Peak resident set size of the process so far (Linux VmHWM), in bytes.
  peakRss(name) {
    const status = readFileSync(`/proc/${this.pid(name)}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : NaN;
  }

  async stopAll() {
    this.stopping = true;
    const exits = [...this.children.values()]
      .filter((child) => child.exitCode === null && child.signalCode === null)
      .map((child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        return exited.then(() => clearTimeout(timer));
      });
    await Promise.all(exits);
  }
}

export async function waitFor(url, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} was not ready within ${timeoutMs / 1000} s`);
}
