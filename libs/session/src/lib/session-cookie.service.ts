import { Inject, Injectable } from '@nestjs/common';
import { clearSessionCookie, serializeSessionCookie } from './session-cookie.codec';
import type { SessionOptions } from './session.config';
import { SESSION_OPTIONS } from './session.constants';
import type { ActiveSession } from './session.types';

// Set-Cookie values for the configured cookie (name, Secure, lifetime).
@Injectable()
export class SessionCookieService {
  constructor(@Inject(SESSION_OPTIONS) private readonly options: SessionOptions) {}

  // A "remember me" session gets a persistent cookie that lasts as long as the
  // session can; any other a browser-session cookie.
  issue(token: string, session: Pick<ActiveSession, 'rememberMe' | 'expiresAt'>, now = Date.now()): string {
    const maxAge = session.rememberMe ? Math.max(1, Math.ceil((session.expiresAt - now) / 1000)) : undefined;
    return serializeSessionCookie(this.options.cookie, token, maxAge);
  }

  // The known-device cookie of the login limiter (auth-service): same flags,
  // its own name and lifetime.
  issueDevice(token: string, maxAgeSeconds: number): string {
    return serializeSessionCookie({ ...this.options.cookie, name: this.deviceCookieName }, token, maxAgeSeconds);
  }

  get deviceCookieName(): string {
    return `${this.options.cookie.name}_device`;
  }

  clear(): string {
    return clearSessionCookie(this.options.cookie);
  }
}
