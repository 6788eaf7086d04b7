import { CanActivate, ExecutionContext, Injectable, Inject } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, IS_PUBLIC_KEY } from '@session-mesh/platform';
import type { IncomingMessage } from 'node:http';
import { readSessionCookie } from './session-cookie';
import { ROLES_KEY, SESSION_REQUEST_KEY, RequestWithSession } from './session.decorators';
import { SessionReader } from './session-reader';
import { SESSION_OPTIONS } from './session.tokens';
import type { SessionOptions } from './session.config';
import { isWellFormedSessionToken } from './session-token';

// Global guard of every service: no route is reachable without a valid
// session unless it is marked @Public(). Malformed cookies are refused before
// Redis is asked.
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly reader: SessionReader,
    @Inject(SESSION_OPTIONS) private readonly options: SessionOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Message handlers of the microservice transport are service-to-service.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<IncomingMessage & RequestWithSession>();
    const cookie = readSessionCookie(req.headers.cookie, this.options.cookie.name);
    if (cookie.kind === 'none') throw new AppError('session_missing', 'Log in first: this route needs a session');
    if (cookie.kind === 'duplicate' || !isWellFormedSessionToken(cookie.value)) {
      throw new AppError('session_invalid', 'The session cookie is not valid');
    }
    const session = await this.reader.read(cookie.value);
    if (!session) throw new AppError('session_invalid', 'The session has ended or does not exist');
    req[SESSION_REQUEST_KEY] = session;

    const required = this.reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, targets);
    if (required && !required.every((role) => session.user.roles.includes(role))) {
      throw new AppError('role_missing', `This route needs the role ${required.join(', ')}`);
    }
    return true;
  }
}
