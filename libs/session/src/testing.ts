export { SessionKeys } from './lib/session-keys';
export { createSessionRedis } from './lib/session-redis';
export { decodeSessionRecord, encodeSessionRecord, type SessionRecord } from './lib/session-record';
export { generateSessionToken } from './lib/session-token';
export { SessionGuard } from './lib/session.guard';
export { SESSION_OPTIONS } from './lib/session.tokens';
export { serializeSessionCookie, clearSessionCookie, readSessionCookie } from './lib/session-cookie';
