import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Level, LevelWithSilent, Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { requestIdOf } from '../http/request-id';
import { routeTemplateOf } from '../http/route-template';
import { requestLogFieldsOf } from './request-context';

type LoggedRequest = IncomingMessage;

// One line per answered request (pino-http): request id, method, route,
// status, duration, and who asked (user id, session id prefix) where a
// session was checked. Never headers, bodies or query strings, so no token,
// cookie or password can reach the log.
export function requestLogMiddleware(logger: Logger, sampleRate: number) {
  const line = (req: LoggedRequest, res: ServerResponse, value: { responseTime: number }) => ({
    method: req.method,
    ...routeField(req),
    path: pathOf(req),
    status: res.statusCode,
    durationMs: value.responseTime,
    ...requestLogFieldsOf(req),
  });
  const message = (req: LoggedRequest, res: ServerResponse) => `${req.method} ${pathOf(req)} ${res.statusCode}`;
  return pinoHttp<LoggedRequest, ServerResponse>({
    logger,
    genReqId: (req) => requestIdOf(req) ?? randomUUID(),
    // Bind only the id: pino-http would otherwise attach the request with its headers.
    quietReqLogger: true,
    quietResLogger: true,
    serializers: { req: () => undefined, res: () => undefined },
    customLogLevel: (req, res) =>
      PROBES.has(pathOf(req)) && res.statusCode < 400 ? 'debug' : requestLogLevel(res.statusCode, sampleRate),
    customSuccessObject: line,
    // A 5xx line carries no stack: the error filter logged an unexpected one once.
    customErrorObject: (req, res, _error, value: { responseTime: number }) => line(req, res, value),
    customSuccessMessage: message,
    customErrorMessage: message,
  });
}

// Health checks every few seconds would drown the log: a passing one is debug.
const PROBES = new Set(['/health', '/ready']);

// Unexpected failures (5xx but 503) are always written; every other answer,
// a 503 of a known outage included, as often as LOG_REQUEST_SAMPLE_RATE says.
export function requestLogLevel(status: number, sampleRate: number, random = Math.random): LevelWithSilent {
  const level: Level = status >= 500 ? (status === 503 ? 'warn' : 'error') : status >= 400 ? 'warn' : 'info';
  if (level === 'error' || sampleRate >= 1) return level;
  return random() < sampleRate ? level : 'silent';
}

function routeField(req: IncomingMessage): { route?: string } {
  const route = routeTemplateOf(req);
  return route === undefined ? {} : { route };
}

function pathOf(req: IncomingMessage & { originalUrl?: string }): string {
  // originalUrl: middleware mounted under a path sees req.url rewritten.
  const url = req.originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
