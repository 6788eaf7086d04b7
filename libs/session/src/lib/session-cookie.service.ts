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

  clear(): string {
    return clearSessionCookie(this.options.cookie);
  }
}
