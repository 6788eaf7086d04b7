import type { NextFunction, Request, Response } from 'express';
import { AppError, PlatformError, PlatformErrorCode } from '../errors/app-error';

// body-parser marks its failures with a `type`; all are the client's fault.
const BODY_PARSER_ERRORS: Record<string, [PlatformErrorCode, string]> = {
  'entity.parse.failed': ['malformed_json', 'The request body is not valid JSON'],
  'entity.too.large': ['payload_too_large', 'The request body is too large'],
  'encoding.unsupported': ['unsupported_media_type', 'The request body encoding is not supported'],
  'charset.unsupported': ['unsupported_media_type', 'The request body charset is not supported'],
  'request.aborted': ['bad_request', 'The request body was not sent completely'],
};

// Express error middleware placed right after the body parser: turns its
// errors into AppErrors before Nest generalises them.
export function translateBodyParserErrors(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  if (error instanceof AppError) return next(error);
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  const known = typeof type === 'string' ? BODY_PARSER_ERRORS[type] : undefined;
  if (known) return next(new PlatformError(known[0], known[1]));
  // Anything else the parser marks as the client's fault (a corrupt gzip
  // stream, say) is still a 400, never a 500.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return next(new PlatformError('bad_request', 'The request body could not be read'));
  }
  next(error);
}
