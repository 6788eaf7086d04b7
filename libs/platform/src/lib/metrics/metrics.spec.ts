import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { setRouteTemplate } from '../http/route-template';
import { httpMetricsMiddleware, setMetricsRoute } from './http-metrics';
import { counter } from './metrics';
import { toMetricsConfig } from './metrics-config';
import { startMetricsServer, stopMetricsServer } from './metrics-server';

async function countOf(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await register.getSingleMetric(name)?.get();
  const match = metric?.values.find(
    (value) =>
      // A histogram's values carry their sample's name (`_bucket`, `_sum`, `_count`).
      ((value as { metricName?: string }).metricName ?? name).endsWith('_count') &&
      Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected),
  );
  return match?.value ?? 0;
}

// `route`: the template of the route that answers, as the HTTP app records it.
function answer({ route, ...req }: Partial<IncomingMessage> & { route?: { path: string } }, status: number): void {
  const res = Object.assign(new EventEmitter(), { statusCode: status }) as unknown as ServerResponse;
  setRouteTemplate(req as IncomingMessage, route?.path);
  httpMetricsMiddleware()(req as IncomingMessage, res, () => undefined);
  res.emit('finish');
}

describe('metrics', () => {
  it('returns the series already registered under a name instead of throwing', () => {
    const first = counter({ name: 'test_things_total', help: 'things' });
    expect(counter({ name: 'test_things_total', help: 'things' })).toBe(first);
  });

  it('counts requests by route template, the route set by the app, or unmatched; never the raw path', async () => {
    const template = { method: 'GET', route: '/users/:id', status: '200' };
    const before = await countOf('http_server_request_duration_seconds', template);
    answer({ method: 'GET', url: '/users/42', route: { path: '/users/:id' } }, 200);
    expect(await countOf('http_server_request_duration_seconds', template)).toBe(before + 1);

    const proxied = { method: 'POST', url: '/user/login' } as IncomingMessage;
    setMetricsRoute(proxied, 'auth-service');
    answer(proxied, 401);
    expect(
      await countOf('http_server_request_duration_seconds', { route: 'auth-service', status: '401' }),
    ).toBeGreaterThanOrEqual(1);

    answer({ method: 'GET', url: '/wp-admin/123' }, 404);
    expect(
      await countOf('http_server_request_duration_seconds', { route: 'unmatched', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    const routes = (await register.getSingleMetric('http_server_request_duration_seconds')?.get())?.values.map(
      (value) => value.labels['route'],
    );
    expect(routes).not.toContain('/users/42');
    expect(routes).not.toContain('/wp-admin/123');
  });

  it('serves /metrics with the service label on its own listener, 404 elsewhere', async () => {
    const server = await startMetricsServer('test-service', 0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(metrics.headers.get('connection')).toBe('close');
      const body = await metrics.text();
      expect(body).toContain('process_cpu_user_seconds_total{service="test-service"}');
      expect(body).toContain('# TYPE http_server_request_duration_seconds histogram');
      expect((await fetch(`${base}/`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
    } finally {
      stopMetricsServer(server);
      register.setDefaultLabels({});
    }
  });
});

describe('toMetricsConfig', () => {
  it('listens on METRICS_PORT, on 9464 in production, nowhere otherwise unless enabled', () => {
    expect(toMetricsConfig({ NODE_ENV: 'test', METRICS_PORT: 9100 })).toEqual({ port: 9100 });
    expect(toMetricsConfig({ NODE_ENV: 'production' })).toEqual({ port: 9464 });
    expect(toMetricsConfig({ NODE_ENV: 'development' })).toEqual({ port: undefined });
    expect(toMetricsConfig({ NODE_ENV: 'development', METRICS_ENABLED: true })).toEqual({ port: 9464 });
    expect(toMetricsConfig({ NODE_ENV: 'production', METRICS_ENABLED: false, METRICS_PORT: 9100 })).toEqual({
      port: undefined,
    });
  });
});
