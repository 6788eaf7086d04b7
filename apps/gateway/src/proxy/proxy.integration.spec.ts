import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { listen, proxyGatewayFor } from './proxy-under-test';

// Real HTTP: a gateway handler in front of replicas that are live, dead
// (nothing listening) or dying (they drop the connection mid-request).
type Behaviour = 'answer' | 'drop';

async function replica(name: string, behaviour: { current: Behaviour }): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (behaviour.current === 'drop') return req.socket.destroy();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ replica: name, method: req.method, forwardedFor: req.headers['x-forwarded-for'] }));
    });
  });
  return { url: await listen(server), server };
}

async function deadUrl(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  server.close();
  await once(server, 'close');
  return url;
}

async function call(base: string, method: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}/groups`, {
    method,
    ...(method === 'POST' && { body: '{}', headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('gateway proxy over several replicas (real HTTP)', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      server.close();
    }
  });
  const track = <T extends { server: Server }>(started: T): T => {
    servers.push(started.server);
    return started;
  };

  it('spreads requests over the replicas', async () => {
    const one = track(await replica('one', { current: 'answer' }));
    const two = track(await replica('two', { current: 'answer' }));
    const gateway = track(await proxyGatewayFor([one.url, two.url]));
    const seen = new Set<unknown>();
    for (let i = 0; i < 4; i++) seen.add((await call(gateway.url, 'GET')).body['replica']);
    expect(seen).toEqual(new Set(['one', 'two']));
  });

  it('retries a GET on another replica when one refuses connections, and then leaves it out', async () => {
    const live = track(await replica('live', { current: 'answer' }));
    const gateway = track(await proxyGatewayFor([await deadUrl(), live.url]));
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await call(gateway.url, 'GET'));
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(results.map((result) => result.body['replica']))).toEqual(new Set(['live']));
    // X-Forwarded-For is set once even when the request went to two replicas.
    expect(results.every((result) => !String(result.body['forwardedFor']).includes(','))).toBe(true);
  });

  it('answers 503 to a POST that met a dead replica (no retry: the body is gone), and sends the next ones to a live one', async () => {
    const live = track(await replica('live', { current: 'answer' }));
    const gateway = track(await proxyGatewayFor([await deadUrl(), live.url]));
    const first = await call(gateway.url, 'POST');
    expect(first.status).toBe(503);
    expect(first.body['code']).toBe('upstream_unavailable');
    for (let i = 0; i < 4; i++)
      expect(await call(gateway.url, 'POST')).toMatchObject({ status: 200, body: { replica: 'live' } });
  });

  it('retries a GET whose replica dropped the connection mid-request, but not a POST', async () => {
    const dying = track(await replica('dying', { current: 'drop' }));
    const live = track(await replica('live', { current: 'answer' }));
    const gateway = track(await proxyGatewayFor([dying.url, live.url]));
    expect(await call(gateway.url, 'GET')).toMatchObject({ status: 200, body: { replica: 'live' } });
    // Round robin: this POST goes to the dying replica, which accepts and drops it.
    const post = await call(gateway.url, 'POST');
    expect(post.status).toBe(503);
  });
});
