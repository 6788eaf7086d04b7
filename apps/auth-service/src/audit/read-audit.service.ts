import { Injectable } from '@nestjs/common';
import type { AuditEvent, AuditPage, AuditQuery } from '@session-mesh/contracts';
import { AuditStream, decodeAuditEvent } from '@session-mesh/session';

// Entries read per XREVRANGE, and how many a request may scan when filters
// match few: a page may come back short (with a cursor) rather than the
// request scanning the whole stream.
const BATCH = 200;
const MAX_SCANNED = 5_000;

// GET /audit: newest first, filtered by user, type and time, paged by stream
// id. The time range maps onto stream ids (they start with the ms time), so
// Redis skips what is outside it.
@Injectable()
export class ReadAuditService {
  constructor(private readonly stream: AuditStream) {}

  async read(query: AuditQuery): Promise<AuditPage> {
    const start = query.from ? String(Date.parse(query.from)) : '-';
    let end = query.cursor ? `(${query.cursor}` : query.to ? `(${Date.parse(query.to)}-0` : '+';
    const events: AuditEvent[] = [];
    let scanned = 0;
    let lastId: string | null = null;
    while (events.length < query.limit && scanned < MAX_SCANNED) {
      const entries = await this.stream.newestFirst(end, start, BATCH);
      for (const entry of entries) {
        lastId = entry.id;
        const event = decodeAuditEvent(entry.id, entry.fields);
        if (event && matches(event, query)) events.push(event);
        if (events.length === query.limit) break;
      }
      scanned += entries.length;
      if (entries.length < BATCH && events.length < query.limit) return { events, nextCursor: null };
      if (lastId) end = `(${lastId}`;
    }
    return { events, nextCursor: lastId };
  }
}

function matches(event: AuditEvent, query: AuditQuery): boolean {
  if (query.user !== undefined && event.user !== query.user && event.actor !== query.user) return false;
  if (query.type && !query.type.includes(event.type)) return false;
  return true;
}
