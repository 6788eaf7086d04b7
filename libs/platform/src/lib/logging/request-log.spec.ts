import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { requestIdMiddleware } from '../http/request-id';
import { setRouteTemplate } from '../http/route-template';
import { createLogger } from './logger';
import { annotateRequestLog, runInRequestContext } from './request-context';
import { requestLogMiddleware } from './request-log';

type Line = Record<string, unknown>;
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

// A real node:http server with the request id and the request log in front of
// `handler`, as the HTTP app mounts them, writing JSON lines to `lines`.
async function serve(handler: Handler, level = 'info', sampleRate = 1) {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Line);
      done();
    },
  });
  const logger = createLogger('test-service', { level: level as 'info', format: 'json', requestSampleRate: 1 }, stream);
  const log = requestLogMiddleware(logger, sampleRate);
  const server = createServer((req, res) =>
    requestIdMiddleware(req, res, () =>
      log(req, res, () => runInRequestContext(String(req.headers['x-request-id']), () => handler(req, res), req)),
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { lines, server, port: (server.address() as AddressInfo).port };
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ port, path, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

// Lines are written when the response closes, a moment after the client has its answer.
async function linesAfter(lines: Line[], count: number): Promise<Line[]> {
  for (let i = 0; i < 100 && lines.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return lines;
}

describe('requestLogMiddleware', () => {
  let server: Server | undefined;
  afterEach(() => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))));

  it('writes one line per answer: id, method, route, path without its query, status, duration, who asked', async () => {
    const app = await serve((req, res) => {
      setRouteTemplate(req, '/groups/:id');
      annotateRequestLog({ userId: 7, session: '01832c60' });
      res.statusCode = 200;
      res.end('{}');
    });
    server = app.server;
    await get(app.port, '/groups/12?token=secret', { 'x-request-id': 'req-12345678', cookie: 'sid=secret' });
    const [line] = await linesAfter(app.lines, 1);
    expect(line).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      service: 'test-service',
      reqId: 'req-12345678',
      method: 'GET',
      route: '/groups/:id',
      path: '/groups/12',
      status: 200,
      durationMs: expect.any(Number),
      userId: 7,
      session: '01832c60',
      msg: 'GET /groups/12 200',
    });
    expect(JSON.stringify(app.lines)).not.toContain('secret');
    expect(line).not.toHaveProperty('aborted');
  });

  it('writes a line for a request whose client went away before the answer', async () => {
    let answered: () => void = () => undefined;
    const app = await serve((_req, res) => {
      answered = () => res.end();
    });
    server = app.server;
    await new Promise<void>((resolve) => {
      const req = request({ port: app.port, path: '/slow', agent: false });
      req.on('error', () => resolve());
      req.end();
      setTimeout(() => req.destroy(), 50);
    });
    const [line] = await linesAfter(app.lines, 1);
    expect(line).toMatchObject({ path: '/slow', aborted: true, msg: 'GET /slow 200' });
    expect(line).not.toHaveProperty('route');
    answered();
  });

  it('keeps passing probes and levels below the floor out, and unexpected 5xx in at any sample rate', async () => {
    const app = await serve(
      (req, res) => {
        res.statusCode = req.url === '/broken' ? 500 : req.url === '/missing' ? 404 : 200;
        res.end();
      },
      'warn',
      0,
    );
    server = app.server;
    for (const path of ['/health', '/fine', '/missing', '/broken']) await get(app.port, path);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(app.lines.map((line) => [line['level'], line['path'], line['status']])).toEqual([['error', '/broken', 500]]);
  });
});
