import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from '../config/gateway.config';
import { SERVICES } from '../services';
import { createServiceProxies } from './proxy';

// For the proxy's real-HTTP specs: servers on free ports, and the gateway's
// proxies alone (no Nest app) in front of the given replicas.

export async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// Every service routed to the same replicas; anything unrouted answers 404.
export async function proxyGatewayFor(replicas: string[]): Promise<{ url: string; server: Server }> {
  const config = {
    http: { port: 0 },
    log: { level: 'silent', format: 'json', requestSampleRate: 1 },
    metrics: { port: undefined },
    upstreams: Object.fromEntries(SERVICES.map((service) => [service.name, replicas])),
    upstreamProbeIntervalMs: 60_000,
    consoleDir: '',
    sessionCookieName: 'sid',
  } satisfies GatewayConfig;
  const handler = createServiceProxies(config);
  const server = createServer((req, res) => handler(req, res, () => res.writeHead(404).end()));
  return { url: await listen(server), server };
}
