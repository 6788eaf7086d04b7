import { z } from 'zod';
import { LoginRequest, SessionUser } from './auth.contract';

// Message patterns of user-service's microservice transport.
export const UserRpc = {
  verifyCredentials: 'users.verify-credentials',
} as const;

export const VerifyCredentialsRequest = LoginRequest;
export type VerifyCredentialsRequest = z.infer<typeof VerifyCredentialsRequest>;

// A wrong password is an expected answer, not an exception: the reply says so.
export const VerifyCredentialsReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), user: SessionUser }),
  z.object({ ok: z.literal(false) }),
]);
export type VerifyCredentialsReply = z.infer<typeof VerifyCredentialsReply>;
