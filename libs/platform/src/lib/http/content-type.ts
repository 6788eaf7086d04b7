import type { NextFunction, Request, Response } from 'express';
import { PlatformError } from '../errors/app-error';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

// Every body we accept is JSON: a request that sends a body of another type
// gets 415 instead of being parsed as nothing and failing validation.
export function requireJsonBodies(req: Request, _res: Response, next: NextFunction): void {
  if (hasBody(req) && !JSON_TYPE.test(req.headers['content-type'] ?? '')) {
    return next(new PlatformError('unsupported_media_type', 'Send the body as application/json'));
  }
  next();
}
