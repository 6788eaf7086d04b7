import type { IncomingMessage, ServerResponse } from 'node:http';
import { routeTemplateOf } from '../http/route-template';
import { histogram, REQUEST_BUCKETS, secondsSince } from './metrics';

const requestDuration = histogram({
  name: 'http_server_request_duration_seconds',
  help: 'HTTP requests answered, by method, route template (the upstream service in the gateway) and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: REQUEST_BUCKETS,
});

const ROUTE = Symbol('metrics-route');
interface MeasuredRequest extends IncomingMessage {
  [ROUTE]?: string;
}

// For requests no route answers (the gateway's proxies): the label
// to count them under. Never a raw path: that would be one series per id.
export function setMetricsRoute(req: IncomingMessage, route: string): void {
  (req as MeasuredRequest)[ROUTE] = route;
}

// One observation per answered request, when the answer is finished. A path
// no route matched is counted as `unmatched` (scanners cannot add series).
export function httpMetricsMiddleware() {
  return (req: MeasuredRequest, res: ServerResponse, next: () => void): void => {
    const started = performance.now();
    res.once('finish', () => {
      const route = req[ROUTE] ?? routeTemplateOf(req) ?? 'unmatched';
      requestDuration.observe({ method: req.method ?? 'OTHER', route, status: res.statusCode }, secondsSince(started));
    });
    next();
  };
}
