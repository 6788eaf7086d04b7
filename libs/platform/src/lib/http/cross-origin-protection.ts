import type { NextFunction, Request, Response } from 'express';
import { PlatformError } from '../errors/app-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Rejects cross-origin browser requests with an unsafe method, after Go's
// net/http CrossOriginProtection: a browser says where a request comes from
// (Sec-Fetch-Site, or at least Origin); a request with neither header is not
// from a browser (curl, service to service) and cannot be forged by a page.
// SameSite=Lax on the cookie stays as the second layer.
export function crossOriginProtection(trustedOrigins: readonly string[]) {
  const trusted = new Set(trustedOrigins);
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    if (origin !== undefined && trusted.has(origin)) return next();
    const site = req.headers['sec-fetch-site'];
    if (site === 'same-origin' || site === 'none') return next();
    if (site === undefined) {
      if (origin === undefined || isOwnOrigin(origin, req)) return next();
    }
    next(new PlatformError('cross_origin_request', 'Cross-origin requests are not allowed here'));
  };
}

// The request's own origin is the host the client used: behind the gateway,
// X-Forwarded-Host, which Express reads only from a trusted proxy.
function isOwnOrigin(origin: string, req: Request): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const own = req.host ?? '';
  return host !== '' && host.toLowerCase() === own.toLowerCase();
}
