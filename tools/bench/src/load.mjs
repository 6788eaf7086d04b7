// Load for the bench: autocannon in a process of its own, so the load
// generator does not share an event loop with the orchestrator. One worker
// process serves every run (`startLoadWorker()`, runs one at a time): a new
// process per run would cost a Node start each time, seconds on a loaded
// machine. Run as a script with JSON options, it does one run and prints the
// result as one JSON line: `node load.mjs '{"url":"http://127.0.0.1:3000/health"}'`.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export function startLoadWorker() {
  const child = fork(fileURLToPath(import.meta.url), ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let pending;
  child.on('message', (/** @type {any} */ message) => {
    const settle = pending;
    pending = undefined;
    if (message.error) settle?.reject(new Error(message.error));
    else settle?.resolve(message.result);
  });
  child.on('exit', (code) => pending?.reject(new Error(`load worker exited ${code}`)));
  return {
    run(options) {
      if (pending) throw new Error('load worker: one run at a time');
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send(options);
      });
    },
    stop: () => child.kill(),
  };
}

async function runOnce(options) {
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({ ...options, renderProgressBar: false, renderResultsTable: false });
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses: {
      '1xx': result['1xx'],
      '2xx': result['2xx'],
      '3xx': result['3xx'],
      '4xx': result['4xx'],
      '5xx': result['5xx'],
    },
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerResponse: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--worker') {
    process.on('message', (options) => {
      runOnce(options).then(
        (result) => process.send({ result }),
        (error) => process.send({ error: String(error?.stack ?? error) }),
      );
    });
  } else {
    process.stdout.write(JSON.stringify(await runOnce(JSON.parse(process.argv[2]))) + '\n');
  }
}
