import { defineErrorCodes } from '@session-mesh/platform';

// The error codes only user-service answers with (the cross-cutting ones are
// PlatformError's).
export const USER_SERVICE_ERROR_STATUS = {
  group_not_found: 400,
  role_not_found: 400,
  invalid_credentials: 401,
  user_not_found: 404,
  username_taken: 409,
  name_taken: 409,
  // The change would leave nobody able to administer users, groups and roles.
  last_administrator: 409,
  // POST /auth/totp for a user whose factor is already confirmed.
  second_factor_enabled: 409,
  // Confirming or disabling a TOTP factor the user does not have.
  second_factor_not_enrolled: 404,
  database_unavailable: 503,
  // TOTP_ENCRYPTION_KEY is not set: the second factor cannot be used.
  second_factor_unavailable: 503,
} as const;

export type UserServiceErrorCode = keyof typeof USER_SERVICE_ERROR_STATUS;
export class UserServiceError extends defineErrorCodes(USER_SERVICE_ERROR_STATUS) {}
