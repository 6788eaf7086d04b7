import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ErrorBody } from '@session-mesh/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, PlatformErrorCode, RETRY_AFTER_SECONDS } from './app-error';
import { requestIdOf } from '../http/request-id';

const CODE_OF_STATUS: Record<number, PlatformErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'route_not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  502: 'bad_gateway',
  409: 'conflict',
  503: 'service_unavailable',
};

export function toErrorBody(error: unknown): Omit<ErrorBody, 'requestId'> {
  if (error instanceof AppError) {
    return {
      statusCode: error.status,
      code: error.code,
      message: error.message,
      details: error.details,
      ...error.hint,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_OF_STATUS[status] ?? (status < 500 ? 'bad_request' : 'internal_error');
    const message = status === 404 ? 'No route matches this method and path' : error.message;
    return { statusCode: status, code, message };
  }
  return { statusCode: 500, code: 'internal_error', message: 'Internal server error' };
}

// The one place an HTTP error body is made: every service answers in the same
// format, with the request id, and never with a stack trace.
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const requestId = requestIdOf(req.raw);
    const body: ErrorBody = { ...toErrorBody(error), requestId };

    if (body.statusCode >= 500 && !isKnownOutage(error)) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      const path = req.url.split('?', 1)[0];
      this.logger.error(`${req.method} ${path} -> ${body.statusCode} ${body.code} [${requestId}] ${detail}`);
    }
    if (reply.sent || reply.raw.headersSent) return;
    const retryAfter = error instanceof AppError ? error.retryAfterSeconds : undefined;
    if (retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
    else if (body.statusCode === 503) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    void reply.status(body.statusCode).send(body);
  }
}

// A 503 AppError names a dependency that is down: its OutageLog reports the
// outage in two lines, so the requests it refuses are not logged one by one.
export function isKnownOutage(error: unknown): boolean {
  return error instanceof AppError && error.status === 503;
}
