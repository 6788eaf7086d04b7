export * from './lib/session.config';
export * from './lib/session.module';
export * from './lib/session.decorators';
export * from './lib/session.types';
export { SessionError, SESSION_ERROR_STATUS } from './lib/session.errors';
export {
  IMPERSONATE_ROLE,
  IMPERSONATION_MAX_SECONDS,
  MANAGE_ROLE_PREFIX,
  mayBeImpersonated,
} from './lib/impersonation';
export { SessionStore, type AuthzState } from './lib/session.store';
export { SessionReader } from './lib/session-reader.service';
export { SessionWriter, type CreatedSession, type SessionCreation } from './lib/session-writer.service';
export { UserSessions, type SessionListing, type SyncResult } from './lib/user-sessions.service';
export { FailureCounterStore, type FailureCount } from './lib/failure-counter.store';
export { KnownDeviceStore } from './lib/known-device.store';
export { readSessionCookie } from './lib/session-cookie.codec';
export { isBearerOnlyRequest, readBearerToken, readSessionCredential } from './lib/session-credential';
export { generateSessionToken, isWellFormedSessionToken } from './lib/session-token';
export { SessionCookieService } from './lib/session-cookie.service';
export { setsSessionCookie } from './lib/session-cookie.codec';
export { countRevocations, roleSyncLag, type RevocationKind } from './lib/session-metrics';
export { auditEnvShape, toAuditOptions, type AuditOptions, type AuditRetention } from './lib/audit/audit.config';
export { AuditModule } from './lib/audit/audit.module';
export { AuditLog } from './lib/audit/audit-log';
export { AuditStream, type StreamEntry } from './lib/audit/audit-stream';
export {
  decodeAuditEvent,
  encodeAuditEvent,
  AUDIT_FORMAT_VERSION,
  type AuditEventInput,
} from './lib/audit/audit-record.codec';
export { RequestOrigin } from './lib/audit/request-origin.decorator';
