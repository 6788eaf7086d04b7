import { z } from 'zod';

export const RoleName = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'upper snake case, e.g. ASSIGN_USERS');

// Login accepts any username (the seeded `admin` is not an email); only
// registration insists on an email.
export const LoginRequest = z
  .strictObject({
    username: z.string().min(1).max(254),
    password: z.string().min(1).max(128),
  })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof LoginRequest>;

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
  })
  .meta({ id: 'SessionSummary' });

export const MeResponse = z.object({ user: SessionUser, session: SessionSummary }).meta({ id: 'MeResponse' });
export type MeResponse = z.infer<typeof MeResponse>;
