import { generateSessionToken, isWellFormedSessionToken, sessionIdOf } from './session-token';

describe('session tokens', () => {
  it('are 32 random bytes in base64url, different every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, generateSessionToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(isWellFormedSessionToken(token)).toBe(true);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('refuses anything of another shape', () => {
    const token = generateSessionToken();
    expect(isWellFormedSessionToken(token.slice(1))).toBe(false);
    expect(isWellFormedSessionToken(token + 'A')).toBe(false);
    expect(isWellFormedSessionToken(token.slice(1) + '=')).toBe(false);
    expect(isWellFormedSessionToken('')).toBe(false);
  });

  it('are stored under their sha256, never as themselves', () => {
    expect(sessionIdOf('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
