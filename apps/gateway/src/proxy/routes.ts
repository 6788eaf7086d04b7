import type { UpstreamName } from '../config/gateway.config';
import { SERVICES } from '../services';

// Which service owns a path: every service's routes, in services.ts's order.
// The first match wins, so the more specific `/user/login` (auth-service)
// comes before `/user` (user-service).
export const ROUTES: ReadonlyArray<{ upstream: UpstreamName; prefix: string | RegExp }> = SERVICES.flatMap((service) =>
  service.routes.map((prefix) => ({ upstream: service.name, prefix })),
);

// `/user` matches `/user`, `/user/assign` and `/user?x`, never `/username`.
export function matchesPrefix(path: string, prefix: string | RegExp): boolean {
  if (prefix instanceof RegExp) return prefix.test(path);
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === '' || next === '/' || next === '?';
}

// Never proxied, whatever a service's routes say: metrics are served on each
// app's METRICS_PORT only, and the public port answers 404 here.
export const RESERVED_PATHS: readonly string[] = ['/metrics'];

export function upstreamOf(path: string): UpstreamName | undefined {
  if (RESERVED_PATHS.some((reserved) => matchesPrefix(path, reserved))) return undefined;
  return ROUTES.find((route) => matchesPrefix(path, route.prefix))?.upstream;
}
