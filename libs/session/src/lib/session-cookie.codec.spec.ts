import {
  clearSessionCookie,
  CookieRead,
  readSessionCookie,
  serializeSessionCookie,
  setsSessionCookie,
} from './session-cookie.codec';

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

// The slicing version this replaced, kept to hold the in-place scan to the same answers.
function readBySlicing(header: string | undefined, name: string): CookieRead {
  if (!header || header.length > 8192) return { kind: 'none' };
  let found: string | undefined;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq !== -1 && eq < end && header.slice(start, eq).trim() === name) {
      if (found !== undefined) return { kind: 'duplicate' };
      found = header.slice(eq + 1, end).trim();
    }
    start = end + 1;
  }
  return found === undefined ? { kind: 'none' } : { kind: 'token', value: found };
}

describe('readSessionCookie against the slicing reference', () => {
  it.each([
    ' sid = abc ',
    '\tsid=abc',
    '\u00a0sid=abc;',
    'sid x=abc',
    'a=sid=abc',
    '=sid; sid',
    'sid',
    'sid=',
    ';;sid=a;;',
    'sid=a=b',
    'sid\u2028=abc',
    'sid\u200b=abc',
    'SID=abc',
    'sid=a; sid =b',
  ])('agrees on %j', (header) => {
    expect(readSessionCookie(header, 'sid')).toEqual(readBySlicing(header, 'sid'));
  });

  it('agrees on random headers', () => {
    const parts = ['sid', 'sidx', 'xsid', '=', ';', ' ', '\t', '\u00a0', '\u200b', 'abc', 'a=1', 'sid=tok', '"'];
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      let header = '';
      const length = Math.floor(next() * 12);
      for (let j = 0; j < length; j++) header += parts[Math.floor(next() * parts.length)];
      expect({ header, read: readSessionCookie(header, 'sid') }).toEqual({
        header,
        read: readBySlicing(header, 'sid'),
      });
    }
  });
});

describe('serializeSessionCookie', () => {
  it('sets HttpOnly, SameSite=Lax and Path=/, and Secure only when asked', () => {
    expect(serializeSessionCookie({ name: 'sid', secure: false }, 'tok', 60)).toBe(
      'sid=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=60',
    );
    expect(serializeSessionCookie({ name: 'sid', secure: true }, 'tok', 60)).toMatch(/; Secure$/);
  });

  it('makes a browser-session cookie (no Max-Age, no Expires) without a lifetime', () => {
    expect(serializeSessionCookie({ name: 'sid', secure: false }, 'tok')).toBe(
      'sid=tok; Path=/; HttpOnly; SameSite=Lax',
    );
  });

  it('meets the __Host- prefix rules: Secure, Path=/ and no Domain', () => {
    const cookie = serializeSessionCookie({ name: '__Host-sid', secure: true }, 'tok', 60);
    expect(cookie).toBe('__Host-sid=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure');
    expect(cookie).not.toMatch(/domain/i);
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
