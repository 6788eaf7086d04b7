// Starting and stopping what the benchmark measures: free ports, child
// processes with their output in log files, readiness polling, peak RSS.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
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

  // CPU time (user + system) the process and its children (nginx's workers)
  // have used so far, in microseconds, from /proc. CPU per request moves far
  // less than req/s when other work shares the machine's cores.
  cpuMicros(name) {
    const pid = this.pid(name);
    return [pid, ...childrenOf(pid)].reduce((sum, p) => sum + cpuMicrosOf(p), 0);
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

// /proc/<pid>/stat: the fields after the command name; utime and stime are
// the 12th and 13th of them, in clock ticks (USER_HZ, 100 on Linux).
const statFields = (pid) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
const TICK_MICROS = 1e6 / 100;

function cpuMicrosOf(pid) {
  try {
    const fields = statFields(pid);
    return (Number(fields[11]) + Number(fields[12])) * TICK_MICROS;
  } catch {
    return 0; // gone meanwhile
  }
}

function childrenOf(pid) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(entry)[1]) === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
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
