import { Inject, Injectable } from '@nestjs/common';
import { CreatedSession, readSessionCookie, SessionCookieService } from '@session-mesh/session';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from '../config/auth-service.config';

// The cookies of a credential check (login, re-authentication): the session
// cookie and the login limiter's known-device cookie, read and set in one place.
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

  // no-store: the answer carries a fresh credential no cache may keep.
  issueLoginCookies(reply: FastifyReply, created: CreatedSession & { deviceToken: string }): void {
    void reply
      .header('Set-Cookie', [
        this.cookies.issue(created.token),
        this.cookies.issueDevice(created.deviceToken, this.config.loginThrottle.knownDeviceTtlSeconds),
      ])
      .header('Cache-Control', 'no-store');
  }
}
