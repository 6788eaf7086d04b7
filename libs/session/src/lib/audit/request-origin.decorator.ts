import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { SessionClientInfo } from '../session.types';

const MAX_USER_AGENT = 256;

// What both HTTP adapters' request objects have: `ip` (after `trust proxy`)
// and the raw headers. No express or fastify types, so a controller using it
// runs on either.
interface AnyHttpRequest {
  ip?: string;
  headers: IncomingHttpHeaders;
}

// The client's address and user agent, as a login records them in its session.
export const RequestOrigin = createParamDecorator((_: unknown, context: ExecutionContext): SessionClientInfo => {
  const req = context.switchToHttp().getRequest<AnyHttpRequest>();
  const userAgent = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent.slice(0, MAX_USER_AGENT) : null };
});
