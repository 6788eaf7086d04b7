import { Secret, TOTP } from 'otpauth';

// RFC 6238 as every authenticator app implements it: SHA-1, 6 digits, 30 s.
export const TOTP_PERIOD_SECONDS = 30;

export function newTotpSecret(): string {
  // 20 bytes: the HMAC-SHA-1 key length RFC 4226 recommends.
  return new Secret({ size: 20 }).base32;
}

export function otpauthUri(secret: string, issuer: string, account: string): string {
  return totpOf(secret, issuer, account).toString();
}

// The time step (unix seconds / 30) `code` belongs to, if it is the code of
// the current step or of the one before or after (clock drift, a code typed
// as it changed); null otherwise, and for a step at or before
// `lastTimeStep`: a code is accepted once, and never after a newer one.
export function matchingTimeStep(
  secret: string,
  code: string,
  lastTimeStep: number | null,
  nowMs = Date.now(),
): number | null {
  // `delta`: how many steps from the current one the code matched.
  const delta = totpOf(secret).validate({ token: code, timestamp: nowMs, window: 1 });
  if (delta === null) return null;
  const step = TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: nowMs }) + delta;
  return lastTimeStep !== null && step <= lastTimeStep ? null : step;
}

function totpOf(secret: string, issuer?: string, account?: string): TOTP {
  return new TOTP({
    issuer,
    label: account,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}
