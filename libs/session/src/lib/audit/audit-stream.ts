import { Inject, Injectable } from '@nestjs/common';
import type { SessionRedis } from '../session-redis';
import { withSessionStore } from '../session-redis';
import type { AuditOptions } from './audit.config';
import { AUDIT_OPTIONS, AUDIT_REDIS } from './audit.constants';

export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

// The audit stream in Redis: one key, appended to by every replica of every
// service, read newest first by GET /audit. Failures become SessionError
// (503) like the session store's.
@Injectable()
export class AuditStream {
  constructor(
    @Inject(AUDIT_REDIS) private readonly redis: SessionRedis,
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
  ) {}

  // XADD with the configured approximate trim (`~`: Redis trims whole
  // radix-tree nodes, so trimming costs next to nothing).
  append(fields: Record<string, string>, now = Date.now()): Promise<string> {
    const { retention } = this.options;
    const trim =
      retention.strategy === 'MAXLEN'
        ? ({ strategy: 'MAXLEN', strategyModifier: '~', threshold: retention.maxEvents } as const)
        : ({ strategy: 'MINID', strategyModifier: '~', threshold: now - retention.maxAgeMs } as const);
    return withSessionStore(
      this.redis,
      () => this.redis.xAdd(this.options.streamKey, '*', fields, { TRIM: trim }),
      this.options.commandTimeoutMs,
      'audit_append',
    );
  }

  // Entries from `end` down to `start` (inclusive ids, or `(id` exclusive), newest first.
  async newestFirst(end: string, start: string, count: number): Promise<StreamEntry[]> {
    const entries = await withSessionStore(
      this.redis,
      () => this.redis.xRevRange(this.options.streamKey, end, start, { COUNT: count }),
      this.options.commandTimeoutMs,
      'audit_read',
    );
    return entries.map((entry) => ({ id: entry.id, fields: { ...entry.message } as Record<string, string> }));
  }
}
