import { CanActivate, ExecutionContext, Injectable, Inject } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { annotateRequestLog, IS_PUBLIC_KEY } from '@session-mesh/platform';
import type { IncomingHttpHeaders } from 'node:http';
import { readSessionCredential } from './session-credential';
import {
  AAL_KEY,
  DEFAULT_MAX_AGE,
  FRESH_KEY,
  FreshnessRequirement,
  PENDING_KEY,
  ROLES_KEY,
  SESSION_REQUEST_KEY,
  RequestWithSession,
} from './session.decorators';
import { SessionReader } from './session-reader.service';
import { SESSION_OPTIONS } from './session.constants';
import type { SessionOptions } from './session.config';
import { SessionError } from './session.errors';
import { sessionValidations, type ValidationOutcome } from './session-metrics';
import type { ActiveSession } from './session.types';

// Global guard of every service: no route is reachable without a valid
// session unless it is marked @Public(). The token comes from the session
// cookie or an `Authorization: Bearer` header, never both (400
// session_ambiguous). Malformed values are refused before Redis is asked.
// What a route asks of the guard, read from its decorators.
interface RoutePolicy {
  controller: object;
  isPublic: boolean;
  roles: string[] | undefined;
  // Seconds since the last credential check the route accepts, if it cares.
  maxAgeSeconds: number | undefined;
  minAal: number | undefined;
  // Whether a login waiting for its second factor (aal 0) may use the route.
  allowsPending: boolean;
}

// Label objects made once: the ok path allocates nothing for its count.
const OK = { outcome: 'ok' } as const;

function refused(outcome: ValidationOutcome, error: SessionError): SessionError {
  sessionValidations.inc({ outcome });
  return error;
}

@Injectable()
export class SessionGuard implements CanActivate {
  // Decorator metadata never changes after boot, so it is read once per
  // route rather than on every request.
  private readonly policies = new WeakMap<object, RoutePolicy>();

  constructor(
    private readonly reflector: Reflector,
    private readonly reader: SessionReader,
    @Inject(SESSION_OPTIONS) private readonly options: SessionOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Message handlers of the microservice transport are service-to-service.
    if (context.getType() !== 'http') return true;
    const policy = this.policyOf(context.getHandler(), context.getClass());
    if (policy.isPublic) return true;

    // Only headers and one property: any adapter's request (fastify's here) has both.
    const req = context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders } & RequestWithSession>();
    const credential = readSessionCredential(req.headers, this.options.cookie.name);
    switch (credential.kind) {
      case 'none':
        throw refused('missing', new SessionError('session_missing', 'Log in first: this route needs a session'));
      case 'ambiguous':
        throw refused(
          'invalid',
          new SessionError(
            'session_ambiguous',
            'Send the session either as the session cookie or as an Authorization: Bearer token, not both',
          ),
        );
      case 'invalid':
        throw refused(
          'invalid',
          new SessionError(
            'session_invalid',
            credential.transport === 'bearer' ? 'The bearer token is not valid' : 'The session cookie is not valid',
          ),
        );
      case 'token':
        break;
    }
    const session = await this.read(credential.value);
    if (!session)
      throw refused('ended', new SessionError('session_invalid', 'The session has ended or does not exist'));
    req[SESSION_REQUEST_KEY] = session;
    // The id is a hash of the token; a prefix is enough to follow one session in the log.
    annotateRequestLog({
      userId: session.user.userId,
      session: session.id.slice(0, 8),
      ...(session.actor && { actor: session.actor.userId }),
    });

    // A login waiting for its second factor is no session yet: before the
    // roles, so it learns nothing about what the user may do.
    if (session.aal === 0 && !policy.allowsPending) {
      throw refused(
        'second_factor_required',
        new SessionError(
          'second_factor_required',
          'Complete the login with a second factor first (POST /auth/login/second-factor)',
        ).withHint({ requiredAal: policy.minAal ?? 1 }),
      );
    }
    const required = policy.roles;
    if (required && !required.every((role) => session.user.roles.includes(role))) {
      throw refused(
        'role_missing',
        new SessionError('role_missing', `This route needs the role ${required.join(', ')}`),
      );
    }
    // Sensitive routes (a fresh check or a second factor) change the user's
    // credentials or end their sessions: never on the user's behalf. The
    // record alone refuses it too (authenticatedAt 0); this says why.
    if (session.actor && (policy.maxAgeSeconds !== undefined || policy.minAal !== undefined)) {
      throw refused(
        'impersonation_restricted',
        new SessionError('impersonation_restricted', 'An impersonation session cannot use this route'),
      );
    }
    // After the roles: asking someone to re-authenticate for a route they may
    // not use anyway would be pointless.
    if (policy.minAal !== undefined && session.aal < policy.minAal) {
      throw refused(
        'second_factor_required',
        new SessionError('second_factor_required', 'This route needs a second factor').withHint({
          requiredAal: policy.minAal,
        }),
      );
    }
    if (policy.maxAgeSeconds !== undefined && Date.now() - session.authenticatedAt > policy.maxAgeSeconds * 1000) {
      throw refused(
        'reauthentication_required',
        new SessionError(
          'reauthentication_required',
          `This route needs credentials checked within the last ${policy.maxAgeSeconds} s: re-authenticate`,
        ).withHint({ maxAgeSeconds: policy.maxAgeSeconds }),
      );
    }
    sessionValidations.inc(OK);
    return true;
  }

  private async read(token: string): Promise<ActiveSession | null> {
    try {
      return await this.reader.read(token);
    } catch (error) {
      if (error instanceof SessionError && error.code === 'session_store_unavailable') {
        sessionValidations.inc({ outcome: 'store_unavailable' });
      }
      throw error;
    }
  }

  // Keyed by handler; a handler inherited by another controller class gets
  // that class's metadata, so the cached entry must match the class too.
  private policyOf(handler: object, controller: object): RoutePolicy {
    const cached = this.policies.get(handler);
    if (cached?.controller === controller) return cached;
    const targets = [handler, controller] as Array<() => unknown>;
    const policy: RoutePolicy = {
      controller,
      isPublic: this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true,
      roles: this.reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, targets),
      maxAgeSeconds: this.maxAgeOf(
        this.reflector.getAllAndOverride<FreshnessRequirement | undefined>(FRESH_KEY, targets),
      ),
      minAal: this.reflector.getAllAndOverride<number | undefined>(AAL_KEY, targets),
      allowsPending: this.reflector.getAllAndOverride<boolean | undefined>(PENDING_KEY, targets) === true,
    };
    this.policies.set(handler, policy);
    return policy;
  }

  private maxAgeOf(requirement: FreshnessRequirement | undefined): number | undefined {
    return requirement === DEFAULT_MAX_AGE ? this.options.reauthMaxAgeSeconds : requirement;
  }
}
