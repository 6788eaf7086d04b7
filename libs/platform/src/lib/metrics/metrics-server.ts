import { Logger } from '@nestjs/common';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { collectDefaultMetrics, register } from 'prom-client';

let defaultsCollected = false;

// The app's metrics listener: GET /metrics in Prometheus' text format, 404 for
// anything else. A port of its own, apart from the app's HTTP port: nothing
// the gateway proxies can reach it, and only the scraper's network needs it.
// Process and Node metrics (collectDefaultMetrics) and every series carry
// `service`, the app's name.
export async function startMetricsServer(service: string, port: number, host = '0.0.0.0'): Promise<Server> {
  register.setDefaultLabels({ service });
  if (!defaultsCollected) {
    collectDefaultMetrics({ register });
    defaultsCollected = true;
  }
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found\n');
      return;
    }
    register.metrics().then(
      // No keep-alive: a scrape every few seconds gains nothing from it, and a
      // scraper reusing a connection as the idle timeout closes it fails.
      (body) => res.writeHead(200, { 'content-type': register.contentType, connection: 'close' }).end(body),
      (error: unknown) => {
        new Logger('Metrics').error(`collecting metrics failed: ${String(error)}`);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('collecting metrics failed\n');
      },
    );
  });
  server.listen(port, host);
  await once(server, 'listening');
  // Never the reason a stopping process stays up.
  server.unref();
  new Logger(service).log(`metrics on http://127.0.0.1:${port}/metrics`);
  return server;
}

export function stopMetricsServer(server: Server): void {
  server.close();
  server.closeAllConnections();
}
