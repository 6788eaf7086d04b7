export { SessionKeys } from './lib/session-keys';
export { createSessionRedis } from './lib/session-redis';
export { decodeSessionRecord, encodeSessionRecord, type SessionRecord } from './lib/session-record';
export { generateSessionToken } from './lib/session-token';
export { readSessionCookie, serializeSessionCookie } from './lib/session-cookie';
export { SESSION_OPTIONS } from './lib/session.tokens';
export { PrivateRedis, freePort } from './testing/private-redis';
export { testSessionOptions } from './testing/test-session-options';
