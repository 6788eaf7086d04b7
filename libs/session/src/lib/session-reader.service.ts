import { Inject, Injectable } from '@nestjs/common';
import { decodeSessionRecord, toActiveSession } from './session-record.codec';
import { SESSION_OPTIONS } from './session.constants';
import type { SessionOptions } from './session.config';
import { SessionStore } from './session.store';
import { sessionIdOf } from './session-token';
import type { ActiveSession } from './session.types';

// Validates a session token for any service: one round trip reads the record
// and slides its expiry by the session's own idle timeout, capped at its
// absolute expiry (session-scripts.ts READ_AND_SLIDE); the absolute lifetime
// is checked here.
@Injectable()
export class SessionReader {
  constructor(
    private readonly store: SessionStore,
    @Inject(SESSION_OPTIONS) private readonly options: SessionOptions,
  ) {}

  // Expects a well-formed token (the guard checks the format before asking Redis).
  async read(token: string, now = Date.now()): Promise<ActiveSession | null> {
    const id = sessionIdOf(token);
    const raw = await this.store.readAndSlide(id, now);
    if (raw === null) return null;
    const record = decodeSessionRecord(raw);
    if (record === null || record.expiresAt <= now) return null;
    return toActiveSession(id, record, this.options.idleTtlSeconds);
  }
}
