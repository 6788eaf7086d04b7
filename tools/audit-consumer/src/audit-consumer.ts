import { hostname } from 'node:os';
import type { RedisClientType } from 'redis';

// One audit event as the stream holds it: its entry id and its fields
// (docs/events.md). Unknown fields are kept; a reader ignores what it does not know.
export interface AuditEntry {
  id: string;
  fields: Record<string, string>;
}

export interface AuditConsumerOptions {
  stream: string;
  group: string;
  // Stable across restarts (a pod name, a hostname): its pending entries are its own.
  consumer?: string;
  // Where a new group starts: '0' the whole retained stream, '$' only new events.
  startAt?: string;
  // Entries another consumer took and did not acknowledge for this long are claimed.
  claimIdleMs?: number;
  batch?: number;
  blockMs?: number;
}

// A Redis Streams consumer-group reader of the audit trail, to copy into a
// service that ships events elsewhere (a SIEM, a data warehouse). At least
// once: an entry is acknowledged (XACK) only after `handle` resolved, so a
// crash in between delivers it again; make `handle` idempotent (the entry id
// is a natural key).
//
// Where it resumes after a restart comes from Redis, not from local state:
// the group's last-delivered id (XREADGROUP `>`) and this consumer's pending
// entries list (XREADGROUP `0`), read first. Entries left pending by a
// consumer that died are taken over with XAUTOCLAIM.
export class AuditConsumer {
  private stopped = false;
  private readonly consumer: string;

  constructor(
    // A dedicated connection: XREADGROUP BLOCK holds it while waiting.
    private readonly redis: RedisClientType,
    private readonly options: AuditConsumerOptions,
    private readonly handle: (entry: AuditEntry) => Promise<void>,
  ) {
    this.consumer = options.consumer ?? hostname();
  }

  async ensureGroup(): Promise<void> {
    try {
      await this.redis.xGroupCreate(this.options.stream, this.options.group, this.options.startAt ?? '0', {
        MKSTREAM: true,
      });
    } catch (error) {
      // The group exists: it keeps its position, which is the point.
      if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
    }
  }

  // Runs until stop(): own pending entries first, then claimed ones, then new ones.
  async run(): Promise<void> {
    await this.ensureGroup();
    await this.drainPending();
    let lastClaim = 0;
    const claimEvery = this.options.claimIdleMs ?? 60_000;
    while (!this.stopped) {
      if (Date.now() - lastClaim >= claimEvery) {
        await this.claimStale();
        lastClaim = Date.now();
      }
      await this.readNew();
    }
  }

  stop(): void {
    this.stopped = true;
  }

  // Entries delivered to this consumer before a restart and never acknowledged.
  async drainPending(): Promise<void> {
    for (;;) {
      const entries = await this.read('0');
      if (entries.length === 0) return;
      for (const entry of entries) await this.process(entry);
    }
  }

  // Takes over entries another consumer left pending longer than claimIdleMs.
  async claimStale(): Promise<number> {
    let cursor = '0-0';
    let claimed = 0;
    do {
      const reply = await this.redis.xAutoClaim(
        this.options.stream,
        this.options.group,
        this.consumer,
        this.options.claimIdleMs ?? 60_000,
        cursor,
        { COUNT: this.options.batch ?? 100 },
      );
      for (const message of reply.messages) {
        if (!message) continue; // trimmed away meanwhile: XAUTOCLAIM removed it from the pending list
        claimed++;
        await this.process({ id: message.id, fields: { ...message.message } as Record<string, string> });
      }
      cursor = reply.nextId;
    } while (cursor !== '0-0' && !this.stopped);
    return claimed;
  }

  async readNew(): Promise<number> {
    const entries = await this.read('>', this.options.blockMs ?? 5_000);
    for (const entry of entries) await this.process(entry);
    return entries.length;
  }

  private async process(entry: AuditEntry): Promise<void> {
    await this.handle(entry);
    await this.redis.xAck(this.options.stream, this.options.group, entry.id);
  }

  private async read(id: string, blockMs?: number): Promise<AuditEntry[]> {
    const reply = (await this.redis.xReadGroup(
      this.options.group,
      this.consumer,
      { key: this.options.stream, id },
      { COUNT: this.options.batch ?? 100, ...(blockMs === undefined ? {} : { BLOCK: blockMs }) },
    )) as Array<{ messages: Array<{ id: string; message: Record<string, string> }> }> | null;
    return (reply ?? []).flatMap((stream) =>
      stream.messages.map((message) => ({ id: message.id, fields: { ...message.message } })),
    );
  }
}
