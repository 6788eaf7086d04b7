import { clearSessionCookie, readSessionCookie, serializeSessionCookie, setsSessionCookie } from './session-cookie';

describe('readSessionCookie', () => {
  it('finds the named cookie among others', () => {
    expect(readSessionCookie('a=1; sid=abc; b=2', 'sid')).toEqual({ kind: 'token', value: 'abc' });
    expect(readSessionCookie('sid=abc', 'sid')).toEqual({ kind: 'token', value: 'abc' });
  });

  it('does not confuse cookies whose names contain the name', () => {
    expect(readSessionCookie('xsid=abc; sidx=def', 'sid')).toEqual({ kind: 'none' });
  });

  it('reports no cookie for a missing or empty header', () => {
    expect(readSessionCookie(undefined, 'sid')).toEqual({ kind: 'none' });
    expect(readSessionCookie('', 'sid')).toEqual({ kind: 'none' });
    expect(readSessionCookie('other=1', 'sid')).toEqual({ kind: 'none' });
  });

  it('refuses a duplicated session cookie instead of picking one', () => {
    expect(readSessionCookie('sid=abc; sid=def', 'sid')).toEqual({ kind: 'duplicate' });
  });

  it('ignores oversized headers', () => {
    expect(readSessionCookie(`sid=abc; pad=${'x'.repeat(9000)}`, 'sid')).toEqual({ kind: 'none' });
  });
});

describe('serializeSessionCookie', () => {
  it('sets HttpOnly, SameSite=Lax and Path=/, and Secure only when asked', () => {
    expect(serializeSessionCookie({ name: 'sid', secure: false }, 'tok', 60)).toBe(
      'sid=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=60',
    );
    expect(serializeSessionCookie({ name: 'sid', secure: true }, 'tok', 60)).toMatch(/; Secure$/);
  });

  it('clears with an empty value that expires now', () => {
    expect(clearSessionCookie({ name: 'sid', secure: false })).toMatch(/^sid=; .*Max-Age=0; Expires=Thu, 01 Jan 1970/);
  });
});

describe('setsSessionCookie', () => {
  it('recognises a Set-Cookie of the session cookie, and only that one', () => {
    expect(setsSessionCookie('sid=abc; Path=/; HttpOnly', 'sid')).toBe(true);
    expect(setsSessionCookie('sid=; Max-Age=0', 'sid')).toBe(true);
    expect(setsSessionCookie('sidx=abc; Path=/', 'sid')).toBe(false);
    expect(setsSessionCookie('theme=dark; Path=/; sid=abc', 'sid')).toBe(false);
  });
});
