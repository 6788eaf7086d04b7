import type { UpstreamName } from '../config/gateway.config';

// Which service owns a path. The first match wins, so the more specific
// `/user/login` (auth-service) comes before `/user` (user-service).
export const ROUTES: ReadonlyArray<{ upstream: UpstreamName; prefix: string | RegExp }> = [
  { upstream: 'auth', prefix: '/user/login' },
  // Sessions are auth-service's, even under the user API.
  { upstream: 'auth', prefix: /^\/users\/[^/?]+\/sessions(?=$|[/?])/ },
  { upstream: 'auth', prefix: '/auth' },
  { upstream: 'users', prefix: '/user' },
  { upstream: 'users', prefix: '/users' },
  { upstream: 'users', prefix: '/groups' },
  { upstream: 'users', prefix: '/roles' },
];

// `/user` matches `/user`, `/user/assign` and `/user?x`, never `/username`.
export function matchesPrefix(path: string, prefix: string | RegExp): boolean {
  if (prefix instanceof RegExp) return prefix.test(path);
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === '' || next === '/' || next === '?';
}

export function upstreamOf(path: string): UpstreamName | undefined {
  return ROUTES.find((route) => matchesPrefix(path, route.prefix))?.upstream;
}
