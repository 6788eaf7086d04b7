// Every variant the bench drives: what it measures, the request, the status
// it must answer (any other fails the run), and the processes that serve it
// (`servers`, names given to Processes by run.mjs: their CPU is measured).

const json = { 'content-type': 'application/json' };

/**
 * @param {Record<string, string>} url base URLs by process
 * @param {Record<string, string>} cookie a logged-in cookie by app
 */
export function benchVariants(url, cookie) {
  const get = (id, label, servers, base, path, cookieOf) => ({
    id,
    label,
    servers,
    url: base + path,
    method: 'GET',
    headers: cookieOf ? { cookie: cookieOf } : {},
    expect: 200,
  });
  const users = ['user-service'];
  const auth = ['auth-service'];
  return [
    // The fair protected/public pair: same route shape, same 16-byte body.
    get('users-ping', 'user-service GET /user/ping (public)', users, url.users, '/user/ping'),
    get(
      'users-ping-session',
      'user-service GET /user/ping/session (session)',
      users,
      url.users,
      '/user/ping/session',
      cookie.ours,
    ),
    // The pair of issue 15's anomaly: both refuse the body `[]` with the same 400.
    {
      id: 'users-public',
      label: 'user-service POST /user `[]` (public, 400)',
      servers: users,
      url: `${url.users}/user`,
      method: 'POST',
      headers: json,
      body: '[]',
      expect: 400,
    },
    {
      id: 'users-protected',
      label: 'user-service POST /user/assign `[]` (session, 400)',
      servers: users,
      url: `${url.users}/user/assign`,
      method: 'POST',
      headers: { ...json, cookie: cookie.ours },
      body: '[]',
      expect: 400,
    },
    get('users-groups', 'user-service GET /groups (session, Postgres)', users, url.users, '/groups', cookie.ours),
    get('auth-me', 'auth-service GET /auth/me (ours; logs and metrics on)', auth, url.auth, '/auth/me', cookie.ours),
    get(
      'auth-me-quiet',
      'auth-service GET /auth/me, logs and metrics off',
      ['auth-service-quiet'],
      url.authQuiet,
      '/auth/me',
      cookie.ours,
    ),
    get(
      'auth-me-traced',
      'auth-service GET /auth/me, logs, metrics and tracing on',
      ['auth-service-traced'],
      url.authTraced,
      '/auth/me',
      cookie.ours,
    ),
    get(
      'gateway-me',
      'gateway -> auth-service GET /auth/me',
      ['gateway', ...auth],
      url.gateway,
      '/auth/me',
      cookie.ours,
    ),
    get(
      'node-proxy-me',
      'node:http proxy -> auth-service GET /auth/me',
      ['node-proxy', ...auth],
      url.nodeProxy,
      '/auth/me',
      cookie.ours,
    ),
    ...(url.nginx
      ? [get('nginx-me', 'nginx -> auth-service GET /auth/me', ['nginx', ...auth], url.nginx, '/auth/me', cookie.ours)]
      : []),
    get('ref-none', 'reference Nest on express GET /public/me (no auth)', ['ref-jwt'], url.refJwt, '/public/me'),
    get(
      'ref-session',
      'reference express-session + connect-redis (express)',
      ['ref-express-session'],
      url.refSession,
      '/auth/me',
      cookie.refSession,
    ),
    get('ref-jwt', 'reference JWT HS256 via jose (express)', ['ref-jwt'], url.refJwt, '/auth/me', cookie.refJwt),
    get(
      'ref-fastify-none',
      'reference Nest on fastify GET /public/me (no auth)',
      ['ref-fastify-session'],
      url.refFastifySession,
      '/public/me',
    ),
    get(
      'ref-fastify-session',
      'reference @fastify/session + connect-redis (fastify)',
      ['ref-fastify-session'],
      url.refFastifySession,
      '/auth/me',
      cookie.refFastifySession,
    ),
    get(
      'ref-fastify-getex',
      'reference one-GETEX guard (fastify)',
      ['ref-getex-fastify'],
      url.refGetex,
      '/auth/me',
      cookie.refGetex,
    ),
  ];
}

// Driven again at 10 and 200 connections for the scaling table.
export const SCALING_IDS = [
  'auth-me',
  'ref-session',
  'ref-jwt',
  'ref-fastify-session',
  'gateway-me',
  'node-proxy-me',
  'nginx-me',
];

// Redis commands per request, counted for these.
export const COMMAND_COUNT_IDS = [
  'users-ping-session',
  'users-protected',
  'users-groups',
  'auth-me',
  'gateway-me',
  'ref-session',
  'ref-fastify-session',
  'ref-jwt',
];
// Of those, the ones validated by our session check: exactly 1 command each.
export const VALIDATED_IDS = ['users-ping-session', 'users-protected', 'users-groups', 'auth-me', 'gateway-me'];
