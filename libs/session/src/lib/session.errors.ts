import { defineErrorCodes } from '@session-mesh/platform';

// What any service answers when a request's session does not let it through.
export const SESSION_ERROR_STATUS = {
  session_missing: 401,
  // A session cookie and a Bearer token on one request.
  session_ambiguous: 400,
  session_invalid: 401,
  reauthentication_required: 401,
  second_factor_required: 401,
  role_missing: 403,
  // An impersonation session on a route that needs a fresh check or a second
  // factor (and so could change the user's credentials or end their sessions).
  impersonation_restricted: 403,
  session_store_unavailable: 503,
} as const;

export class SessionError extends defineErrorCodes(SESSION_ERROR_STATUS) {}
