import { Inject, Injectable } from '@nestjs/common';
import { PlatformError } from '@session-mesh/platform';
import {
  FailureCounterStore,
  generateSessionToken,
  isWellFormedSessionToken,
  KnownDeviceStore,
  SessionTransport,
} from '@session-mesh/session';
import { createHash } from 'node:crypto';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from '../config/auth-service.config';

// One login attempt as the limiter sees it.
export interface LoginAttempt {
  username: string;
  ip: string | null;
  // The known-device token the client sent (well-formed), if any.
  device: string | null;
  // Whether that token was issued to this username at an earlier login.
  known: boolean;
}

// Counts failed logins in Redis, so the limits hold across every auth-service
// replica, in fixed windows (the first failure starts one). A client that has
// logged in as this user before (it shows the known-device token we issued
// then) is counted on its own, so an attacker who exhausts the username's
// budget from elsewhere cannot keep the owner out. Unknown clients share the
// username's budget and their IP's (OWASP's device-cookie approach).
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly counters: FailureCounterStore,
    private readonly devices: KnownDeviceStore,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  // 429 with Retry-After while a counter that applies is at its limit. The
  // device's owner and the counters are read in the same tick: one round trip.
  async check(username: string, ip: string | null, deviceCookie: string | null): Promise<LoginAttempt> {
    const { maxPerUsername, maxPerIp } = this.config.loginThrottle;
    const device = deviceCookie && isWellFormedSessionToken(deviceCookie) ? deviceCookie : null;
    const user = usernameKey(username);
    const unknownLimits: Array<[string, number]> = [[user, maxPerUsername], ...ipLimit(ip, maxPerIp)];
    const deviceLimits: Array<[string, number]> = device ? [[deviceKey(device), maxPerUsername]] : [];
    const [owner, counts] = await Promise.all([
      device ? this.devices.ownerOf(device) : null,
      this.counters.read([...unknownLimits, ...deviceLimits].map(([key]) => key)),
    ]);
    const known = device !== null && owner === user;
    const limits = known ? deviceLimits : unknownLimits;
    const offset = known ? unknownLimits.length : 0;
    limits.forEach(([, max], i) => {
      const { count, ttlSeconds } = counts[offset + i];
      if (count >= max) {
        throw new PlatformError(
          'too_many_requests',
          'Too many failed logins, try again later',
          undefined,
          Math.max(ttlSeconds, 1),
        );
      }
    });
    return { username, ip, device, known };
  }

  async recordFailure(attempt: LoginAttempt): Promise<void> {
    const keys =
      attempt.known && attempt.device
        ? [deviceKey(attempt.device)]
        : [usernameKey(attempt.username), ...ipLimit(attempt.ip, 0).map(([key]) => key)];
    await this.counters.increment(keys, this.config.loginThrottle.windowSeconds);
  }

  // Clears the count this client used. A browser (cookie transport) also gets
  // a fresh known-device token for the user (returned, to be set as a cookie)
  // in place of the one shown; a bearer client gets none: it keeps no cookie,
  // so a token it never receives would only sit in Redis until it expires.
  recordSuccess(attempt: LoginAttempt, transport: 'cookie'): Promise<string>;
  recordSuccess(attempt: LoginAttempt, transport: SessionTransport): Promise<string | null>;
  async recordSuccess(attempt: LoginAttempt, transport: SessionTransport): Promise<string | null> {
    const counted = attempt.known && attempt.device ? deviceKey(attempt.device) : usernameKey(attempt.username);
    if (transport === 'bearer') {
      await this.counters.reset(counted);
      return null;
    }
    const token = generateSessionToken();
    await Promise.all([
      this.counters.reset(counted),
      this.devices.remember(
        token,
        usernameKey(attempt.username),
        this.config.loginThrottle.knownDeviceTtlSeconds,
        attempt.device,
      ),
    ]);
    return token;
  }
}

function ipLimit(ip: string | null, max: number): Array<[string, number]> {
  return ip ? [[`login-fail:ip:${ip}`, max]] : [];
}

// Hashed: usernames are personal data and of unbounded shape.
function usernameKey(username: string): string {
  return `login-fail:user:${sha256(username.trim().toLowerCase())}`;
}

function deviceKey(device: string): string {
  return `login-fail:device:${sha256(device)}`;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
