import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { PlatformError } from '../errors/app-error';
import { toErrorBody } from '../errors/http-exception.filter';
import { REQUEST_ID_HEADER, resolveRequestId } from './request-id';

// fastify's router refuses a path it cannot percent-decode (`/x/%zz`) before
// any hook runs: with its own body, or on a method without routes as a 404.
// Such a path is answered here first, on every method, as a 400 in the one
// format (express answered it 400 too, from its route matching).
export function serverRefusingUndecodablePaths(handler: RequestListener): Server {
  return createServer((req, res) => (isDecodable(req.url ?? '/') ? handler(req, res) : refuse(req, res)));
}

function isDecodable(url: string): boolean {
  if (!url.includes('%')) return true;
  const query = url.indexOf('?');
  try {
    decodeURI(query === -1 ? url : url.slice(0, query));
    return true;
  } catch {
    return false;
  }
}

function refuse(req: IncomingMessage, res: ServerResponse): void {
  const requestId = resolveRequestId(req.headers[REQUEST_ID_HEADER]);
  const body = JSON.stringify({ ...toErrorBody(new PlatformError('bad_request', 'The URL is not valid')), requestId });
  res.writeHead(400, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    [REQUEST_ID_HEADER]: requestId,
  });
  res.end(body);
}
