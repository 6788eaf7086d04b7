import { Inject, Injectable } from '@nestjs/common';
import { CreatedSession, readSessionCookie, SessionCookieService } from '@session-mesh/session';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginResponse } from '@session-mesh/contracts';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from '../config/auth-service.config';
import { toLoginResponse } from '../sessions/session.mapper';

// How a credential check (login, re-authentication) hands out its session:
// the session cookie and the login limiter's known-device cookie, or for a
// bearer session the token in the body; read and set in one place.
@Injectable()
export class LoginCookies {
  constructor(
    private readonly cookies: SessionCookieService,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  // The known-device token the client sent, if any.
  deviceTokenOf(request: FastifyRequest): string | null {
    const device = readSessionCookie(request.headers.cookie, this.cookies.deviceCookieName);
    return device.kind === 'token' ? device.value : null;
  }

  // The answer of a credential check. A cookie session's token travels in
  // Set-Cookie only; a bearer session's in the body, with no cookie at all (a
  // client that is not a browser keeps none). no-store either way: the answer
  // carries a fresh credential no cache may keep. No known-device token
  // (null) for a login still waiting for its second factor: the second step
  // sets it.
  issueSession(reply: FastifyReply, created: CreatedSession & { deviceToken: string | null }): LoginResponse {
    if (created.session.transport === 'bearer') void reply.header('Cache-Control', 'no-store');
    else this.issueLoginCookies(reply, created);
    return toLoginResponse(created);
  }

  private issueLoginCookies(reply: FastifyReply, created: CreatedSession & { deviceToken: string | null }): void {
    const { deviceToken } = created;
    void reply
      .header('Set-Cookie', [
        this.cookies.issue(created.token, created.session),
        ...(deviceToken
          ? [this.cookies.issueDevice(deviceToken, this.config.loginThrottle.knownDeviceTtlSeconds)]
          : []),
      ])
      .header('Cache-Control', 'no-store');
  }
}
