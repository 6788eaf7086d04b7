import { createServer, Server } from 'node:http';
import { listen, proxyGatewayFor } from './proxy-under-test';

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

    const gateway = await proxyGatewayFor([upstreamUrl]);
    servers.push(gateway.server);
    const gatewayUrl = gateway.url;
    const post = () =>
      fetch(`${gatewayUrl}/groups`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });

    expect((await post()).status).toBe(200);
    // Past the announced timeout less the agent's 1 s margin, before the upstream closes (2 s).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await post()).status).toBe(200);
    expect(connections).toBe(2);
  });
});
