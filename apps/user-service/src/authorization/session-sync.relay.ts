import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SESSION_SYNC_RETRY_MS } from './authorization.constants';
import { SessionSyncService } from './session-sync.service';

// Retries what could not be delivered at once (auth-service down, a crash
// between commit and delivery), until the outbox is empty.
@Injectable()
export class SessionSyncRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SessionSyncRelay');
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly sync: SessionSyncService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), SESSION_SYNC_RETRY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while ((await this.sync.flush()) === 'more');
    } catch (error) {
      this.logger.warn(`session sync failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
