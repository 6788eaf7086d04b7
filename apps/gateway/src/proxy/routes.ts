import type { UpstreamName } from '../config/gateway.config';

// Which service owns a path. The first match wins, so the more specific
// `/user/login` (auth-service) comes before `/user` (user-service).
export const ROUTES: ReadonlyArray<{ upstream: UpstreamName; prefix: string }> = [
  { upstream: 'auth', prefix: '/user/login' },
  { upstream: 'auth', prefix: '/auth' },
  { upstream: 'users', prefix: '/user' },
  { upstream: 'users', prefix: '/users' },
  { upstream: 'users', prefix: '/groups' },
  { upstream: 'users', prefix: '/roles' },
];

// `/user` matches `/user`, `/user/assign` and `/user?x`, never `/username`.
export function matchesPrefix(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === '' || next === '/' || next === '?';
}

export function upstreamOf(path: string): UpstreamName | undefined {
  return ROUTES.find((route) => matchesPrefix(path, route.prefix))?.upstream;
}
