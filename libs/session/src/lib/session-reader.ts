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
  private readonly idleTtlMs: number;
  // GETEX's option, built once rather than per request.
  private readonly slide: { type: 'EX'; value: number };

  constructor(
    @Inject(SESSION_REDIS) private readonly redis: SessionRedis,
    @Inject(SESSION_OPTIONS) private readonly options: SessionOptions,
  ) {
    this.keys = new SessionKeys(options);
    this.slide = { type: 'EX', value: options.idleTtlSeconds };
    this.idleTtlMs = options.idleTtlSeconds * 1000;
  }

  // Expects a well-formed token (the guard checks the format before asking Redis).
  async read(token: string, now = Date.now()): Promise<ActiveSession | null> {
    const id = sessionIdOf(token);
    const key = this.keys.session(id);
    const raw = await withSessionStore(() => this.redis.getEx(key, this.slide), this.options.commandTimeoutMs);
    if (raw === null) return null;
    const record = decodeSessionRecord(raw);
    if (record === null || record.expiresAt <= now) return null;
    if (now + this.idleTtlMs > record.expiresAt) {
      // Only in a session's last idle window: the slide just pushed the key
      // past the absolute expiry, so pin it there and the key is gone on time.
      await withSessionStore(() => this.redis.pExpireAt(key, record.expiresAt), this.options.commandTimeoutMs);
    }
    return toActiveSession(id, record);
  }
}
