import { Socket } from 'node:net';

export type UpstreamProbe = (target: string) => Promise<boolean>;

// The replicas of one service. Requests go round robin over the replicas not
// known to be down. A replica that refused a connection is left out and
// probed in the background until it accepts connections again, so a
// request that cannot be retried (a POST) is not sent to a dead replica to
// find out, and one that comes back gets traffic without a gateway restart.
export class UpstreamPool {
  private next = 0;
  private readonly down = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly targets: readonly string[],
    private readonly probeEveryMs = 1000,
    private readonly probe: UpstreamProbe = acceptsConnections,
  ) {
    if (targets.length === 0) throw new Error('an upstream pool needs at least one target');
  }

  // The next replica to try, never one of `tried`; undefined when all were.
  // When every candidate is down, one of them is returned anyway: better to
  // try it than to refuse the request outright.
  pick(tried: ReadonlySet<string> = new Set()): string | undefined {
    let fallback: string | undefined;
    for (let i = 0; i < this.targets.length; i++) {
      const index = (this.next + i) % this.targets.length;
      const target = this.targets[index];
      if (tried.has(target)) continue;
      if (!this.down.has(target)) {
        this.next = (index + 1) % this.targets.length;
        return target;
      }
      fallback ??= target;
    }
    return fallback;
  }

  isDown(target: string): boolean {
    return this.down.has(target);
  }

  markDown(target: string): void {
    this.down.add(target);
    if (this.timer) return;
    this.timer = setInterval(() => void this.probeDown(), this.probeEveryMs);
    this.timer.unref();
  }

  markUp(target: string): void {
    this.down.delete(target);
    if (this.down.size === 0) this.stopProbing();
  }

  // Probes every replica marked down once; those that answer are back.
  async probeDown(): Promise<void> {
    await Promise.all(
      [...this.down].map(async (target) => {
        if (await this.probe(target)) this.markUp(target);
      }),
    );
  }

  stopProbing(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

// A TCP connection to the replica's port succeeds: it is listening again.
function acceptsConnections(target: string, timeoutMs = 1000): Promise<boolean> {
  const url = new URL(target);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, url.hostname);
  });
}
