import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { PlatformError } from '../errors/app-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Rejects cross-origin browser requests with an unsafe method, after Go's
// net/http CrossOriginProtection: a browser says where a request comes from
// (Sec-Fetch-Site, or at least Origin); a request with neither header is not
// from a browser (curl, service to service) and cannot be forged by a page.
// SameSite=Lax on the cookie stays as the second layer.
// `withoutAmbientCredential`: requests that carry their credential explicitly
// (an Authorization: Bearer token and no session cookie) pass from any
// origin: a page can make a browser send cookies, never such a header.
export function crossOriginProtection(
  trustedOrigins: readonly string[],
  withoutAmbientCredential?: (headers: IncomingHttpHeaders) => boolean,
) {
  const trusted = new Set(trustedOrigins);
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (SAFE_METHODS.has(request.method)) return done();
    if (withoutAmbientCredential?.(request.headers)) return done();
    const origin = request.headers.origin;
    if (origin !== undefined && trusted.has(origin)) return done();
    const site = request.headers['sec-fetch-site'];
    if (site === 'same-origin' || site === 'none') return done();
    if (site === undefined) {
      if (origin === undefined || isOwnOrigin(origin, request.host)) return done();
    }
    done(new PlatformError('cross_origin_request', 'Cross-origin requests are not allowed here'));
  };
}

// The request's own origin is the host the client used: behind the gateway,
// X-Forwarded-Host, which fastify reads only from a trusted proxy (trustProxy).
function isOwnOrigin(origin: string, own: string): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host !== '' && host.toLowerCase() === own.toLowerCase();
}
