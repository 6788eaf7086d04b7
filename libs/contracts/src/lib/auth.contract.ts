import { z } from 'zod';

// Also checked by hand on the session hot path (libs/session's session-record.codec.ts).
export const ROLE_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
export const RoleName = z.string().regex(ROLE_NAME_PATTERN, 'upper snake case, e.g. ASSIGN_USERS');

// Login accepts any username (the seeded `admin` is not an email); only
// registration insists on an email.
export const LoginRequest = z
  .strictObject({
    username: z.string().min(1).max(254),
    password: z.string().min(1).max(128),
  })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof LoginRequest>;

// Re-authentication of the current session's user (POST /auth/reauthenticate).
export const ReauthenticateRequest = z
  .strictObject({
    password: z.string().min(1).max(128),
  })
  .meta({ id: 'ReauthenticateRequest' });
export type ReauthenticateRequest = z.infer<typeof ReauthenticateRequest>;

// Who a session belongs to: what every service needs to authorize a request.
export const SessionUser = z
  .object({
    userId: z.int().positive(),
    username: z.string(),
    roles: z.array(RoleName),
  })
  .meta({ id: 'SessionUser' });
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionSummary = z
  .object({
    id: z.string().describe('sha256 of the token: safe to show; never the cookie value'),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().describe('Absolute end of the session, whatever its activity'),
    authenticatedAt: z.iso
      .datetime()
      .describe('When the credentials were last checked (login or re-authentication); sensitive routes need it recent'),
    aal: z.int().min(0).max(2).describe('Assurance level: 1 a password, 2 a password and a second factor'),
  })
  .meta({ id: 'SessionSummary' });

export const MeResponse = z.object({ user: SessionUser, session: SessionSummary }).meta({ id: 'MeResponse' });
export type MeResponse = z.infer<typeof MeResponse>;

export const SessionListItem = z
  .object({
    id: z.string().describe('sha256 of the token; use it to end this session'),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime().describe('Derived from the idle TTL; a lower bound in the last idle window'),
    expiresAt: z.iso.datetime(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean().describe('Whether this is the session of the request'),
  })
  .meta({ id: 'SessionListItem' });
export type SessionListItem = z.infer<typeof SessionListItem>;

export const SessionList = z.object({ sessions: z.array(SessionListItem) }).meta({ id: 'SessionList' });
export type SessionList = z.infer<typeof SessionList>;

export const SessionIdParam = z.string().regex(/^[0-9a-f]{64}$/, 'a session id is 64 lowercase hex characters');

export const RevokedCount = z.object({ revoked: z.int().nonnegative() }).meta({ id: 'RevokedCount' });
export type RevokedCount = z.infer<typeof RevokedCount>;
