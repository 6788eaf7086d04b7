import { upstreamOf } from './routes';

describe('gateway routes', () => {
  it.each([
    ['/user/login', 'auth'],
    ['/user/login?x=1', 'auth'],
    ['/auth/me', 'auth'],
    ['/auth', 'auth'],
    ['/audit?type=login.failed', 'auth'],
    ['/user', 'users'],
    ['/user/assign', 'users'],
    ['/users/3/sessions', 'auth'],
    ['/users/3/sessions?x=1', 'auth'],
    ['/users/3/sessionsx', 'users'],
    ['/users/3/impersonate', 'auth'],
    ['/users/3/impersonate?x=1', 'auth'],
    ['/users/3/impersonatex', 'users'],
    ['/users/impersonate', 'users'],
    ['/users/3/disable', 'users'],
    ['/users', 'users'],
    ['/groups', 'users'],
    ['/roles', 'users'],
  ])('sends %s to %s', (path, upstream) => {
    expect(upstreamOf(path)).toBe(upstream);
  });

  it.each(['/username', '/authx', '/auditx', '/user-login', '/health', '/docs/auth', '/'])(
    'does not proxy %s',
    (path) => {
      expect(upstreamOf(path)).toBeUndefined();
    },
  );

  it.each(['/metrics', '/metrics?x=1', '/metrics/anything'])(
    'never proxies %s (metrics stay on METRICS_PORT)',
    (path) => {
      expect(upstreamOf(path)).toBeUndefined();
    },
  );
});
