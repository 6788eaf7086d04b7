import { defineErrorCodes } from '@session-mesh/platform';

// The error codes only auth-service answers with (the cross-cutting ones are
// PlatformError's, the session ones SessionError's).
export const AUTH_SERVICE_ERROR_STATUS = {
  invalid_credentials: 401,
  session_not_found: 404,
  user_service_unavailable: 503,
} as const;

export class AuthServiceError extends defineErrorCodes(AUTH_SERVICE_ERROR_STATUS) {}
