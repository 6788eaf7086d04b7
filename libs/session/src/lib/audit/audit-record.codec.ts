import {
  AUDIT_EVENT_TYPES,
  AUDIT_REASONS,
  type AuditEvent,
  type AuditEventType,
  RoleName,
} from '@session-mesh/contracts';

// What a service records; the stream id, `v`, `time` and `service` are added.
export interface AuditEventInput {
  type: AuditEventType;
  actor?: number | null;
  user?: number | null;
  username?: string | null;
  // The full session id (sha256 of the token); only its prefix is stored.
  sessionId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  reason?: AuditEvent['reason'];
  roles?: readonly string[] | null;
}

export const AUDIT_FORMAT_VERSION = 1;
// 64 bits of the session id: enough to tell sessions apart, and the same
// prefix (first 8 characters) the request logs show.
export const AUDIT_SESSION_PREFIX = 16;
const MAX_TEXT = 256;

// One event as the flat field/value pairs of a stream entry (docs/events.md):
// absent values are left out, numbers are decimal, roles comma-separated.
export function encodeAuditEvent(event: AuditEventInput, service: string, now = Date.now()): Record<string, string> {
  const fields: Record<string, string> = {
    v: String(AUDIT_FORMAT_VERSION),
    type: event.type,
    time: new Date(now).toISOString(),
    service,
  };
  const put = (name: string, value: string | number | null | undefined) => {
    if (value !== null && value !== undefined) fields[name] = String(value);
  };
  put('actor', event.actor);
  put('user', event.user);
  put('username', event.username?.slice(0, MAX_TEXT));
  put('session', event.sessionId?.slice(0, AUDIT_SESSION_PREFIX));
  put('ip', event.ip);
  put('userAgent', event.userAgent?.slice(0, MAX_TEXT));
  put('requestId', event.requestId);
  put('reason', event.reason);
  if (event.roles) fields['roles'] = event.roles.join(',');
  return fields;
}

// A stream entry back as an event; null for an entry that is not a v1 event.
// Unknown fields are ignored, unknown values of known enums kept out.
export function decodeAuditEvent(id: string, fields: Record<string, string | undefined>): AuditEvent | null {
  if (fields['v'] !== String(AUDIT_FORMAT_VERSION)) return null;
  const type = fields['type'];
  const time = fields['time'];
  if (!isOneOf(type, AUDIT_EVENT_TYPES) || !time || Number.isNaN(Date.parse(time))) return null;
  const text = (name: string) => fields[name] ?? null;
  const id_ = (name: string) => {
    const value = Number(fields[name]);
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  };
  const reason = fields['reason'];
  const roles = fields['roles'];
  return {
    id,
    v: AUDIT_FORMAT_VERSION,
    type,
    time,
    service: fields['service'] ?? '',
    actor: id_('actor'),
    user: id_('user'),
    username: text('username'),
    session: fields['session'] && /^[0-9a-f]{16}$/.test(fields['session']) ? fields['session'] : null,
    ip: text('ip'),
    userAgent: text('userAgent'),
    requestId: text('requestId'),
    reason: isOneOf(reason, AUDIT_REASONS) ? reason : null,
    roles: roles === undefined ? null : roles.split(',').filter((role) => role && RoleName.safeParse(role).success),
  };
}

function isOneOf<T extends string>(value: string | undefined, values: readonly T[]): value is T {
  return value !== undefined && (values as readonly string[]).includes(value);
}
