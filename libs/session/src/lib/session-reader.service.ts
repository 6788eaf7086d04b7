import { Inject, Injectable } from '@nestjs/common';
import { decodeSessionRecord, toActiveSession } from './session-record.codec';
import { SESSION_OPTIONS } from './session.constants';
import type { SessionOptions } from './session.config';
import { SessionStore } from './session.store';
import { sessionIdOf } from './session-token';
import type { ActiveSession } from './session.types';

// Validates a session token for any service: one GETEX round trip reads the
// record and slides its idle timeout; the absolute lifetime is checked here.
@Injectable()
export class SessionReader {
  private readonly idleTtlMs: number;

  constructor(
    private readonly store: SessionStore,
    @Inject(SESSION_OPTIONS) options: SessionOptions,
  ) {
    this.idleTtlMs = options.idleTtlSeconds * 1000;
  }

  // Expects a well-formed token (the guard checks the format before asking Redis).
  async read(token: string, now = Date.now()): Promise<ActiveSession | null> {
    const id = sessionIdOf(token);
    const raw = await this.store.readAndSlide(id);
    if (raw === null) return null;
    const record = decodeSessionRecord(raw);
    if (record === null || record.expiresAt <= now) return null;
    // Only in a session's last idle window: the slide just pushed the key
    // past the absolute expiry, so pin it there and the key is gone on time.
    if (now + this.idleTtlMs > record.expiresAt) await this.store.pinExpiry(id, record.expiresAt);
    return toActiveSession(id, record);
  }
}
