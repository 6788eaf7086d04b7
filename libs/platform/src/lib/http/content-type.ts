import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { PlatformError } from '../errors/app-error';

export const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

// Every body we accept is JSON in UTF-8: a request that sends a body of
// another type gets 415 instead of being parsed as nothing and failing
// validation. Checked on every method, before fastify picks a parser.
export function requireJsonBodies(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const { headers } = request;
  if (!hasBody(headers)) return done();
  const type = headers['content-type'] ?? '';
  if (!JSON_TYPE.test(type))
    return done(new PlatformError('unsupported_media_type', 'Send the body as application/json'));
  const charset = CHARSET.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return done(new PlatformError('unsupported_media_type', 'The request body charset is not supported'));
  }
  done();
}
