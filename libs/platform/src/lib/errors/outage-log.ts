import { Logger } from '@nestjs/common';

type OutageLogger = Pick<Logger, 'error' | 'log'>;

// A dependency that is down must not flood the log: one line when it goes
// down, one when it is back with how many requests were refused meanwhile,
// and nothing per request (their 503s carry no stack: the cause is known).
export class OutageLog {
  private downSince: number | undefined;
  private refused = 0;

  constructor(
    readonly dependency: string,
    private readonly logger: OutageLogger = new Logger('Outage'),
    private readonly now: () => number = Date.now,
  ) {}

  get isDown(): boolean {
    return this.downSince !== undefined;
  }

  // The dependency was seen failing (a connection error, say).
  down(reason: string): void {
    if (this.downSince !== undefined) return;
    this.downSince = this.now();
    this.refused = 0;
    this.logger.error(`${this.dependency} unavailable: ${reason}`);
  }

  // A request was answered 503 because of it.
  refuse(reason: string): void {
    this.down(reason);
    this.refused++;
  }

  // The dependency answered again. Cheap when nothing was down: it sits on hot paths.
  up(): void {
    if (this.downSince === undefined) return;
    const seconds = ((this.now() - this.downSince) / 1000).toFixed(1);
    this.logger.log(
      `${this.dependency} available again after ${seconds} s; ${this.refused} request(s) refused meanwhile`,
    );
    this.downSince = undefined;
    this.refused = 0;
  }
}
