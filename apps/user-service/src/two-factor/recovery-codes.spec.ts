import { RecoveryCodeInput } from '@session-mesh/contracts';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes';

describe('recovery codes', () => {
  it('are ten different codes of 16 base32 characters in four groups', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
  });

  it('hash the same however the user types them (case, dashes, spaces)', () => {
    const [code] = newRecoveryCodes();
    const typed = RecoveryCodeInput.parse(` ${code.toLowerCase().replace(/-/g, ' ')} `);
    expect(hashRecoveryCode(typed)).toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(newRecoveryCodes()[0])).not.toBe(hashRecoveryCode(code));
  });
});
