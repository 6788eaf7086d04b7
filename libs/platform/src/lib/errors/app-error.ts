// Stable error ids on the wire, each with its one HTTP status. Clients switch
// on the code; the message is for humans and may change. libs/platform knows
// only the cross-cutting codes below; each app and lib declares its own with
// defineErrorCodes, next to the code that throws them.

export interface ErrorDetail {
  path: string;
  message: string;
}

// What a client needs to recover from a refusal, sent beside the code.
export interface ErrorHint {
  // reauthentication_required: the route accepts credentials checked at most this long ago.
  maxAgeSeconds?: number;
  // second_factor_required: the assurance level the route needs.
  requiredAal?: number;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  hint?: ErrorHint;

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: ErrorDetail[],
    // Seconds before a retry can succeed (429); sent as Retry-After.
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  withHint(hint: ErrorHint): this {
    this.hint = hint;
    return this;
  }
}

export type ErrorStatuses = Readonly<Record<string, number>>;

// An AppError class whose constructor accepts only the given codes and looks
// their status up: `class UserServiceError extends defineErrorCodes({ user_not_found: 404 }) {}`.
export function defineErrorCodes<const S extends ErrorStatuses>(statuses: S) {
  return class extends AppError {
    static readonly statuses = statuses;

    constructor(code: keyof S & string, message: string, details?: ErrorDetail[], retryAfterSeconds?: number) {
      super(code, statuses[code], message, details, retryAfterSeconds);
    }
  };
}

export const PLATFORM_ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  malformed_json: 400,
  unauthorized: 401,
  forbidden: 403,
  cross_origin_request: 403,
  route_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal_error: 500,
  bad_gateway: 502,
  service_unavailable: 503,
} as const;

export type PlatformErrorCode = keyof typeof PLATFORM_ERROR_STATUS;

// The cross-cutting errors any app may throw.
export class PlatformError extends defineErrorCodes(PLATFORM_ERROR_STATUS) {}

// Seconds a client should wait before retrying a 503.
export const RETRY_AFTER_SECONDS = 2;
