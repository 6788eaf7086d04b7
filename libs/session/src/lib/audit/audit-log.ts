import { Inject, Injectable, Logger } from '@nestjs/common';
import { counter, currentRequestId } from '@session-mesh/platform';
import { type AuditEventInput, encodeAuditEvent } from './audit-record.codec';
import { AUDIT_SERVICE_NAME } from './audit.constants';
import { AuditStream } from './audit-stream';

const auditEvents = counter({
  name: 'audit_events_total',
  help: 'Audit events by type and outcome: appended to the stream, or dropped (Redis unreachable)',
  labelNames: ['type', 'outcome'] as const,
});

// Records audit events without ever holding up or failing the request that
// caused them: the XADD runs in the background. When it fails (Redis down or
// slower than REDIS_COMMAND_TIMEOUT_MS) the event is not retried: it is
// counted as dropped and written whole to the log as a warning instead, so
// the log store still has it (docs/events.md, When Redis is unreachable).
@Injectable()
export class AuditLog {
  private readonly logger = new Logger('AuditLog');
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly stream: AuditStream,
    @Inject(AUDIT_SERVICE_NAME) private readonly service: string,
  ) {}

  record(event: AuditEventInput): void {
    const fields = encodeAuditEvent({ requestId: currentRequestId() ?? null, ...event }, this.service);
    const appending = this.stream.append(fields).then(
      () => {
        auditEvents.inc({ type: event.type, outcome: 'appended' });
      },
      (error: unknown) => {
        auditEvents.inc({ type: event.type, outcome: 'dropped' });
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`audit event dropped (${reason}): ${JSON.stringify(fields)}`);
      },
    );
    this.pending.add(appending);
    void appending.finally(() => this.pending.delete(appending));
  }

  // Resolves when every append started so far has been written or dropped
  // (at shutdown, before the connection closes; in tests).
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
