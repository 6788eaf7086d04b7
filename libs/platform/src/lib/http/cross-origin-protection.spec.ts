import { fastify, type FastifyInstance } from 'fastify';
import { crossOriginProtection } from './cross-origin-protection';

describe('crossOriginProtection (real HTTP)', () => {
  let server: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    server = fastify({ trustProxy: 'loopback' });
    server.addHook('onRequest', crossOriginProtection(['https://trusted.example']));
    server.all('/', (_req, reply) => reply.status(200).send());
    server.setErrorHandler((error: { code?: string }, _req, reply) => reply.status(403).send({ code: error.code }));
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(() => server.close());

  const status = async (method: string, headers: Record<string, string>) =>
    (await fetch(base, { method, headers })).status;

  it.each([
    ['no browser headers (curl, services)', 'POST', {}, 200],
    ['a safe method from anywhere', 'GET', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, 200],
    ['Sec-Fetch-Site same-origin', 'POST', { 'sec-fetch-site': 'same-origin', origin: 'https://x.example' }, 200],
    ['Sec-Fetch-Site none (typed URL, bookmark)', 'DELETE', { 'sec-fetch-site': 'none' }, 200],
    ['Sec-Fetch-Site cross-site', 'POST', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, 403],
    ['Sec-Fetch-Site same-site', 'PUT', { 'sec-fetch-site': 'same-site', origin: 'https://sub.example' }, 403],
    [
      'a trusted origin, even cross-site',
      'POST',
      { 'sec-fetch-site': 'cross-site', origin: 'https://trusted.example' },
      200,
    ],
    ['an old browser: Origin only, foreign', 'POST', { origin: 'https://evil.example' }, 403],
    ['an old browser: Origin only, own host', 'POST', { origin: 'http://HOST' }, 200],
    ['an old browser: Origin null', 'POST', { origin: 'null' }, 403],
    [
      'own host taken from X-Forwarded-Host of a trusted proxy',
      'POST',
      { origin: 'https://gw.example', 'x-forwarded-host': 'gw.example' },
      200,
    ],
  ])('%s', async (_name, method, headers, expected) => {
    const resolved = Object.fromEntries(
      Object.entries(headers as Record<string, string>).map(([k, v]) => [k, v.replace('HOST', new URL(base).host)]),
    );
    expect(await status(method as string, resolved)).toBe(expected);
  });
});

describe('crossOriginProtection with requests that carry no ambient credential (real HTTP)', () => {
  let server: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    server = fastify();
    // libs/session passes isBearerOnlyRequest; any predicate on the headers will do here.
    server.addHook(
      'onRequest',
      crossOriginProtection([], (headers) => headers.authorization === 'Bearer ok' && headers.cookie === undefined),
    );
    server.all('/', (_req, reply) => reply.status(200).send());
    server.setErrorHandler((error: { code?: string }, _req, reply) => reply.status(403).send({ code: error.code }));
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(() => server.close());

  const crossSite = { 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' };

  it.each([
    ['passes a cross-site request the predicate exempts', { ...crossSite, authorization: 'Bearer ok' }, 200],
    ['checks one the predicate does not exempt', { ...crossSite, authorization: 'Bearer ok', cookie: 'sid=x' }, 403],
    ['checks one without the header', crossSite, 403],
  ])('%s', async (_name, headers, expected) => {
    expect((await fetch(base, { method: 'POST', headers })).status).toBe(expected);
  });
});
