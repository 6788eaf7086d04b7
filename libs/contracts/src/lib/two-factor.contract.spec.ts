import { ReauthenticateRequest } from './auth.contract';
import { SecondFactorRequest } from './two-factor.contract';

describe('two-factor contracts', () => {
  it('take a six-digit code or a recovery code, normalized, and nothing else', () => {
    expect(SecondFactorRequest.parse({ code: '012345' })).toEqual({ code: '012345' });
    expect(SecondFactorRequest.parse({ recoveryCode: ' abcd-efgh ijkl-mnop ' })).toEqual({
      recoveryCode: 'ABCDEFGHIJKLMNOP',
    });
    for (const bad of [
      { code: '12345' },
      { code: '1234567' },
      { code: 123456 },
      { recoveryCode: 'ABCD-EFGH-IJKL-MNO1' },
      { code: '123456', recoveryCode: 'ABCDEFGHIJKLMNOP' },
      {},
    ]) {
      expect(SecondFactorRequest.safeParse(bad).success).toBe(false);
    }
  });

  it('re-authenticate with a password or a code, not both', () => {
    expect(ReauthenticateRequest.safeParse({ password: 'x' }).success).toBe(true);
    expect(ReauthenticateRequest.safeParse({ code: '123456' }).success).toBe(true);
    expect(ReauthenticateRequest.safeParse({ password: 'x', code: '123456' }).success).toBe(false);
  });
});
