import { RoleName } from '@session-mesh/contracts';
import { z } from 'zod';
import type { ActiveSession } from './session.types';

// Version 1 of the JSON stored under `sess:<id>`. docs/session-format.md is the
// normative description; a change here is a new `v`.
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
});
export type SessionRecord = z.infer<typeof SessionRecordV1>;

export function encodeSessionRecord(record: SessionRecord): string {
  return JSON.stringify(record);
}

// Anything that is not a valid v1 record (garbage, a future version) is treated
// as no session at all: fail closed.
export function decodeSessionRecord(raw: string): SessionRecord | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = SessionRecordV1.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export function toActiveSession(id: string, record: SessionRecord): ActiveSession {
  return {
    id,
    user: { userId: record.userId, username: record.username, roles: record.roles },
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    authzVersion: record.authzVersion,
    ip: record.ip,
    userAgent: record.userAgent,
  };
}
