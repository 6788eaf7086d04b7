import type { ErrorBody } from '@session-mesh/api-client';

// A refused or failed call as the console shows it: the API's own error body
// (docs/errors.md), or `network_error` when no answer came at all.
export interface ApiError {
  status: number;
  code: string;
  message: string;
  details?: ErrorBody['details'];
  // 429: the Retry-After header, in seconds.
  retryAfterSeconds?: number;
}

const UNAVAILABLE_CODES = new Set([
  'service_unavailable',
  'session_store_unavailable',
  'user_service_unavailable',
  'database_unavailable',
  'upstream_unavailable',
]);

// Builds an ApiError from a response openapi-fetch did not parse as success.
export function toApiError(response: Response, body: unknown): ApiError {
  const retryAfter = Number(response.headers.get('retry-after'));
  const parsed = isErrorBody(body) ? body : undefined;
  return {
    status: response.status,
    code: parsed?.code ?? (response.status >= 500 ? 'service_unavailable' : 'bad_request'),
    message: parsed?.message ?? response.statusText,
    ...(parsed?.details && { details: parsed.details }),
    ...(Number.isFinite(retryAfter) && retryAfter > 0 && { retryAfterSeconds: retryAfter }),
  };
}

export const NETWORK_ERROR: ApiError = {
  status: 0,
  code: 'network_error',
  message: 'No answer from the server',
};

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as ErrorBody).code === 'string';
}

// What a person reads for a refusal. `neededRole` is the role the action
// needs (the API's 403 says the same in its message).
export function describeError(error: ApiError, neededRole?: string): string {
  if (error.code === 'second_factor_unavailable') {
    return 'Two-factor authentication is not set up on this server (user-service needs TOTP_ENCRYPTION_KEY).';
  }
  if (error.code === 'network_error' || UNAVAILABLE_CODES.has(error.code) || error.status >= 502) {
    return 'The service is unavailable right now. Try again in a moment.';
  }
  switch (error.code) {
    case 'invalid_credentials':
      return 'Wrong username or password.';
    case 'too_many_requests':
      return error.retryAfterSeconds
        ? `Too many attempts. Try again in ${waitText(error.retryAfterSeconds)}.`
        : 'Too many attempts. Try again later.';
    case 'role_missing':
      return neededRole ? `You need ${neededRole}.` : `Not allowed: ${error.message}`;
    case 'last_administrator':
      return `Refused: ${error.message}`;
    case 'username_taken':
      return 'An account with this email already exists.';
    case 'name_taken':
      return 'That name is taken.';
    case 'validation_failed':
      return error.details?.length
        ? error.details.map((detail) => `${detail.path || 'value'}: ${detail.message}`).join('; ')
        : error.message;
    case 'invalid_second_factor':
      return 'That code is wrong, expired or already used. Try the newest code from your app, or another recovery code.';
    case 'second_factor_not_pending':
      return 'This sign-in is no longer waiting for a code. Sign in again.';
    case 'second_factor_enabled':
      return 'Two-factor authentication is already on.';
    case 'second_factor_required':
      return 'This needs a sign-in with your second factor.';
    case 'session_missing':
    case 'session_invalid':
      return 'Your session has ended. Sign in again.';
    default:
      return error.message || `Request failed (${error.status})`;
  }
}

export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
