import { stripForgeableHeaders } from './forwarded-headers';

describe('stripForgeableHeaders', () => {
  it('removes identity and forwarding headers a client could forge, and keeps the rest', () => {
    const headers = {
      cookie: 'sid=abc',
      authorization: 'Bearer abc',
      'content-type': 'application/json',
      'x-request-id': 'req-12345678',
      'x-user-id': '1',
      'x-user': 'admin',
      'x-forwarded-user': 'admin',
      'x-forwarded-for': '1.2.3.4',
      'x-forwarded-host': 'evil.example',
      forwarded: 'for=1.2.3.4',
      'x-real-ip': '1.2.3.4',
      'x-roles': 'ASSIGN_USERS',
      'x-auth-request-user': 'admin',
      'remote-user': 'admin',
      connection: 'keep-alive, x-secret-hop',
      'x-secret-hop': '1',
      'keep-alive': 'timeout=5',
      'proxy-authorization': 'Basic abc',
      te: 'trailers',
      upgrade: 'h2c',
    };
    stripForgeableHeaders(headers);
    // The session travels on (a cookie or a bearer token); only the gateway's own hop loses Proxy-Authorization.
    expect(headers).toEqual({
      cookie: 'sid=abc',
      authorization: 'Bearer abc',
      'content-type': 'application/json',
      'x-request-id': 'req-12345678',
    });
  });
});
