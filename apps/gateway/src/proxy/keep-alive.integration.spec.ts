import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from '../config/gateway.config';
import { SERVICES } from '../services';
import { createServiceProxies } from './proxy';

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// An upstream closes an idle keep-alive connection after its keepAliveTimeout
// (announced as `Keep-Alive: timeout=N`). A gateway that reuses the connection
// at that moment gets ECONNRESET, and a POST answers 503: the gateway must
// let go of idle connections before the upstream does.
describe('gateway keep-alive to the services (real HTTP)', () => {
  const servers: Server[] = [];
  afterAll(() => {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  });

  it("drops an idle upstream connection before the upstream's announced keep-alive timeout", async () => {
    const upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.setHeader('content-type', 'application/json').end('{}'));
    });
    upstream.keepAliveTimeout = 2000;
    let connections = 0;
    upstream.on('connection', () => connections++);
    servers.push(upstream);
    const upstreamUrl = await listen(upstream);

    const config = {
      http: { port: 0 },
      log: { level: 'silent', format: 'json', requestSampleRate: 1 },
      metrics: { port: undefined },
      upstreams: Object.fromEntries(SERVICES.map((service) => [service.name, [upstreamUrl]])),
      upstreamProbeIntervalMs: 60_000,
      sessionCookieName: 'sid',
    } satisfies GatewayConfig;
    const handler = createServiceProxies(config) as unknown as (
      req: IncomingMessage,
      res: ServerResponse,
      next: () => void,
    ) => void;
    const gateway = createServer((req, res) => handler(req, res, () => res.writeHead(404).end()));
    servers.push(gateway);
    const gatewayUrl = await listen(gateway);
    const post = () =>
      fetch(`${gatewayUrl}/groups`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });

    expect((await post()).status).toBe(200);
    // Past the announced timeout less the agent's 1 s margin, before the upstream closes (2 s).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await post()).status).toBe(200);
    expect(connections).toBe(2);
  });
});
