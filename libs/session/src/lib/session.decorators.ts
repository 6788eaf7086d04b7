import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiCookieAuth } from '@nestjs/swagger';
import type { SessionUser } from '@session-mesh/contracts';
import { ApiErrors, SESSION_SECURITY } from '@session-mesh/platform';
import type { ActiveSession } from './session.types';

export { Public } from '@session-mesh/platform';

export const ROLES_KEY = 'sessionMesh:roles';
export const SESSION_REQUEST_KEY = 'sessionMeshSession';

export type RequestWithSession = { [SESSION_REQUEST_KEY]?: ActiveSession };

// Documents a route as needing a session: the security requirement and the
// guard's answers. The guard needs no marker (every route without @Public()
// requires a session); the OpenAPI document refuses a route with neither.
export const Authenticated = () =>
  applyDecorators(
    ApiCookieAuth(SESSION_SECURITY),
    ApiErrors([401, 'No valid session'], [503, 'The session store or another dependency is unavailable']),
  );

// The session must hold every listed role (403 otherwise).
export const Roles = (...roles: [string, ...string[]]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    Authenticated(),
    ApiErrors([403, `Requires role ${roles.join(', ')}`]),
  );

function sessionOf(context: ExecutionContext): ActiveSession {
  const session = context.switchToHttp().getRequest<RequestWithSession>()[SESSION_REQUEST_KEY];
  // Only reachable on a @Public() route, which is a programming error.
  if (!session) throw new Error('No session on this request: @CurrentUser() used on a @Public() route');
  return session;
}

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): SessionUser => sessionOf(context).user,
);

export const CurrentSession = createParamDecorator(
  (_: unknown, context: ExecutionContext): ActiveSession => sessionOf(context),
);
