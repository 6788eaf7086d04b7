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

// How a session's token travels: the session cookie (browsers), or a
// `Authorization: Bearer` header (clients that are not browsers).
export const SessionTransport = z.enum(['cookie', 'bearer']);
export type SessionTransport = z.infer<typeof SessionTransport>;

// POST /auth/login's body: the credentials (LoginRequest, which the RPC to
// user-service carries too) and how the session is to be issued. Optional
// rather than defaulted: the OpenAPI component shows the parsed shape, where a
// default would read as required.
export const HttpLoginRequest = LoginRequest.extend({
  transport: SessionTransport.optional().describe(
    '"cookie" (the default): Set-Cookie carries the token. "bearer": no cookie; the body carries the token, to send as Authorization: Bearer <token>',
  ),
  rememberMe: z
    .boolean()
    .optional()
    .describe(
      'true: longer lifetimes (SESSION_REMEMBER_ME_*) and a persistent cookie. Otherwise (the default) the cookie ends with the browser session',
    ),
}).meta({ id: 'HttpLoginRequest' });
export type HttpLoginRequest = z.infer<typeof HttpLoginRequest>;

// A code of the user's authenticator app: 6 digits (RFC 6238, 30 s steps).
export const TotpCode = z.string().regex(/^\d{6}$/, 'six digits from the authenticator app');
// One of the ten recovery codes shown at enrolment: 16 base32 characters,
// dashes, spaces and case ignored.
export const RecoveryCodeInput = z
  .string()
  .max(64)
  .transform((code) => code.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z2-7]{16}$/, 'a recovery code: 16 letters and digits (2-7), dashes optional'));

// POST /users/{id}/impersonate: how the impersonation session is issued, as
// a login's (`{}`: the session cookie). Never "remember me".
export const ImpersonateRequest = z
  .strictObject({ transport: HttpLoginRequest.shape.transport })
  .meta({ id: 'ImpersonateRequest' });
export type ImpersonateRequest = z.infer<typeof ImpersonateRequest>;

// Re-authentication of the current session's user (POST /auth/reauthenticate):
// the password (aal 1), or a code of the user's TOTP second factor (aal 2).
export const ReauthenticateRequest = z
  .union([z.strictObject({ password: z.string().min(1).max(128) }), z.strictObject({ code: TotpCode })])
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

// The person behind an impersonation session (POST /users/{id}/impersonate):
// a support user acting as the session's user.
export const SessionActor = z
  .object({
    userId: z.int().positive(),
    username: z.string(),
  })
  .meta({ id: 'SessionActor' });
export type SessionActor = z.infer<typeof SessionActor>;

export const SessionSummary = z
  .object({
    id: z.string().describe('sha256 of the token: safe to show; never the cookie value'),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().describe('Absolute end of the session, whatever its activity'),
    authenticatedAt: z.iso
      .datetime()
      .describe('When the credentials were last checked (login or re-authentication); sensitive routes need it recent'),
    aal: z
      .int()
      .min(0)
      .max(2)
      .describe(
        'Assurance level: 1 a password, 2 a password and a second factor; 0 a login waiting for its second step (POST /auth/login/second-factor)',
      ),
    transport: SessionTransport.describe('How the token travels: the session cookie or Authorization: Bearer'),
    rememberMe: z.boolean().describe('A "remember me" login: longer lifetimes, a persistent cookie'),
    actor: SessionActor.optional().describe(
      "Only in an impersonation session: who is acting as this user (support); absent for the user's own login",
    ),
  })
  .meta({ id: 'SessionSummary' });

export const MeResponse = z.object({ user: SessionUser, session: SessionSummary }).meta({ id: 'MeResponse' });
export type MeResponse = z.infer<typeof MeResponse>;

// The answer of a login or re-authentication.
export const LoginResponse = MeResponse.extend({
  token: z
    .string()
    .optional()
    .describe(
      'Only for a session with transport "bearer": the token, to send as Authorization: Bearer <token> until session.expiresAt (or an idle timeout)',
    ),
}).meta({ id: 'LoginResponse' });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const SessionListItem = z
  .object({
    id: z.string().describe('sha256 of the token; use it to end this session'),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime().describe('Derived from the idle TTL; a lower bound in the last idle window'),
    expiresAt: z.iso.datetime(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    device: z.enum(['Browser', 'CLI']).describe('"CLI": the session is used with a bearer token, not a cookie'),
    current: z.boolean().describe('Whether this is the session of the request'),
    actor: SessionActor.optional().describe('Only in an impersonation session: who is acting as the user'),
  })
  .meta({ id: 'SessionListItem' });
export type SessionListItem = z.infer<typeof SessionListItem>;

export const SessionList = z.object({ sessions: z.array(SessionListItem) }).meta({ id: 'SessionList' });
export type SessionList = z.infer<typeof SessionList>;

export const SessionIdParam = z.string().regex(/^[0-9a-f]{64}$/, 'a session id is 64 lowercase hex characters');

export const RevokedCount = z.object({ revoked: z.int().nonnegative() }).meta({ id: 'RevokedCount' });
export type RevokedCount = z.infer<typeof RevokedCount>;
