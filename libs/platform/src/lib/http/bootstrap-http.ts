import { DynamicModule, INestApplication, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger as PinoLogger } from 'pino';
import { HttpExceptionFilter } from '../errors/http-exception.filter';
import { requireJsonBodies } from './content-type';
import { crossOriginProtection } from './cross-origin-protection';
import { serverRefusingUndecodablePaths } from './framework-errors';
import { BODY_LIMIT_BYTES, leaveBodiesUnread, useJsonBodies } from './json-body';
import { PinoNestLogger } from '../logging/nest-logger';
import { resumeRequestContext, runInRequestContext } from '../logging/request-context';
import { requestLogMiddleware } from '../logging/request-log';
import { requestIdMiddleware, requestIdOf } from './request-id';
import { setRouteTemplate } from './route-template';
import { httpMetricsMiddleware } from '../metrics/http-metrics';

export { BODY_LIMIT, BODY_LIMIT_BYTES } from './json-body';

export interface HttpAppOptions {
  // Parse JSON bodies (services) or leave the stream untouched (the gateway proxies it).
  parseBodies: boolean;
  // fastify `trustProxy`: whose X-Forwarded-* headers to believe.
  trustProxy?: string;
  // Origins allowed to send unsafe cross-origin browser requests (services).
  trustedOrigins?: readonly string[];
  // Requests the cross-origin check lets through from anywhere: those without
  // an ambient credential (a bearer token and no session cookie).
  withoutAmbientCredential?: (headers: IncomingHttpHeaders) => boolean;
  // The app's logger, and the share of request lines written (LOG_REQUEST_SAMPLE_RATE).
  log: { logger: PinoLogger; requestSampleRate: number };
  // Observe every answer in http_server_request_duration_seconds.
  metrics?: boolean;
}

type Hook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;
type NodeMiddleware = (req: FastifyRequest['raw'], res: FastifyReply['raw'], next: () => void) => void;

// Node-level middleware (the request log line, the metrics timer) as a fastify hook.
const onNode =
  (middleware: NodeMiddleware): Hook =>
  (request, reply, done) =>
    middleware(request.raw, reply.raw, done);

// The one way every app of the mesh becomes an HTTP server: same body limit,
// same error format, same request id and request log lines, shutdown hooks on.
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    ...(options.trustProxy !== undefined && { trustProxy: options.trustProxy }),
    // As on express: `/auth/me/` is `/auth/me`, and a long id reaches validation (400), not a 414.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 8192 },
    serverFactory: serverRefusingUndecodablePaths,
  });
  // Nest's own request hook: it runs before every other one, middie's (the gateway's proxy) included.
  adapter.setOnRequestHook(inOrder(requestHooks(options)));
  if (options.parseBodies) {
    const fastify = adapter.getInstance();
    useJsonBodies(fastify);
    // Reading the body loses the async context: the handler gets it back.
    fastify.addHook('preHandler', (request, _reply, done) => resumeRequestContext(request.raw, done));
  } else {
    leaveBodiesUnread(adapter.getInstance());
  }
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(new PinoNestLogger(options.log.logger));
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  return app;
}

// What every request goes through first, in this order.
function requestHooks(options: HttpAppOptions): Hook[] {
  return [
    (request, reply, done) => {
      if (!request.is404) setRouteTemplate(request.raw, request.routeOptions.url);
      requestIdMiddleware(request.raw, reply.raw, done);
    },
    ...(options.metrics ? [onNode(httpMetricsMiddleware())] : []),
    onNode(requestLogMiddleware(options.log.logger, options.log.requestSampleRate)),
    ...(options.trustedOrigins !== undefined
      ? [crossOriginProtection(options.trustedOrigins, options.withoutAmbientCredential)]
      : []),
    ...(options.parseBodies ? [requireJsonBodies] : []),
    (request, _reply, done) => runInRequestContext(requestIdOf(request.raw) ?? '', done, request.raw),
  ];
}

function inOrder(hooks: Hook[]): Hook {
  return (request, reply, done) => {
    let index = 0;
    const next = (error?: Error) => {
      const hook = hooks[index++];
      if (error || !hook) return done(error);
      hook(request, reply, next);
    };
    next();
  };
}

// A dependency that blips must never take a process down; log it and go on.
export function keepProcessAlive(logger = new Logger('Process')): void {
  process.on('unhandledRejection', (reason) => {
    logger.error(`Unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
  });
}

export async function listen(app: INestApplication, port: number, name: string): Promise<void> {
  await app.listen(port, '0.0.0.0');
  new Logger(name).log(`listening on http://127.0.0.1:${port}`);
}
