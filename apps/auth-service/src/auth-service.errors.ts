import { defineErrorCodes } from '@session-mesh/platform';

// The error codes only auth-service answers with (the cross-cutting ones are
// PlatformError's, the session ones SessionError's).
export const AUTH_SERVICE_ERROR_STATUS = {
  invalid_credentials: 401,
  // A TOTP or recovery code that is wrong, expired or already used: one answer.
  invalid_second_factor: 401,
  // POST /auth/login/second-factor with a session that waits for no second step.
  second_factor_not_pending: 409,
  // DELETE /auth/totp for a user without TOTP.
  second_factor_not_enrolled: 404,
  session_not_found: 404,
  // POST /users/{id}/impersonate of a user who may not be impersonated
  // (IMPERSONATE or a MANAGE_* role, disabled, oneself); an unknown user is
  // user-service's 404 user_not_found, passed on.
  impersonation_refused: 403,
  user_service_unavailable: 503,
} as const;

export class AuthServiceError extends defineErrorCodes(AUTH_SERVICE_ERROR_STATUS) {}
