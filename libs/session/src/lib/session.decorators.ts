import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import type { SessionUser } from '@session-mesh/contracts';
import { ApiErrors, BEARER_SECURITY, SESSION_SECURITY } from '@session-mesh/platform';
import type { ActiveSession } from './session.types';

export { Public } from '@session-mesh/platform';

export const ROLES_KEY = 'sessionMesh:roles';
export const FRESH_KEY = 'sessionMesh:fresh';
export const AAL_KEY = 'sessionMesh:aal';
export const PENDING_KEY = 'sessionMesh:pendingSecondFactor';

// @RequireFresh() without an argument: the configured SESSION_REAUTH_MAX_AGE_SECONDS.
export const DEFAULT_MAX_AGE = 'default';
export type FreshnessRequirement = number | typeof DEFAULT_MAX_AGE;
export const SESSION_REQUEST_KEY = 'sessionMeshSession';

export type RequestWithSession = { [SESSION_REQUEST_KEY]?: ActiveSession };

// Documents a route as needing a session: the security requirements (the
// cookie or a bearer token) and the guard's answers. The guard needs no marker (every route without @Public()
// requires a session); the OpenAPI document refuses a route with neither.
export const Authenticated = () =>
  applyDecorators(
    ApiCookieAuth(SESSION_SECURITY),
    ApiBearerAuth(BEARER_SECURITY),
    ApiErrors(
      [400, 'session_ambiguous: both a session cookie and a bearer token'],
      [401, 'No valid session'],
      [503, 'The session store or another dependency is unavailable'],
    ),
  );

// The session must hold every listed role (403 otherwise).
export const Roles = (...roles: [string, ...string[]]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    Authenticated(),
    ApiErrors([403, `Requires role ${roles.join(', ')}`]),
  );

// The session's credentials must have been checked (login or
// POST /auth/reauthenticate) at most `maxAgeSeconds` ago; 401
// reauthentication_required otherwise. Counted from the last check, never
// from the session's creation.
// Goes with @Authenticated() or @Roles(), which require the session itself.
export const RequireFresh = (maxAgeSeconds?: number) =>
  applyDecorators(
    SetMetadata(FRESH_KEY, maxAgeSeconds ?? DEFAULT_MAX_AGE),
    ApiErrors(
      [401, 'reauthentication_required: credentials checked too long ago (POST /auth/reauthenticate)'],
      [403, 'impersonation_restricted: an impersonation session is never fresh'],
    ),
  );

// The session must have reached this assurance level (2: a second factor);
// 401 second_factor_required otherwise.
export const RequireAal = (level: 1 | 2) =>
  applyDecorators(
    SetMetadata(AAL_KEY, level),
    ApiErrors(
      [401, `second_factor_required: needs assurance level ${level}`],
      [403, 'impersonation_restricted: an impersonation session never has a second factor'],
    ),
  );

// The route also accepts a login waiting for its second factor (aal 0), which
// every other route refuses with 401 second_factor_required: the second step
// itself and logout.
export const AllowPendingSecondFactor = () => SetMetadata(PENDING_KEY, true);

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
