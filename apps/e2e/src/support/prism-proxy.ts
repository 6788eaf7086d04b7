import { freePort } from '@session-mesh/session/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const PRISM = join(ROOT, 'node_modules/.bin/prism');
const START_TIMEOUT_MS = 30_000;

// Prism (`prism proxy --errors <document> <upstream>`) as a child process on a
// free port: it forwards each request to the upstream and checks the request
// and the answer against the document. A request or answer the document does
// not allow comes back as Prism's own application/problem+json error
// (type https://stoplight.io/prism/errors#...) with an `sl-violations` header.
export class PrismProxy {
  readonly output: string[] = [];

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(document: string, upstream: string): Promise<PrismProxy> {
    const port = await freePort();
    const child = spawn(
      PRISM,
      ['proxy', '--errors', '--host', '127.0.0.1', '--port', String(port), document, upstream],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const proxy = new PrismProxy(`http://127.0.0.1:${port}`, child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(`Prism did not start within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`${error.message}\n${proxy.output.join('')}`));
      };
      const keep = (chunk: Buffer) => {
        proxy.output.push(chunk.toString());
        if (chunk.toString().includes('Prism is listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      child.once('exit', (code) => fail(new Error(`Prism exited (${code}) before listening`)));
    });
    return proxy;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

// What Prism answered instead of the upstream, or undefined if the upstream's
// answer passed. Our services never answer application/problem+json.
export async function prismViolation(response: Response): Promise<string | undefined> {
  const violations = response.headers.get('sl-violations');
  const isProblem = response.headers.get('content-type')?.startsWith('application/problem+json') ?? false;
  if (!violations && !isProblem) return undefined;
  const body = await response.clone().text();
  return `${response.status} ${response.url}: ${violations ?? ''} ${body}`;
}
