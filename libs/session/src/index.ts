export * from './lib/session.config';
export * from './lib/session.module';
export * from './lib/session.decorators';
export * from './lib/session.types';
export { SessionReader } from './lib/session-reader';
export { SessionWriter, type CreatedSession } from './lib/session-writer';
export { SESSION_REDIS, redisReadiness, type SessionRedis } from './lib/session-redis';
export { SessionCookies } from './lib/session-cookies';
export { isWellFormedSessionToken, sessionIdOf } from './lib/session-token';
