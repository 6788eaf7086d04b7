import type { IncomingMessage } from 'node:http';

const ROUTE = Symbol('route-template');
type WithRoute = IncomingMessage & { [ROUTE]?: string };

// The template of the route that will answer (`/groups/:id/roles`), kept on
// the Node request so the request log and the metrics, which see only Node's
// request and response, can name it. Never a raw path: that would be one
// metric series per id.
export function setRouteTemplate(req: IncomingMessage, route: string | undefined): void {
  if (route !== undefined) (req as WithRoute)[ROUTE] = route;
}

export function routeTemplateOf(req: IncomingMessage): string | undefined {
  return (req as WithRoute)[ROUTE];
}
