import { Secret, TOTP } from 'otpauth';
import { matchingTimeStep, newTotpSecret, otpauthUri, TOTP_PERIOD_SECONDS } from './totp-codes';

const secret = newTotpSecret();
// The middle of a time step, so ±1 step is unambiguous.
const step = 59_000_000;
const now = (step * TOTP_PERIOD_SECONDS + 15) * 1000;
const codeAt = async (atStep: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: (atStep * TOTP_PERIOD_SECONDS + 1) * 1000 });

describe('matchingTimeStep', () => {
  it('accepts the code of the current step and of one step either side, and tells which step', async () => {
    expect(matchingTimeStep(secret, await codeAt(step), null, now)).toBe(step);
    expect(matchingTimeStep(secret, await codeAt(step - 1), null, now)).toBe(step - 1);
    expect(matchingTimeStep(secret, await codeAt(step + 1), null, now)).toBe(step + 1);
  });

  it('refuses codes two steps away, wrong codes and codes of another secret', async () => {
    expect(matchingTimeStep(secret, await codeAt(step - 2), null, now)).toBeNull();
    expect(matchingTimeStep(secret, await codeAt(step + 2), null, now)).toBeNull();
    const right = await codeAt(step);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(matchingTimeStep(secret, wrong, null, now)).toBeNull();
    expect(matchingTimeStep(newTotpSecret(), right, null, now)).toBeNull();
  });

  it('refuses a code of the step last accepted or an older one (replay), and accepts a newer one', async () => {
    expect(matchingTimeStep(secret, await codeAt(step), step, now)).toBeNull();
    expect(matchingTimeStep(secret, await codeAt(step - 1), step, now)).toBeNull();
    expect(matchingTimeStep(secret, await codeAt(step + 1), step, now)).toBe(step + 1);
    expect(matchingTimeStep(secret, await codeAt(step), step - 1, now)).toBe(step);
  });
});

describe('otpauthUri', () => {
  it('holds the secret, issuer and account as authenticator apps read them', () => {
    const uri = new URL(otpauthUri(secret, 'session-mesh', 'jane@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/session-mesh:jane@example.com');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('session-mesh');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  });
});
