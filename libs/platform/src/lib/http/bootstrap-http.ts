import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, INestApplication, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger as PinoLogger } from 'pino';
import { HttpExceptionFilter } from '../errors/http-exception.filter';
import { translateBodyParserErrors } from './body-parser-errors';
import { requireJsonBodies } from './content-type';
import { crossOriginProtection } from './cross-origin-protection';
import { PinoNestLogger } from '../logging/nest-logger';
import { runInRequestContext } from '../logging/request-context';
import { requestLogMiddleware } from '../logging/request-log';
import { requestIdMiddleware, requestIdOf } from './request-id';
import { httpMetricsMiddleware } from '../metrics/http-metrics';

export const BODY_LIMIT = '16kb';

export interface HttpAppOptions {
  // Parse JSON bodies (services) or leave the stream untouched (the gateway proxies it).
  parseBodies: boolean;
  // Express `trust proxy`: whose X-Forwarded-* headers to believe.
  trustProxy?: string;
  // Origins allowed to send unsafe cross-origin browser requests (services).
  trustedOrigins?: readonly string[];
  // The app's logger, and the share of request lines written (LOG_REQUEST_SAMPLE_RATE).
  log: { logger: PinoLogger; requestSampleRate: number };
  // Observe every answer in http_server_request_duration_seconds.
  metrics?: boolean;
}

// The one way every app of the mesh becomes an HTTP server: same body limit,
// same error format, same request id and request log lines, shutdown hooks on.
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bodyParser: false, bufferLogs: true });
  app.useLogger(new PinoNestLogger(options.log.logger));
  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  if (options.metrics) app.use(httpMetricsMiddleware());
  app.use(requestLogMiddleware(options.log.logger, options.log.requestSampleRate));
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  if (options.trustedOrigins !== undefined) app.use(crossOriginProtection(options.trustedOrigins));
  if (options.parseBodies) {
    app.use(requireJsonBodies);
    app.useBodyParser('json', { limit: BODY_LIMIT });
    app.use(translateBodyParserErrors);
  }
  // After body parsing: its stream callbacks would lose the async context.
  app.use((req: IncomingMessage, _res: ServerResponse, next: () => void) =>
    runInRequestContext(requestIdOf(req) ?? '', next, req),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  return app;
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
