import type { NextFunction, Request, Response } from 'express';
import { AppError, ErrorCode } from '../errors/app-error';

// body-parser marks its failures with a `type`; all are the client's fault.
const BODY_PARSER_ERRORS: Record<string, [ErrorCode, string]> = {
  'entity.parse.failed': ['malformed_json', 'The request body is not valid JSON'],
  'entity.too.large': ['payload_too_large', 'The request body is too large'],
  'encoding.unsupported': ['unsupported_media_type', 'The request body encoding is not supported'],
  'charset.unsupported': ['unsupported_media_type', 'The request body charset is not supported'],
  'request.aborted': ['bad_request', 'The request body was not sent completely'],
};

// Express error middleware placed right after the body parser: turns its
// errors into AppErrors before Nest generalises them.
export function translateBodyParserErrors(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const type = (error as { type?: unknown } | null)?.type;
  const known = typeof type === 'string' ? BODY_PARSER_ERRORS[type] : undefined;
  next(known ? new AppError(known[0], known[1]) : error);
}
