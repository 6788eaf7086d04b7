import { z } from 'zod';
import { RoleName } from './auth.contract';
import { UserId } from './user.contract';

// The audit trail's event types (docs/events.md). A reader meeting a type it
// does not know keeps it: later versions may add some.
export const AUDIT_EVENT_TYPES = [
  'login.succeeded',
  'login.failed',
  'login.throttled',
  'login.second_factor_pending',
  'login.second_factor_failed',
  'second_factor.enabled',
  'second_factor.disabled',
  'session.logout',
  'session.revoked',
  'roles.changed',
  'user.disabled',
  'user.deleted',
  'user.password_changed',
  'impersonation.started',
  'impersonation.ended',
] as const;
export const AuditEventType = z.enum(AUDIT_EVENT_TYPES);
export type AuditEventType = z.infer<typeof AuditEventType>;

// login.failed: why. session.revoked: who or what ended the session.
// login.succeeded after a second step: which factor completed it.
export const AUDIT_REASONS = [
  'wrong_credentials',
  'unavailable',
  'error',
  'owner',
  'bulk',
  'admin',
  'cap',
  'password_change',
  'role_change',
  'totp',
  'recovery_code',
] as const;

// A Redis stream entry id: `<ms>-<seq>`.
export const StreamId = z.string().regex(/^\d{1,15}-\d{1,15}$/, 'a stream id like 1795838400000-0');

export const AuditEvent = z
  .object({
    id: StreamId.describe('The stream entry id: the cursor, and the time the event was stored'),
    v: z.literal(1),
    type: AuditEventType,
    time: z.iso.datetime().describe('When it happened (the service clock)'),
    service: z.string().describe('The service that recorded it'),
    actor: UserId.nullable().describe('Who did it; null when not a user (a login attempt, a change from user-service)'),
    user: UserId.nullable().describe('Whose session or account it is about; null when unknown (a failed login)'),
    username: z.string().nullable().describe('The username a login named'),
    session: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .nullable()
      .describe('First 16 hex characters of the session id (sha256 of the token); never the token'),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    reason: z.enum(AUDIT_REASONS).nullable(),
    roles: z.array(RoleName).nullable().describe('roles.changed: the roles the live sessions have now'),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof AuditEvent>;

const commaList = z
  .string()
  .max(512)
  .transform((value) => value.split(',').filter(Boolean))
  .pipe(z.array(AuditEventType).min(1));

export const AuditQuery = z
  .strictObject({
    user: z.coerce.number().pipe(UserId).optional().describe('Only events about this user (subject or actor)'),
    type: commaList.optional().describe('Only these types, comma-separated'),
    from: z.iso.datetime().optional().describe('At or after this time'),
    to: z.iso.datetime().optional().describe('Before this time'),
    cursor: StreamId.optional().describe("The previous page's nextCursor: continues after it"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    path: ['to'],
    message: 'must be after from',
  });
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z
  .object({
    events: z.array(AuditEvent).describe('Newest first'),
    nextCursor: StreamId.nullable().describe('Pass as cursor for older events; null at the end'),
  })
  .meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof AuditPage>;
