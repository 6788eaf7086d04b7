import { Inject, Injectable } from '@nestjs/common';
import { clearSessionCookie, serializeSessionCookie } from './session-cookie.codec';
import type { SessionOptions } from './session.config';
import { SESSION_OPTIONS } from './session.constants';

// Set-Cookie values for the configured cookie (name, Secure, lifetime).
@Injectable()
export class SessionCookieService {
  constructor(@Inject(SESSION_OPTIONS) private readonly options: SessionOptions) {}

  issue(token: string): string {
    return serializeSessionCookie(this.options.cookie, token, this.options.absoluteTtlSeconds);
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
