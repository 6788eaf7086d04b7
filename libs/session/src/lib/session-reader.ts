import { Inject, Injectable } from '@nestjs/common';
import { decodeSessionRecord, toActiveSession } from './session-record';
import { SESSION_REDIS, SessionRedis, withSessionStore } from './session-redis';
import { SessionKeys } from './session-keys';
import { SESSION_OPTIONS } from './session.tokens';
import type { SessionOptions } from './session.config';
import { sessionIdOf } from './session-token';
import type { ActiveSession } from './session.types';

// Validates a session token for any service: one GETEX round trip reads the
// record and slides its idle timeout; the absolute lifetime is checked here.
@Injectable()
export class SessionReader {
  private readonly keys: SessionKeys;

  constructor(
    @Inject(SESSION_REDIS) private readonly redis: SessionRedis,
    @Inject(SESSION_OPTIONS) private readonly options: SessionOptions,
  ) {
    this.keys = new SessionKeys(options);
  }

  // Expects a well-formed token (the guard checks the format before asking Redis).
  async read(token: string, now = Date.now()): Promise<ActiveSession | null> {
    const id = sessionIdOf(token);
    const raw = await withSessionStore(() =>
      this.redis.getEx(this.keys.session(id), { type: 'EX', value: this.options.idleTtlSeconds }),
    );
    if (raw === null) return null;
    const record = decodeSessionRecord(raw);
    if (record === null || record.expiresAt <= now) return null;
    return toActiveSession(id, record);
  }
}
