// Stable error ids on the wire, each with its one HTTP status. Clients switch
// on the code; the message is for humans and may change.
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  malformed_json: 400,
  group_not_found: 400,
  role_not_found: 400,
  session_missing: 401,
  session_invalid: 401,
  invalid_credentials: 401,
  forbidden: 403,
  role_missing: 403,
  cross_origin_request: 403,
  route_not_found: 404,
  user_not_found: 404,
  session_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  username_taken: 409,
  name_taken: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal_error: 500,
  bad_gateway: 502,
  session_store_unavailable: 503,
  database_unavailable: 503,
  user_service_unavailable: 503,
  upstream_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    // Seconds before a retry can succeed (429); sent as Retry-After.
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

// Seconds a client should wait before retrying a 503.
export const RETRY_AFTER_SECONDS = 2;
