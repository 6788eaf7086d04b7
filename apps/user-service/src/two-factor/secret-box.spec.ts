import { randomBytes } from 'node:crypto';
import { AppError } from '@session-mesh/platform';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'totp:7');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed, 'totp:7')).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP', 'totp:7')).not.toBe(sealed);
  });

  it('refuses a value of another user, under another key, or altered', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'totp:7');
    expect(() => box.open(sealed, 'totp:8')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'totp:7')).toThrow();
    const [format, iv, tag, ciphertext] = sealed.split('.');
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open([format, iv, tag, flipped.toString('base64url')].join('.'), 'totp:7')).toThrow();
  });

  it('answers 503 second_factor_unavailable without a key', () => {
    const error = (() => {
      try {
        new SecretBox(undefined).seal('x', 'totp:1');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'second_factor_unavailable', status: 503 });
  });
});
