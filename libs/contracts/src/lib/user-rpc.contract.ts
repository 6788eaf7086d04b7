import { z } from 'zod';
import { LoginRequest, RecoveryCodeInput, RoleName, SessionUser, TotpCode } from './auth.contract';
import { RecoveryCodes, TotpStatus } from './two-factor.contract';

// Message patterns of user-service's microservice transport.
export const UserRpc = {
  verifyCredentials: 'users.verify-credentials',
  getAuthorization: 'users.get-authorization',
  // A user as a session would carry them (impersonation); user_not_found if none.
  getSessionUser: 'users.get-session-user',
  // The TOTP second factor (docs/two-factor.md): the secret never leaves
  // user-service except once, in the enrolment's reply.
  enrollTotp: 'users.totp-enroll',
  confirmTotp: 'users.totp-confirm',
  disableTotp: 'users.totp-disable',
  totpStatus: 'users.totp-status',
  verifySecondFactor: 'users.verify-second-factor',
} as const;

export const AuthzVersion = z.int().nonnegative().max(2_147_483_647);

// Every RPC request may carry the id of the HTTP request that caused it (the
// gateway's X-Request-Id), so one request's log lines share it across services.
export const RpcRequestId = z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/);
// And the W3C trace context of the caller (TCP has no headers to carry it).
export const RpcTraceparent = z
  .string()
  .regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}(-[^\s]*)?$/)
  .max(256);
export const RpcTracestate = z.string().max(512);
const rpcRequestMeta = {
  requestId: RpcRequestId.optional(),
  traceparent: RpcTraceparent.optional(),
  tracestate: RpcTracestate.optional(),
};

export const VerifyCredentialsRequest = LoginRequest.extend(rpcRequestMeta);
export type VerifyCredentialsRequest = z.infer<typeof VerifyCredentialsRequest>;

// A wrong password is an expected answer, not an exception: the reply says so.
// `secondFactor`: the user has a confirmed TOTP factor, so the login needs a
// second step before the session is of any use.
export const VerifyCredentialsReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), user: SessionUser, authzVersion: AuthzVersion, secondFactor: z.boolean() }),
  z.object({ ok: z.literal(false) }),
]);
export type VerifyCredentialsReply = z.infer<typeof VerifyCredentialsReply>;

// A request about one user (authorization, the TOTP factor).
export const UserIdRequest = z.strictObject({ userId: z.int().positive(), ...rpcRequestMeta });
export type UserIdRequest = z.infer<typeof UserIdRequest>;
export const GetAuthorizationRequest = UserIdRequest;
export type GetAuthorizationRequest = UserIdRequest;

// `disabled`: the user may not have sessions (roles are then their groups' all the same).
export const GetSessionUserReply = z.object({
  user: SessionUser,
  authzVersion: AuthzVersion,
  disabled: z.boolean(),
});
export type GetSessionUserReply = z.infer<typeof GetSessionUserReply>;

export const EnrollTotpReply = z.object({ secret: z.string(), otpauthUri: z.string() });
export type EnrollTotpReply = z.infer<typeof EnrollTotpReply>;

export const ConfirmTotpRpcRequest = z.strictObject({ userId: z.int().positive(), code: TotpCode, ...rpcRequestMeta });
export type ConfirmTotpRpcRequest = z.infer<typeof ConfirmTotpRpcRequest>;
// A wrong or replayed code: ok false.
export const ConfirmTotpReply = z.discriminatedUnion('ok', [
  RecoveryCodes.extend({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false) }),
]);
export type ConfirmTotpReply = z.infer<typeof ConfirmTotpReply>;

export const DisableTotpReply = z.object({ disabled: z.boolean() });
export type DisableTotpReply = z.infer<typeof DisableTotpReply>;

export const TotpStatusReply = TotpStatus;
export type TotpStatusReply = TotpStatus;

// A TOTP code or a recovery code of this user; each is accepted once.
export const VerifySecondFactorRequest = z.union([
  z.strictObject({ userId: z.int().positive(), code: TotpCode, ...rpcRequestMeta }),
  z.strictObject({ userId: z.int().positive(), recoveryCode: RecoveryCodeInput, ...rpcRequestMeta }),
]);
export type VerifySecondFactorRequest = z.input<typeof VerifySecondFactorRequest>;
// On success, what the user may do now (as VerifyCredentialsReply), for the
// session the second step creates.
export const VerifySecondFactorReply = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    method: z.enum(['totp', 'recovery_code']),
    user: SessionUser,
    authzVersion: AuthzVersion,
  }),
  z.object({ ok: z.literal(false) }),
]);
export type VerifySecondFactorReply = z.infer<typeof VerifySecondFactorReply>;

// What a user may do now. `roles: null`: the user may not have sessions at
// all (disabled or deleted). Sessions from a version below `revokeBelow` end
// (password change, "log out everywhere").
export const UserAuthorization = z.object({
  userId: z.int().positive(),
  roles: z.array(RoleName).nullable(),
  authzVersion: AuthzVersion,
  revokeBelow: AuthzVersion,
});
export type UserAuthorization = z.infer<typeof UserAuthorization>;

// Message patterns of auth-service's microservice transport.
export const AuthRpc = {
  syncUsers: 'sessions.sync-users',
} as const;

// `changedAt`: when user-service committed the oldest change of this user not
// yet applied (ms since the epoch), for the role sync lag metric.
export const SyncUsersRequest = z.strictObject({
  users: z.array(UserAuthorization.extend({ changedAt: z.int().nonnegative().optional() })).max(1000),
  ...rpcRequestMeta,
});
export type SyncUsersRequest = z.infer<typeof SyncUsersRequest>;

export const SyncUsersReply = z.object({ updated: z.int().nonnegative(), revoked: z.int().nonnegative() });
export type SyncUsersReply = z.infer<typeof SyncUsersReply>;
