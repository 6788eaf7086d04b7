import { isBearerOnlyRequest, readBearerToken, readSessionCredential } from './session-credential';
import { generateSessionToken } from './session-token';

describe('the session credential of a request', () => {
  const token = generateSessionToken();

  it.each([
    ['nothing', {}, { kind: 'none' }],
    ['a cookie', { cookie: `a=1; sid=${token}` }, { kind: 'token', value: token, transport: 'cookie' }],
    ['a bearer token', { authorization: `Bearer ${token}` }, { kind: 'token', value: token, transport: 'bearer' }],
    [
      'a bearer token and other cookies',
      { authorization: `Bearer ${token}`, cookie: 'sid_device=x; theme=1' },
      { kind: 'token', value: token, transport: 'bearer' },
    ],
    ['both', { authorization: `Bearer ${token}`, cookie: `sid=${token}` }, { kind: 'ambiguous' }],
    ['both, the cookie malformed', { authorization: `Bearer ${token}`, cookie: 'sid=x' }, { kind: 'ambiguous' }],
    ['a malformed bearer token', { authorization: 'Bearer x' }, { kind: 'invalid', transport: 'bearer' }],
    ['two session cookies', { cookie: `sid=${token}; sid=${token}` }, { kind: 'invalid', transport: 'cookie' }],
    ['another scheme', { authorization: `Basic ${token}` }, { kind: 'none' }],
  ])('%s', (_name, headers, expected) => {
    expect(readSessionCredential(headers, 'sid')).toEqual(expected);
  });

  it('reads the Bearer scheme in any case, with one or more spaces', () => {
    expect(readBearerToken('bEaReR   abc')).toBe('abc');
    expect(readBearerToken('Bearerabc')).toBeUndefined();
    expect(readBearerToken('Bearer')).toBe('');
    expect(readBearerToken(undefined)).toBeUndefined();
  });

  it('exempts from the cross-origin check only a well-formed bearer token without a session cookie', () => {
    const exempt = isBearerOnlyRequest('__Host-sid');
    expect(exempt({ authorization: `Bearer ${token}` })).toBe(true);
    expect(exempt({ authorization: `Bearer ${token}`, cookie: `__Host-sid=${token}` })).toBe(false);
    expect(exempt({ authorization: 'Bearer short' })).toBe(false);
    expect(exempt({ cookie: `__Host-sid=${token}` })).toBe(false);
  });
});
