import type { SessionClientInfo } from '@session-mesh/session';
import type { IncomingHttpHeaders } from 'node:http';

const MAX_USER_AGENT = 256;

// What a handler reads of a request and writes to a response, in terms both
// HTTP adapters (Express and Fastify) offer: headers as Node has them, the
// client address the adapter derived (trust proxy), and `header()`.
export interface RequestLike {
  headers: IncomingHttpHeaders;
  ip?: string;
}

export interface ResponseLike {
  header(name: string, value: string | string[]): unknown;
}

export function clientInfoOf(req: RequestLike): SessionClientInfo {
  return { ip: req.ip ?? null, userAgent: req.headers['user-agent']?.slice(0, MAX_USER_AGENT) ?? null };
}
