import { ROLE_NAME_PATTERN, RoleName } from '@session-mesh/contracts';
import { z } from 'zod';
import type { ActiveSession } from './session.types';

// Version 1 of the JSON stored under `sess:<id>`. docs/session-format.md is the
// normative description; a change here is a new `v`. This schema is the
// documented shape; the hot path checks records with isSessionRecordV1 below,
// which a test holds to exactly the same verdicts.
export const SessionRecordV1 = z.object({
  v: z.literal(1),
  userId: z.int().positive(),
  username: z.string(),
  roles: z.array(RoleName),
  createdAt: z.int().nonnegative(),
  expiresAt: z.int().nonnegative(),
  // user-service's authorization version of the user when `roles` were read;
  // live role changes only ever move it forward.
  authzVersion: z.int().nonnegative(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  // Added within v1 (optional: records written before lack them). When the
  // credentials were last checked (login, re-authentication), and how strongly:
  // 1 a password, 2 a password and a second factor.
  authenticatedAt: z.int().nonnegative().optional(),
  aal: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  // Added within v1: the session's own idle timeout (its absolute lifetime is
  // expiresAt - createdAt), whether it was a "remember me" login (a persistent
  // cookie), and how its token travels (a cookie, or an Authorization: Bearer
  // header of a client that is not a browser).
  idleSeconds: z.int().positive().optional(),
  rememberMe: z.boolean().optional(),
  transport: z.enum(['cookie', 'bearer']).optional(),
  // Added within v1: an impersonation session names the user acting as `userId`.
  actor: z.object({ userId: z.int().positive(), username: z.string() }).optional(),
});
export type SessionRecord = z.infer<typeof SessionRecordV1>;

export function encodeSessionRecord(record: SessionRecord): string {
  return JSON.stringify(record);
}

// Anything that is not a valid v1 record (garbage, a future version) is treated
// as no session at all: fail closed. Runs on every request of every service,
// so it checks the parsed JSON in place instead of through the zod schema
// (which builds a new object and an issue list per call). Unknown fields are
// left on the record; readers ignore them.
export function decodeSessionRecord(raw: string): SessionRecord | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  return isSessionRecordV1(json) ? json : null;
}

// Exactly SessionRecordV1's rules, written out.
export function isSessionRecordV1(value: unknown): value is SessionRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    record['v'] === 1 &&
    isSafeInt(record['userId']) &&
    record['userId'] > 0 &&
    typeof record['username'] === 'string' &&
    isRoleList(record['roles']) &&
    isSafeInt(record['createdAt']) &&
    record['createdAt'] >= 0 &&
    isSafeInt(record['expiresAt']) &&
    record['expiresAt'] >= 0 &&
    isSafeInt(record['authzVersion']) &&
    record['authzVersion'] >= 0 &&
    isStringOrNull(record['ip']) &&
    isStringOrNull(record['userAgent']) &&
    (record['authenticatedAt'] === undefined ||
      (isSafeInt(record['authenticatedAt']) && record['authenticatedAt'] >= 0)) &&
    (record['aal'] === undefined || record['aal'] === 0 || record['aal'] === 1 || record['aal'] === 2) &&
    (record['idleSeconds'] === undefined || (isSafeInt(record['idleSeconds']) && record['idleSeconds'] > 0)) &&
    (record['rememberMe'] === undefined || typeof record['rememberMe'] === 'boolean') &&
    (record['transport'] === undefined || record['transport'] === 'cookie' || record['transport'] === 'bearer') &&
    (record['actor'] === undefined || isActor(record['actor']))
  );
}

function isSafeInt(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

function isActor(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const actor = value as Record<string, unknown>;
  return isSafeInt(actor['userId']) && actor['userId'] > 0 && typeof actor['username'] === 'string';
}

function isStringOrNull(value: unknown): boolean {
  return value === null || typeof value === 'string';
}

function isRoleList(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const role: unknown = value[i];
    if (typeof role !== 'string' || !ROLE_NAME_PATTERN.test(role)) return false;
  }
  return true;
}

// `defaultIdleSeconds`: SESSION_IDLE_TTL_SECONDS, for records written before
// sessions carried their own.
export function toActiveSession(id: string, record: SessionRecord, defaultIdleSeconds: number): ActiveSession {
  return {
    id,
    user: { userId: record.userId, username: record.username, roles: record.roles },
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    authzVersion: record.authzVersion,
    ip: record.ip,
    userAgent: record.userAgent,
    // A record written before these fields existed came from a password login
    // at createdAt (no re-authentication existed then).
    authenticatedAt: record.authenticatedAt ?? record.createdAt,
    aal: record.aal ?? 1,
    idleSeconds: record.idleSeconds ?? defaultIdleSeconds,
    rememberMe: record.rememberMe ?? false,
    transport: record.transport ?? 'cookie',
    actor: record.actor ? { userId: record.actor.userId, username: record.actor.username } : null,
  };
}
