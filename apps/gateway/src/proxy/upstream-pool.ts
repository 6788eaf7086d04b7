// The replicas of one service. Requests go round robin over the replicas not
// known to be down; a replica that refused a connection is skipped for a
// while and tried again after it, so one that comes back gets traffic again
// without a restart of the gateway.
export class UpstreamPool {
  private next = 0;
  private readonly downUntil = new Map<string, number>();

  constructor(
    readonly targets: readonly string[],
    private readonly downForMs = 2000,
    private readonly now: () => number = Date.now,
  ) {
    if (targets.length === 0) throw new Error('an upstream pool needs at least one target');
  }

  // The next replica to try, never one of `tried`; undefined when all were.
  // When every candidate is marked down, the one marked longest ago is
  // returned: better to try it than to refuse the request outright.
  pick(tried: ReadonlySet<string> = new Set()): string | undefined {
    const now = this.now();
    let fallback: string | undefined;
    for (let i = 0; i < this.targets.length; i++) {
      const target = this.targets[(this.next + i) % this.targets.length];
      if (tried.has(target)) continue;
      const until = this.downUntil.get(target);
      if (until === undefined || until <= now) {
        this.next = (this.next + i + 1) % this.targets.length;
        return target;
      }
      if (fallback === undefined || until < (this.downUntil.get(fallback) ?? 0)) fallback = target;
    }
    return fallback;
  }

  markDown(target: string): void {
    this.downUntil.set(target, this.now() + this.downForMs);
  }

  markUp(target: string): void {
    this.downUntil.delete(target);
  }
}
