import { createHash, randomBytes } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// Ten codes of 80 random bits (16 base32 characters, shown as four groups).
// That much entropy makes a plain SHA-256 enough to store them: no guess list
// reaches 2^80, so the slow hash passwords need (argon2) would only cost each
// login attempt ten slow verifies. Stored hashes are of the normalized code
// (no dashes, upper case), as contracts' RecoveryCodeInput delivers it.
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    let bits = 0n;
    for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
    let code = '';
    for (let i = 15; i >= 0; i--) code += BASE32[Number((bits >> BigInt(i * 5)) & 31n)];
    return code.match(/.{4}/g)?.join('-') ?? code;
  });
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.replace(/-/g, '').toUpperCase()).digest('hex');
}
