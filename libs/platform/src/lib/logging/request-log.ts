import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Level, LevelWithSilent, Logger } from 'pino';
import { requestIdOf } from '../http/request-id';
import { routeTemplateOf } from '../http/route-template';
import { requestLogFieldsOf } from './request-context';

// One line per answered request: request id, method, route, status, duration,
// and who asked (user id, session id prefix) where a session was checked.
// Never headers, bodies or query strings, so no token, cookie or password can
// reach the log. Written with the app's logger itself: pino-http, with its two
// child loggers per request, cost about a quarter of the CPU of GET /auth/me.
export function requestLogMiddleware(logger: Logger, sampleRate: number) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const started = Date.now();
    // 'close' comes after 'finish', and also when the client went away first.
    res.once('close', () => {
      const path = pathOf(req);
      const status = res.statusCode;
      const level = PROBES.has(path) && status < 400 ? 'debug' : requestLogLevel(status, sampleRate);
      if (level === 'silent' || !logger.isLevelEnabled(level)) return;
      const route = routeTemplateOf(req);
      logger[level](
        {
          reqId: requestIdOf(req),
          method: req.method,
          ...(route !== undefined && { route }),
          path,
          status,
          durationMs: Date.now() - started,
          // The status is what the app had set when the client left, not an answer sent.
          ...(!res.writableFinished && { aborted: true }),
          ...requestLogFieldsOf(req),
        },
        `${req.method} ${path} ${status}`,
      );
    });
    next();
  };
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

function pathOf(req: IncomingMessage & { originalUrl?: string }): string {
  // originalUrl: middleware mounted under a path sees req.url rewritten.
  const url = req.originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
