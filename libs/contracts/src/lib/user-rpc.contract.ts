import { z } from 'zod';
import { LoginRequest, RoleName, SessionUser } from './auth.contract';

// Message patterns of user-service's microservice transport.
export const UserRpc = {
  verifyCredentials: 'users.verify-credentials',
  getAuthorization: 'users.get-authorization',
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
export const VerifyCredentialsReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), user: SessionUser, authzVersion: AuthzVersion }),
  z.object({ ok: z.literal(false) }),
]);
export type VerifyCredentialsReply = z.infer<typeof VerifyCredentialsReply>;

export const GetAuthorizationRequest = z.strictObject({ userId: z.int().positive(), ...rpcRequestMeta });
export type GetAuthorizationRequest = z.infer<typeof GetAuthorizationRequest>;

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
